import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'

/**
 * A person whose file a confidential team holds may be on the register. Register members outside that
 * team see neither their name nor how to reach them: address, phone, times to call and emergency
 * contacts are masked like the name, in the list, one entry, and a campaign's calls.
 */
let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let director: ApiClient
let caller: ApiClient
let entryId: string

const details = {
  address: '12 impasse des Glycines',
  phone: '04 77 00 11 22',
  bestCallTimes: 'le matin',
  emergencyContacts: [{ name: 'Odile Fargeot', phone: '06 55 44 33 22', relationship: 'fille' }],
}

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  director = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['director'], totp: true }))
  caller = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  const admin = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['administrator'], totp: true }))
  const saved = await admin.put('/api/register/settings', {
    teamId: org.teamId,
    retryDelayMinutes: 30,
    maxAttempts: 2,
  })
  expect(saved.statusCode, saved.body).toBe(200)
  const person = await director.post('/api/people', {
    lastName: 'Fargeot',
    firstNames: 'Marcelle',
    birthDate: '1938-05-04',
    teamId: org.confidentialTeamId,
  })
  expect(person.statusCode, person.body).toBe(201)
  const entry = await director.post('/api/register/entries', {
    personId: person.json().id,
    ground: 'age_65',
    livesAtHome: true,
    requestedBy: 'self',
    ...details,
  })
  expect(entry.statusCode, entry.body).toBe(201)
  entryId = entry.json().id
})
afterAll(() => ctx.close())

const secrets = ['Fargeot', 'Glycines', '04 77 00 11 22', 'Odile', '06 55 44 33 22', 'le matin']

describe('register entries of a confidential team', () => {
  it('masks the address, phone and emergency contacts of the entry like the name, for register members outside the team', async () => {
    const list = await caller.get('/api/register/entries')
    expect(list.statusCode).toBe(200)
    for (const secret of secrets) expect(list.body).not.toContain(secret)
    expect(list.json().items[0]).toMatchObject({
      personName: 'Dossier restreint',
      restricted: true,
      address: null,
      phone: null,
      bestCallTimes: null,
      emergencyContacts: [],
    })
    const one = await caller.get(`/api/register/entries/${entryId}`)
    for (const secret of secrets) expect(one.body).not.toContain(secret)

    // The director, who sees the file, reads everything.
    expect((await director.get(`/api/register/entries/${entryId}`)).json()).toMatchObject({
      personName: 'FARGEOT Marcelle',
      restricted: false,
      ...details,
    })
  })

  it('masks them in the calls of an alert campaign too', async () => {
    const plan = await director.post('/api/register/plans', { kind: 'heatwave', startsOn: '2026-07-01' })
    expect(plan.statusCode, plan.body).toBe(201)
    const calls = await caller.get(`/api/register/plans/${plan.json().id}/calls`)
    expect(calls.statusCode).toBe(200)
    for (const secret of secrets) expect(calls.body).not.toContain(secret)
    expect(calls.json().items[0]).toMatchObject({ restricted: true, phone: null, address: null })
    const directorCalls = await director.get(`/api/register/plans/${plan.json().id}/calls`)
    expect(directorCalls.json().items[0]).toMatchObject({ restricted: false, phone: details.phone })
    // The prefect's list (the director's) holds the person with how to reach them.
    const csv = await director.get('/api/register/export.csv')
    expect(csv.body).toContain('Glycines')
  })

  it('refuses to overwrite the masked details blindly, and keeps them', async () => {
    const blind = await caller.patch(`/api/register/entries/${entryId}`, { phone: '01 00 00 00 00' })
    expect(blind.statusCode).toBe(400)
    expect(blind.json().errors[0].path).toBe('phone')
    expect((await director.get(`/api/register/entries/${entryId}`)).json().phone).toBe(details.phone)
  })
})
