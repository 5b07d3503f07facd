import { randomUUID } from 'node:crypto'
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
import { insertHousehold, insertPerson } from '../pricing/pricing.test-factories.ts'
import { createAidFund, createAidPerson, createAidRequest, createAidType } from './aid.test-factories.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let worker: ApiClient
let director: ApiClient
let educator: ApiClient
let admin: ApiClient
let frontDesk: ApiClient
let workerId: string
let fundId: string
let invoiceType: string
const today = todayInFrance()
const errorsOf = (response: { json: () => { errors?: { path: string; message: string }[] } }) =>
  response.json().errors ?? []

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx, 'CCAS d’Aideville')
  const user = (roles: Role[]) =>
    createUser(ctx, org.id, {
      roles,
      teamIds: [org.teamId],
      totp: roles.includes('director') || roles.includes('administrator'),
    })
  const workerUser = await user(['social_worker'])
  workerId = workerUser.id
  worker = await signedIn(ctx, workerUser)
  director = await signedIn(ctx, await user(['director']))
  educator = await signedIn(ctx, await user(['educator']))
  admin = await signedIn(ctx, await user(['administrator']))
  frontDesk = await signedIn(ctx, await user(['front_desk_agent']))
  fundId = await createAidFund(ctx.db, org.id, { code: 'CCAS', name: 'Budget du CCAS' })
  invoiceType = (
    await ctx.db
      .insertInto('document_types')
      .values({ organisation_id: org.id, label: 'Facture' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
})
afterAll(() => ctx?.close())

const aidBody = (extra: object = {}) => ({
  code: `SECOURS-${randomUUID().slice(0, 6)}`,
  label: 'Secours financier d’urgence',
  fundId,
  urgentDeciderRoles: ['director', 'social_worker'],
  urgentCeilingCents: 150_00,
  ceilingPerRequestCents: 300_00,
  paymentForms: ['transfer', 'creditor'],
  ...extra,
})
const newAid = async (extra: object = {}) => {
  const response = await admin.post('/api/aid-types', aidBody(extra))
  expect(response.statusCode, response.body).toBe(201)
  return response.json().id as string
}
const person = (extra: { birthDate?: string } = {}) =>
  createAidPerson(ctx.db, org.id, { teamId: org.teamId, birthDate: extra.birthDate ?? '1985-03-02' })
const draft = async (aidTypeId: string, extra: object = {}) => {
  const response = await worker.post('/api/aid-requests', {
    personId: await person(),
    aidTypeId,
    amountAskedCents: 120_00,
    purpose: 'Facture d’électricité impayée',
    ...extra,
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}

describe('the règlement', () => {
  it('an administrator adds an aid with its rules; workers read it; the front desk does not', async () => {
    const id = await newAid({ minAge: 18, maxAge: 25, requiredDocumentTypeIds: [invoiceType] })
    const list = await worker.get('/api/aid-types')
    expect(list.statusCode).toBe(200)
    const aid = list.json().items.find((a: { id: string }) => a.id === id)
    expect(aid).toMatchObject({
      fundName: 'Budget du CCAS',
      urgentCeilingCents: 150_00,
      minAge: 18,
      maxAge: 25,
      requiredDocumentTypeIds: [invoiceType],
    })
    expect(list.json().funds.map((f: { id: string }) => f.id)).toContain(fundId)
    expect(list.json().canConfigure).toBe(false)
    expect((await frontDesk.get('/api/aid-types')).statusCode).toBe(403)
    expect((await worker.post('/api/aid-types', aidBody())).statusCode).toBe(403)
  })

  it('bad rules are refused field by field, in French, and nothing is written', async () => {
    const before = await ctx.db
      .selectFrom('aid_types')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    const cases: [object, string][] = [
      [{ minAge: 30, maxAge: 20 }, 'maxAge'],
      [{ paymentForms: [] }, 'paymentForms'],
      [{ fundId: randomUUID() }, 'fundId'],
      [{ requiredDocumentTypeIds: [randomUUID()] }, 'requiredDocumentTypeIds'],
      [{ urgentCeilingCents: null }, 'urgentCeilingCents'],
      [{ ceilingPerRequestCents: 12.5 }, 'ceilingPerRequestCents'],
      [{ label: 'A\u0000B' }, 'label'],
    ]
    for (const [extra, path] of cases) {
      const response = await admin.post('/api/aid-types', aidBody(extra))
      expect(response.statusCode, JSON.stringify(extra)).toBe(400)
      expect(response.json().code).toBe('VALIDATION_FAILED')
      expect(errorsOf(response).map((e) => e.path)).toContain(path)
    }
    const taken = await admin.post('/api/aid-types', aidBody({ code: 'DOUBLON' }))
    expect(taken.statusCode).toBe(201)
    const twice = await admin.post('/api/aid-types', aidBody({ code: 'doublon' }))
    expect(errorsOf(twice)).toEqual([
      { path: 'code', message: 'Une autre aide du règlement porte déjà ce code.' },
    ])
    const after = await ctx.db
      .selectFrom('aid_types')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n) + 1)
  })

  it('an aid is changed, and deactivated: no new request for it', async () => {
    const id = await newAid()
    const changed = await director.put(
      `/api/aid-types/${id}`,
      aidBody({ code: 'CHANGEE', label: 'Aide changée', active: false }),
    )
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json()).toMatchObject({ label: 'Aide changée', active: false })
    const refused = await worker.post('/api/aid-requests', {
      personId: await person(),
      aidTypeId: id,
      amountAskedCents: 10_00,
      purpose: 'Essai',
    })
    expect(errorsOf(refused)).toEqual([{ path: 'aidTypeId', message: 'Cette aide n’est plus au règlement.' }])
  })
})

