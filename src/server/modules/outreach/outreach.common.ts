import type { Kysely } from 'kysely'
import { type Action, roleAllows } from '../../../shared/permissions.ts'
import type { Database } from '../../db/schema.ts'
import { validationError } from '../../platform/errors.ts'
import { type Actor, canSeeConfidentialTeam } from '../../platform/permissions.ts'
import type { PeopleService } from '../people/people.service.ts'

export const hhmm = (time: string | null) => (time === null ? null : time.slice(0, 5))
export const DAY_MS = 86_400_000

export const anyOf = (actor: Actor, actions: Action[]) => actions.some((a) => roleAllows(actor.roles, a))

/** Without a team, a team the actor may file under (a confidential one only for its members). */
export function checkTeam(
  actor: Actor,
  teamId: string | null | undefined,
  confidential: boolean | null,
  field: string,
) {
  if (!teamId) return
  if (confidential === null || (confidential && !canSeeConfidentialTeam(actor, teamId))) {
    throw validationError(field, 'Équipe inconnue.')
  }
}

/**
 * The file a record goes on: the person's, or the one theirs was merged into (an encounter with a
 * merged file goes to the kept one, where everyone looks for it).
 */
export async function recordFile(
  people: PeopleService,
  actor: Actor,
  personId: string,
  db: Kysely<Database>,
) {
  return (await people.recordFileOrFail(actor, personId, db)).id
}
