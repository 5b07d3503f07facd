import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { todayInFrance } from '../../../shared/dates.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let registerTeamId: string
let director: ApiClient
let caller: ApiClient
let callerId: string
let outsider: ApiClient
let administrator: ApiClient

const yearsAgo = (years: number) => `${Number(todayInFrance().slice(0, 4)) - years}-01-15`

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  registerTeamId = (
    await ctx.db
      .insertInto('teams')
      .values({ organisation_id: org.id, site_id: org.siteId, name: 'Registre canicule' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  director = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['director'], totp: true }))
  const callerUser = await createUser(ctx, org.id, {
    roles: ['social_worker'],
    teamIds: [registerTeamId],
    name: 'Appelante Registre',
  })
  callerId = callerUser.id
  caller = await signedIn(ctx, callerUser)
  // A social worker of another team: same role, not designated.
  outsider = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  administrator = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['administrator'], totp: true }))
  const saved = await administrator.put('/api/register/settings', {
    teamId: registerTeamId,
    retryDelayMinutes: 30,
    maxAttempts: 2,
  })
  expect(saved.statusCode, saved.body).toBe(200)
})
afterAll(() => ctx.close())

const person = async (lastName: string, birthDate: string | null = yearsAgo(80)) => {
  const response = await caller.post('/api/people', { lastName, firstNames: 'Jeanne', birthDate })
  expect(response.statusCode, response.body).toBe(201)
  return response.json().id as string
}

const entry = (personId: string, extra: object = {}) => ({
  personId,
  ground: 'age_65',
  livesAtHome: true,
  requestedBy: 'self',
  phone: '01 23 45 67 89',
  address: '3 rue des Tilleuls',
  ...extra,
})

