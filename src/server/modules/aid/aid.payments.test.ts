import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import type { AidRequestStatus, PaymentForm } from '../../../shared/aid.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import { createAidRequest, createAidType } from './aid.test-factories.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let admin: ApiClient
let director: ApiClient
let worker: ApiClient
let personId: string
let fundId: string
let energyType: string

const today = () => todayInFrance()
const thisYear = () => Number(today().slice(0, 4))

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx, 'CCAS de Payeville')
  admin = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['administrator'], totp: true }))
  director = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['director'], teamIds: [org.teamId], totp: true }),
  )
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  const person = await worker.post('/api/people', { lastName: 'Payé', teamId: org.teamId })
  expect(person.statusCode, person.body).toBe(201)
  personId = person.json().id
  const fund = await admin.post('/api/aid-funds', { code: 'ENERGIE', name: 'Impayés d’énergie' })
  fundId = fund.json().id
  energyType = await aidType(fundId, 'ENERGIE', ['transfer', 'creditor'])
})
afterAll(() => ctx?.close())

const aidType = async (
  fund: string,
  code: string,
  forms: PaymentForm[],
  voucherKindId: string | null = null,
) =>
  (
    await createAidType(ctx.db, org.id, {
      fundId: fund,
      code,
      label: `Aide ${code}`,
      paymentForms: forms,
      voucherKindId,
    })
  ).id

/** A request as a decision leaves it. */
const request = (
  cents: number,
  status: AidRequestStatus = 'granted',
  typeId = energyType,
  person = personId,
) =>
  createAidRequest(ctx.db, org.id, {
    personId: person,
    aidTypeId: typeId,
    status,
    requestedOn: addDays(today(), -10),
    amountAskedCents: cents,
    purpose: 'Facture d’électricité',
    creditorName: 'EDF Solidarité',
    decidedOn: addDays(today(), -5),
    grantedCents: cents,
    paymentForm: 'creditor',
  })

const paidOf = async (requestId: string) =>
  (
    await ctx.db
      .selectFrom('aid_requests')
      .select('paid_cents')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow()
  ).paid_cents

const pay = (requestId: string, amountCents: number, extra: object = {}, client = director) =>
  client.post('/api/aid-payments', { requestId, amountCents, form: 'creditor', paidOn: today(), ...extra })

const errorOf = (response: { json: () => { errors?: { path: string; message: string }[] } }) =>
  response.json().errors?.[0]

