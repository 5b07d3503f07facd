import { type Kysely, sql } from 'kysely'
import type { Logger } from 'pino'
import type { Database } from '../db/schema.ts'
import { logBackgroundFailure } from './errors.ts'

/**
 * Work a module does on its own, at a fixed rhythm: escalating needs nobody accepted, reminding the
 * register team of its yearly reviews. A job receives "now" so tests can run it at any date.
 * Jobs must be safe to run twice (conditional updates, unique markers): the advisory lock keeps two
 * instances from running the same job at the same moment, and the last success kept in the database
 * (`periodic_job_runs`) keeps every instance's timer from running it again before its period is over.
 */
export interface PeriodicJob {
  name: string
  everyMs: number
  /**
   * Returns how many things it did, for the log line. `db` is the connection holding the job's lock:
   * the job does its work on it (PGlite has a single connection, which the lock already holds).
   */
  run: (now: Date, db: Kysely<Database>) => Promise<number>
}

// Each job locks on its own key: a slow reminder never holds an escalation back.
const LOCK_NAMESPACE = 721_490_032 // two-key advisory locks take int4 keys

export class PeriodicJobs {
  readonly #jobs = new Map<string, PeriodicJob>()
  readonly #timers = new Map<string, NodeJS.Timeout>()
  readonly #running = new Set<Promise<unknown>>()
  #stopped = true

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>,
  ) {}

  add(job: PeriodicJob): void {
    if (this.#jobs.has(job.name)) throw new Error(`periodic job ${job.name} added twice`)
    this.#jobs.set(job.name, job)
  }

  /** Runs one job now, under its lock; returns 0 when another instance holds it. */
  runOnce(name: string, now = new Date()): Promise<number> {
    return this.#run(name, now, false)
  }

  /**
   * Runs one job if no instance ran it to the end within its period (read from the database, under the
   * job's lock): what the timers call, so a job runs once per period however many instances run.
   */
  runIfDue(name: string, now = new Date()): Promise<number> {
    return this.#run(name, now, true)
  }

  async #run(name: string, now: Date, onlyIfDue: boolean): Promise<number> {
    const job = this.#jobs.get(name)
    if (!job) throw new Error(`no periodic job ${name}`)
    const key = [...name].reduce((hash, c) => (hash * 31 + c.charCodeAt(0)) | 0, 0)
    return this.db.connection().execute(async (connection) => {
      const { rows } = await sql<{ locked: boolean }>`
        select pg_try_advisory_lock(${LOCK_NAMESPACE}::int, ${key}::int) as locked`.execute(connection)
      if (!rows[0]?.locked) return 0
      try {
        if (onlyIfDue) {
          const last = await sql<{ elapsed_ms: number }>`
            select (extract(epoch from now() - last_success_at) * 1000)::float8 as elapsed_ms
            from periodic_job_runs where name = ${name}`.execute(connection)
          // A timer fires a few milliseconds early or late: a run within the last 95 % of a period counts.
          const elapsed = last.rows[0]?.elapsed_ms
          if (elapsed !== undefined && elapsed < job.everyMs * 0.95) return 0
        }
        const count = await job.run(now, connection)
        await sql`
          insert into periodic_job_runs (name, last_success_at, runs) values (${name}, now(), 1)
          on conflict (name) do update set last_success_at = now(), runs = periodic_job_runs.runs + 1
        `.execute(connection)
        return count
      } finally {
        await sql`select pg_advisory_unlock(${LOCK_NAMESPACE}::int, ${key}::int)`.execute(connection)
      }
    })
  }

  /** Each job's name, with when it last ran to the end on any instance (null: never). */
  async lastSuccesses(): Promise<{ name: string; at: Date | null }[]> {
    const rows = await this.db.selectFrom('periodic_job_runs').select(['name', 'last_success_at']).execute()
    const byName = new Map(rows.map((row) => [row.name, new Date(row.last_success_at)]))
    return [...this.#jobs.keys()].map((name) => ({ name, at: byName.get(name) ?? null }))
  }

  start(): void {
    this.#stopped = false
    for (const job of this.#jobs.values()) {
      const tick = async () => {
        const run = this.runIfDue(job.name)
          .then((count) => {
            if (count > 0) this.logger.info({ job: job.name, count }, 'periodic job done')
          })
          .catch((error: unknown) =>
            logBackgroundFailure(this.logger, error, 'periodic job', { job: job.name }),
          )
        this.#running.add(run)
        await run
        this.#running.delete(run)
        if (!this.#stopped) this.#timers.set(job.name, setTimeout(tick, job.everyMs))
      }
      // Spread the first runs so a restart does not start every job at once.
      this.#timers.set(job.name, setTimeout(tick, 1_000 + this.#timers.size * 2_000))
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true
    for (const timer of this.#timers.values()) clearTimeout(timer)
    await Promise.allSettled([...this.#running])
  }
}
