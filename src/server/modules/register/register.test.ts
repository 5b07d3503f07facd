import { sql } from 'kysely'
import { PDFParse } from 'pdf-parse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { REFERRAL_TEXT } from '../../../shared/register.ts'
import type { Role } from '../../../shared/roles.ts'
import { up as repairEmergencyContacts } from '../../db/migrations/2026-12-06T06-12_emergency_contact_relationship.ts'
import { createVolunteer, signedInVolunteer } from '../network/network.test-factories.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let registerTeamId: string
let director: ApiClient
let caller: ApiClient
let callerId: string
let outsider: ApiClient
let administrator: ApiClient

const pdfText = async (response: { rawPayload: Buffer }) =>
  (await new PDFParse({ data: new Uint8Array(response.rawPayload) }).getText()).text.replace(
    /[\s\u00a0\u202f]+/g,
    ' ',
  )

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

  it('offers the register in the signed-in user’s permissions only to those the server lets in', async () => {
    const permissionsOf = async (client: ApiClient) =>
      ((await client.get('/api/auth/me')).json().permissions as string[]).filter((p) =>
        p.startsWith('register.'),
      )
    expect(await permissionsOf(caller)).toEqual(['register.read', 'register.write'])
    // Same role, another team: the menu must not lead to a refusal.
    expect(await permissionsOf(outsider)).toEqual([])
    expect(await permissionsOf(director)).toEqual([
      'register.read',
      'register.write',
      'register.alert',
      'register.configure',
    ])
    // Designating the team is a setting, not a reach of the register itself.
    expect(await permissionsOf(administrator)).toEqual(['register.configure'])
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

  it('keeps the register readable with an emergency contact without relationship, and repairs those stored before', async () => {
    const paul = { name: 'Paul', phone: '06 11 22 33 44' }
    const created = await caller.post(
      '/api/register/entries',
      entry(await person('SANSLIEN'), { emergencyContacts: [paul] }),
    )
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json().emergencyContacts).toEqual([{ ...paul, relationship: null }])
    const list = await caller.get('/api/register/entries')
    expect(list.statusCode, list.body).toBe(200)

    // Stored the old way, without the key: the migration gives every contact one, keeping the others.
    const id = created.json().id as string
    const zoe = { name: 'Zoé', phone: '07 00 00 00 00', relationship: 'fille' }
    await sql`update register_entries set emergency_contacts = ${JSON.stringify([paul, zoe])}::jsonb where id = ${id}`.execute(
      ctx.db,
    )
    await repairEmergencyContacts(ctx.db)
    const stored = await ctx.db
      .selectFrom('register_entries')
      .select('emergency_contacts')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(stored.emergency_contacts).toEqual([{ ...paul, relationship: null }, zoe])
    const again = await caller.get('/api/register/entries')
    expect(again.statusCode, again.body).toBe(200)
  })

  it('writes the prefect’s list so that no cell runs as a formula in a spreadsheet', async () => {
    const personId = await person('=HYPERLINK("http://x";"Ouvrir")')
    const created = await caller.post(
      '/api/register/entries',
      entry(personId, {
        address: '+33 rue des Formules',
        phone: '-2+3',
        bestCallTimes: '@SUM(A1)',
        emergencyContacts: [{ name: '=1+1', phone: '06 00 00 00 00', relationship: 'fils' }],
      }),
    )
    expect(created.statusCode, created.body).toBe(201)
    const csv = (await director.get('/api/register/export.csv')).body
    const row = csv.split('\r\n').find((line) => line.includes('HYPERLINK')) ?? ''
    expect(row).toContain(`"'=HYPERLINK(""HTTP://X"";""OUVRIR"") Jeanne"`)
    for (const cell of ["'+33 rue des Formules", "'-2+3", "'@SUM(A1)", "'=1+1 06 00 00 00 00"]) {
      expect(row).toContain(cell)
    }
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
    // A plan of 1800 or 2199 is a typing slip: refused in French, nothing activated.
    for (const [startsOn, endsOn, path, message] of [
      ['1800-07-01', null, 'startsOn', 'Date trop ancienne : le 01/01/2000 au plus tôt.'],
      ['2199-07-01', null, 'startsOn', 'Date trop lointaine : deux ans à venir au plus.'],
      ['2026-07-01', '2199-08-01', 'endsOn', 'Date trop lointaine : deux ans à venir au plus.'],
    ]) {
      const refused = await director.post('/api/register/plans', { kind: 'heatwave', startsOn, endsOn })
      expect(refused.statusCode).toBe(400)
      expect(refused.json().errors).toEqual([{ path, message }])
    }
    expect((await director.get('/api/register/plans')).json().items).toEqual([])
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

  it('writes the follow-up contact with the outcome, or neither', async () => {
    const contactsOf = async (personId: string) =>
      Number(
        (
          await ctx.db
            .selectFrom('contacts')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('person_id', '=', personId)
            .executeTakeFirstOrThrow()
        ).n,
      )
    const calls = (await caller.get(`/api/register/plans/${planId}/calls?due=true`)).json().items
    const [twice, reached] = calls as { id: string; personId: string }[]
    const needs = (id: string) =>
      caller.post(`/api/register/calls/${id}/outcome`, { outcome: 'needs_something', note: 'Courses' })

    // Two callers record the same call at once: one outcome and one contact, never two.
    const answers = await Promise.all([needs(twice!.id), needs(twice!.id)])
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 400])
    expect(await contactsOf(twice!.personId)).toBe(1)
    const attempts = await ctx.db
      .selectFrom('alert_call_attempts')
      .select('id')
      .where('call_id', '=', twice!.id)
      .execute()
    expect(attempts).toHaveLength(1)

    // The call was already answered: the outcome is refused, and no contact is left behind.
    expect(
      (await caller.post(`/api/register/calls/${reached!.id}/outcome`, { outcome: 'all_fine' })).statusCode,
    ).toBe(200)
    const refused = await needs(reached!.id)
    expect(refused.statusCode).toBe(400)
    expect(await contactsOf(reached!.personId)).toBe(0)
  })

  it('prints the call list of the plan: those left to call, caller by caller in risk order, with boxes for the outcome', async () => {
    const calls = (await caller.get(`/api/register/plans/${planId}/calls`)).json().items as {
      phone: string
      status: string
      rank: number
      powerMedicalDevices: boolean
    }[]
    const open = calls.filter((c) => ['to_call', 'retry', 'home_visit'].includes(c.status))
    const done = calls.filter((c) => !['to_call', 'retry', 'home_visit'].includes(c.status))
    expect(done.filter((c) => c.phone.startsWith('01000')).length).toBeGreaterThan(0)

    const response = await caller.get(`/api/register/plans/${planId}/call-list.pdf`)
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    expect(response.headers['content-disposition']).toContain('plan-alerte-liste-appels.pdf')
    const text = await pdfText(response)
    expect(text).toContain('Liste d’appels — Canicule juillet')
    expect(text).toContain(`tous les appels — ${open.length} personnes à joindre`)
    expect(text).toContain('Appelant·e : Appelante Registre')
    for (const title of [
      'Téléphone, heures d’appel',
      'Adresse',
      'Personne à prévenir',
      'À savoir',
      'Issue',
      'Heure',
    ])
      expect(text).toContain(title)
    // The riskiest first, each with their phone; nobody already reached or escalated.
    expect(open.some((c) => c.powerMedicalDevices)).toBe(true)
    expect(text.indexOf(open[0]!.phone)).toBeLessThan(text.indexOf(open.at(-1)!.phone))
    expect(text).toContain('Appareils médicaux alimentés')
    for (const call of open.slice(0, 20)) expect(text).toContain(call.phone)
    // (Phones of the 300 are unique; the files made above share one.)
    for (const call of done.filter((c) => c.phone.startsWith('01000'))) expect(text).not.toContain(call.phone)

    // The director has no call of their own: their list says so.
    const mine = await pdfText(await director.get(`/api/register/plans/${planId}/call-list.pdf?mine=true`))
    expect(mine).toContain('mes appels — 0 personne à joindre')
    expect(mine).toContain('Plus personne à joindre dans ce plan.')

    expect((await outsider.get(`/api/register/plans/${planId}/call-list.pdf`)).statusCode).toBe(404)
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['person_ids', 'entity_id'])
      .where('action', '=', 'register.call_sheet')
      .where('entity_id', '=', planId)
      .execute()
    expect(audit).toHaveLength(2)
    expect(audit.some((row) => row.person_ids?.length === open.length)).toBe(true)
  })

  it('lists every call made, for the plan or a period, page by page with the total, by outcome', async () => {
    const today = todayInFrance()
    const all = await caller.get(`/api/register/call-log?planId=${planId}`)
    expect(all.statusCode, all.body).toBe(200)
    // 1 + 1 + 3 (no answer, twice, then no one at the door) + 1 + 1 + 1 outcomes recorded above.
    expect(all.json()).toMatchObject({ total: 8, page: 1, pageSize: 50 })
    const items = all.json().items as {
      at: string
      outcome: string
      note: string | null
      byName: string
      personId: string
      planLabel: string
    }[]
    expect(items).toHaveLength(8)
    expect(items.map((i) => i.at)).toEqual([...items.map((i) => i.at)].sort().reverse())
    expect(items.every((i) => i.byName === 'Appelante Registre' && i.planLabel === 'Canicule juillet')).toBe(
      true,
    )
    expect(items.find((i) => i.outcome === 'needs_something' && i.note === 'Courses à faire')).toBeTruthy()

    const silent = await caller.get(`/api/register/call-log?planId=${planId}&outcome=no_answer`)
    expect(silent.json().total).toBe(3)
    expect(new Set(silent.json().items.map((i: { personId: string }) => i.personId)).size).toBe(1)

    const second = (await caller.get(`/api/register/call-log?planId=${planId}&pageSize=3&page=3`)).json()
    expect(second).toMatchObject({ total: 8, page: 3, pageSize: 3 })
    expect(second.items).toHaveLength(2)

    expect((await caller.get(`/api/register/call-log?from=${today}&to=${today}`)).json().total).toBe(8)
    expect((await caller.get('/api/register/call-log?from=2020-01-01&to=2020-12-31')).json().total).toBe(0)
    const backwards = await caller.get(`/api/register/call-log?from=${today}&to=2020-01-01`)
    expect(backwards.statusCode).toBe(400)
    expect(backwards.json().errors).toEqual([
      { path: 'to', message: 'La fin de la période précède son début.' },
    ])
    expect((await caller.get('/api/register/call-log?outcome=bogus')).statusCode).toBe(400)

    expect((await outsider.get('/api/register/call-log')).statusCode).toBe(403)
    expect((await outsider.get(`/api/register/call-log?planId=${planId}`)).statusCode).toBe(404)
    const unknownPlan = '00000000-0000-4000-8000-000000000000'
    expect((await caller.get(`/api/register/call-log?planId=${unknownPlan}`)).statusCode).toBe(404)
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

describe('referrals from the neighbour network', () => {
  let coordinator: ApiClient

  /** A volunteer reports someone; the coordinator closes the report with the given outcome. */
  const reportAndClose = async (about: string, outcome: string) => {
    const volunteer = await signedInVolunteer(ctx, await createVolunteer(ctx, org.id))
    const sent = await volunteer.post('/api/public/network/reports', { about, location: '12 rue des Lilas' })
    expect(sent.statusCode, sent.body).toBe(201)
    const queue = await coordinator.get('/api/network/member-reports')
    expect(queue.statusCode, queue.body).toBe(200)
    const report = (queue.json().items as { id: string; about: string }[]).find((r) => r.about === about)!
    const closed = await coordinator.post(`/api/network/member-reports/${report.id}/close`, {
      outcome,
      closingNote: 'Vu avec le bénévole.',
    })
    expect(closed.statusCode, closed.body).toBe(200)
    return report.id
  }
  const queueOf = async (client: ApiClient, query = '') => {
    const response = await client.get(`/api/register/referrals${query}`)
    expect(response.statusCode, response.body).toBe(200)
    return response.json().items as { id: string; about: string; status: string }[]
  }

  beforeAll(async () => {
    coordinator = await signedIn(
      ctx,
      await createUser(ctx, org.id, { roles: ['volunteer_coordinator'], teamIds: [org.teamId] }),
    )
  })

  it('puts a report the coordinator sends on in the register team’s queue, and only there', async () => {
    const about = 'Madame Roux, au 3e, ne sort plus depuis l’été.'
    await reportAndClose(about, 'register_referral')
    await reportAndClose('Monsieur Blanc semble bien entouré.', 'no_action')

    const queue = await queueOf(caller)
    expect(queue).toHaveLength(1)
    expect(queue[0]).toMatchObject({
      about,
      location: '12 rue des Lilas',
      status: 'new',
      entryId: null,
      dismissReason: null,
    })
    expect((await queueOf(director)).map((r) => r.about)).toEqual([about])
    // Outside the register team: neither a social worker of another team, nor the coordinator who sent it.
    expect((await outsider.get('/api/register/referrals')).statusCode).toBe(403)
    expect((await coordinator.get('/api/register/referrals')).statusCode).toBe(403)
    expect((await administrator.get('/api/register/referrals')).statusCode).toBe(403)
  })

  it('registers the person from a referral, in one transaction', async () => {
    const [referral] = await queueOf(caller)
    const personId = await person('Roux')
    const request = entry(personId, {
      requestedBy: 'third_party',
      requesterName: REFERRAL_TEXT.requester,
      referralId: referral!.id,
    })

    expect((await outsider.post('/api/register/entries', request)).statusCode).toBe(403)
    const unknown = await caller.post('/api/register/entries', {
      ...request,
      referralId: crypto.randomUUID(),
    })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().errors[0]).toMatchObject({ path: 'referralId', message: 'Signalement inconnu.' })

    const created = await caller.post('/api/register/entries', request)
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({ status: 'awaiting_confirmation', requestedBy: 'third_party' })
    expect(await queueOf(caller)).toEqual([])
    const [registered] = await queueOf(caller, '?status=registered')
    expect(registered).toMatchObject({
      id: referral!.id,
      status: 'registered',
      entryId: created.json().id,
      handledByName: 'Appelante Registre',
    })

    // Used once: a second entry from it is refused, and nothing of that entry is written.
    const otherPerson = await person('Rouxbis')
    const again = await caller.post('/api/register/entries', { ...request, personId: otherPerson })
    expect(again.statusCode).toBe(400)
    expect(again.json().errors[0]).toMatchObject({ path: 'referralId' })
    const entries = (await caller.get('/api/register/entries')).json().items as { personId: string }[]
    expect(entries.map((e) => e.personId)).not.toContain(otherPerson)

    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'person_id'])
      .where('entity_type', '=', 'register_referral')
      .execute()
    expect(audit).toContainEqual({
      action: 'register.referral_register',
      entity_id: referral!.id,
      person_id: personId,
    })
    expect(audit.map((a) => a.action)).toContain('register.referrals_list')

    // The person objects: the entry is deleted, and the report that describes them with it.
    expect((await caller.post(`/api/register/entries/${created.json().id}/objection`)).statusCode).toBe(200)
    const afterObjection = await queueOf(caller, '?status=registered')
    expect(afterObjection.find((r) => r.id === referral!.id)).toBeUndefined()
  })

  it('dismisses a referral with its reason', async () => {
    await reportAndClose('Une dame seule au 5 rue Haute.', 'register_referral')
    const [referral] = await queueOf(caller)
    const url = `/api/register/referrals/${referral!.id}/dismiss`

    const blank = await caller.post(url, { reason: '  ' })
    expect(blank.statusCode).toBe(400)
    expect(blank.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(blank.json().errors[0].path).toBe('reason')
    expect((await outsider.post(url, { reason: 'Pas pour nous.' })).statusCode).toBe(404)
    expect(
      (await caller.post(`/api/register/referrals/${crypto.randomUUID()}/dismiss`, { reason: 'x' }))
        .statusCode,
    ).toBe(404)

    const dismissed = await caller.post(url, { reason: 'Déjà suivie par le SSIAD.' })
    expect(dismissed.statusCode, dismissed.body).toBe(200)
    expect(dismissed.json()).toMatchObject({
      status: 'dismissed',
      dismissReason: 'Déjà suivie par le SSIAD.',
      handledByName: 'Appelante Registre',
    })
    expect(dismissed.json().handledAt).toBeTruthy()
    expect(await queueOf(caller)).toEqual([])
    expect((await caller.post(url, { reason: 'Encore.' })).statusCode).toBe(400)
    // A dismissed referral no longer leads to an entry.
    const late = await caller.post(
      '/api/register/entries',
      entry(await person('Haute'), { referralId: referral!.id }),
    )
    expect(late.json().errors[0]).toMatchObject({
      path: 'referralId',
      message: 'Ce signalement a déjà été traité.',
    })

    const audit = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', referral!.id)
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['register.referral_dismiss'])
  })
})

