/** A refusal or failure of an operations command, with the French sentence the operator reads. */
export class OperationError extends Error {}

/** `pg_dump` and `pg_restore` get the password through their environment, not on their command line. */
export function postgresToolTarget(url: string) {
  const parsed = new URL(url)
  const password = decodeURIComponent(parsed.password)
  parsed.password = ''
  return { url: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } }
}
