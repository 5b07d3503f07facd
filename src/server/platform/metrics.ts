import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { DatabaseHandle, Db } from '../db/database.ts'
import { AppError, notFound } from './errors.ts'

export interface MetricsSources {
  db: Db
  /** Which database, and for PostgreSQL its pool's state; absent: counted as embedded. */
  database?: Pick<DatabaseHandle, 'kind' | 'poolStats'>
  /** Each periodic job with its last success on any instance (read from the database at scrape time). */
  jobs: () => Promise<{ name: string; at: Date | null }[]>
}

const digest = (value: string) => createHash('sha256').update(value).digest()

/** Compares two secrets in a time that does not depend on where they differ (nor on their lengths). */
function sameSecret(given: string, expected: string) {
  return timingSafeEqual(digest(given), digest(expected))
}

/**
 * `GET /metrics` in the Prometheus text format, for a Prometheus server holding `METRICS_TOKEN`.
 * Without a token configured the route does not exist (404). Labels are route patterns
 * (`/api/people/:id`), never the addresses asked: no identifier, no personal data in the output.
 * Every app has its own registry, so several apps in one process (tests) never share counters.
 */
export function registerMetrics(app: FastifyInstance, token: string | undefined, sources: MetricsSources) {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })

  const labelNames = ['method', 'route', 'status_class'] as const
  const requests = new Counter({
    name: 'trame_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status class',
    labelNames,
    registers: [registry],
  })
  const durations = new Histogram({
    name: 'trame_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route pattern and status class',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })
  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      // The pattern the router matched; requests no route matched share one label.
      route: request.routeOptions.url ?? 'unmatched',
      status_class: `${Math.floor(reply.statusCode / 100)}xx`,
    }
    requests.inc(labels)
    durations.observe(labels, reply.elapsedTime / 1000)
  })

  const kind = sources.database?.kind ?? 'pglite'
  new Gauge({
    name: 'trame_database_embedded',
    help: '1 when the database is embedded in the process (PGlite, no pool), 0 for a PostgreSQL server',
    registers: [registry],
    collect() {
      this.set(kind === 'pglite' ? 1 : 0)
    },
  })
  const poolStats = sources.database?.poolStats
  if (poolStats) {
    const pool = new Gauge({
      name: 'trame_database_pool_connections',
      help: 'PostgreSQL pool: connections open (total), unused (idle), and queries waiting for one',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const stats = poolStats()
        pool.set({ state: 'total' }, stats.total)
        pool.set({ state: 'idle' }, stats.idle)
        pool.set({ state: 'waiting' }, stats.waiting)
      },
    })
  }

  // Read from the outbox table at each scrape: every instance reports the same shared queue.
  let outboxRead: Promise<{ queued: number; failed: number; oldest: number | null } | null> | undefined
  const readOutbox = () => {
    outboxRead ??= sql<{ queued: string; failed: string; oldest: string | null }>`
      select count(*) filter (where status in ('pending', 'sending')) as queued,
             count(*) filter (where status = 'failed') as failed,
             extract(epoch from now() - min(created_at) filter (where status in ('pending', 'sending'))) as oldest
      from outbox`
      .execute(sources.db)
      .then(({ rows }) => {
        const row = rows[0]
        return row
          ? {
              queued: Number(row.queued),
              failed: Number(row.failed),
              oldest: row.oldest === null ? null : Number(row.oldest),
            }
          : null
      })
      .catch(() => null) // the database unreachable: /ready says so; the gauges stay empty
      .finally(() => {
        outboxRead = undefined
      })
    return outboxRead
  }
  type OutboxState = NonNullable<Awaited<ReturnType<typeof readOutbox>>>
  const outboxGauge = (name: string, help: string, value: (outbox: OutboxState) => number) => {
    const gauge: Gauge = new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const outbox = await readOutbox()
        gauge.reset()
        if (outbox) gauge.set(value(outbox))
      },
    })
  }
  outboxGauge(
    'trame_outbox_queued_messages',
    'Messages waiting in the outbox (pending or being sent)',
    (outbox) => outbox.queued,
  )
  outboxGauge(
    'trame_outbox_failed_messages',
    'Messages the outbox gave up on after its last attempt',
    (outbox) => outbox.failed,
  )
  outboxGauge(
    'trame_outbox_oldest_queued_age_seconds',
    'Age of the oldest message waiting in the outbox (0 when none waits)',
    (outbox) => outbox.oldest ?? 0,
  )

  const jobs = new Gauge({
    name: 'trame_periodic_job_last_success_timestamp_seconds',
    help: 'When each periodic job last ran to the end on any instance (Unix time; absent: never)',
    labelNames: ['job'] as const,
    registers: [registry],
    async collect() {
      jobs.reset()
      const lastSuccesses = await sources.jobs().catch(() => [])
      for (const job of lastSuccesses) if (job.at) jobs.set({ job: job.name }, job.at.getTime() / 1000)
    },
  })

  app.addHook('onClose', async () => registry.clear())

  // Without a token there are no metrics: an explicit 404, never the web app's page for unknown paths.
  if (!token) {
    app.get('/metrics', { schema: { hide: true } }, async () => {
      throw notFound()
    })
    return
  }
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const header = request.headers.authorization ?? ''
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : ''
    if (!sameSecret(given, token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"')
      throw new AppError('UNAUTHENTICATED', 401)
    }
    return reply.type(registry.contentType).send(await registry.metrics())
  })
}
