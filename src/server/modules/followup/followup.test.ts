import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import type { SupportRecord } from '../../../shared/followup.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let worker: ApiClient
let workerId: string
let colleagueId: string
let colleague: ApiClient
let director: ApiClient
let admin: ApiClient
let types: { id: string; label: string; legal: boolean }[]

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  const workerUser = await createUser(ctx, org.id, {
    roles: ['social_worker'],
    teamIds: [org.teamId],
    name: 'Agnès Référente',
  })
  workerId = workerUser.id
  worker = await signedIn(ctx, workerUser)
  const colleagueUser = await createUser(ctx, org.id, {
    roles: ['social_worker'],
    teamIds: [org.teamId],
    name: 'Bruno Relais',
  })
  colleagueId = colleagueUser.id
  colleague = await signedIn(ctx, colleagueUser)
  director = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['director'], totp: true }))
  admin = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['administrator'], totp: true }))
  types = (await worker.get('/api/followup/types')).json().items
})
afterAll(() => ctx.close())

async function person(lastName: string, fields: object = {}) {
  const response = await worker.post('/api/people', { lastName, ...fields })
  expect(response.statusCode, response.body).toBe(201)
  return response.json().id as string
}

async function openRecord(body: object, client = worker) {
  const response = await client.post('/api/followup/records', { typeId: types[0]!.id, ...body })
  expect(response.statusCode, response.body).toBe(201)
  return response.json() as SupportRecord
}

describe('support types', () => {
  it('starts with the usual list, legal ones marked, and the administrator renames and retires them', async () => {
    expect(types.map((t) => t.label)).toContain('Accompagnement social global')
    expect(types.find((t) => t.label.startsWith('RSA'))?.legal).toBe(true)
    const saved = await admin.put('/api/followup/types', {
      items: [
        ...types.map(({ id, label, legal }) => ({ id, label, legal })),
        { label: 'Surendettement', legal: false },
      ],
    })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json().items.map((t: { label: string }) => t.label)).toContain('Surendettement')
    // Each type keeps its own legal flag through a save.
    const legal = saved.json().items.filter((t: { legal: boolean }) => t.legal)
    expect(legal.map((t: { label: string }) => t.label)).toEqual(['RSA (accompagnement des allocataires)'])
    const duplicate = await admin.put('/api/followup/types', {
      items: [{ label: 'Budget' }, { label: 'budget' }],
    })
    expect(duplicate.statusCode).toBe(400)
    expect(JSON.stringify(duplicate.json())).toContain('même libellé')
    // A social worker reads the list but does not configure it.
    expect((await worker.put('/api/followup/types', { items: [{ label: 'X' }] })).statusCode).toBe(403)
  })
})

