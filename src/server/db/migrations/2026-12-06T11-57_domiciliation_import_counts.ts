import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
// What a DomiFa import's preview tells before anything is written: how many errors in all (only the
// first ones are kept), how many rows were imported before (skipped), how many people will be created.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table domiciliation_imports
    add column error_count integer not null default 0,
    add column already_imported integer not null default 0,
    add column new_people integer not null default 0`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The domiciliation import counts migration cannot be reverted.')
}