describe('register entries', () => {
  it('registers an eligible person at their request, and checks the ground', async () => {
    const id = await person('Martin')
    const created = await caller.post(
      '/api/register/entries',
      entry(id, { livesAlone: true, powerMedicalDevices: true }),
    )
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({
      status: 'registered',
      personName: 'MARTIN Jeanne',
      reviewDue: `${Number(todayInFrance().slice(0, 4)) + 1}${todayInFrance().slice(4)}`,
      risk: 7,
    })

    const twice = await caller.post('/api/register/entries', entry(id))
    expect(twice.statusCode).toBe(400)
    expect(twice.json().errors[0].path).toBe('personId')

    const young = await caller.post('/api/register/entries', entry(await person('Jeune', yearsAgo(40))))
    expect(young.statusCode).toBe(400)
    expect(young.json().errors[0]).toMatchObject({ path: 'ground' })
    const unknownAge = await caller.post('/api/register/entries', entry(await person('Sansdate', null)))
    expect(unknownAge.json().errors[0]).toMatchObject({ path: 'ground' })
    const disabled = await caller.post(
      '/api/register/entries',
      entry(await person('Handi', yearsAgo(45)), { ground: 'disabled_adult' }),
    )
    expect(disabled.json().errors[0]).toMatchObject({ path: 'disabilityProof' })
    const atHome = await caller.post(
      '/api/register/entries',
      entry(await person('Ehpad'), { livesAtHome: false }),
    )
    expect(atHome.statusCode).toBe(400)
    expect(atHome.json().errors[0].path).toBe('livesAtHome')
  })

  it('waits for the person when a third party asks, with an acknowledgement letter; an objection deletes it', async () => {
    const missing = await caller.post(
      '/api/register/entries',
      entry(await person('Sanstiers'), { requestedBy: 'third_party' }),
    )
    expect(missing.json().errors[0].path).toBe('requesterName')

    const id = await person('Dupont')
    const created = await caller.post(
      '/api/register/entries',
      entry(id, {
        requestedBy: 'third_party',
        requesterName: 'Dr Lefèvre',
        requesterRelationship: 'médecin traitant',
        requestedOn: '2026-06-01',
      }),
    )
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({
      status: 'awaiting_confirmation',
      acknowledgementDue: '2026-06-09',
      registeredAt: null,
    })
    const entryId = created.json().id

    const letter = await caller.get(`/api/register/entries/${entryId}/acknowledgement.pdf`)
    expect(letter.statusCode).toBe(200)
    expect(letter.headers['content-type']).toBe('application/pdf')
    expect(letter.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')

    const objection = await caller.post(`/api/register/entries/${entryId}/objection`)
    expect(objection.statusCode, objection.body).toBe(200)
    expect((await caller.get(`/api/register/entries/${entryId}`)).statusCode).toBe(404)

    // Another request, confirmed this time: an objection no longer applies, only a deregistration.
    const again = await caller.post(
      '/api/register/entries',
      entry(id, { requestedBy: 'third_party', requesterName: 'Sa fille' }),
    )
    const againId = again.json().id
    const confirmed = await caller.post(`/api/register/entries/${againId}/confirm`)
    expect(confirmed.json()).toMatchObject({ status: 'registered' })
    expect((await caller.post(`/api/register/entries/${againId}/objection`)).statusCode).toBe(400)
    expect((await caller.post(`/api/register/entries/${againId}/confirm`)).statusCode).toBe(400)
    expect((await caller.delete(`/api/register/entries/${againId}`)).statusCode).toBe(200)
    expect((await caller.get(`/api/register/entries/${againId}`)).statusCode).toBe(404)
  })

  it('lets the person correct their entry, and lists the yearly reviews due', async () => {
    const id = await person('Correcte')
    const created = (await caller.post('/api/register/entries', entry(id))).json()
    const corrected = await caller.patch(`/api/register/entries/${created.id}`, {
      phone: '06 00 00 00 00',
      emergencyContacts: [{ name: 'Paul Correcte', phone: '06 11 11 11 11', relationship: 'fils' }],
      autonomy: ['moving', 'moving', 'eating'],
    })
    expect(corrected.statusCode, corrected.body).toBe(200)
    expect(corrected.json()).toMatchObject({ phone: '06 00 00 00 00', autonomy: ['moving', 'eating'] })
    const bad = await caller.patch(`/api/register/entries/${created.id}`, {
      emergencyContacts: [{ name: '' }],
    })
    expect(bad.statusCode).toBe(400)

    await ctx.db
      .updateTable('register_entries')
      .set({ review_due: '2020-01-01' })
      .where('id', '=', created.id)
      .execute()
    const due = (await caller.get('/api/register/entries?reviewDue=true')).json().items
    expect(due.map((e: { id: string }) => e.id)).toEqual([created.id])
    const reviewed = await caller.post(`/api/register/entries/${created.id}/review`)
    expect(reviewed.json().reviewDue > todayInFrance()).toBe(true)
    expect((await caller.get('/api/register/entries?reviewDue=true')).json().items).toEqual([])

    // The person's access export carries the entry; the timeline shows it to the register's readers only.
    const exported = (await caller.get(`/api/people/${id}/export.json`)).json()
    expect(JSON.stringify(exported)).toContain('06 11 11 11 11')
    const timeline = await outsider.get(`/api/people/${id}/timeline`)
    expect(timeline.body).not.toContain('Registre')
  })

  it('is invisible to other teams and roles, and every access is audited', async () => {
    expect((await outsider.get('/api/register/entries')).statusCode).toBe(403)
    const [one] = (await caller.get('/api/register/entries')).json().items
    expect((await outsider.get(`/api/register/entries/${one.id}`)).statusCode).toBe(404)
    expect((await outsider.patch(`/api/register/entries/${one.id}`, { phone: 'x' })).statusCode).toBe(404)
    expect((await administrator.get('/api/register/entries')).statusCode).toBe(403)
    // The director reaches it without belonging to the team.
    expect((await director.get(`/api/register/entries/${one.id}`)).statusCode).toBe(200)
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'person_id'])
      .where('entity_type', '=', 'register_entry')
      .execute()
    expect(audit).toContainEqual({ action: 'register.read', person_id: one.personId })
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['register.create', 'register.list']))
  })

  it('counts the registered over time, and exports the list for the prefect on demand', async () => {
    const counts = await director.get('/api/register/counts')
    expect(counts.statusCode).toBe(200)
    const current = (await caller.get('/api/register/entries'))
      .json()
      .items.filter((e: { status: string }) => e.status === 'registered').length
    expect(counts.json().current).toBe(current)
    expect(counts.json().months.at(-1)).toEqual({ month: todayInFrance().slice(0, 7), registered: current })

    expect((await caller.get('/api/register/export.csv')).statusCode).toBe(403)
    const csv = await director.get('/api/register/export.csv')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body).toContain('MARTIN Jeanne')
    const exports = await ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'register.prefect_export')
      .execute()
    expect(exports).toHaveLength(1)
  })
})

