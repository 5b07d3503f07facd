import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
// Whether the worker checked that the applicant lives in the commune (or is domiciled there): aids
// reserved to residents warn when it is not stated. Null means "not checked yet".
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table aid_requests add column resident boolean`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The aid request residence migration cannot be reverted.')
}
