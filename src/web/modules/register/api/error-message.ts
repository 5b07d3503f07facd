import { ApiError } from '../../../lib/api-client.ts'
import { applyApiError } from '../../../lib/forms.ts'

/** For an action outside a form (close a plan, record a call): the server's own reasons, when it gives some. */
export function actionError(error: unknown): string {
  const reasons = error instanceof ApiError ? (error.problem.errors ?? []).map((e) => e.message) : []
  return reasons.length > 0 ? reasons.join(' ') : applyApiError(error)
}