describe('support records', () => {
  it('opens a record with the file’s referents, domains, goals and an exit plan, and audits its reading', async () => {
    const personId = await person('Dumoulin', { referentIds: [colleagueId] })
    const record = await openRecord({
      personId,
      teamId: org.teamId,
      domains: ['housing', 'rights', 'housing'],
      exitPlan: 'Relais vers le bailleur une fois le logement obtenu.',
      goals: [{ label: 'Déposer une demande de logement social', domain: 'housing', targetOn: '2030-01-31' }],
    })
    expect(record.status).toBe('open')
    expect(record.openedOn).toBe(todayInFrance())
    expect(record.subjectName).toContain('DUMOULIN')
    expect(record.domains).toEqual(['housing', 'rights'])
    // No referent named: those of the person's file.
    expect(record.referents.map((r) => r.name)).toEqual(['Bruno Relais'])
    expect(record.goals).toMatchObject([
      { label: 'Déposer une demande de logement social', status: 'planned' },
    ])

    const read = await colleague.get(`/api/followup/records/${record.id}`)
    expect(read.statusCode).toBe(200)
    const trail = await director.get(`/api/audit?personId=${personId}`)
    expect(trail.json().items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['followup.record_create', 'followup.record_read']),
    )
  })

  it('refuses a second running record of the same type for one person, but allows another type', async () => {
    const personId = await person('Unique')
    await openRecord({ personId })
    const second = await worker.post('/api/followup/records', { personId, typeId: types[0]!.id })
    expect(second.statusCode).toBe(400)
    expect(second.json().errors[0]).toMatchObject({ path: 'typeId' })
    expect(second.json().errors[0].message).toContain('déjà en cours')
    await openRecord({ personId, typeId: types[1]!.id })
    const list = await worker.get(`/api/followup/records?personId=${personId}`)
    expect(list.json()).toMatchObject({ total: 2, page: 1 })
  })

  it('suspends, resumes and closes with an exit reason and date; a closed record takes no more changes', async () => {
    const personId = await person('Cycle')
    const record = await openRecord({ personId, openedOn: '2026-01-05' })
    const suspended = await worker.post(`/api/followup/records/${record.id}/status`, {
      status: 'suspended',
      on: '2026-02-01',
    })
    expect(suspended.json()).toMatchObject({ status: 'suspended', suspendedOn: '2026-02-01' })
    const again = await worker.post(`/api/followup/records/${record.id}/status`, { status: 'suspended' })
    expect(again.statusCode).toBe(400)
    expect(
      (await worker.post(`/api/followup/records/${record.id}/status`, { status: 'open' })).json().status,
    ).toBe('open')
    const withoutReason = await worker.post(`/api/followup/records/${record.id}/status`, { status: 'closed' })
    expect(withoutReason.statusCode).toBe(400)
    const future = await worker.post(`/api/followup/records/${record.id}/status`, {
      status: 'closed',
      exitReason: 'goals_achieved',
      on: '2999-01-01',
    })
    expect(future.statusCode).toBe(400)
    const closed = await worker.post(`/api/followup/records/${record.id}/status`, {
      status: 'closed',
      exitReason: 'goals_achieved',
      on: '2026-03-01',
      note: 'Logement obtenu.',
    })
    expect(closed.json()).toMatchObject({
      status: 'closed',
      closedOn: '2026-03-01',
      exitReason: 'goals_achieved',
    })
    const late = await worker.patch(`/api/followup/records/${record.id}`, { exitPlan: 'Trop tard' })
    expect(late.statusCode).toBe(400)
    // Once closed, a new record of that type may be opened: the story goes on in a new chapter.
    await openRecord({ personId })
  })

  it('keeps the dated history of referents', async () => {
    const personId = await person('Relais')
    const record = await openRecord({ personId, referentIds: [workerId], openedOn: '2026-01-05' })
    const changed = await worker.put(`/api/followup/records/${record.id}/referents`, {
      userIds: [colleagueId],
      on: '2026-04-01',
    })
    expect(changed.statusCode, changed.body).toBe(200)
    const after = changed.json() as SupportRecord
    expect(after.referents.map((r) => r.name)).toEqual(['Bruno Relais'])
    expect(after.referentHistory).toEqual([
      { userId: colleagueId, name: 'Bruno Relais', fromOn: '2026-04-01', untilOn: null },
      { userId: workerId, name: 'Agnès Référente', fromOn: '2026-01-05', untilOn: '2026-04-01' },
    ])
    const stranger = await worker.put(`/api/followup/records/${record.id}/referents`, {
      userIds: ['00000000-0000-4000-8000-000000000000'],
    })
    expect(stranger.statusCode).toBe(400)
    // "My records": the colleague now sees it among theirs.
    const mine = await colleague.get('/api/followup/records?mine=true&pageSize=200')
    expect(mine.json().items.map((r: { id: string }) => r.id)).toContain(record.id)
  })

  it('adds goals and moves their status', async () => {
    const personId = await person('Objectifs')
    const record = await openRecord({ personId })
    const added = await worker.post(`/api/followup/records/${record.id}/goals`, {
      label: 'Ouvrir les droits CSS',
      domain: 'rights',
      targetOn: '2026-12-31',
    })
    expect(added.statusCode, added.body).toBe(201)
    const goal = (added.json() as SupportRecord).goals[0]!
    const done = await worker.patch(`/api/followup/records/${record.id}/goals/${goal.id}`, {
      status: 'achieved',
    })
    expect(done.json().goals[0]).toMatchObject({ status: 'achieved', statusOn: todayInFrance() })
    const wrong = await worker.patch(
      `/api/followup/records/${record.id}/goals/00000000-0000-4000-8000-000000000000`,
      { status: 'achieved' },
    )
    expect(wrong.statusCode).toBe(404)
  })

  it('opens a record for a household, once per type', async () => {
    const a = await person('Famille')
    const b = await person('Famille', { firstNames: 'Enfant' })
    const household = await worker.post('/api/households', {
      members: [
        { personId: a, relationship: 'head' },
        { personId: b, relationship: 'child' },
      ],
    })
    expect(household.statusCode, household.body).toBe(201)
    const householdId = household.json().id
    const record = await openRecord({ householdId })
    expect(record.subjectName).toContain('Foyer')
    expect(
      (await worker.post('/api/followup/records', { householdId, typeId: types[0]!.id })).statusCode,
    ).toBe(400)
    const both = await worker.post('/api/followup/records', {
      householdId,
      personId: a,
      typeId: types[0]!.id,
    })
    expect(both.statusCode).toBe(400)
  })

  it('keeps a confidential team’s record out of reach of those outside it, as if it did not exist', async () => {
    const personId = await person('Public')
    const record = await openRecord({ personId, teamId: org.confidentialTeamId }, director)
    expect((await worker.get(`/api/followup/records/${record.id}`)).statusCode).toBe(404)
    const list = await worker.get(`/api/followup/records?personId=${personId}`)
    expect(list.json()).toMatchObject({ total: 0, items: [] })
    expect((await director.get(`/api/followup/records/${record.id}`)).statusCode).toBe(200)
    // Opening one in that team is refused too.
    const inTeam = await worker.post('/api/followup/records', {
      personId,
      typeId: types[1]!.id,
      teamId: org.confidentialTeamId,
    })
    expect(inTeam.statusCode).toBe(400)
  })

  it('refuses bad input with French messages and never a server error', async () => {
    const personId = await person('Saisie')
    const cases: object[] = [
      { personId },
      { typeId: types[0]!.id },
      { personId, typeId: '00000000-0000-4000-8000-000000000000' },
      { personId, typeId: types[0]!.id, domains: ['astrologie'] },
      { personId, typeId: types[0]!.id, openedOn: '2999-01-01' },
      { personId, typeId: types[0]!.id, exitPlan: 'a\u0000b' },
      { personId, typeId: types[0]!.id, teamId: '00000000-0000-4000-8000-000000000000' },
    ]
    for (const body of cases) {
      const response = await worker.post('/api/followup/records', body)
      expect(response.statusCode, JSON.stringify(body)).toBe(400)
      expect(response.json().code).toBe('VALIDATION_FAILED')
    }
  })
})

