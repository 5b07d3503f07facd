import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // A list, a search, a duplicate check or a household read shows several people at once: one audit
    // row per request holds all their ids, so "who saw my file?" also finds those who saw it in a list.
    `alter table audit_log add column person_ids uuid[]`,
    // "Who saw this file" looks rows up by one id among many. Built without a pending list: PGlite has
    // no autovacuum to flush one, and the trail is written at every list.
    `create index audit_log_person_ids on audit_log using gin (person_ids) with (fastupdate = off)
       where person_ids is not null`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The audit person lists migration cannot be reverted.')
}
