import { PDFParse } from 'pdf-parse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { multipartBody, SAMPLE_FILES } from '../../../../tests/support/multipart.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import { domiciliationEnd, monthsBefore } from '../../../shared/domiciliation-workflow.ts'
import type { Role } from '../../../shared/roles.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let worker: ApiClient
let director: ApiClient
let admin: ApiClient
let educator: ApiClient
const today = todayInFrance()
const errorsOf = (response: { json: () => { errors?: { path: string; message: string }[] } }) =>
  response.json().errors ?? []

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx, 'CCAS de Domiville')
  const user = (roles: Role[]) =>
    createUser(ctx, org.id, { roles, teamIds: [org.teamId], totp: roles.includes('director') })
  worker = await signedIn(ctx, await user(['social_worker']))
  director = await signedIn(ctx, await user(['director']))
  admin = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['administrator'], totp: true }))
  educator = await signedIn(ctx, await user(['educator']))
})
afterAll(() => ctx?.close())

const person = async (lastName: string, extra: object = {}) => {
  const response = await worker.post('/api/people', {
    lastName,
    firstNames: 'Jeanne',
    birthDate: '1980-04-02',
    birthPlace: 'Lyon',
    teamId: org.teamId,
    ...extra,
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json().id as string
}
const open = async (personId: string, requestedOn = addDays(today, -5)) => {
  const response = await worker.post('/api/domiciliations', { personId, requestedOn })
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}
const instructed = async (personId: string, requestedOn = addDays(today, -5)) => {
  const period = await open(personId, requestedOn)
  const saved = await worker.put(`/api/domiciliations/${period.id}/instruction`, {
    interviewOn: requestedOn,
    communeLink: 'residence',
    residentialSituation: 'street',
    instabilityCause: 'eviction',
    reasons: ['benefits'],
  })
  expect(saved.statusCode, saved.body).toBe(200)
  const submitted = await worker.post(`/api/domiciliations/${period.id}/submit`)
  expect(submitted.statusCode, submitted.body).toBe(200)
  return period.id as string
}
const decide = (client: ApiClient, id: string, body: object) =>
  client.post(`/api/domiciliations/${id}/decisions`, body)
const granted = async (personId: string, startOn = addDays(today, -2), requestedOn = addDays(today, -5)) => {
  const id = await instructed(personId, requestedOn)
  const response = await decide(director, id, { decision: 'granted', startOn })
  expect(response.statusCode, response.body).toBe(200)
  return id
}
const pdfText = async (response: { rawPayload: Buffer }) =>
  (await new PDFParse({ data: new Uint8Array(response.rawPayload) }).getText()).text.replace(/\s+/g, ' ')

describe('the period dates', () => {
  it('ends a year minus a day after the start, at month ends and on 29 February', () => {
    expect(domiciliationEnd('2025-01-01')).toBe('2025-12-31')
    expect(domiciliationEnd('2025-01-31')).toBe('2026-01-30')
    expect(domiciliationEnd('2024-12-31')).toBe('2025-12-30')
    // Leap years: a start on 29 February has its anniversary on 1 March; 29 February can be an end.
    expect(domiciliationEnd('2024-02-29')).toBe('2025-02-28')
    expect(domiciliationEnd('2023-03-01')).toBe('2024-02-29')
    expect(domiciliationEnd('2024-03-01')).toBe('2025-02-28')
    expect(domiciliationEnd('2027-02-28')).toBe('2028-02-27')
  })

  it('counts months without contact back to the same day, or the month’s last', () => {
    expect(monthsBefore('2026-05-31', 3)).toBe('2026-02-28')
    expect(monthsBefore('2024-05-31', 3)).toBe('2024-02-29')
    expect(monthsBefore('2026-01-15', 3)).toBe('2025-10-15')
    expect(monthsBefore('2026-12-06', 12)).toBe('2025-12-06')
  })
})

describe('a first request', () => {
  it('goes from instruction to a grant by the director, its end a year minus a day later', async () => {
    const personId = await person('Premiere')
    const upload = multipartBody(
      { personId, typeId: (await worker.get('/api/document-types')).json().items[0].id },
      { name: 'cni.pdf', content: SAMPLE_FILES.pdf },
    )
    const document = await worker.request('POST', '/api/documents', upload.payload, upload.headers)
    expect(document.statusCode, document.body).toBe(201)

    const period = await open(personId)
    expect(period).toMatchObject({ kind: 'first', status: 'instruction', previousId: null })

    // Sent for decision only once the interview and the link with the commune are known.
    const early = await worker.post(`/api/domiciliations/${period.id}/submit`)
    expect(early.statusCode).toBe(400)
    expect(errorsOf(early)).toEqual([{ path: 'interviewOn', message: 'Indiquez la date de l’entretien.' }])

    const foreignDocument = await worker.put(`/api/domiciliations/${period.id}/instruction`, {
      documentIds: ['00000000-0000-4000-8000-000000000001'],
    })
    expect(errorsOf(foreignDocument)[0]?.path).toBe('documentIds.0')

    const saved = await worker.put(`/api/domiciliations/${period.id}/instruction`, {
      interviewOn: addDays(today, -4),
      communeLink: 'work',
      communeLinkDetail: 'Travaille au marché',
      residentialSituation: 'third_party',
      instabilityCause: 'family_breakdown',
      reasons: ['benefits', 'rights'],
      income: { value: true, detail: 'RSA' },
      support: { value: false },
      documentIds: [document.json().id],
    })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json().instruction).toMatchObject({
      communeLink: 'work',
      income: { value: true, detail: 'RSA' },
      support: { value: false, detail: null },
      documentIds: [document.json().id],
    })
    expect((await worker.post(`/api/domiciliations/${period.id}/submit`)).json().status).toBe(
      'awaiting_decision',
    )

    // The social worker instructs; the director decides (the default decision role).
    const list = await worker.get(`/api/domiciliations?personId=${personId}`)
    expect(list.json()).toMatchObject({ canInstruct: true, canDecide: false })
    const refused = await decide(worker, period.id, { decision: 'granted', startOn: today })
    expect(refused.statusCode).toBe(403)

    const startOn = addDays(today, -1)
    const grant = await decide(director, period.id, { decision: 'granted', startOn })
    expect(grant.statusCode, grant.body).toBe(200)
    expect(grant.json()).toMatchObject({
      status: 'granted',
      startOn,
      endOn: domiciliationEnd(startOn),
      firstDomiciledOn: startOn,
      decisions: [{ decision: 'granted', effectiveOn: startOn, undoneAt: null }],
    })
    expect((await director.get(`/api/domiciliations?personId=${personId}`)).json().canDecide).toBe(true)
    // The certificate is filed in the person's documents (the organisation keeps a « Formulaire Cerfa » type).
    const filed = (await worker.get(`/api/documents?personId=${personId}&recordType=domiciliation`)).json()
    expect(filed.items).toEqual([
      expect.objectContaining({
        typeLabel: 'Formulaire Cerfa',
        recordId: period.id,
        fileName: expect.stringMatching(/^attestation-domiciliation-.*\.pdf$/),
      }),
    ])
    const stored = await worker.get(`/api/documents/${filed.items[0].id}/file`)
    expect(await pdfText(stored)).toContain('Attestation d’élection de domicile')

    // A second decision on a period in force is not a grant.
    const twice = await decide(director, period.id, { decision: 'granted', startOn })
    expect(errorsOf(twice)[0]?.message).toContain('la domiciliation est au stade « Accordée »')
  })

  it('keeps one request at a time, and refuses bad input with French messages, never a 500', async () => {
    const personId = await person('Unique')
    const period = await open(personId)
    const again = await worker.post('/api/domiciliations', { personId, requestedOn: today })
    expect(errorsOf(again)).toEqual([
      {
        path: 'personId',
        message: 'Une demande de domiciliation est déjà en cours pour cette personne : complétez-la.',
      },
    ])
    const future = await worker.post('/api/domiciliations', { personId, requestedOn: addDays(today, 3) })
    expect(errorsOf(future)[0]).toMatchObject({ path: 'requestedOn' })
    const nul = await worker.put(`/api/domiciliations/${period.id}/instruction`, { comments: 'a\u0000b' })
    expect(nul.statusCode).toBe(400)
    const badLink = await worker.put(`/api/domiciliations/${period.id}/instruction`, { communeLink: 'moon' })
    expect(errorsOf(badLink)[0]).toMatchObject({ path: 'communeLink' })
    const unknown = await worker.get('/api/domiciliations/00000000-0000-4000-8000-000000000009')
    expect(unknown.statusCode).toBe(404)
    const notAnId = await worker.get('/api/domiciliations/abc')
    expect(notAnId.statusCode).toBe(400)
    // No name in the logs.
    expect(ctx.logs.join('\n')).not.toContain('Unique')
  })
})

describe('a refusal', () => {
  it('needs a motif and the body the person is re-oriented to, and prints the letter', async () => {
    const personId = await person('Refusee')
    const id = await instructed(personId)
    const noReorientation = await decide(director, id, { decision: 'refused', motif: 'saturation' })
    expect(errorsOf(noReorientation)[0]).toMatchObject({
      path: 'reorientation',
      message: 'Indiquez l’organisme vers lequel la personne est réorientée.',
    })
    const blank = await decide(director, id, {
      decision: 'refused',
      motif: 'saturation',
      reorientation: '  ',
    })
    expect(errorsOf(blank)[0]?.path).toBe('reorientation')
    const refused = await decide(director, id, {
      decision: 'refused',
      motif: 'no_link_with_commune',
      reorientation: 'CCAS de Villeneuve, 1 place de la Mairie',
    })
    expect(refused.json()).toMatchObject({
      status: 'refused',
      refusalMotif: 'no_link_with_commune',
      refusalReorientation: 'CCAS de Villeneuve, 1 place de la Mairie',
    })
    const letter = await worker.get(`/api/domiciliations/${id}/documents/refusal`)
    expect(letter.statusCode, letter.body).toBe(200)
    expect(letter.headers['content-type']).toBe('application/pdf')
    const text = await pdfText(letter)
    expect(text).toContain('CCAS de Domiville')
    expect(text).toContain('REFUSEE Jeanne')
    expect(text).toContain('absence de lien avec la commune')
    expect(text).toContain('CCAS de Villeneuve, 1 place de la Mairie')
    // No certificate for a refused request.
    const certificate = await worker.get(`/api/domiciliations/${id}/documents/certificate`)
    expect(certificate.statusCode).toBe(400)
  })
})

describe('the decision roles', () => {
  it('are set by the administrator or the director, among the roles who read domiciliations', async () => {
    const read = await admin.get('/api/domiciliation-settings')
    expect(read.json()).toMatchObject({
      decisionRoles: ['director'],
      noContactMonths: 3,
      renewalReminderDays: 61,
    })
    const settings = {
      decisionRoles: ['director', 'social_worker'],
      noContactMonths: 3,
      renewalReminderDays: 61,
      postalAddress: '12 rue des Lilas, 69000 Domiville',
    }
    const forbidden = await worker.put('/api/domiciliation-settings', settings)
    expect(forbidden.statusCode).toBe(403)
    const analystRole = await admin.put('/api/domiciliation-settings', {
      ...settings,
      decisionRoles: ['analyst'],
    })
    expect(errorsOf(analystRole)).toEqual([
      {
        path: 'decisionRoles.0',
        message: 'Ce rôle ne consulte pas les domiciliations : il ne peut pas décider.',
      },
    ])
    const none = await admin.put('/api/domiciliation-settings', { ...settings, decisionRoles: [] })
    expect(errorsOf(none)[0]?.path).toBe('decisionRoles')
    const saved = await admin.put('/api/domiciliation-settings', settings)
    expect(saved.statusCode, saved.body).toBe(200)

    const personId = await person('Deleguee')
    const id = await instructed(personId)
    expect((await worker.get(`/api/domiciliations?personId=${personId}`)).json().canDecide).toBe(true)
    expect((await decide(worker, id, { decision: 'granted', startOn: today })).statusCode).toBe(200)
    // The educator reads but does not decide.
    expect((await educator.get(`/api/domiciliations?personId=${personId}`)).json()).toMatchObject({
      canDecide: false,
      canInstruct: false,
    })
    await admin.put('/api/domiciliation-settings', { ...settings, decisionRoles: ['director'] })
    expect((await worker.get(`/api/domiciliations?personId=${personId}`)).json().canDecide).toBe(false)
  })
})

describe('undoing a decision', () => {
  it('puts back the fields the decision replaced, with its reason, audited', async () => {
    const personId = await person('Annulee')
    const id = await granted(personId)
    const period = (await worker.get(`/api/domiciliations/${id}`)).json()
    const decisionId = period.decisions[0].id
    const noReason = await director.post(`/api/domiciliations/${id}/decisions/${decisionId}/undo`, {})
    expect(errorsOf(noReason)[0]?.path).toBe('reason')
    const byWorker = await worker.post(`/api/domiciliations/${id}/decisions/${decisionId}/undo`, {
      reason: 'Erreur',
    })
    expect(byWorker.statusCode).toBe(403)
    const undone = await director.post(`/api/domiciliations/${id}/decisions/${decisionId}/undo`, {
      reason: 'Mauvaise personne',
    })
    expect(undone.statusCode, undone.body).toBe(200)
    expect(undone.json()).toMatchObject({
      status: 'awaiting_decision',
      startOn: null,
      endOn: null,
      firstDomiciledOn: null,
      decisions: [{ id: decisionId, undoReason: 'Mauvaise personne' }],
    })
    expect(undone.json().decisions[0].undoneAt).not.toBeNull()
    const twice = await director.post(`/api/domiciliations/${id}/decisions/${decisionId}/undo`, {
      reason: 'Encore',
    })
    expect(errorsOf(twice)[0]?.path).toBe('decisionId')

    // Refused then undone, then granted: a radiation undone puts the grant back in force.
    const refusal = await decide(director, id, {
      decision: 'refused',
      motif: 'other',
      reorientation: 'CCAS voisin',
    })
    const refusalId = refusal.json().decisions[0].id
    await director.post(`/api/domiciliations/${id}/decisions/${refusalId}/undo`, {
      reason: 'Erreur de saisie',
    })
    const startOn = addDays(today, -3)
    await decide(director, id, { decision: 'granted', startOn })
    const radiated = await decide(director, id, { decision: 'radiated', motif: 'housed', radiatedOn: today })
    expect(radiated.json()).toMatchObject({
      status: 'radiated',
      radiationMotif: 'housed',
      radiationOn: today,
    })
    const [radiation, grant] = radiated.json().decisions
    const olderOne = await director.post(`/api/domiciliations/${id}/decisions/${grant.id}/undo`, {
      reason: 'Non',
    })
    expect(errorsOf(olderOne)[0]?.message).toBe(
      'Seule la dernière décision encore en vigueur de cette domiciliation peut être annulée.',
    )
    const back = await director.post(`/api/domiciliations/${id}/decisions/${radiation.id}/undo`, {
      reason: 'Personne toujours sans logement',
    })
    expect(back.json()).toMatchObject({
      status: 'granted',
      startOn,
      endOn: domiciliationEnd(startOn),
      radiationMotif: null,
      radiationOn: null,
    })
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('entity_id', '=', id)
      .where('action', '=', 'domiciliation.undo')
      .execute()
    expect(audit).toHaveLength(3)
  })
})

describe('renewal and covered household members', () => {
  it('links the renewal to the previous period, which must end before it starts', async () => {
    const child = await person('Renouvele', { firstNames: 'Léo', birthDate: '2015-06-01' })
    const personId = await person('Renouvele')
    const household = await worker.post('/api/households', {
      members: [
        { personId, relationship: 'head' },
        { personId: child, relationship: 'child' },
      ],
    })
    expect(household.statusCode, household.body).toBe(201)
    const stranger = await person('Etranger')

    const firstStart = addDays(today, -300)
    const first = await granted(personId, firstStart, addDays(today, -310))
    const list = (await worker.get(`/api/domiciliations?personId=${personId}`)).json()
    expect(list.household).toEqual([
      { personId: child, displayName: expect.any(String), relationship: 'child' },
    ])
    const outside = await worker.put(`/api/domiciliations/${first}/beneficiaries`, { personIds: [stranger] })
    expect(errorsOf(outside)).toEqual([
      { path: 'personIds.0', message: 'Cette personne ne fait pas partie du foyer.' },
    ])
    const covered = await worker.put(`/api/domiciliations/${first}/beneficiaries`, { personIds: [child] })
    expect(covered.json().beneficiaries).toEqual([
      { personId: child, displayName: expect.stringContaining('RENOUVELE'), relationship: 'child' },
    ])

    const renewal = await open(personId, addDays(today, -1))
    expect(renewal).toMatchObject({ kind: 'renewal', previousId: first, firstDomiciledOn: firstStart })
    await worker.put(`/api/domiciliations/${renewal.id}/instruction`, {
      interviewOn: today,
      communeLink: 'residence',
    })
    await worker.post(`/api/domiciliations/${renewal.id}/submit`)
    const overlapping = await decide(director, renewal.id, { decision: 'granted', startOn: today })
    expect(errorsOf(overlapping)[0]?.path).toBe('startOn')
    const nextStart = addDays(domiciliationEnd(firstStart), 1)
    const renewed = await decide(director, renewal.id, { decision: 'granted', startOn: nextStart })
    expect(renewed.json()).toMatchObject({
      status: 'granted',
      startOn: nextStart,
      endOn: domiciliationEnd(nextStart),
      firstDomiciledOn: firstStart,
    })
    // The first period's grant cannot be undone under its renewal.
    const firstView = (await worker.get(`/api/domiciliations/${first}`)).json()
    const undo = await director.post(
      `/api/domiciliations/${first}/decisions/${firstView.decisions[0].id}/undo`,
      {
        reason: 'Erreur',
      },
    )
    expect(errorsOf(undo)[0]?.path).toBe('decisionId')

    // The certificate names the person, the organisation's address, the period and the covered child.
    await admin.put('/api/domiciliation-settings', {
      decisionRoles: ['director'],
      noContactMonths: 3,
      renewalReminderDays: 61,
      postalAddress: '12 rue des Lilas, 69000 Domiville',
    })
    await worker.put(`/api/domiciliations/${renewal.id}/beneficiaries`, { personIds: [child] })
    const certificate = await worker.get(`/api/domiciliations/${renewal.id}/documents/certificate`)
    expect(certificate.statusCode, certificate.body).toBe(200)
    expect(certificate.headers['content-disposition']).toContain('attestation-domiciliation')
    const text = await pdfText(certificate)
    expect(text).toContain('Attestation d’élection de domicile')
    expect(text).toContain('16030*01')
    expect(text).toContain('RENOUVELE Jeanne')
    expect(text).toContain('02/04/1980')
    expect(text).toContain('Lyon')
    expect(text).toContain('CCAS de Domiville')
    expect(text).toContain('12 rue des Lilas, 69000 Domiville')
    expect(text).toContain(
      `du ${nextStart.split('-').reverse().join('/')} au ${domiciliationEnd(nextStart).split('-').reverse().join('/')}`,
    )
    expect(text).toContain('Léo')
    expect(text).toContain('Enfant')
    const request = await worker.get(`/api/domiciliations/${renewal.id}/documents/request`)
    const requestText = await pdfText(request)
    expect(requestText).toContain('16029*01')
    expect(requestText).toContain('Renouvellement')
    expect(requestText).toContain('Installation sur le territoire de la commune')
  })
})

describe('radiation candidates', () => {
  let noContact: string
  let recentContact: string
  let ended: string
  let neverContacted: string
  beforeAll(async () => {
    const settings = {
      decisionRoles: ['director'],
      noContactMonths: 3,
      renewalReminderDays: 61,
      postalAddress: '12 rue des Lilas, 69000 Domiville',
    }
    await admin.put('/api/domiciliation-settings', settings)
    noContact = await granted(await person('Silencieux'), addDays(today, -200), addDays(today, -210))
    recentContact = await granted(await person('Present'), addDays(today, -200), addDays(today, -210))
    ended = await granted(await person('Echu'), addDays(today, -200), addDays(today, -210))
    // Started 40 days ago, never seen since: not yet three months.
    neverContacted = await granted(await person('Nouveau'), addDays(today, -40), addDays(today, -41))
    const at = (date: string) => new Date(`${date}T10:00:00Z`)
    await ctx.db
      .updateTable('domiciliations')
      .set({ last_contact_at: at(addDays(today, -100)) })
      .where('id', '=', noContact)
      .execute()
    await ctx.db
      .updateTable('domiciliations')
      .set({ last_contact_at: at(addDays(today, -20)) })
      .where('id', '=', recentContact)
      .execute()
    // A period granted long ago (as an import would bring it), ended last week.
    await ctx.db
      .updateTable('domiciliations')
      .set({
        start_on: addDays(today, -372),
        end_on: addDays(today, -8),
        last_contact_at: at(addDays(today, -10)),
      })
      .where('id', '=', ended)
      .execute()
  })

  it('lists people without contact for the configured months (last contact, else the start) and periods ended without renewal', async () => {
    const list = await director.get('/api/domiciliations/radiation-candidates?pageSize=200')
    expect(list.statusCode, list.body).toBe(200)
    const ids = list.json().items.map((c: { id: string }) => c.id)
    expect(ids).toContain(noContact)
    expect(ids).toContain(ended)
    expect(ids).not.toContain(recentContact)
    expect(ids).not.toContain(neverContacted)
    expect(list.json()).toMatchObject({ noContactMonths: 3, canDecide: true, total: ids.length })
    const endedOne = list.json().items.find((c: { id: string }) => c.id === ended)
    expect(endedOne).toMatchObject({ reason: 'ended', motif: 'end_without_renewal' })
    expect(list.json().items.find((c: { id: string }) => c.id === noContact)).toMatchObject({
      reason: 'no_contact',
      motif: 'no_contact',
      displayName: expect.stringContaining('SILENCIEUX'),
    })
    const onlyEnded = await director.get('/api/domiciliations/radiation-candidates?reason=ended')
    expect(onlyEnded.json().items.map((c: { id: string }) => c.id)).toEqual([ended])
    const paged = await director.get('/api/domiciliations/radiation-candidates?pageSize=1&page=2')
    expect(paged.json()).toMatchObject({ page: 2, pageSize: 1, total: ids.length })
    expect(paged.json().items).toHaveLength(1)

    // A shorter rule brings the one last seen 20 days ago... not at one month; at 1 month the newcomer.
    await admin.put('/api/domiciliation-settings', {
      decisionRoles: ['director'],
      noContactMonths: 1,
      renewalReminderDays: 61,
    })
    const shorter = (await director.get('/api/domiciliations/radiation-candidates?pageSize=200')).json()
    expect(shorter.items.map((c: { id: string }) => c.id)).toContain(neverContacted)
    expect(shorter.items.map((c: { id: string }) => c.id)).not.toContain(recentContact)
    await admin.put('/api/domiciliation-settings', {
      decisionRoles: ['director'],
      noContactMonths: 3,
      renewalReminderDays: 61,
    })
  })

  it('radiates the reviewed ones together, or none when one cannot be', async () => {
    const forbidden = await worker.post('/api/domiciliations/radiations', {
      ids: [noContact],
      motif: 'no_contact',
      radiatedOn: today,
    })
    expect(forbidden.statusCode).toBe(403)
    const withRefused = await director.post('/api/domiciliations/radiations', {
      ids: [noContact, '00000000-0000-4000-8000-000000000003'],
      motif: 'no_contact',
      radiatedOn: today,
    })
    expect(errorsOf(withRefused)).toEqual([{ path: 'ids.1', message: 'Domiciliation inconnue.' }])
    expect((await director.get(`/api/domiciliations/${noContact}`)).json().status).toBe('granted')

    const done = await director.post('/api/domiciliations/radiations', {
      ids: [noContact],
      motif: 'no_contact',
      radiatedOn: today,
    })
    expect(done.json()).toEqual({ radiated: 1 })
    const doneEnded = await director.post('/api/domiciliations/radiations', {
      ids: [ended],
      motif: 'end_without_renewal',
      radiatedOn: today,
    })
    expect(doneEnded.json()).toEqual({ radiated: 1 })
    const list = (await director.get('/api/domiciliations/radiation-candidates?pageSize=200')).json()
    expect(list.items.map((c: { id: string }) => c.id)).not.toContain(noContact)
    const radiated = (await director.get(`/api/domiciliations/${noContact}`)).json()
    expect(radiated).toMatchObject({ status: 'radiated', radiationMotif: 'no_contact', radiationOn: today })
    const letter = await pdfText(await worker.get(`/api/domiciliations/${noContact}/documents/radiation`))
    expect(letter).toContain('fin de votre élection de domicile')
    expect(letter).toContain('absence de contact pendant trois mois consécutifs')
  })
})

describe('the renewal reminder', () => {
  it('tells the team how many periods end soon without a renewal, once, naming no one', async () => {
    const other = await createOrganisation(ctx, 'CCAS des rappels')
    const boss = await createUser(ctx, other.id, { roles: ['director'], teamIds: [other.teamId], totp: true })
    const social = await createUser(ctx, other.id, { roles: ['social_worker'], teamIds: [other.teamId] })
    const front = await createUser(ctx, other.id, { roles: ['front_desk_agent'], teamIds: [other.teamId] })
    const bossClient = await signedIn(ctx, boss)
    const socialClient = await signedIn(ctx, social)
    const personId = (
      await socialClient.post('/api/people', { lastName: 'Echeance', teamId: other.teamId })
    ).json().id
    const period = (
      await socialClient.post('/api/domiciliations', { personId, requestedOn: addDays(today, -320) })
    ).json()
    await socialClient.put(`/api/domiciliations/${period.id}/instruction`, {
      interviewOn: addDays(today, -320),
      communeLink: 'residence',
    })
    await socialClient.post(`/api/domiciliations/${period.id}/submit`)
    const grant = await bossClient.post(`/api/domiciliations/${period.id}/decisions`, {
      decision: 'granted',
      startOn: addDays(today, -320),
    })
    expect(grant.statusCode, grant.body).toBe(200)

    const sent = await ctx.runJob('domiciliation.renewal-reminders')
    expect(sent).toBeGreaterThanOrEqual(2)
    while ((await ctx.deliverEmails()) > 0) {}
    const to = (email: string) => ctx.mailbox.received.filter((m) => m.to === email)
    expect(to(boss.email)).toHaveLength(1)
    expect(to(social.email)).toHaveLength(1)
    expect(to(front.email)).toHaveLength(0)
    expect(to(boss.email)[0]?.text).toContain('1 domiciliation arrive à échéance dans les 61 jours')
    expect(to(boss.email)[0]?.text).not.toContain('Echeance')
    expect(await ctx.runJob('domiciliation.renewal-reminders')).toBe(0)
  })
})

describe('the person’s timeline and access export', () => {
  it('shows the periods to those who read domiciliations', async () => {
    const personId = await person('Chronologie')
    await granted(personId)
    const timeline = await worker.get(`/api/people/${personId}/timeline`)
    expect(timeline.statusCode, timeline.body).toBe(200)
    expect(JSON.stringify(timeline.json())).toContain('Première demande de domiciliation — Accordée')
    const exported = await worker.get(`/api/people/${personId}/export.json`)
    expect(exported.statusCode, exported.body).toBe(200)
    expect(exported.json().records.domiciliation).toHaveLength(1)
    expect(exported.json().recordLabels.domiciliation).toBe('Domiciliation')
  })
})
