import type { FieldValues, Path, UseFormSetError } from 'react-hook-form'
import { ApiError } from './api-client.ts'

/** Puts the server's per-field messages next to the fields; returns the message for the page alert. */
export function applyApiError<T extends FieldValues>(error: unknown, setError?: UseFormSetError<T>): string {
  if (!(error instanceof ApiError)) return 'Une erreur inattendue est survenue. Réessayez.'
  for (const fieldError of error.problem.errors ?? []) {
    setError?.(fieldError.path as Path<T>, { type: 'server', message: fieldError.message })
  }
  return error.problem.detail
}