describe('the yearly review reminder', () => {
  const JOB = 'register.review-reminders'
  let emails: Record<'keeper' | 'director' | 'frontDesk' | 'outsider', string>
  const names = ['Rappel', 'Revue', 'Lointaine', 'Annuelle']

  const deliverAll = async () => {
    while ((await ctx.deliverEmails()) > 0) {}
  }
  const sentTo = (address: string) => ctx.mailbox.received.filter((m) => m.to === address)

  beforeAll(async () => {
    const other = await createOrganisation(ctx, 'CCAS des rappels')
    const team = await ctx.db
      .insertInto('teams')
      .values({ organisation_id: other.id, site_id: other.siteId, name: 'Registre' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const user = (roles: Role[], teamIds: string[]) =>
      createUser(ctx, other.id, { roles, teamIds, totp: roles.includes('director') })
    const keeper = await user(['social_worker'], [team.id])
    const director = await user(['director'], [])
    // In the team but without `register.write`; a keeper's role in another team.
    const frontDesk = await user(['front_desk_agent'], [team.id])
    const outsiderUser = await user(['social_worker'], [other.teamId])
    emails = {
      keeper: keeper.email,
      director: director.email,
      frontDesk: frontDesk.email,
      outsider: outsiderUser.email,
    }
    const boss = await signedIn(ctx, director)
    const saved = await boss.put('/api/register/settings', {
      teamId: team.id,
      retryDelayMinutes: 60,
      maxAttempts: 3,
    })
    expect(saved.statusCode, saved.body).toBe(200)
    // One review overdue, one due within 30 days, one later, one not confirmed yet.
    const reviews = ['2030-02-20', '2030-03-25', '2030-06-01', null]
    for (const [i, reviewDue] of reviews.entries()) {
      const personId = (
        await boss.post('/api/people', { lastName: names[i], firstNames: 'Odile', birthDate: yearsAgo(82) })
      ).json().id
      const created = await boss.post(
        '/api/register/entries',
        entry(personId, reviewDue ? {} : { requestedBy: 'third_party', requesterName: 'Sa fille' }),
      )
      expect(created.statusCode, created.body).toBe(201)
      if (reviewDue) {
        await ctx.db
          .updateTable('register_entries')
          .set({ review_due: reviewDue })
          .where('id', '=', created.json().id)
          .execute()
      }
    }
    await deliverAll()
  })

  it('sends nothing when no review is due', async () => {
    const before = ctx.mailbox.received.length
    // In 2020 no entry of any organisation is due for review.
    expect(await ctx.runJob(JOB, new Date('2020-06-01T06:00:00Z'))).toBe(0)
    await deliverAll()
    expect(ctx.mailbox.received.length).toBe(before)
  })

  it('e-mails the team’s keepers and the director once a week: the count and a link, no name', async () => {
    // Wednesday 6 March 2030: one review overdue, one due within 30 days.
    expect(await ctx.runJob(JOB, new Date('2030-03-06T07:00:00Z'))).toBeGreaterThan(0)
    await deliverAll()
    for (const to of [emails.keeper, emails.director]) {
      const [mail] = sentTo(to)
      expect(mail, to).toBeDefined()
      expect(mail!.subject).toBe('Registre des personnes vulnérables : révisions annuelles à faire')
      expect(mail!.text).toContain('2 inscriptions')
      expect(mail!.text).toContain('dont 1 en retard')
      expect(mail!.text).toContain('http://trame.test/registre?revisions=1')
      for (const personal of [
        ...names,
        'ODILE',
        'Odile',
        '3 rue des Tilleuls',
        '01 23 45 67 89',
        'Sa fille',
      ]) {
        expect(mail!.text).not.toContain(personal)
      }
    }
    expect(sentTo(emails.frontDesk)).toEqual([])
    expect(sentTo(emails.outsider)).toEqual([])

    // Later the same week, twice at once: nothing more.
    const before = ctx.mailbox.received.length
    const runs = await Promise.all([
      ctx.runJob(JOB, new Date('2030-03-08T13:00:00Z')),
      ctx.runJob(JOB, new Date('2030-03-10T20:00:00Z')),
    ])
    expect(runs).toEqual([0, 0])
    await deliverAll()
    expect(ctx.mailbox.received.length).toBe(before)

    // A week later: reminded again, once, even when two instances run the job together.
    await Promise.all([
      ctx.runJob(JOB, new Date('2030-03-13T07:00:00Z')),
      ctx.runJob(JOB, new Date('2030-03-13T07:00:00Z')),
    ])
    await deliverAll()
    expect(sentTo(emails.keeper)).toHaveLength(2)
    expect(sentTo(emails.director)).toHaveLength(2)
    const markers = await ctx.db.selectFrom('register_review_reminders').select('week_of').execute()
    expect(markers.map((m) => m.week_of)).toEqual(expect.arrayContaining(['2030-03-04', '2030-03-11']))
  })
})
