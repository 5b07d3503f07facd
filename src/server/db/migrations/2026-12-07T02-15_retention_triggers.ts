import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
// Retention of the register's call logs and of the network's volunteers, run by the nightly sweeper:
// a closed plan keeps its call counts once its calls are deleted; a volunteer gone for the period
// keeps a nameless row (the needs they met still count) marked erased.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `alter table alert_plans add column calls_purged_at timestamptz`,
    `alter table alert_plans add column purged_counts jsonb`,
    `alter table volunteers add column erased_at timestamptz`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The retention triggers cannot be reverted.')
}