describe('worklist and counts', () => {
  it('lists my running records, goals and reviews due, one page each with its total', async () => {
    const me = await signedIn(
      ctx,
      await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId], name: 'Clara Liste' }),
    )
    const meId = (await me.get('/api/auth/me')).json().user.id as string
    const personId = await person('Travail')
    const record = await openRecord({
      personId,
      referentIds: [meId],
      nextReviewOn: '2020-01-01',
      goals: [
        { label: 'Objectif en retard', targetOn: '2020-06-01' },
        { label: 'Objectif lointain', targetOn: '2099-01-01' },
      ],
    })
    // Someone else's record does not show in my worklist.
    await openRecord({ personId: await person('Autrui'), referentIds: [workerId] })
    const response = await me.get('/api/followup/worklist')
    expect(response.statusCode, response.body).toBe(200)
    const sections = Object.fromEntries(
      response.json().sections.map((s: { key: string }) => [s.key, s]),
    ) as Record<string, { total: number; items: { recordId: string; title: string; overdue: boolean }[] }>
    expect(sections['followup.records']).toMatchObject({
      total: 1,
      items: [{ recordId: record.id, overdue: true }],
    })
    expect(sections['followup.goals']!.items.map((i) => i.title)).toEqual([
      'Objectif en retard (Accompagnement social global)',
    ])
    expect(sections['followup.reviews']!.total).toBe(1)
    const one = await me.get('/api/followup/worklist?section=followup.goals&pageSize=1')
    expect(one.json().sections.map((s: { key: string }) => s.key)).toEqual(['followup.goals'])
  })

  it('adds my coming appointments, the rights ending of the people I follow and referrals without answer', async () => {
    const meUser = await createUser(ctx, org.id, {
      roles: ['social_worker'],
      teamIds: [org.teamId],
      name: 'Dora Semaine',
    })
    const me = await signedIn(ctx, meUser)
    const personId = await person('Semainier', { referentIds: [meUser.id] })
    const today = todayInFrance()
    // Tomorrow at 10:00 in France, booked with me; one booked with a colleague does not show.
    const tomorrow = addDays(today, 1)
    const startsAt = new Date(`${tomorrow}T09:00:00Z`).toISOString()
    const booked = await me.post('/api/appointments', {
      personId,
      professionalId: meUser.id,
      startsAt,
      endsAt: new Date(`${tomorrow}T10:00:00Z`).toISOString(),
      place: 'Bureau 2',
      bookedFrom: 'file',
    })
    expect(booked.statusCode, booked.body).toBe(201)
    const theirs = await me.post('/api/appointments', {
      personId,
      professionalId: workerId,
      startsAt,
      endsAt: new Date(`${tomorrow}T10:00:00Z`).toISOString(),
      bookedFrom: 'file',
    })
    expect(theirs.statusCode, theirs.body).toBe(201)
    const right = await me.put(`/api/rights/people/${personId}/css`, {
      status: 'open',
      statusOn: addDays(today, -300),
      openUntil: addDays(today, 20),
    })
    expect(right.statusCode, right.body).toBe(200)
    const partner = await me.post('/api/partners', { name: 'Épicerie solidaire' })
    const service = await me.post(`/api/partners/${partner.json().id}/services`, {
      name: 'Colis alimentaire',
      category: 'food',
    })
    const referral = await me.post('/api/partner-referrals', {
      personId,
      partnerServiceId: service.json().id,
      origin: 'followup',
      referredOn: addDays(today, -10),
      answerDueOn: addDays(today, -1),
    })
    expect(referral.statusCode, referral.body).toBe(201)

    const response = await me.get('/api/followup/worklist')
    expect(response.statusCode, response.body).toBe(200)
    const sections = Object.fromEntries(
      response.json().sections.map((s: { key: string }) => [s.key, s]),
    ) as Record<string, { total: number; items: Record<string, unknown>[] }>
    expect(sections['appointments.coming']).toMatchObject({
      total: 1,
      items: [
        {
          personId,
          dueOn: tomorrow,
          title: '10:00 — Bureau 2',
          subjectName: expect.stringMatching(/SEMAINIER/i),
        },
      ],
    })
    expect(sections['rights.ending']).toMatchObject({
      total: 1,
      items: [{ personId, dueOn: addDays(today, 20), kind: 'right' }],
    })
    expect(sections['referrals.unanswered']!.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ personId, title: 'Épicerie solidaire — Colis alimentaire', overdue: true }),
      ]),
    )
    // A role without appointments or rights still gets its worklist, those sections empty.
    const psychologist = await signedIn(
      ctx,
      await createUser(ctx, org.id, { roles: ['psychologist'], teamIds: [org.teamId] }),
    )
    const theirList = await psychologist.get('/api/followup/worklist')
    expect(theirList.statusCode, theirList.body).toBe(200)
  })

  it('counts records opened, closed and running per type and team, and interviews per medium, without a name', async () => {
    const analyst = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['analyst'] }))
    const personId = await person('Comptage')
    const record = await openRecord({
      personId,
      teamId: org.teamId,
      openedOn: '2025-03-01',
      typeId: types[3]!.id,
    })
    await worker.post(`/api/followup/records/${record.id}/interviews`, {
      occurredAt: '2025-03-02T10:00:00+01:00',
      medium: 'phone',
    })
    await worker.post(`/api/followup/records/${record.id}/status`, {
      status: 'closed',
      exitReason: 'goals_achieved',
      on: '2025-05-01',
    })
    const counts = await analyst.get('/api/followup/counts?from=2025-01-01&to=2025-12-31&groupBy=type,team')
    expect(counts.statusCode, counts.body).toBe(200)
    const body = counts.json()
    expect(body.totals).toEqual({ opened: 1, closed: 1, running: 0 })
    expect(body.rows).toEqual([
      {
        keys: [types[3]!.id, org.teamId],
        labels: [types[3]!.label, 'Accueil social'],
        opened: 1,
        closed: 1,
        running: 0,
      },
    ])
    expect(body.interviewsByMedium).toEqual([{ medium: 'phone', label: 'Téléphone', interviews: 1 }])
    expect(counts.body).not.toContain('COMPTAGE')
    const march = await analyst.get('/api/followup/counts?from=2025-03-01&to=2025-03-31')
    expect(march.json().totals).toEqual({ opened: 1, closed: 0, running: 1 })
  })
})