describe('paying a granted aid', () => {
  it('pays in instalments up to what is granted, in exact cents, and refuses a cent more', async () => {
    const id = await request(30_001)
    const first = await pay(id, 20_000, { reference: 'Mandat 2026-118' })
    expect(first.statusCode, first.body).toBe(201)
    expect(first.json()).toMatchObject({
      requestId: id,
      fundId,
      fundName: 'Impayés d’énergie',
      budgetYear: thisYear(),
      amountCents: 20_000,
      form: 'creditor',
      // The creditor of the request, when the payee is not typed.
      payee: 'EDF Solidarité',
      reference: 'Mandat 2026-118',
      cancelledAt: null,
      voucherNumbers: [],
    })
    expect(await paidOf(id)).toBe(20_000)

    const over = await pay(id, 10_002)
    expect(over.statusCode).toBe(400)
    expect(errorOf(over)).toEqual({
      path: 'amountCents',
      message: 'Le montant dépasse ce qui reste à payer sur cette aide : 100,01 € au plus.',
    })
    expect(await paidOf(id)).toBe(20_000)
    expect((await pay(id, 10_001, { form: 'transfer' })).statusCode).toBe(201)
    expect(await paidOf(id)).toBe(30_001)
    expect(errorOf(await pay(id, 1))).toEqual({
      path: 'amountCents',
      message: 'Cette aide est déjà entièrement payée.',
    })

    const page = await worker.get(`/api/aid-payments?requestId=${id}`)
    expect(page.statusCode, page.body).toBe(200)
    expect(page.json()).toMatchObject({
      total: 2,
      request: {
        id,
        status: 'granted',
        grantedCents: 30_001,
        paidCents: 30_001,
        remainingCents: 0,
        paymentForms: ['transfer', 'creditor'],
        creditorName: 'EDF Solidarité',
        fundId,
        closedYears: [],
        voucherKindId: null,
      },
    })
    expect(
      page
        .json()
        .items.map((p: { amountCents: number }) => p.amountCents)
        .sort(),
    ).toEqual([10_001, 20_000])

    // The fund's consumption moved by what was paid.
    const year = await director.get(`/api/aid-funds/${fundId}/consumption?year=${thisYear()}`)
    expect(year.json().paidCents).toBeGreaterThanOrEqual(30_001)
  })

  it('pays two simultaneous payments of one request one after the other: the second finds less to pay', async () => {
    const id = await request(10_000)
    const answers = await Promise.all([pay(id, 6_000), pay(id, 6_000)])
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 400])
    expect(await paidOf(id)).toBe(6_000)
  })

  it('refuses what is not granted, a form the règlement does not allow, a creditor without a name, bad input', async () => {
    for (const status of ['submitted', 'refused', 'on_agenda'] as const) {
      const id = await request(5_000, status)
      const response = await pay(id, 100)
      expect(response.statusCode).toBe(400)
      expect(errorOf(response)!.path).toBe('requestId')
      expect(errorOf(response)!.message).toMatch(
        /^Seule une aide accordée peut être payée : cette demande est « /,
      )
    }
    const id = await request(5_000)
    expect(errorOf(await pay(id, 100, { form: 'in_kind' }))).toEqual({
      path: 'form',
      message:
        'Ce mode de paiement n’est pas prévu par le règlement pour cette aide (prévus : Virement à la personne, Paiement au créancier).',
    })
    await ctx.db.updateTable('aid_requests').set({ creditor_name: null }).where('id', '=', id).execute()
    expect(errorOf(await pay(id, 100))).toEqual({ path: 'payee', message: 'Indiquez le créancier payé.' })
    expect((await pay(id, 100, { payee: 'Office HLM' })).json().payee).toBe('Office HLM')

    const unknown = await pay('00000000-0000-4000-8000-000000000000', 100)
    expect(errorOf(unknown)).toEqual({ path: 'requestId', message: 'Demande d’aide inconnue.' })
    for (const [body, path] of [
      [{ amountCents: 0 }, 'amountCents'],
      [{ amountCents: 12.5 }, 'amountCents'],
      [{ paidOn: addDays(today(), 2) }, 'paidOn'],
      [{ form: 'cash' }, 'form'],
      [{ payee: 'a\u0000b' }, 'payee'],
    ] as const) {
      const response = await pay(id, 100, body)
      expect(response.statusCode, JSON.stringify(body)).toBe(400)
      expect(errorOf(response)!.path).toBe(path)
    }
    expect(await paidOf(id)).toBe(100)
  })

  it('charges a closed year only with a note saying why, and keeps the note', async () => {
    const lastYear = thisYear() - 1
    await admin.put(`/api/aid-funds/${fundId}/budgets/${lastYear}`, { votedCents: 1_000_000 })
    await admin.post(`/api/aid-funds/${fundId}/budgets/${lastYear}/close`)
    const id = await request(8_000)
    const refused = await pay(id, 8_000, { budgetYear: lastYear })
    expect(errorOf(refused)).toEqual({
      path: 'closedYearNote',
      message: `L’exercice ${lastYear} du fonds « Impayés d’énergie » est clos : indiquez pourquoi ce paiement y est imputé.`,
    })
    expect(await paidOf(id)).toBe(0)
    expect((await director.get(`/api/aid-payments?requestId=${id}`)).json().request.closedYears).toEqual([
      lastYear,
    ])

    const noted = await pay(id, 8_000, {
      budgetYear: lastYear,
      closedYearNote: 'Facture de décembre reçue après la clôture',
    })
    expect(noted.statusCode, noted.body).toBe(201)
    expect(noted.json()).toMatchObject({
      budgetYear: lastYear,
      closedYearNote: 'Facture de décembre reçue après la clôture',
    })
    const consumption = await director.get(`/api/aid-funds/${fundId}/consumption?year=${lastYear}`)
    expect(consumption.json()).toMatchObject({ paidCents: 8_000, votedCents: 1_000_000 })
    // An open year keeps no note.
    const open = await request(100)
    expect((await pay(open, 100, { closedYearNote: 'Sans objet' })).json().closedYearNote).toBeNull()
  })

  it('cancels a payment with a reason: the request can be paid again, the fund’s paid amount goes down', async () => {
    const id = await request(12_000)
    const before = (await director.get(`/api/aid-funds/${fundId}/consumption?year=${thisYear()}`)).json()
    const payment = (await pay(id, 12_000)).json()
    const cancelled = await director.post(`/api/aid-payments/${payment.id}/cancel`, {
      reason: 'Virement rejeté : RIB erroné',
    })
    expect(cancelled.statusCode, cancelled.body).toBe(200)
    expect(cancelled.json()).toMatchObject({ cancelReason: 'Virement rejeté : RIB erroné' })
    expect(cancelled.json().cancelledAt).not.toBeNull()
    expect(await paidOf(id)).toBe(0)
    const after = (await director.get(`/api/aid-funds/${fundId}/consumption?year=${thisYear()}`)).json()
    expect(after.paidCents).toBe(before.paidCents)

    const again = await director.post(`/api/aid-payments/${payment.id}/cancel`, { reason: 'Encore' })
    expect(again.statusCode).toBe(400)
    expect(again.json().detail).toBe('Ce paiement est déjà annulé.')
    const blank = await director.post(`/api/aid-payments/${payment.id}/cancel`, { reason: ' ' })
    expect(errorOf(blank)!.path).toBe('reason')
    expect((await pay(id, 12_000)).statusCode).toBe(201)
    expect(await paidOf(id)).toBe(12_000)

    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'person_id'])
      .where('entity_id', '=', payment.id)
      .orderBy('at')
      .execute()
    expect(audit).toEqual([
      { action: 'aid.payment_create', person_id: personId },
      { action: 'aid.payment_cancel', person_id: personId },
    ])
  })

  it('refuses users without aid.pay, and another organisation’s requests and payments', async () => {
    const id = await request(1_000)
    expect((await pay(id, 100, {}, worker)).statusCode).toBe(403)
    const orgB = await createOrganisation(ctx, 'CCAS B')
    const otherDirector = await signedIn(
      ctx,
      await createUser(ctx, orgB.id, { roles: ['director'], teamIds: [orgB.teamId], totp: true }),
    )
    const refused = await pay(id, 100, {}, otherDirector)
    expect(errorOf(refused)).toEqual({ path: 'requestId', message: 'Demande d’aide inconnue.' })
    expect((await otherDirector.get(`/api/aid-payments?requestId=${id}`)).statusCode).toBe(404)
    const payment = (await pay(id, 100)).json()
    expect(
      (await otherDirector.post(`/api/aid-payments/${payment.id}/cancel`, { reason: 'x' })).statusCode,
    ).toBe(404)
    expect(await paidOf(id)).toBe(100)
  })

  it('shows payments on the person’s timeline and in their access export', async () => {
    const timeline = await worker.get(`/api/people/${personId}/timeline?kind=aid_payment`)
    expect(timeline.statusCode, timeline.body).toBe(200)
    expect(timeline.json().items[0]).toMatchObject({
      kind: 'aid_payment',
      title: expect.stringMatching(/versés$/),
    })
    const exported = await worker.get(`/api/people/${personId}/export.json`)
    expect(exported.statusCode, exported.body).toBe(200)
    expect(JSON.stringify(exported.json())).toContain('Aides versées')
  })
})
