import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // A disabled partner contact is anonymised after the organisation's period: the row stays (the
    // trail and the answers name it), nameless.
    `alter table partner_contacts add column erased_at timestamptz`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The partner contact retention migration cannot be reverted.')
}