describe('building a request', () => {
  it('from a follow-up: the record’s team, the person’s household, a draft with its warnings', async () => {
    const aidTypeId = await newAid({ requiredDocumentTypeIds: [invoiceType] })
    const personId = await person()
    const { id: typeId } = await ctx.db
      .insertInto('support_types')
      .values({ organisation_id: org.id, label: 'Accompagnement social global' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const { id: recordId } = await ctx.db
      .insertInto('support_records')
      .values({
        organisation_id: org.id,
        person_id: personId,
        type_id: typeId,
        team_id: org.teamId,
        opened_on: today,
        created_by: workerId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const response = await worker.post('/api/aid-requests', {
      personId,
      aidTypeId,
      supportRecordId: recordId,
      amountAskedCents: 400_00,
      purpose: 'Facture EDF',
    })
    expect(response.statusCode, response.body).toBe(201)
    expect(response.json()).toMatchObject({
      status: 'draft',
      supportRecordId: recordId,
      teamId: org.teamId,
      teamName: 'Accueil social',
      requestedOn: today,
      requiredDocuments: [{ typeId: invoiceType, label: 'Facture', attached: false }],
      can: { edit: true, submit: true, decideUrgently: false },
    })
    expect(response.json().warnings.map((w: { code: string }) => w.code)).toEqual([
      'AID_CEILING_PER_REQUEST',
      'AID_DOCUMENTS_MISSING',
    ])
    // A follow-up of someone else is refused.
    const other = await worker.post('/api/aid-requests', {
      personId: await person(),
      aidTypeId,
      supportRecordId: recordId,
      amountAskedCents: 10_00,
      purpose: 'Essai',
    })
    expect(errorsOf(other)).toEqual([
      { path: 'supportRecordId', message: 'Cet accompagnement ne concerne pas cette personne.' },
    ])
  })

  it('the budget: reste à vivre per day and per consumption unit computed by the server, the quotient by the pricing module', async () => {
    const aidTypeId = await newAid({ quotientCeilingCents: 500_00 })
    const mother = await insertPerson(ctx.db, org.id, {
      lastName: 'Budget',
      birthDate: '1988-01-01',
      monthlyCents: [1200_00],
      teamId: org.teamId,
    })
    const child = await insertPerson(ctx.db, org.id, {
      lastName: 'Budget',
      birthDate: '2018-05-05',
      teamId: org.teamId,
    })
    const householdId = await insertHousehold(ctx.db, org.id, {
      members: [
        { personId: mother, relationship: 'head' },
        { personId: child, relationship: 'child' },
      ],
    })
    const created = await worker.post('/api/aid-requests', {
      personId: mother,
      aidTypeId,
      amountAskedCents: 100_00,
      purpose: 'Loyer',
    })
    expect(created.json()).toMatchObject({ householdId, quotientCents: null, figures: null })
    expect(created.json().warnings.map((w: { code: string }) => w.code)).toEqual(['AID_QUOTIENT_UNKNOWN'])
    const saved = await worker.put(`/api/aid-requests/${created.json().id}/budget`, {
      adults: 1,
      children: 1,
      resources: [
        { kind: 'salary', monthlyCents: 1200_00 },
        { kind: 'family_benefits', monthlyCents: 150_00 },
      ],
      charges: [
        { kind: 'rent', monthlyCents: 650_00 },
        { kind: 'energy', monthlyCents: 90_00 },
      ],
    })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json().figures).toEqual({
      resourcesCents: 1350_00,
      chargesCents: 740_00,
      householdSize: 2,
      consumptionUnits: 1.3,
      remainingPerDayCents: 2033, // 610 € / 30 days
      remainingPerUnitDayCents: 1564, // 20,33 € / 1,3
    })
    // 1 200 € for 2 shares (one adult, a single parent's extra half, a child's half): 600 € > 500 €.
    expect(saved.json().quotientCents).toBeGreaterThan(500_00)
    expect(saved.json().warnings.map((w: { code: string }) => w.code)).toEqual(['AID_QUOTIENT_CEILING'])
    const stored = await ctx.db
      .selectFrom('aid_requests')
      .selectAll()
      .where('id', '=', created.json().id)
      .executeTakeFirstOrThrow()
    expect(stored).toMatchObject({
      resources_cents: 1350_00,
      charges_cents: 740_00,
      remaining_per_day_cents: 2033,
      remaining_per_unit_day_cents: 1564,
      household_size: 2,
    })
    expect(Number(stored.consumption_units)).toBe(1.3)
    // A budget for nobody, or negative amounts, are refused.
    const empty = await worker.put(`/api/aid-requests/${created.json().id}/budget`, {
      adults: 0,
      children: 0,
      resources: [],
      charges: [],
    })
    expect(errorsOf(empty).map((e) => e.path)).toEqual(['adults'])
    const negative = await worker.put(`/api/aid-requests/${created.json().id}/budget`, {
      adults: 1,
      children: 0,
      resources: [{ kind: 'rsa', monthlyCents: -1 }],
      charges: [],
    })
    expect(negative.statusCode).toBe(400)
  })

  it('documents from the person’s GED: the required ones are checked off; another person’s are refused', async () => {
    const aidTypeId = await newAid({ requiredDocumentTypeIds: [invoiceType] })
    const request = await draft(aidTypeId)
    const document = async (personId: string) => {
      const id = randomUUID()
      await ctx.db
        .insertInto('documents')
        .values({
          id,
          organisation_id: org.id,
          person_id: personId,
          type_id: invoiceType,
          file_name: 'facture-edf.pdf',
          content_type: 'application/pdf',
          size_bytes: 100,
          sha256: 'b'.repeat(64),
        })
        .execute()
      return id
    }
    const mine = await document(request.personId)
    const saved = await worker.put(`/api/aid-requests/${request.id}/documents`, { documentIds: [mine] })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json().documents).toEqual([
      { id: mine, fileName: 'facture-edf.pdf', typeId: invoiceType, typeLabel: 'Facture' },
    ])
    expect(saved.json().requiredDocuments).toEqual([
      { typeId: invoiceType, label: 'Facture', attached: true },
    ])
    expect(saved.json().warnings).toEqual([])
    const foreign = await worker.put(`/api/aid-requests/${request.id}/documents`, {
      documentIds: [mine, await document(await person())],
    })
    expect(errorsOf(foreign)).toEqual([
      { path: 'documentIds.1', message: 'Document inconnu dans le dossier de la personne.' },
    ])
    expect((await worker.get(`/api/aid-requests/${request.id}`)).json().documents).toHaveLength(1)
  })

  it('the assessment and residence are saved; residence and age rules warn', async () => {
    const aidTypeId = await newAid({ residenceRequired: true, minAge: 18, maxAge: 25 })
    const request = await draft(aidTypeId)
    expect(request.warnings.map((w: { code: string }) => w.code)).toEqual(['AID_AGE_RANGE', 'AID_RESIDENCE'])
    const saved = await worker.put(`/api/aid-requests/${request.id}`, {
      aidTypeId,
      requestedOn: addDays(today, -1),
      amountAskedCents: 80_00,
      purpose: 'Caution d’un logement',
      urgent: false,
      creditorName: null,
      resident: true,
      assessment: 'Jeune en rupture familiale, premier logement autonome.',
    })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json()).toMatchObject({
      resident: true,
      assessment: 'Jeune en rupture familiale, premier logement autonome.',
      amountAskedCents: 80_00,
    })
    expect(saved.json().warnings.map((w: { code: string }) => w.code)).toEqual(['AID_AGE_RANGE'])
    const future = await worker.put(`/api/aid-requests/${request.id}`, {
      aidTypeId,
      requestedOn: addDays(today, 3),
      amountAskedCents: 80_00,
      purpose: 'Caution d’un logement',
      urgent: false,
      resident: true,
    })
    expect(errorsOf(future).map((e) => e.path)).toEqual(['requestedOn'])
  })
})

describe('submitting and deciding', () => {
  it('submitted, then decided urgently by an allowed role within the ceiling', async () => {
    const aidTypeId = await newAid()
    const request = await draft(aidTypeId, { urgent: true })
    const submitted = await worker.post(`/api/aid-requests/${request.id}/submit`)
    expect(submitted.json()).toMatchObject({
      status: 'submitted',
      can: { edit: true, submit: false, decideUrgently: true },
    })
    expect((await worker.post(`/api/aid-requests/${request.id}/submit`)).json().code).toBe(
      'AID_STATUS_CONFLICT',
    )
    const above = await worker.post(`/api/aid-requests/${request.id}/urgent-decision`, {
      decision: 'granted',
      grantedCents: 150_01,
      paymentForm: 'creditor',
    })
    expect(above.statusCode).toBe(400)
    expect(above.json()).toMatchObject({
      code: 'AID_URGENT_CEILING',
      errors: [
        { path: 'grantedCents', message: 'Au-delà de 150,00 €, la décision revient à la commission.' },
      ],
    })
    const decided = await worker.post(`/api/aid-requests/${request.id}/urgent-decision`, {
      decision: 'granted',
      grantedCents: 100_00,
      paymentForm: 'creditor',
    })
    expect(decided.statusCode, decided.body).toBe(200)
    expect(decided.json()).toMatchObject({
      status: 'granted',
      grantedCents: 100_00,
      decisionChannel: 'urgent',
      paymentForm: 'creditor',
      derogation: false,
      decidedOn: today,
      can: { edit: false, withdraw: false, decideUrgently: false },
      decisions: [
        { channel: 'urgent', decision: 'granted', grantedCents: 100_00, decidedByName: 'Agent de test' },
      ],
    })
    expect((await worker.post(`/api/aid-requests/${request.id}/withdraw`, { reason: 'x' })).json().code).toBe(
      'AID_STATUS_CONFLICT',
    )
  })

  it('a role the règlement does not name may not decide urgently; an aid without urgent ceiling never', async () => {
    const aidTypeId = await newAid()
    const request = await draft(aidTypeId)
    await worker.post(`/api/aid-requests/${request.id}/submit`)
    const byEducator = await educator.post(`/api/aid-requests/${request.id}/urgent-decision`, {
      decision: 'refused',
      refusalMotif: 'other_help',
    })
    expect(byEducator.statusCode).toBe(403)
    expect(byEducator.json().code).toBe('AID_URGENT_NOT_ALLOWED')
    const commissionOnly = await newAid({ urgentDeciderRoles: [], urgentCeilingCents: null })
    const other = await draft(commissionOnly)
    await worker.post(`/api/aid-requests/${other.id}/submit`)
    expect(
      (
        await director.post(`/api/aid-requests/${other.id}/urgent-decision`, {
          decision: 'granted',
          grantedCents: 1_00,
          paymentForm: 'transfer',
        })
      ).json().code,
    ).toBe('AID_URGENT_NOT_ALLOWED')
    expect((await worker.get(`/api/aid-requests/${request.id}`)).json().status).toBe('submitted')
  })

  it('an urgent grant beyond another rule is a derogation, kept with its reason', async () => {
    const aidTypeId = await newAid({ ceilingPerRequestCents: 50_00 })
    const request = await draft(aidTypeId)
    await worker.post(`/api/aid-requests/${request.id}/submit`)
    const decided = await director.post(`/api/aid-requests/${request.id}/urgent-decision`, {
      decision: 'granted',
      grantedCents: 120_00,
      paymentForm: 'transfer',
      derogationNote: 'Enfant en bas âge, coupure imminente',
    })
    expect(decided.json()).toMatchObject({
      derogation: true,
      derogationNote: 'Enfant en bas âge, coupure imminente',
      decisions: [{ derogation: true }],
    })
  })

  it('an urgent refusal with its motif', async () => {
    const request = await draft(await newAid())
    await worker.post(`/api/aid-requests/${request.id}/submit`)
    const refused = await worker.post(`/api/aid-requests/${request.id}/urgent-decision`, {
      decision: 'refused',
      refusalMotif: 'sufficient_remaining',
    })
    expect(refused.json()).toMatchObject({
      status: 'refused',
      refusalMotif: 'sufficient_remaining',
      grantedCents: null,
    })
  })

  it('withdrawn by the person, or dismissed, with the reason; a closed request no longer changes', async () => {
    const aidTypeId = await newAid()
    const a = await draft(aidTypeId)
    const withdrawn = await worker.post(`/api/aid-requests/${a.id}/withdraw`, {
      reason: 'A trouvé un emploi',
    })
    expect(withdrawn.json()).toMatchObject({
      status: 'withdrawn',
      closedReason: 'A trouvé un emploi',
      can: { edit: false },
    })
    const edit = await worker.put(`/api/aid-requests/${a.id}/documents`, { documentIds: [] })
    expect(edit.statusCode).toBe(409)
    expect(edit.json().detail).toBe(
      'Impossible de changer les pièces : la demande est au stade « Retirée par la personne ».',
    )
    const b = await draft(aidTypeId)
    await worker.post(`/api/aid-requests/${b.id}/submit`)
    expect((await worker.post(`/api/aid-requests/${b.id}/dismiss`, { reason: '' })).statusCode).toBe(400)
    expect(
      (
        await worker.post(`/api/aid-requests/${b.id}/dismiss`, { reason: 'Sans nouvelles depuis deux mois' })
      ).json().status,
    ).toBe('dismissed')
  })
})

describe('lists', () => {
  it('filters, one page at a time with the total; a person’s requests', async () => {
    const aidTypeId = await newAid({ code: 'LISTE', label: 'Aide listée' })
    const personId = await person()
    for (let i = 0; i < 3; i++) {
      await createAidRequest(ctx.db, org.id, {
        personId,
        aidTypeId,
        status: i === 0 ? 'granted' : 'submitted',
        teamId: org.teamId,
        requestedOn: addDays(today, -i),
      })
    }
    const page1 = await worker.get(`/api/aid-requests?aidTypeId=${aidTypeId}&pageSize=2`)
    expect(page1.json()).toMatchObject({ total: 3, page: 1, pageSize: 2 })
    expect(page1.json().items).toHaveLength(2)
    expect(page1.json().items[0]).toMatchObject({
      aidTypeLabel: 'Aide listée',
      personName: 'DEMANDEUR Camille',
      teamName: 'Accueil social',
    })
    const page2 = await worker.get(`/api/aid-requests?aidTypeId=${aidTypeId}&pageSize=2&page=2`)
    expect(page2.json().items).toHaveLength(1)
    expect((await worker.get(`/api/aid-requests?aidTypeId=${aidTypeId}&status=submitted`)).json().total).toBe(
      2,
    )
    expect(
      (await worker.get(`/api/aid-requests?personId=${personId}&from=${today}&to=${today}`)).json().total,
    ).toBe(1)
    expect((await worker.get('/api/aid-requests?status=perdue')).statusCode).toBe(400)
  })

  it('a request of a confidential team’s person, or of another organisation, is not found', async () => {
    const aidTypeId = await newAid()
    const hidden = await createAidPerson(ctx.db, org.id, { teamId: org.confidentialTeamId })
    const id = await createAidRequest(ctx.db, org.id, { personId: hidden, aidTypeId })
    expect((await worker.get(`/api/aid-requests/${id}`)).statusCode).toBe(404)
    expect((await director.get(`/api/aid-requests/${id}`)).statusCode).toBe(200)
    expect((await worker.get(`/api/aid-requests?personId=${hidden}`)).json().total).toBe(0)
    const other = await createOrganisation(ctx, 'CCAS d’Ailleurs')
    const otherAid = await createAidType(ctx.db, other.id)
    const foreign = await createAidRequest(ctx.db, other.id, {
      personId: await createAidPerson(ctx.db, other.id),
      aidTypeId: otherAid.id,
    })
    expect((await director.get(`/api/aid-requests/${foreign}`)).statusCode).toBe(404)
    expect((await director.post(`/api/aid-requests/${foreign}/withdraw`, { reason: 'x' })).statusCode).toBe(
      404,
    )
  })

  it('the person’s timeline and access export show the requests', async () => {
    const aidTypeId = await newAid({ label: 'Aide au timeline' })
    const request = await draft(aidTypeId)
    const timeline = await worker.get(`/api/people/${request.personId}/timeline?kind=aid_request`)
    expect(timeline.statusCode, timeline.body).toBe(200)
    expect(timeline.json().items[0]).toMatchObject({
      kind: 'aid_request',
      title: 'Aide au timeline — Brouillon',
    })
  })
})
