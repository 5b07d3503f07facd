import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import type { Role } from '../../../shared/roles.ts'
import { createAidRequest, createAidType } from './aid.test-factories.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let other: Awaited<ReturnType<typeof createOrganisation>>
let director: ApiClient
let admin: ApiClient
let worker: ApiClient
let otherDirector: ApiClient
const members: { id: string; client: ApiClient }[] = []
let outsider: { id: string; client: ApiClient }
const today = todayInFrance()

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx, 'CCAS de Commissionville')
  other = await createOrganisation(ctx, 'CCAS d’Ailleurs')
  const user = async (roles: Role[], name: string, organisationId = org.id) => {
    const created = await createUser(ctx, organisationId, {
      roles,
      name,
      teamIds: organisationId === org.id ? [org.teamId] : [other.teamId],
      totp: roles.includes('director') || roles.includes('administrator'),
    })
    return { id: created.id, client: await signedIn(ctx, created) }
  }
  director = (await user(['director'], 'Directrice Dubois')).client
  admin = (await user(['administrator'], 'Admin Martin')).client
  worker = (await user(['social_worker'], 'Travailleuse Sociale')).client
  otherDirector = (await user(['director'], 'Directeur Ailleurs', other.id)).client
  for (const name of ['Élue Arnaud', 'Élu Bernard', 'Élue Colin'])
    members.push(await user(['commission_member'], name))
  outsider = await user(['commission_member'], 'Élu Non Invité')
})
afterAll(() => ctx?.close())

const ok = (response: Awaited<ReturnType<ApiClient['get']>>, status = 200) => {
  expect(response.statusCode, response.body).toBe(status)
  return response.json()
}
const person = async (lastName: string, firstNames: string, birthDate: string) =>
  ok(await worker.post('/api/people', { lastName, firstNames, birthDate, teamId: org.teamId }), 201)
    .id as string
let aidTypeId: string
/** A submitted request with its budget, assessment and warnings, as the requests' pages leave it. */
const submittedRequest = async (personId: string, organisationId = org.id) => {
  aidTypeId ??= (await createAidType(ctx.db, org.id, { label: 'Secours d’urgence' })).id
  const typeId = organisationId === org.id ? aidTypeId : (await createAidType(ctx.db, organisationId)).id
  const id = await createAidRequest(ctx.db, organisationId, {
    personId,
    aidTypeId: typeId,
    status: 'submitted',
    amountAskedCents: 30000,
    purpose: 'Facture d’électricité impayée',
    assessment: 'Situation fragile depuis la perte d’emploi, démarches engagées.',
  })
  await ctx.db
    .updateTable('aid_requests')
    .set({
      budget: JSON.stringify({
        resources: [{ kind: 'rsa', monthlyCents: 60700 }],
        charges: [{ kind: 'rent', monthlyCents: 45000 }],
        adults: 1,
        children: 2,
      }),
      resources_cents: 60700,
      charges_cents: 45000,
      household_size: 3,
      warnings: JSON.stringify([
        { code: 'OVER_REQUEST_CEILING', message: 'Montant au-dessus du plafond par demande (250,00 €).' },
      ]),
    })
    .where('id', '=', id)
    .execute()
  return id
}
const plan = async (heldOn = today) =>
  ok(await director.post('/api/aid-sessions', { heldOn, startsAt: '14:00', place: 'Salle du conseil' }), 201)
const statusOf = async (requestId: string) =>
  await ctx.db
    .selectFrom('aid_requests')
    .select(['status', 'session_id', 'granted_cents'])
    .where('id', '=', requestId)
    .executeTakeFirstOrThrow()