describe('alert plans and call campaigns', () => {
  let planId: string

  it('generates a campaign for 300 registered people, ordered by risk, and tracks it', async () => {
    // 300 people registered directly (the API path is tested above).
    const people = await ctx.db
      .insertInto('people')
      .values(
        Array.from({ length: 300 }, (_, i) => ({
          organisation_id: org.id,
          last_name: `Inscrit${i}`,
          file_number: `R${String(i).padStart(5, '0')}`,
          birth_date: yearsAgo(70 + (i % 25)),
        })),
      )
      .returning('id')
      .execute()
    await ctx.db
      .insertInto('register_entries')
      .values(
        people.map((p, i) => ({
          organisation_id: org.id,
          person_id: p.id,
          status: 'registered' as const,
          ground: 'age_65' as const,
          requested_by: 'self' as const,
          requested_on: '2026-01-01',
          registered_at: new Date(),
          lives_alone: i % 3 === 0,
          power_medical_devices: i % 50 === 0,
          phone: `01000${String(i).padStart(5, '0')}`,
        })),
      )
      .execute()
    const registered = (await caller.get('/api/register/entries'))
      .json()
      .items.filter((e: { status: string }) => e.status === 'registered').length

    expect(
      (await caller.post('/api/register/plans', { kind: 'heatwave', startsOn: '2026-07-01' })).statusCode,
    ).toBe(403)
    const activated = await director.post('/api/register/plans', {
      kind: 'heatwave',
      label: 'Canicule juillet',
      startsOn: '2026-07-01',
    })
    expect(activated.statusCode, activated.body).toBe(201)
    planId = activated.json().id
    expect(activated.json().board).toEqual({
      total: registered,
      toCall: registered,
      retry: 0,
      homeVisit: 0,
      reached: 0,
      escalated: 0,
      called: 0,
    })

    const calls = (await caller.get(`/api/register/plans/${planId}/calls?mine=true`)).json().items
    // The only caller of the register team gets every call, the riskiest first.
    expect(calls).toHaveLength(registered)
    expect(calls.every((c: { callerId: string }) => c.callerId === callerId)).toBe(true)
    const risks = calls.map((c: { risk: number }) => c.risk)
    expect(risks).toEqual([...risks].sort((a, b) => b - a))
    expect(calls[0].powerMedicalDevices).toBe(true)
    expect((await outsider.get(`/api/register/plans/${planId}/calls`)).statusCode).toBe(404)
  })

  it('records outcomes: retry after a delay, a home visit after the last attempt, escalation, a follow-up contact', async () => {
    const calls = (await caller.get(`/api/register/plans/${planId}/calls`)).json().items
    const [fine, needs, silent, emergency] = calls
    const outcome = (id: string, body: object) => caller.post(`/api/register/calls/${id}/outcome`, body)

    expect((await outcome(fine.id, { outcome: 'all_fine' })).json()).toMatchObject({
      status: 'reached',
      attempts: 1,
    })
    expect((await outcome(fine.id, { outcome: 'all_fine' })).statusCode).toBe(400)

    const needed = await outcome(needs.id, { outcome: 'needs_something', note: 'Courses à faire' })
    expect(needed.statusCode, needed.body).toBe(200)
    expect(needed.json().contactId).toBeTruthy()
    const contact = await caller.get(`/api/contacts/${needed.json().contactId}`)
    expect(contact.json()).toMatchObject({
      teamId: registerTeamId,
      followUpStatus: 'pending',
      personId: needs.personId,
    })

    const first = (await outcome(silent.id, { outcome: 'no_answer' })).json()
    expect(first.status).toBe('retry')
    const delay = new Date(first.nextAttemptAt).getTime() - Date.now()
    expect(delay).toBeGreaterThan(29 * 60_000)
    expect(delay).toBeLessThanOrEqual(30 * 60_000)
    // Not due yet: it leaves the list of calls to make now.
    const due = (await caller.get(`/api/register/plans/${planId}/calls?due=true`)).json().items
    expect(due.map((c: { id: string }) => c.id)).not.toContain(silent.id)
    expect((await outcome(silent.id, { outcome: 'no_answer' })).json().status).toBe('home_visit')
    expect((await outcome(silent.id, { outcome: 'no_answer' })).json().status).toBe('escalated')

    expect((await outcome(emergency.id, { outcome: 'emergency' })).json().status).toBe('escalated')
    expect((await outcome(emergency.id, { outcome: 'bogus' })).statusCode).toBe(400)

    const board = (await director.get(`/api/register/plans/${planId}`)).json().board
    expect(board).toMatchObject({ reached: 2, escalated: 2, called: 4, retry: 0, homeVisit: 0 })
    expect(board.toCall).toBe(board.total - 4)
  })

  it('closes a plan only when nobody is forgotten', async () => {
    const refused = await director.post(`/api/register/plans/${planId}/close`)
    expect(refused.statusCode).toBe(400)
    expect(refused.json().errors[0].message).toMatch(/restent à joindre/)
    await ctx.db
      .updateTable('alert_calls')
      .set({ status: 'reached', attempts: 1 })
      .where('plan_id', '=', planId)
      .where('status', 'in', ['to_call', 'retry', 'home_visit'])
      .execute()
    const closed = await director.post(`/api/register/plans/${planId}/close`)
    expect(closed.statusCode, closed.body).toBe(200)
    expect(closed.json()).toMatchObject({ status: 'closed' })
    const calls = (await caller.get(`/api/register/plans/${planId}/calls`)).json().items
    expect(
      (await caller.post(`/api/register/calls/${calls[0].id}/outcome`, { outcome: 'all_fine' })).statusCode,
    ).toBe(400)
    expect((await director.get('/api/register/plans')).json().items[0]).toMatchObject({
      id: planId,
      status: 'closed',
    })
  })
})
