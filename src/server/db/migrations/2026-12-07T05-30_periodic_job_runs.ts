import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  // Each periodic job's last complete run, shared by every Trame instance on this database: a job runs
  // once per period across instances, and /metrics says the same date on each of them.
  await sql`create table periodic_job_runs (
      name text primary key,
      last_success_at timestamptz not null,
      runs integer not null default 0
    )`.execute(db)
}
