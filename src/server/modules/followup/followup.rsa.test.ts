import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let worker: ApiClient
let analyst: ApiClient
let frontDesk: ApiClient
const today = todayInFrance()
const errorsOf = (response: { json: () => { errors?: { path: string; message: string }[] } }) =>
  response.json().errors ?? []

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  analyst = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['analyst'] }))
  frontDesk = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['front_desk_agent'], teamIds: [org.teamId] }),
  )
})
afterAll(() => ctx?.close())

const person = async (lastName: string) =>
  (await worker.post('/api/people', { lastName, firstNames: 'Paul' })).json().id as string
const step = (id: string, body: object) => worker.post(`/api/rsa/applications/${id}/steps`, body)

describe('RSA instruction', () => {
  it('goes from the application to the contract, step by step, each dated', async () => {
    const personId = await person('Instruit')
    const created = await worker.post('/api/rsa/applications', {
      personId,
      teamId: org.teamId,
      receivedOn: addDays(today, -40),
      missingDocuments: ['Avis d’imposition', 'RIB'],
    })
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json().id
    expect(created.json()).toMatchObject({
      status: 'documents_missing',
      missingDocuments: ['Avis d’imposition', 'RIB'],
    })

    const tooEarly = await step(id, { step: 'sent', sentOn: addDays(today, -30) })
    expect(errorsOf(tooEarly)).toEqual([
      {
        path: 'sentOn',
        message: 'Des pièces manquent encore : complétez le dossier avant de l’envoyer à la CAF.',
      },
    ])
    const skipped = await step(id, { step: 'decision', decision: 'granted', decidedOn: addDays(today, -10) })
    expect(errorsOf(skipped)).toEqual([
      {
        path: 'step',
        message: 'Impossible d’enregistrer la décision : la demande est au stade « Pièces manquantes ».',
      },
    ])
    expect((await step(id, { step: 'documents', missingDocuments: [] })).json().status).toBe('received')
    const beforeReceived = await step(id, { step: 'sent', sentOn: addDays(today, -50) })
    expect(errorsOf(beforeReceived)).toEqual([
      { path: 'sentOn', message: 'La date ne peut pas précéder la réception de la demande.' },
    ])
    const future = await step(id, { step: 'sent', sentOn: addDays(today, 2) })
    expect(errorsOf(future)).toEqual([{ path: 'sentOn', message: 'La date ne peut pas être dans le futur.' }])
    expect((await step(id, { step: 'sent', sentOn: addDays(today, -30) })).json().status).toBe('sent_to_caf')
    const again = await step(id, { step: 'sent', sentOn: addDays(today, -29) })
    expect(errorsOf(again)[0]!.message).toContain('« Transmise à la CAF »')
    expect(
      (await step(id, { step: 'decision', decision: 'granted', decidedOn: addDays(today, -20) })).json()
        .status,
    ).toBe('granted')
    const professionalToCcas = await step(id, {
      step: 'orientation',
      orientation: 'professional',
      orientedOn: addDays(today, -15),
      toCcas: true,
    })
    expect(errorsOf(professionalToCcas)[0]!.path).toBe('toCcas')
    expect(
      (
        await step(id, {
          step: 'orientation',
          orientation: 'social',
          orientedOn: addDays(today, -15),
          toCcas: true,
        })
      ).json().status,
    ).toBe('oriented')
    const badReview = await step(id, {
      step: 'contract',
      signedOn: addDays(today, -10),
      goals: [{ label: 'Ouvrir les droits à la CSS' }],
      reviewDates: [addDays(today, -12)],
    })
    expect(errorsOf(badReview)).toEqual([
      { path: 'reviewDates.0', message: 'Une révision suit la signature du contrat.' },
    ])
    const contract = await step(id, {
      step: 'contract',
      signedOn: addDays(today, -10),
      goals: [{ label: 'Ouvrir les droits à la CSS' }, { label: 'Trouver un logement' }],
      reviewDates: [addDays(today, 170), addDays(today, 80)],
    })
    expect(contract.statusCode, contract.body).toBe(200)
    expect(contract.json()).toMatchObject({
      status: 'contract_signed',
      contract: {
        goals: [{ label: 'Ouvrir les droits à la CSS' }, { label: 'Trouver un logement' }],
        reviewDates: [addDays(today, 80), addDays(today, 170)],
      },
    })
    const timeline = (await worker.get(`/api/people/${personId}/timeline?kind=rsa`)).json()
    expect(timeline.items[0].title).toBe('Demande de RSA — Contrat d’engagement signé')
  })

  it('keeps the contract for those oriented to the CCAS, and refuses dates before the RSA existed', async () => {
    const id = (
      await worker.post('/api/rsa/applications', {
        personId: await person('Professionnel'),
        receivedOn: addDays(today, -40),
      })
    ).json().id
    await step(id, { step: 'sent', sentOn: addDays(today, -30) })
    await step(id, { step: 'decision', decision: 'granted', decidedOn: addDays(today, -20) })
    await step(id, {
      step: 'orientation',
      orientation: 'professional',
      orientedOn: addDays(today, -15),
      toCcas: false,
    })
    const contract = await step(id, {
      step: 'contract',
      signedOn: addDays(today, -10),
      goals: [{ label: 'x' }],
      reviewDates: [addDays(today, 10)],
    })
    expect(errorsOf(contract)[0]!.path).toBe('step')
    const ancient = await worker.post('/api/rsa/applications', {
      personId: await person('Ancien'),
      receivedOn: '2008-01-01',
    })
    expect(errorsOf(ancient)).toEqual([
      { path: 'receivedOn', message: 'Date invalide : le RSA existe depuis le 1er juin 2009.' },
    ])
    expect(
      (
        await frontDesk.post('/api/rsa/applications', {
          personId: await person('Accueil'),
          receivedOn: today,
        })
      ).statusCode,
    ).toBe(403)
  })

  it('counts applications instructed per period and team, with no name', async () => {
    const refusedId = (
      await worker.post('/api/rsa/applications', {
        personId: await person('Refusé'),
        teamId: org.teamId,
        receivedOn: addDays(today, -5),
      })
    ).json().id
    await step(refusedId, { step: 'sent', sentOn: addDays(today, -4) })
    await step(refusedId, { step: 'decision', decision: 'refused', decidedOn: addDays(today, -1) })
    const counts = await analyst.get(
      `/api/rsa/counts?from=${addDays(today, -60)}&to=${today}&teamId=${org.teamId}`,
    )
    expect(counts.statusCode, counts.body).toBe(200)
    expect(counts.json().total).toEqual({ received: 2, sentToCaf: 2, granted: 1, refused: 1, contracts: 1 })
    expect(counts.json().byTeam).toEqual([
      {
        teamId: org.teamId,
        teamName: 'Accueil social',
        received: 2,
        sentToCaf: 2,
        granted: 1,
        refused: 1,
        contracts: 1,
      },
    ])
    expect(counts.body).not.toMatch(/INSTRUIT|REFUSÉ|Paul/)
    const lastWeek = (await analyst.get(`/api/rsa/counts?from=${addDays(today, -7)}&to=${today}`)).json()
    expect(lastWeek.total).toMatchObject({ received: 1, refused: 1, granted: 0 })
  })
})
