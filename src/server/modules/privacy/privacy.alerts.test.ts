import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'

/**
 * The unusual-reading alert: the hourly job reads the audit trail and raises an alert for the DPO and
 * the director when a user opened more distinct files in an hour than the organisation's threshold;
 * a normal day raises none. The alert names the reader and the counts, never the persons read.
 */
const JOB = 'privacy.reading-alerts'
let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let dpo: ApiClient
let director: ApiClient
let burst: ApiClient
let normal: ApiClient
let burstUser: Awaited<ReturnType<typeof createUser>>
const files: string[] = []

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  dpo = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['dpo'] }))
  director = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['director'], totp: true }))
  burstUser = await createUser(ctx, org.id, {
    roles: ['social_worker'],
    teamIds: [org.teamId],
    name: 'Agent Curieux',
  })
  burst = await signedIn(ctx, burstUser)
  normal = await signedIn(
    ctx,
    await createUser(ctx, org.id, {
      roles: ['social_worker'],
      teamIds: [org.teamId],
      name: 'Agente Normale',
    }),
  )
  for (let i = 0; i < 8; i++) {
    const created = await normal.post('/api/people', { lastName: `Lu${'abcdefgh'[i]}`, firstNames: 'Zoé' })
    expect(created.statusCode, created.body).toBe(201)
    files.push(created.json().id)
  }
})
afterAll(() => ctx.close())

const nextHour = () => new Date(Date.now() + 3600_000)

describe('the unusual-reading alert', () => {
  it('keeps its threshold within bounds, in French', async () => {
    const tooLow = await dpo.put('/api/privacy/reading-alerts/settings', { filesPerHour: 2 })
    expect(tooLow.statusCode).toBe(400)
    expect(tooLow.json().errors[0].message).toBe('Le seuil doit être d’au moins 5 dossiers par heure.')
    const saved = await dpo.put('/api/privacy/reading-alerts/settings', { filesPerHour: 6 })
    expect(saved.statusCode, saved.body).toBe(200)
  })

  it('raises nothing on a normal day', async () => {
    for (const id of files.slice(0, 3)) {
      expect((await normal.get(`/api/people/${id}`)).statusCode).toBe(200)
      // Reading the same file again is no new file.
      expect((await normal.get(`/api/people/${id}/timeline`)).statusCode).toBe(200)
    }
    await ctx.runJob(JOB, nextHour())
    const alerts = await dpo.get('/api/privacy/reading-alerts')
    expect(alerts.statusCode, alerts.body).toBe(200)
    expect(alerts.json()).toMatchObject({ items: [], total: 0, filesPerHour: 6 })
  })

  it('fires on a scripted burst, once, naming the reader and the counts only', async () => {
    for (const id of files) expect((await burst.get(`/api/people/${id}`)).statusCode).toBe(200)
    await ctx.runJob(JOB, nextHour())
    await ctx.runJob(JOB, nextHour())
    const alerts = await director.get('/api/privacy/reading-alerts')
    expect(alerts.statusCode, alerts.body).toBe(200)
    expect(alerts.json()).toMatchObject({
      total: 1,
      items: [{ userId: burstUser.id, userName: 'Agent Curieux', distinctFiles: 8, threshold: 6 }],
    })
    expect(alerts.body).not.toContain('Lua')
    // Reading the alerts is itself audited.
    const listed = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('organisation_id', '=', org.id)
      .where('action', '=', 'privacy.reading_alerts_list')
      .execute()
    expect(listed.length).toBeGreaterThanOrEqual(2)
  })
})
