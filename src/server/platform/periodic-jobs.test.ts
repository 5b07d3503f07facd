import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../tests/support/test-app.ts'
import { PeriodicJobs } from './periodic-jobs.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const silent = { info: () => {}, warn: () => {}, error: () => {} }

describe('periodic jobs', () => {
  it('never runs one job twice at the same moment, and runs it again once the first run ended', async () => {
    const jobs = new PeriodicJobs(ctx.db, silent)
    let running = 0
    let mostAtOnce = 0
    let runs = 0
    jobs.add({
      name: 'test.slow',
      everyMs: 60_000,
      run: async (_now, db) => {
        running++
        mostAtOnce = Math.max(mostAtOnce, running)
        // The job works on the connection it was given, which holds its lock.
        await sql`select pg_sleep(0.05)`.execute(db)
        running--
        return ++runs
      },
    })
    await Promise.all([jobs.runOnce('test.slow'), jobs.runOnce('test.slow'), jobs.runOnce('test.slow')])
    expect(mostAtOnce).toBe(1)
    expect(runs).toBeGreaterThanOrEqual(1)
    const before = runs
    await jobs.runOnce('test.slow')
    expect(runs).toBe(before + 1)
  })

  it('gives its lock back when a run fails, and passes the date it is run at', async () => {
    const jobs = new PeriodicJobs(ctx.db, silent)
    const seen: Date[] = []
    let fail = true
    jobs.add({
      name: 'test.failing',
      everyMs: 60_000,
      run: async (now) => {
        seen.push(now)
        if (fail) throw new Error('boom')
        return 1
      },
    })
    await expect(jobs.runOnce('test.failing')).rejects.toThrow('boom')
    fail = false
    const at = new Date('2027-01-04T08:00:00Z')
    expect(await jobs.runOnce('test.failing', at)).toBe(1)
    expect(seen.at(-1)).toEqual(at)
    expect(() => jobs.add({ name: 'test.failing', everyMs: 1, run: async () => 0 })).toThrow()
  })

  it('starts and stops its timers cleanly', async () => {
    const jobs = new PeriodicJobs(ctx.db, silent)
    let runs = 0
    jobs.add({ name: 'test.timer', everyMs: 10, run: async () => ++runs })
    jobs.start()
    await expect.poll(() => runs, { timeout: 5_000 }).toBeGreaterThanOrEqual(2)
    await jobs.stop()
    const stoppedAt = runs
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(runs).toBe(stoppedAt)
  })

  it('runs a job once per period across instances: the last success is read from the database by every one', async () => {
    let runs = 0
    const instance = () => {
      const jobs = new PeriodicJobs(ctx.db, silent)
      jobs.add({ name: 'test.shared', everyMs: 3_600_000, run: async () => ++runs })
      return jobs
    }
    const first = instance()
    const second = instance()
    expect(await first.runIfDue('test.shared')).toBe(1)
    // The other instance's timer fires in the same period: nothing to do.
    expect(await second.runIfDue('test.shared')).toBe(0)
    expect(await first.runIfDue('test.shared')).toBe(0)
    expect(runs).toBe(1)
    const [seenByFirst] = await first.lastSuccesses()
    const [seenBySecond] = await second.lastSuccesses()
    expect(seenByFirst?.at).toBeInstanceOf(Date)
    expect(seenBySecond).toEqual(seenByFirst)
    // Once the period is over (here: the last run pushed back two hours), the next timer runs it again.
    await sql`update periodic_job_runs set last_success_at = now() - interval '2 hours' where name = 'test.shared'`.execute(
      ctx.db,
    )
    expect(await second.runIfDue('test.shared')).toBe(2)
    const row = await ctx.db
      .selectFrom('periodic_job_runs')
      .selectAll()
      .where('name', '=', 'test.shared')
      .executeTakeFirstOrThrow()
    expect(row.runs).toBe(2)
  })
})