describe('aid settings', () => {
  it('answers the defaults, lets the administrator change them and refuses a quorum of zero in French', async () => {
    const defaults = ok(await worker.get('/api/aid-settings'))
    expect(defaults).toMatchObject({
      quorum: 3,
      showNamesToCommission: false,
      budgetWarningPercent: 80,
      appealText: null,
    })
    expect(defaults.defaultAppealText).toContain('tribunal administratif')
    expect((await worker.put('/api/aid-settings', { ...defaults, quorum: 2 })).statusCode).toBe(403)
    const bad = await admin.put('/api/aid-settings', {
      quorum: 0,
      showNamesToCommission: false,
      budgetWarningPercent: 80,
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors).toContainEqual({ path: 'quorum', message: 'Au moins un membre présent.' })
    const saved = ok(
      await admin.put('/api/aid-settings', {
        quorum: 2,
        showNamesToCommission: false,
        budgetWarningPercent: 75,
        appealText: 'Recours gracieux auprès du président du CCAS sous deux mois.',
      }),
    )
    expect(saved).toMatchObject({ quorum: 2, budgetWarningPercent: 75 })
    expect(ok(await members[0]!.client.get('/api/aid-settings')).quorum).toBe(2)
    expect(ok(await otherDirector.get('/api/aid-settings')).quorum).toBe(3)
  })
})

describe('a commission session', () => {
  let sessionId: string
  let granted: string
  let adjourned: string
  let refused: string
  let personId: string

  it('is planned, its members invited, its agenda built from the submitted requests', async () => {
    personId = await person('Dupont', 'Jeanne', '1985-03-10')
    granted = await submittedRequest(personId)
    adjourned = await submittedRequest(await person('Lefèvre', 'Karim', '1990-06-01'))
    refused = await submittedRequest(await person('Moreau', 'Lucie', '1970-01-20'))
    const draft = await createAidRequest(ctx.db, org.id, { personId, aidTypeId, status: 'draft' })
    const session = await plan()
    sessionId = session.id
    expect(session).toMatchObject({ status: 'planned', startsAt: '14:00', place: 'Salle du conseil' })

    const invitable = ok(await director.get('/api/aid-sessions/invitable-users')).items
    expect(invitable.slice(0, 4).every((u: { commissionMember: boolean }) => u.commissionMember)).toBe(true)
    const invited = ok(
      await director.put(`/api/aid-sessions/${sessionId}/members`, { userIds: members.map((m) => m.id) }),
    )
    expect(invited.members.map((m: { name: string }) => m.name)).toEqual([
      'Élu Bernard',
      'Élue Arnaud',
      'Élue Colin',
    ])

    const candidates = ok(await director.get(`/api/aid-sessions/${sessionId}/candidates`)).items
    const ids = candidates.map((c: { requestId: string }) => c.requestId)
    expect(ids).toEqual(expect.arrayContaining([granted, adjourned, refused]))
    expect(ids).not.toContain(draft)

    const refusedDraft = await director.post(`/api/aid-sessions/${sessionId}/agenda`, { requestIds: [draft] })
    expect(refusedDraft.statusCode).toBe(400)
    expect(refusedDraft.json().errors[0].message).toBe(
      'Cette demande n’attend pas de commission (brouillon).',
    )

    const withAgenda = ok(
      await director.post(`/api/aid-sessions/${sessionId}/agenda`, {
        requestIds: [granted, adjourned, refused],
      }),
    )
    expect(withAgenda.agenda.map((i: { requestId: string }) => i.requestId)).toEqual([
      granted,
      adjourned,
      refused,
    ])
    expect(withAgenda.agenda[0].applicant.name).toBe('DUPONT Jeanne')
    expect(await statusOf(granted)).toMatchObject({ status: 'on_agenda', session_id: sessionId })
    // Placed once: no second session takes it.
    const again = await director.post(`/api/aid-sessions/${(await plan(addDays(today, 30))).id}/agenda`, {
      requestIds: [granted],
    })
    expect(again.statusCode).toBe(400)
  })

  it('shows a member nothing of the agenda before it opens, then the requests pseudonymised', async () => {
    const member = members[0]!.client
    const before = ok(await member.get(`/api/aid-sessions/${sessionId}`))
    expect(before).toMatchObject({ agendaVisible: false, agenda: [], status: 'planned' })

    ok(await director.post(`/api/aid-sessions/${sessionId}/open`))
    const response = await member.get(`/api/aid-sessions/${sessionId}`)
    const open = ok(response)
    expect(open.agendaVisible).toBe(true)
    expect(open.namesShown).toBe(false)
    expect(response.body).not.toContain('Dupont')
    expect(response.body).not.toContain('DUPONT')
    expect(response.body).not.toContain(personId)
    expect(open.agenda[0]).toMatchObject({
      applicant: { initials: 'J. D.', name: null, householdType: 'Famille monoparentale, 2 enfants' },
      amountAskedCents: 30000,
      assessment: 'Situation fragile depuis la perte d’emploi, démarches engagées.',
      budget: {
        resourcesCents: 60700,
        chargesCents: 45000,
        resources: [{ kind: 'rsa', monthlyCents: 60700 }],
      },
      warnings: [
        { code: 'OVER_REQUEST_CEILING', message: 'Montant au-dessus du plafond par demande (250,00 €).' },
      ],
    })
    expect(open.agenda[0].applicant.age).toBeGreaterThanOrEqual(40)
    expect(open.may).toEqual({ manage: false, decide: false })
    // Their home page says a session is open; the secretary's counts the requests still waiting.
    const home = ok(await member.get('/api/home'))
    expect(home.tasks).toContainEqual({ key: 'aid.sessions_open', count: 1, late: 0 })
    const secretaryHome = ok(await director.get('/api/home'))
    expect(
      secretaryHome.tasks.find((t: { key: string }) => t.key === 'aid.awaiting_commission'),
    ).toBeDefined()
    expect(ok(await outsider.client.get('/api/home')).tasks).toContainEqual({
      key: 'aid.sessions_open',
      count: 0,
      late: 0,
    })
    // Who saw the file: the member's reading is in the audit trail with the applicants.
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['person_ids'])
      .where('action', '=', 'aid.session_read')
      .where('user_id', '=', members[0]!.id)
      .executeTakeFirstOrThrow()
    expect(audit.person_ids).toContain(personId)
  })

  it('refuses to decide until the quorum is met, then records each decision', async () => {
    const noQuorum = await director.post(`/api/aid-sessions/${sessionId}/decisions`, {
      requestId: granted,
      decision: 'granted',
      grantedCents: 25000,
      paymentForm: 'creditor',
    })
    expect(noQuorum.statusCode).toBe(409)
    expect(noQuorum.json()).toMatchObject({
      code: 'AID_QUORUM_NOT_MET',
      detail:
        'Le quorum n’est pas atteint (0 membre(s) présent(s) sur 2 requis) : la commission ne peut pas décider.',
    })
    const stranger = await director.put(`/api/aid-sessions/${sessionId}/attendance`, {
      presentUserIds: [outsider.id],
    })
    expect(stranger.statusCode).toBe(400)
    ok(
      await director.put(`/api/aid-sessions/${sessionId}/attendance`, {
        presentUserIds: [members[0]!.id, members[1]!.id],
      }),
    )
    // An invited member who is absent does not decide.
    const absent = await members[2]!.client.post(`/api/aid-sessions/${sessionId}/decisions`, {
      requestId: granted,
      decision: 'granted',
      grantedCents: 25000,
      paymentForm: 'creditor',
    })
    expect(absent.statusCode).toBe(403)
    const missing = await members[0]!.client.post(`/api/aid-sessions/${sessionId}/decisions`, {
      requestId: refused,
      decision: 'refused',
    })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().errors).toContainEqual({
      path: 'refusalMotif',
      message: 'Choisissez un motif de refus.',
    })

    const afterGrant = ok(
      await members[0]!.client.post(`/api/aid-sessions/${sessionId}/decisions`, {
        requestId: granted,
        decision: 'granted',
        grantedCents: 25000,
        paymentForm: 'creditor',
        derogationNote: 'Au-dessus du plafond : coupure imminente.',
      }),
    )
    expect(afterGrant.agenda[0]).toMatchObject({ outcome: 'granted', decision: { grantedCents: 25000 } })
    expect(await statusOf(granted)).toMatchObject({
      status: 'granted',
      session_id: sessionId,
      granted_cents: 25000,
    })
    const twice = await director.post(`/api/aid-sessions/${sessionId}/decisions`, {
      requestId: granted,
      decision: 'refused',
      refusalMotif: 'other',
    })
    expect(twice.statusCode).toBe(409)
    ok(
      await director.post(`/api/aid-sessions/${sessionId}/decisions`, {
        requestId: refused,
        decision: 'refused',
        refusalMotif: 'sufficient_remaining',
      }),
    )
    const early = await director.post(`/api/aid-sessions/${sessionId}/close`, {})
    expect(early.statusCode).toBe(409)
    expect(early.json().detail).toContain('1 demande(s) de l’ordre du jour restent sans décision')
    ok(
      await director.post(`/api/aid-sessions/${sessionId}/decisions`, {
        requestId: adjourned,
        decision: 'adjourned',
        adjournmentReason: 'Avis d’imposition manquant',
      }),
    )
    const closed = ok(
      await director.post(`/api/aid-sessions/${sessionId}/close`, { minutesNote: 'Séance sans incident.' }),
    )
    expect(closed).toMatchObject({
      status: 'closed',
      totals: { grantedCents: 25000, granted: 1, refused: 1 },
    })
    expect(ok(await members[0]!.client.get(`/api/aid-sessions/${sessionId}`))).toMatchObject({
      agendaVisible: false,
      agenda: [],
    })
  })

  it('proposes the adjourned request for the next session, where it is decided', async () => {
    const next = await plan(addDays(today, 14))
    const candidates = ok(await director.get(`/api/aid-sessions/${next.id}/candidates`)).items
    expect(candidates[0]).toMatchObject({
      requestId: adjourned,
      status: 'adjourned',
      proposed: true,
      adjournmentReason: 'Avis d’imposition manquant',
    })
    const placed = ok(await director.post(`/api/aid-sessions/${next.id}/agenda`, { requestIds: [adjourned] }))
    expect(placed.agenda[0]).toMatchObject({
      carried: true,
      previousAdjournmentReason: 'Avis d’imposition manquant',
    })
    // Taken off again, it waits as adjourned; put back, it is decided at the new session.
    const removed = ok(await director.delete(`/api/aid-sessions/${next.id}/agenda/${adjourned}`))
    expect(removed.agenda).toEqual([])
    expect(await statusOf(adjourned)).toMatchObject({ status: 'adjourned', session_id: sessionId })
    ok(await director.post(`/api/aid-sessions/${next.id}/agenda`, { requestIds: [adjourned] }))
    ok(
      await director.put(`/api/aid-sessions/${next.id}/members`, {
        userIds: [members[0]!.id, members[1]!.id],
      }),
    )
    ok(
      await director.put(`/api/aid-sessions/${next.id}/attendance`, {
        presentUserIds: [members[0]!.id, members[1]!.id],
      }),
    )
    ok(await director.post(`/api/aid-sessions/${next.id}/open`))
    ok(
      await members[1]!.client.post(`/api/aid-sessions/${next.id}/decisions`, {
        requestId: adjourned,
        decision: 'granted',
        grantedCents: 15000,
        paymentForm: 'transfer',
      }),
    )
    expect(await statusOf(adjourned)).toMatchObject({ status: 'granted', session_id: next.id })
    const history = await ctx.db
      .selectFrom('aid_decisions')
      .select(['decision', 'session_id'])
      .where('request_id', '=', adjourned)
      .orderBy('decided_at')
      .execute()
    expect(history).toEqual([
      { decision: 'adjourned', session_id: sessionId },
      { decision: 'granted', session_id: next.id },
    ])
  })

  it('shows names to members only where the organisation chose to', async () => {
    const session = await plan(addDays(today, 21))
    const request = await submittedRequest(await person('Nomvisible', 'Paul', '1960-02-02'))
    ok(await director.post(`/api/aid-sessions/${session.id}/agenda`, { requestIds: [request] }))
    ok(await director.put(`/api/aid-sessions/${session.id}/members`, { userIds: [members[2]!.id] }))
    ok(await director.post(`/api/aid-sessions/${session.id}/open`))
    const hidden = await members[2]!.client.get(`/api/aid-sessions/${session.id}`)
    expect(hidden.body).not.toContain('NOMVISIBLE')
    const settings = ok(await admin.get('/api/aid-settings'))
    ok(await admin.put('/api/aid-settings', { ...settings, showNamesToCommission: true }))
    const shown = ok(await members[2]!.client.get(`/api/aid-sessions/${session.id}`))
    expect(shown.agenda[0].applicant).toMatchObject({ name: 'NOMVISIBLE Paul', initials: 'P. N.' })
    ok(await admin.put('/api/aid-settings', { ...settings, showNamesToCommission: false }))
  })

  it('keeps every other session, request and person file from a commission member', async () => {
    const member = outsider.client
    // Not invited: the session is unknown to them, and absent from their list.
    expect((await member.get(`/api/aid-sessions/${sessionId}`)).statusCode).toBe(404)
    expect(ok(await member.get('/api/aid-sessions')).total).toBe(0)
    const mine = ok(await members[0]!.client.get('/api/aid-sessions'))
    expect(mine.items.map((s: { id: string }) => s.id)).toContain(sessionId)
    // No person file, no request, no candidate list, no planning.
    expect((await members[0]!.client.get(`/api/people/${personId}`)).statusCode).toBe(403)
    // Not even the requests they decided, outside the session's agenda.
    expect((await members[0]!.client.get(`/api/aid-requests/${granted}`)).statusCode).toBe(403)
    expect((await members[0]!.client.get('/api/aid-requests')).statusCode).toBe(403)
    expect((await members[0]!.client.get(`/api/aid-letters/requests/${granted}/decision`)).statusCode).toBe(
      403,
    )
    expect((await members[0]!.client.get(`/api/aid-sessions/${sessionId}/candidates`)).statusCode).toBe(403)
    expect((await members[0]!.client.post('/api/aid-sessions', { heldOn: today })).statusCode).toBe(403)
    expect((await members[0]!.client.post(`/api/aid-sessions/${sessionId}/open`)).statusCode).toBe(403)
  })

  it('keeps sessions and requests within their organisation', async () => {
    expect((await otherDirector.get(`/api/aid-sessions/${sessionId}`)).statusCode).toBe(404)
    expect(ok(await otherDirector.get('/api/aid-sessions')).total).toBe(0)
    const theirs = ok(await otherDirector.post('/api/aid-sessions', { heldOn: today }), 201)
    const foreign = await submittedRequest(await person('Voisin', 'Hugo', '1999-09-09'))
    const response = await otherDirector.post(`/api/aid-sessions/${theirs.id}/agenda`, {
      requestIds: [foreign],
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().errors[0].message).toBe('Demande inconnue.')
    const invite = await otherDirector.put(`/api/aid-sessions/${theirs.id}/members`, {
      userIds: [members[0]!.id],
    })
    expect(invite.statusCode).toBe(400)
  })
})

describe('a request withdrawn while on an agenda', () => {
  it('leaves the agenda, so that the session can close', async () => {
    const withdrawn = await submittedRequest(await person('Petit', 'Samia', '1992-04-12'))
    const session = await plan(addDays(today, 60))
    ok(await director.post(`/api/aid-sessions/${session.id}/agenda`, { requestIds: [withdrawn] }))
    expect(await statusOf(withdrawn)).toMatchObject({ status: 'on_agenda', session_id: session.id })

    const closed = ok(
      await worker.post(`/api/aid-requests/${withdrawn}/withdraw`, { reason: 'A retrouvé un emploi' }),
    )
    expect(closed.status).toBe('withdrawn')
    expect(await statusOf(withdrawn)).toMatchObject({ status: 'withdrawn', session_id: null })
    const view = ok(await director.get(`/api/aid-sessions/${session.id}`))
    expect(view.agenda.map((i: { requestId: string }) => i.requestId)).not.toContain(withdrawn)
  })
})
