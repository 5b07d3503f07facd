import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'

let ctx: TestContext
let director: ApiClient
let analyst: ApiClient
const year2016 = 'from=2016-01-01&to=2016-12-31'

beforeAll(async () => {
  ctx = await createTestContext()
  const org = await createOrganisation(ctx)
  const admin = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['administrator'], totp: true }))
  director = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['director'], totp: true }))
  analyst = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['analyst'] }))
  const kind = (await admin.post('/api/activity-kinds', { label: 'Action intergénérationnelle' })).json().id
  const activity = await director.post('/api/activities', {
    kindId: kind,
    title: 'Goûters partagés',
    audience: 'seniors',
    placeKind: 'care_home',
  })
  // Recorded today, held in 2016: it counts in 2016.
  const session = (
    await director.post(`/api/activities/${activity.json().id}/sessions`, { heldOn: '2016-05-12' })
  ).json().id
  for (const lastName of ['Aubry', 'Carré']) {
    const personId = (await director.post('/api/people', { lastName })).json().id
    await director.post(`/api/activity-sessions/${session}/participants`, { personId, status: 'present' })
  }
  await director.put(`/api/activity-sessions/${session}/counts`, {
    counts: [
      { category: 'seniors_care_home', count: 30 },
      { category: 'youths', count: 8 },
    ],
  })
})
afterAll(() => ctx.close())

const table = async (client: ApiClient, id: string, query = year2016) => {
  const response = await client.get(`/api/indicators/${id}?${query}`)
  expect(response.statusCode, response.body).toBe(200)
  return response.json()
}

describe('activities in the catalogue of indicators', () => {
  it('lists the activities’ figures', async () => {
    const catalogue = await analyst.get('/api/indicators')
    expect(catalogue.json().indicators.map((i: { id: string }) => i.id)).toEqual(
      expect.arrayContaining([
        'activities.participants-by-audience',
        'activities.participants-by-kind',
        'activities.sessions-held',
        'activities.attendance',
      ]),
    )
  })

  it('counts distinct participants by audience and kind by the day the session was held', async () => {
    const byAudience = await table(analyst, 'activities.participants-by-audience')
    expect(byAudience.total.count).toBe(40)
    expect(byAudience.rows.map((r: { labels: string[]; count: number }) => [r.labels[0], r.count])).toEqual([
      ['Seniors', 32],
      ['Jeunes', 0],
      ['Familles', 0],
    ])
    const byKind = await table(analyst, 'activities.participants-by-kind', `${year2016}&kind=seniors`)
    expect(byKind.rows).toMatchObject([{ labels: ['Action intergénérationnelle'], count: 32 }])
    expect(
      (await table(analyst, 'activities.sessions-held', 'from=2026-01-01&to=2026-12-31')).total.count,
    ).toBe(0)
  })

  it('shows attendance, small cells « < 5 » to the analyst and the figure to the director', async () => {
    const forAnalyst = await table(analyst, 'activities.attendance')
    const present = forAnalyst.rows.find((r: { keys: string[] }) => r.keys[0] === 'present')
    expect(present).toMatchObject({ count: null, below: 5 })
    const forDirector = await table(director, 'activities.attendance')
    expect(forDirector.rows.find((r: { keys: string[] }) => r.keys[0] === 'present').count).toBe(2)
    expect(forDirector.total.count).toBe(40)
  })
})
