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
import type { Role } from '../../../shared/roles.ts'
import { createAidPerson, createAidRequest, createAidType } from './aid.test-factories.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let director: ApiClient
let admin: ApiClient
let worker: ApiClient
let member: { id: string; client: ApiClient }
let otherDirector: ApiClient
let aidTypeId: string
const today = todayInFrance()
const frenchToday = today.split('-').reverse().join('/')

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx, 'CCAS de Lettreville')
  const other = await createOrganisation(ctx, 'CCAS d’Ailleurs')
  const user = async (roles: Role[], name: string, organisationId = org.id) => {
    const created = await createUser(ctx, organisationId, {
      roles,
      name,
      teamIds: [organisationId === org.id ? org.teamId : other.teamId],
      totp: roles.includes('director') || roles.includes('administrator'),
    })
    return { id: created.id, client: await signedIn(ctx, created) }
  }
  director = (await user(['director'], 'Directrice Dubois')).client
  admin = (await user(['administrator'], 'Admin Martin')).client
  worker = (await user(['social_worker'], 'Travailleuse Sociale')).client
  member = await user(['commission_member'], 'Élue Arnaud')
  otherDirector = (await user(['director'], 'Directeur Ailleurs', other.id)).client
  aidTypeId = (await createAidType(ctx.db, org.id, { label: 'Secours d’urgence' })).id
})
afterAll(() => ctx?.close())

const ok = (response: Awaited<ReturnType<ApiClient['get']>>, status = 200) => {
  expect(response.statusCode, response.body).toBe(status)
  return response.json()
}
/** The PDF's text on one line, spaces of every kind made plain. */
const pdfText = async (response: { rawPayload: Buffer }) =>
  (await new PDFParse({ data: new Uint8Array(response.rawPayload) }).getText()).text.replace(
    /[\s\u00a0\u202f]+/g,
    ' ',
  )
const person = async (lastName: string, firstNames: string) =>
  ok(
    await worker.post('/api/people', {
      lastName,
      firstNames,
      birthDate: '1985-03-10',
      address: '12 rue des Lilas',
      postalCode: '69003',
      city: 'Lyon',
      teamId: org.teamId,
    }),
    201,
  ).id as string
const submitted = async (personId: string) =>
  createAidRequest(ctx.db, org.id, {
    personId,
    aidTypeId,
    status: 'submitted',
    amountAskedCents: 30000,
    purpose: 'Facture d’électricité impayée',
  })

