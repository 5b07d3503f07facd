/**
 * Timestamps leave the API as ISO 8601 strings. PostgreSQL hands back a Date, PGlite sometimes a
 * string: both are read the same way here, so a module never formats one itself.
 */
export function isoTimestamp(value: Date | string): string
export function isoTimestamp(value: Date | string | null): string | null
export function isoTimestamp(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString()
}
