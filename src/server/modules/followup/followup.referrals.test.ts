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
let frontDesk: ApiClient
let worker: ApiClient
let serviceId: string
const today = todayInFrance()
const errorsOf = (response: { json: () => { errors?: { path: string; message: string }[] } }) =>
  response.json().errors ?? []

beforeAll(async () => {
  ctx = await createTestContext()
  const org = await createOrganisation(ctx)
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  frontDesk = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['front_desk_agent'], teamIds: [org.teamId] }),
  )
  const partner = await worker.post('/api/partners', { name: 'Mission locale' })
  serviceId = (
    await worker.post(`/api/partners/${partner.json().id}/services`, {
      name: 'Garantie jeunes',
      category: 'employment',
    })
  ).json().id
})
afterAll(() => ctx?.close())

describe('referrals to partners', () => {
  it('refers from the front desk, lists it without answer (overdue past its date), then records the answer once', async () => {
    const personId = (await frontDesk.post('/api/people', { lastName: 'Oriente', firstNames: 'Jade' })).json()
      .id
    const created = await frontDesk.post('/api/partner-referrals', {
      personId,
      partnerServiceId: serviceId,
      origin: 'front_desk',
      referredOn: addDays(today, -20),
      answerDueOn: addDays(today, -5),
    })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({
      partnerServiceName: 'Mission locale — Garantie jeunes',
      answer: 'pending',
      origin: 'front_desk',
    })
    const waiting = (await worker.get('/api/partner-referrals/unanswered')).json()
    expect(waiting.total).toBe(1)
    expect(waiting.items[0]).toMatchObject({ displayName: 'ORIENTE Jade', overdue: true })

    const early = await worker.post(`/api/partner-referrals/${created.json().id}/answer`, {
      answer: 'accepted',
      answeredOn: addDays(today, -30),
    })
    expect(errorsOf(early)).toEqual([
      { path: 'answeredOn', message: 'La réponse ne peut pas précéder l’orientation.' },
    ])
    const future = await worker.post(`/api/partner-referrals/${created.json().id}/answer`, {
      answer: 'accepted',
      answeredOn: addDays(today, 1),
    })
    expect(errorsOf(future)).toEqual([
      { path: 'answeredOn', message: 'La date ne peut pas être dans le futur.' },
    ])
    const answered = await worker.post(`/api/partner-referrals/${created.json().id}/answer`, {
      answer: 'accepted',
      answeredOn: addDays(today, -2),
    })
    expect(answered.json()).toMatchObject({ answer: 'accepted', answeredOn: addDays(today, -2) })
    const twice = await worker.post(`/api/partner-referrals/${created.json().id}/answer`, {
      answer: 'refused',
      answeredOn: today,
    })
    expect(errorsOf(twice)).toEqual([
      { path: 'answer', message: 'La réponse du partenaire est déjà enregistrée (acceptée).' },
    ])
    expect((await worker.get('/api/partner-referrals/unanswered')).json().total).toBe(0)
    const list = (await worker.get(`/api/partner-referrals?personId=${personId}`)).json()
    expect(list.total).toBe(1)
    const timeline = (await worker.get(`/api/people/${personId}/timeline?kind=partner_referrals`)).json()
    expect(timeline.items[0].title).toBe('Orientation vers Mission locale — Garantie jeunes — Acceptée')
    const badDue = await worker.post('/api/partner-referrals', {
      personId,
      partnerServiceId: serviceId,
      origin: 'followup',
      referredOn: today,
      answerDueOn: addDays(today, -1),
    })
    expect(errorsOf(badDue)[0]!.path).toBe('answerDueOn')
  })
})