describe('the commission’s documents', () => {
  let sessionId: string
  let grantedId: string
  let refusedId: string
  let adjournedId: string

  beforeAll(async () => {
    ok(
      await admin.put('/api/aid-settings', {
        quorum: 1,
        showNamesToCommission: false,
        budgetWarningPercent: 80,
        appealText: 'Recours gracieux auprès du président du CCAS de Lettreville dans les deux mois.',
      }),
    )
    grantedId = await submitted(await person('Dupont', 'Jeanne'))
    refusedId = await submitted(await person('Moreau', 'Lucie'))
    adjournedId = await submitted(await person('Lefèvre', 'Karim'))
    sessionId = ok(
      await director.post('/api/aid-sessions', { heldOn: today, startsAt: '14:30', place: 'Mairie' }),
      201,
    ).id
    ok(await director.put(`/api/aid-sessions/${sessionId}/members`, { userIds: [member.id] }))
    ok(await director.put(`/api/aid-sessions/${sessionId}/attendance`, { presentUserIds: [member.id] }))
    ok(
      await director.post(`/api/aid-sessions/${sessionId}/agenda`, {
        requestIds: [grantedId, refusedId, adjournedId],
      }),
    )
    ok(await director.post(`/api/aid-sessions/${sessionId}/open`))
    const decide = (body: object) => member.client.post(`/api/aid-sessions/${sessionId}/decisions`, body)
    ok(
      await decide({
        requestId: grantedId,
        decision: 'granted',
        grantedCents: 25000,
        paymentForm: 'creditor',
      }),
    )
    ok(await decide({ requestId: refusedId, decision: 'refused', refusalMotif: 'sufficient_remaining' }))
    ok(
      await decide({
        requestId: adjournedId,
        decision: 'adjourned',
        adjournmentReason: 'Avis d’imposition 2025',
      }),
    )
  })

  it('prints the minutes once the session is closed, each request as the commission saw it', async () => {
    const early = await director.get(`/api/aid-letters/sessions/${sessionId}/minutes`)
    expect(early.statusCode).toBe(409)
    expect(early.json().detail).toBe('Le procès-verbal s’imprime une fois la séance close.')
    ok(
      await director.post(`/api/aid-sessions/${sessionId}/close`, {
        minutesNote: 'Séance tenue sans incident.',
      }),
    )

    const response = await director.get(`/api/aid-letters/sessions/${sessionId}/minutes`)
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    const text = await pdfText(response)
    expect(text).toContain('Procès-verbal de la commission des aides facultatives')
    expect(text).toContain(`Séance du ${frenchToday} à 14 h 30 — Mairie`)
    expect(text).toContain('Présents : Élue Arnaud')
    expect(text).toContain('1 membre(s) présent(s) pour un quorum de 1 : atteint')
    // Pseudonymised as the settings say: initials, never the name.
    expect(text).toContain('1. J. D.')
    expect(text).not.toContain('DUPONT')
    expect(text).toContain('Décision : Accord : 250,00 € (paiement au créancier)')
    expect(text).toContain('Décision : Refus : reste à vivre suffisant')
    expect(text).toContain('Décision : Ajournement : Avis d’imposition 2025')
    expect(text).toContain('Montant total accordé : 250,00 €')
    expect(text).toContain('Séance tenue sans incident.')
  })

  it('writes each applicant a letter with the decision and the means of appeal', async () => {
    const granted = await pdfText(await director.get(`/api/aid-letters/requests/${grantedId}/decision`))
    expect(granted).toContain('DUPONT Jeanne')
    expect(granted).toContain('12 rue des Lilas')
    expect(granted).toContain('Objet : votre demande d’aide — Secours d’urgence')
    expect(granted).toContain(
      `la commission des aides, réunie le ${frenchToday}, une aide de 250,00 € vous est accordée`,
    )
    expect(granted).toContain('Voies de recours')
    expect(granted).toContain(
      'Recours gracieux auprès du président du CCAS de Lettreville dans les deux mois.',
    )

    const refused = await pdfText(await worker.get(`/api/aid-letters/requests/${refusedId}/decision`))
    expect(refused).toContain('votre demande est refusée, pour le motif suivant : reste à vivre suffisant.')
    const adjourned = await pdfText(await worker.get(`/api/aid-letters/requests/${adjournedId}/decision`))
    expect(adjourned).toContain(
      'a ajourné l’examen de votre demande dans l’attente de : Avis d’imposition 2025.',
    )
    expect(adjourned).not.toContain('Voies de recours')
  })

  it('writes the letter of an urgent decision too, with Trame’s appeal text when the organisation has none', async () => {
    const settings = ok(await admin.get('/api/aid-settings'))
    ok(await admin.put('/api/aid-settings', { ...settings, appealText: null }))
    const urgent = await createAidRequest(ctx.db, org.id, {
      personId: await person('Urgent', 'Paul'),
      aidTypeId,
      status: 'granted',
      amountAskedCents: 8000,
      grantedCents: 8000,
      paymentForm: 'transfer',
      channel: 'urgent',
      decidedOn: today,
    })
    const text = await pdfText(await director.get(`/api/aid-letters/requests/${urgent}/decision`))
    expect(text).toContain(`Par décision d’urgence du ${frenchToday}, une aide de 80,00 € vous est accordée`)
    expect(text).toContain('virement à la personne')
    expect(text).toContain('recours contentieux devant le tribunal administratif')
  })

  it('checks the person’s file before anything: a reader refused it leaves no « letter printed » audit row', async () => {
    // A person of the confidential PAEJ team, whose file the worker of the social team may not see.
    const hidden = await createAidRequest(ctx.db, org.id, {
      personId: await createAidPerson(ctx.db, org.id, {
        lastName: 'Confidentiel',
        teamId: org.confidentialTeamId,
      }),
      aidTypeId,
      status: 'granted',
      amountAskedCents: 6000,
      channel: 'urgent',
    })
    const printed = () =>
      ctx.db
        .selectFrom('audit_log')
        .select('user_id')
        .where('action', '=', 'aid.letter_print')
        .where('entity_id', '=', hidden)
        .execute()
    expect((await worker.get(`/api/aid-letters/requests/${hidden}/decision`)).statusCode).toBe(404)
    expect(await printed()).toEqual([])
    // The director, who sees every team's files, prints it: one row.
    expect((await director.get(`/api/aid-letters/requests/${hidden}/decision`)).statusCode).toBe(200)
    expect(await printed()).toHaveLength(1)
  })

  it('refuses the letters to a commission member and to another organisation, and undecided requests', async () => {
    expect((await member.client.get(`/api/aid-letters/requests/${grantedId}/decision`)).statusCode).toBe(403)
    expect((await member.client.get(`/api/aid-letters/sessions/${sessionId}/minutes`)).statusCode).toBe(403)
    expect((await otherDirector.get(`/api/aid-letters/requests/${grantedId}/decision`)).statusCode).toBe(404)
    expect((await otherDirector.get(`/api/aid-letters/sessions/${sessionId}/minutes`)).statusCode).toBe(404)
    const waiting = await submitted(await person('Attente', 'Marc'))
    const response = await director.get(`/api/aid-letters/requests/${waiting}/decision`)
    expect(response.statusCode).toBe(409)
    expect(response.json().detail).toBe('Aucune décision n’a encore été prise sur cette demande.')
  })
})
