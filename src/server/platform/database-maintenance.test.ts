import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../tests/support/test-app.ts'
import { maintainWithoutAutovacuum } from './database-maintenance.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const lastAnalyze = async (table: string) => {
  const { rows } = await sql<{ last_analyze: Date | null; n_dead_tup: number }>`
    select last_analyze, n_dead_tup::int from pg_stat_user_tables where relname = ${table}`.execute(ctx.db)
  return rows[0]
}

describe('database maintenance where no autovacuum runs', () => {
  it('analyses and vacuums the tables written since, on the embedded database only', async () => {
    await sql`create table maintenance_probe (id int primary key, label text)`.execute(ctx.db)
    await sql`insert into maintenance_probe select g, 'ligne ' || g from generate_series(1, 3000) g`.execute(
      ctx.db,
    )
    await sql`delete from maintenance_probe where id <= 1500`.execute(ctx.db)

    const maintained = await maintainWithoutAutovacuum(ctx.db)
    if (inject('databaseKind') === 'pglite') {
      expect(maintained).toBeGreaterThanOrEqual(1)
      const probe = await lastAnalyze('maintenance_probe')
      expect(probe?.last_analyze).not.toBeNull()
      expect(probe?.n_dead_tup).toBe(0)
      // Nothing written since: nothing to do on the next run for this table.
      await maintainWithoutAutovacuum(ctx.db)
      expect((await lastAnalyze('maintenance_probe'))?.last_analyze).toEqual(probe?.last_analyze)
    } else {
      // A PostgreSQL server has its own autovacuum: the job leaves the work to it.
      expect(maintained).toBe(0)
    }
  })
})
