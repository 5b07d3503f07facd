import { type Kysely, sql } from 'kysely'
import type { Database } from '../db/schema.ts'

/**
 * The embedded database (PGlite) runs as a standalone backend: no autovacuum ever wakes up there, so
 * nothing would analyse the tables Trame writes (the planner then guesses from stale statistics) nor
 * clean their dead rows. This job does what autovacuum would, with its default thresholds, and only
 * where no autovacuum runs; on a PostgreSQL server it does nothing.
 */
export async function maintainWithoutAutovacuum(db: Kysely<Database>): Promise<number> {
  const { rows: backend } = await sql<{ standalone: boolean }>`
    select backend_type = 'standalone backend' as standalone
      from pg_stat_activity where pid = pg_backend_pid()`.execute(db)
  if (!backend[0]?.standalone) return 0
  // Table counters reach the statistics views only once flushed, at the end of a later statement.
  await sql`select pg_stat_force_next_flush()`.execute(db)
  await sql`select 1`.execute(db)
  const { rows } = await sql<{ table_name: string; vacuum: boolean }>`
    select relname as table_name,
      (n_dead_tup > 50 + 0.2 * n_live_tup or n_ins_since_vacuum > 1000 + 0.2 * n_live_tup) as vacuum
    from pg_stat_user_tables
    where schemaname = 'public'
      and (n_dead_tup > 50 + 0.2 * n_live_tup
        or n_ins_since_vacuum > 1000 + 0.2 * n_live_tup
        or n_mod_since_analyze > 50 + 0.1 * n_live_tup)
    order by relname`.execute(db)
  for (const { table_name, vacuum } of rows) {
    await (vacuum ? sql`vacuum (analyze) ${sql.id(table_name)}` : sql`analyze ${sql.id(table_name)}`).execute(
      db,
    )
  }
  return rows.length
}
