import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ApiClient,
  createBarePerson,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../tests/support/test-app.ts'
import { loadConfig } from '../config.ts'
import { enqueueEmail } from './outbox.ts'

// The people who run Trame point a Prometheus server at /metrics with a token; nobody else reads it,
// and what it shows never names a person nor carries an identifier.

const TOKEN = 'un-jeton-de-metriques-assez-long-0123456789'
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i

let ctx: TestContext
let bare: TestContext
beforeAll(async () => {
  ctx = await createTestContext({ METRICS_TOKEN: TOKEN })
  bare = await createTestContext()
})
afterAll(async () => {
  await ctx?.close()
  await bare?.close()
})

const scrape = (target: TestContext, authorization?: string) =>
  target.app.inject({
    method: 'GET',
    url: '/metrics',
    headers: authorization ? { authorization } : {},
  })

describe('/metrics', () => {
  it('does not exist while no token is configured', async () => {
    expect((await scrape(bare)).statusCode).toBe(404)
    expect((await scrape(bare, `Bearer ${TOKEN}`)).statusCode).toBe(404)
  })

  it('refuses to start with a token shorter than 32 characters', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'trop-court' })).toThrow(
      /METRICS_TOKEN: doit contenir au moins 32 caractères/,
    )
  })

  it('refuses a missing or wrong token with 401', async () => {
    for (const authorization of [undefined, 'Bearer mauvais', `Bearer ${TOKEN}x`, TOKEN, `Basic ${TOKEN}`]) {
      const response = await scrape(ctx, authorization)
      expect(response.statusCode, String(authorization)).toBe(401)
      expect(response.headers['content-type']).toContain('application/problem+json')
      expect(response.body).not.toContain('trame_http_requests_total')
    }
  })

  it('shows requests under their route pattern, the outbox queue and the database, without any identifier or personal data', async () => {
    const org = await createOrganisation(ctx)
    const user = await createUser(ctx, org.id, {
      roles: ['social_worker'],
      email: 'camille.agent@ccas.test',
      name: 'Camille Agent',
    })
    const personId = await createBarePerson(ctx.db, org.id, { lastName: 'Zébulon', firstNames: 'Philomène' })
    const client = await signedIn(ctx, user)
    expect((await client.get(`/api/people/${personId}`)).statusCode).toBe(200)
    expect((await new ApiClient(ctx).get(`/api/people/${personId}`)).statusCode).toBe(401)

    const before = await scrape(ctx, `Bearer ${TOKEN}`)
    expect(before.statusCode).toBe(200)
    expect(before.headers['content-type']).toContain('text/plain')
    const queuedBefore = gauge(before.body, 'trame_outbox_queued_messages')

    await enqueueEmail(
      ctx.db,
      { to: 'philomene.zebulon@exemple.test', subject: 'Rendez-vous de Philomène Zébulon', text: 'Bonjour' },
      org.id,
    )
    const response = await scrape(ctx, `Bearer ${TOKEN}`)
    const body = response.body

    expect(body).toMatch(
      /trame_http_requests_total\{method="GET",route="\/api\/people\/:id",status_class="2xx"\} 1/,
    )
    expect(body).toMatch(
      /trame_http_requests_total\{method="GET",route="\/api\/people\/:id",status_class="4xx"\} 1/,
    )
    expect(body).toMatch(
      /trame_http_request_duration_seconds_count\{method="GET",route="\/api\/people\/:id",status_class="2xx"\} 1/,
    )
    expect(gauge(body, 'trame_outbox_queued_messages')).toBe(queuedBefore + 1)
    expect(gauge(body, 'trame_outbox_oldest_queued_age_seconds')).toBeGreaterThanOrEqual(0)
    expect(body).toContain('process_cpu_user_seconds_total')
    if (ctx.database.kind === 'postgres') {
      expect(gauge(body, 'trame_database_embedded')).toBe(0)
      expect(gauge(body, 'trame_database_pool_connections{state="total"}')).toBeGreaterThan(0)
      expect(body).toContain('trame_database_pool_connections{state="waiting"}')
    } else {
      expect(gauge(body, 'trame_database_embedded')).toBe(1)
      expect(body).not.toContain('trame_database_pool_connections{')
    }

    expect(body).not.toMatch(UUID)
    for (const personal of ['Zébulon', 'Zebulon', 'Philomène', 'philomene', 'camille', 'Camille', '@']) {
      expect(body).not.toContain(personal)
    }
  })

  it("reports each periodic job's last success once it has run", async () => {
    const before = (await scrape(ctx, `Bearer ${TOKEN}`)).body
    expect(before).not.toContain(
      'trame_periodic_job_last_success_timestamp_seconds{job="database.maintenance"}',
    )
    await ctx.runJob('database.maintenance')
    const after = (await scrape(ctx, `Bearer ${TOKEN}`)).body
    const at = gauge(after, 'trame_periodic_job_last_success_timestamp_seconds{job="database.maintenance"}')
    expect(Math.abs(at - Date.now() / 1000)).toBeLessThan(60)
  })
})

/** The value of one sample line (`name` with its labels, as printed). */
function gauge(body: string, name: string) {
  const line = body.split('\n').find((l) => l.startsWith(`${name} `))
  if (!line) throw new Error(`no ${name} in the metrics`)
  return Number(line.slice(name.length + 1))
}
