import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { formatVoucherNumbers, parseVoucherNumbers } from '../../../shared/aid.vouchers.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import { createAidFund, createAidRequest, createAidType } from './aid.test-factories.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let admin: ApiClient
let director: ApiClient
let desk: ApiClient
let personId: string

const today = () => todayInFrance()
const errorOf = (response: { json: () => { errors?: { path: string; message: string }[] } }) =>
  response.json().errors?.[0]

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx, 'CCAS de Ticketville')
  admin = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['administrator'], totp: true }))
  director = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['director'], teamIds: [org.teamId], totp: true }),
  )
  desk = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['front_desk_agent'], teamIds: [org.teamId] }),
  )
  const person = await desk.post('/api/people', { lastName: 'Ticket', teamId: org.teamId })
  expect(person.statusCode, person.body).toBe(201)
  personId = person.json().id
})
afterAll(() => ctx?.close())

async function kind(code: string, faceValueCents: number, fundId: string | null = null) {
  const response = await admin.post('/api/aid-vouchers/kinds', {
    code,
    label: `Bon ${code}`,
    faceValueCents,
    fundId,
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json() as { id: string; label: string }
}

const receive = (kindId: string, firstNumber: number, lastNumber: number, client = desk) =>
  client.post('/api/aid-vouchers/batches', { kindId, firstNumber, lastNumber, receivedOn: today() })

const stockOf = async (kindId: string) => {
  const response = await desk.get('/api/aid-vouchers/kinds')
  expect(response.statusCode, response.body).toBe(200)
  return response.json().items.find((k: { id: string }) => k.id === kindId)
}

const issue = (kindId: string, numbers: number[], extra: object = {}, client = desk) =>
  client.post('/api/aid-vouchers/issue', { kindId, numbers, personId, issuedOn: today(), ...extra })

const paidOf = async (requestId: string) =>
  (
    await ctx.db
      .selectFrom('aid_requests')
      .select('paid_cents')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow()
  ).paid_cents

describe('voucher kinds and batches', () => {
  it('keeps kinds, receives batches as number ranges and refuses overlaps with a clear message', async () => {
    const fundId = await createAidFund(ctx.db, org.id)
    const food = await kind('TS', 1_000, fundId)
    const duplicate = await admin.post('/api/aid-vouchers/kinds', {
      code: 'ts',
      label: 'Autre',
      faceValueCents: 1,
    })
    expect(errorOf(duplicate)).toEqual({
      path: 'code',
      message: 'Ce code est déjà celui d’un autre type de bon.',
    })
    const wrongFund = await admin.post('/api/aid-vouchers/kinds', {
      code: 'X',
      label: 'X',
      faceValueCents: 1,
      fundId: '00000000-0000-4000-8000-000000000000',
    })
    expect(errorOf(wrongFund)).toEqual({ path: 'fundId', message: 'Fonds inconnu.' })
    const renamed = await admin.patch(`/api/aid-vouchers/kinds/${food.id}`, {
      label: 'Ticket service',
      faceValueCents: 800,
    })
    expect(renamed.json()).toMatchObject({
      label: 'Ticket service',
      faceValueCents: 800,
      fundId,
      active: true,
    })

    const batch = await receive(food.id, 100, 199)
    expect(batch.statusCode, batch.body).toBe(201)
    expect(batch.json()).toMatchObject({ firstNumber: 100, lastNumber: 199, count: 100 })
    const overlap = await receive(food.id, 150, 250)
    expect(overlap.statusCode).toBe(400)
    const day = today().split('-').reverse().join('/')
    expect(errorOf(overlap)).toEqual({
      path: 'firstNumber',
      message: `Ces numéros chevauchent un lot de « Ticket service » déjà reçu le ${day} (n° 100 à 199) : vérifiez la plage.`,
    })
    expect(errorOf(await receive(food.id, 50, 100))!.path).toBe('firstNumber')
    expect((await receive(food.id, 200, 249)).statusCode).toBe(201)
    expect(errorOf(await receive(food.id, 300, 299))).toEqual({
      path: 'lastNumber',
      message: 'Le dernier numéro doit suivre le premier.',
    })
    expect(errorOf(await receive(food.id, 0, 100_000))!.path).toBe('lastNumber')

    expect(await stockOf(food.id)).toMatchObject({
      stock: { inStock: 150, issued: 0, returned: 0, cancelled: 0 },
      inStockRanges: [{ first: 100, last: 249 }],
    })
    const batches = await desk.get(`/api/aid-vouchers/batches?kindId=${food.id}`)
    expect(batches.json()).toMatchObject({ total: 2 })
    // The same numbers belong to each kind on its own.
    const shower = await kind('DOUCHE', 0)
    expect((await receive(shower.id, 100, 119)).statusCode).toBe(201)
  })
})

describe('issuing vouchers by number', () => {
  it('hands vouchers to a person by number; the stock and the person’s vouchers follow', async () => {
    const shower = await kind('DOUCHE2', 0)
    await receive(shower.id, 1, 50)
    const issued = await issue(shower.id, [3, 1, 2, 10])
    expect(issued.statusCode, issued.body).toBe(200)
    expect(issued.json().items.map((v: { number: number; status: string }) => [v.number, v.status])).toEqual([
      [1, 'issued'],
      [2, 'issued'],
      [3, 'issued'],
      [10, 'issued'],
    ])
    expect(await stockOf(shower.id)).toMatchObject({
      stock: { inStock: 46, issued: 4 },
      inStockRanges: [
        { first: 4, last: 9 },
        { first: 11, last: 50 },
      ],
    })
    expect(errorOf(await issue(shower.id, [2, 3, 4]))).toEqual({
      path: 'numbers',
      message: 'Ces bons ne sont pas en stock : 2 à 3 (remis).',
    })
    expect(errorOf(await issue(shower.id, [49, 50, 51, 52]))).toEqual({
      path: 'numbers',
      message: 'Ces numéros n’existent pas dans le stock de « Bon DOUCHE2 » : 51 à 52.',
    })
    expect((await stockOf(shower.id)).stock.inStock).toBe(46)

    const returned = await desk.post('/api/aid-vouchers/return', {
      kindId: shower.id,
      numbers: [10],
      returnedOn: today(),
    })
    expect(returned.json().items[0]).toMatchObject({ number: 10, status: 'returned', returnedOn: today() })
    expect(
      errorOf(
        await desk.post('/api/aid-vouchers/return', { kindId: shower.id, numbers: [5], returnedOn: today() }),
      ),
    ).toEqual({ path: 'numbers', message: 'Ces bons n’ont pas été remis : 5 (en stock).' })
    const cancelled = await desk.post('/api/aid-vouchers/cancel', {
      kindId: shower.id,
      numbers: [5, 6],
      reason: 'Abîmés',
    })
    expect(cancelled.json().items.map((v: { status: string }) => v.status)).toEqual([
      'cancelled',
      'cancelled',
    ])
    expect(errorOf(await issue(shower.id, [5]))!.message).toBe('Ces bons ne sont pas en stock : 5 (annulé).')
    expect((await stockOf(shower.id)).stock).toEqual({ inStock: 44, issued: 3, returned: 1, cancelled: 2 })

    const mine = await desk.get(`/api/aid-vouchers?personId=${personId}`)
    expect(mine.statusCode, mine.body).toBe(200)
    const received = mine.json().items.filter((v: { kindId: string }) => v.kindId === shower.id)
    expect(received.map((v: { number: number; status: string }) => `${v.number}:${v.status}`).sort()).toEqual(
      ['10:returned', '1:issued', '2:issued', '3:issued'],
    )

    const timeline = await desk.get(`/api/people/${personId}/timeline?kind=aid_voucher`)
    expect(
      timeline.json().items.map((e: { title: string; detail: string }) => [e.title, e.detail]),
    ).toContainEqual(['4 bons « Bon DOUCHE2 » remis', 'n° 1 à 3, 10'])
  })

  it('for a granted request paid in vouchers: a payment of their face value, taken off as vouchers come back', async () => {
    const fundId = await createAidFund(ctx.db, org.id, { name: 'Aide alimentaire' })
    const food = await kind('TS-ALIM', 800, fundId)
    await receive(food.id, 1000, 1099)
    const aid = await createAidType(ctx.db, org.id, {
      fundId,
      paymentForms: ['voucher'],
      voucherKindId: food.id,
    })
    const requestId = await createAidRequest(ctx.db, org.id, {
      personId,
      aidTypeId: aid.id,
      status: 'granted',
      grantedCents: 4_000,
      paymentForm: 'voucher',
    })
    const over = await issue(food.id, [1000, 1001, 1002, 1003, 1004, 1005], { requestId })
    expect(errorOf(over)).toEqual({
      path: 'numbers',
      message: 'Le montant dépasse ce qui reste à payer sur cette aide : 40,00 € au plus.',
    })
    expect((await stockOf(food.id)).stock.issued).toBe(0)

    const issued = await issue(food.id, [1000, 1001, 1002, 1003, 1004], { requestId })
    expect(issued.statusCode, issued.body).toBe(200)
    expect(await paidOf(requestId)).toBe(4_000)
    const payments = (await director.get(`/api/aid-payments?requestId=${requestId}`)).json()
    expect(payments.items).toEqual([
      expect.objectContaining({
        amountCents: 4_000,
        form: 'voucher',
        fundId,
        reference: 'Bon TS-ALIM n° 1000 à 1004',
        voucherNumbers: [1000, 1001, 1002, 1003, 1004],
      }),
    ])
    const year = Number(today().slice(0, 4))
    expect((await director.get(`/api/aid-funds/${fundId}/consumption?year=${year}`)).json().paidCents).toBe(
      4_000,
    )
    // The payment is made of vouchers: it is undone through them.
    const cancelPayment = await director.post(`/api/aid-payments/${payments.items[0].id}/cancel`, {
      reason: 'Erreur',
    })
    expect(cancelPayment.json().detail).toBe(
      'Ce paiement est fait de bons remis : rendez ou annulez les bons eux-mêmes (« Bons et tickets »).',
    )
    // A typed payment in vouchers is refused when the aid is paid in numbered vouchers.
    const typed = await director.post('/api/aid-payments', {
      requestId,
      amountCents: 100,
      form: 'voucher',
      paidOn: today(),
    })
    expect(errorOf(typed)!.path).toBe('form')

    await desk.post('/api/aid-vouchers/return', {
      kindId: food.id,
      numbers: [1003, 1004],
      returnedOn: today(),
    })
    expect(await paidOf(requestId)).toBe(2_400)
    expect((await director.get(`/api/aid-payments?requestId=${requestId}`)).json().items[0]).toMatchObject({
      amountCents: 2_400,
      cancelledAt: null,
      voucherNumbers: [1000, 1001, 1002],
    })
    await desk.post('/api/aid-vouchers/cancel', {
      kindId: food.id,
      numbers: [1000, 1001, 1002],
      reason: 'Perdus',
    })
    expect(await paidOf(requestId)).toBe(0)
    const after = (await director.get(`/api/aid-payments?requestId=${requestId}`)).json().items[0]
    expect(after.cancelledAt).not.toBeNull()
    expect(after.cancelReason).toBe('Bons annulés : Perdus')
    expect((await director.get(`/api/aid-funds/${fundId}/consumption?year=${year}`)).json().paidCents).toBe(0)

    // Another person's request, or a request paid in another kind, is refused.
    const other = (await desk.post('/api/people', { lastName: 'Autre', teamId: org.teamId })).json().id
    expect(errorOf(await issue(food.id, [1010], { requestId, personId: other }))).toEqual({
      path: 'requestId',
      message: 'Cette demande d’aide n’est pas celle de cette personne.',
    })
    const shower = await kind('DOUCHE3', 200)
    await receive(shower.id, 1, 10)
    expect(errorOf(await issue(shower.id, [1], { requestId }))).toEqual({
      path: 'requestId',
      message: 'Cette aide ne se paie pas en « Bon DOUCHE3 ».',
    })
    const refused = await createAidRequest(ctx.db, org.id, { personId, aidTypeId: aid.id, status: 'refused' })
    expect(errorOf(await issue(food.id, [1020], { requestId: refused }))!.message).toMatch(
      /^Seule une aide accordée peut être payée/,
    )
  })

  it('refuses roles without aid.vouchers and another organisation', async () => {
    const shower = await kind('DOUCHE4', 0)
    await receive(shower.id, 1, 10)
    const educator = await signedIn(
      ctx,
      await createUser(ctx, org.id, { roles: ['educator'], teamIds: [org.teamId] }),
    )
    expect((await issue(shower.id, [1], {}, educator)).statusCode).toBe(403)
    expect((await receive(shower.id, 20, 30, educator)).statusCode).toBe(403)
    const orgB = await createOrganisation(ctx, 'CCAS B')
    const otherDesk = await signedIn(
      ctx,
      await createUser(ctx, orgB.id, {
        roles: ['front_desk_agent', 'social_worker'],
        teamIds: [orgB.teamId],
      }),
    )
    expect(errorOf(await issue(shower.id, [1], {}, otherDesk))).toEqual({
      path: 'kindId',
      message: 'Type de bon inconnu.',
    })
    expect(errorOf(await receive(shower.id, 20, 30, otherDesk))!.path).toBe('kindId')
    expect((await otherDesk.get(`/api/aid-vouchers?personId=${personId}`)).statusCode).toBe(404)
    expect((await otherDesk.get(`/api/aid-vouchers/batches?kindId=${shower.id}`)).statusCode).toBe(404)
    expect((await otherDesk.get('/api/aid-vouchers/kinds')).json().items).toEqual([])
    expect((await stockOf(shower.id)).stock.inStock).toBe(10)
  })
})

describe('voucher numbers as typed', () => {
  it('reads numbers and ranges, and writes them back as ranges', () => {
    expect(parseVoucherNumbers('101-105, 110 112;108')).toEqual({
      numbers: [101, 102, 103, 104, 105, 108, 110, 112],
    })
    expect(parseVoucherNumbers('7 à 9')).toEqual({
      error: '« à » n’est ni un numéro ni une plage (par exemple 101-105).',
    })
    expect(parseVoucherNumbers('7à9')).toEqual({ numbers: [7, 8, 9] })
    expect(parseVoucherNumbers('9-7')).toEqual({ error: 'La plage « 9-7 » est à l’envers.' })
    expect(parseVoucherNumbers('  ')).toEqual({ error: 'Indiquez les numéros des bons.' })
    expect(parseVoucherNumbers('1-5000')).toEqual({ error: '1000 bons au plus à la fois.' })
    expect(formatVoucherNumbers([5, 1, 2, 3, 9, 10])).toBe('1 à 3, 5, 9 à 10')
  })
})

describe('the showers’ daily counts', () => {
  it('records a day per site (typing it again corrects it) and totals a month', async () => {
    const month = today().slice(0, 7)
    const first = `${month}-01`
    const record = (body: object, client = desk) => client.put('/api/aid-shower-days', body)
    const day1 = await record({ day: first, paidCount: 12, voucherCount: 5, freeCount: 2 })
    expect(day1.statusCode, day1.body).toBe(200)
    expect(day1.json()).toMatchObject({ day: first, siteId: null, total: 19 })
    expect((await record({ day: first, paidCount: 10, voucherCount: 5, freeCount: 2 })).json().total).toBe(17)
    const site = await record({ day: first, siteId: org.siteId, paidCount: 3, voucherCount: 0, freeCount: 1 })
    expect(site.json()).toMatchObject({ siteName: 'Site principal', total: 4 })
    if (today() !== first) await record({ day: today(), paidCount: 1, voucherCount: 1, freeCount: 1 })

    const totals = await desk.get(`/api/aid-shower-days?month=${month}`)
    expect(totals.statusCode, totals.body).toBe(200)
    const extra = today() !== first ? 1 : 0
    expect(totals.json().totals).toEqual({
      paidCount: 13 + extra,
      voucherCount: 5 + extra,
      freeCount: 3 + extra,
      total: 21 + 3 * extra,
    })
    const oneSite = await desk.get(`/api/aid-shower-days?month=${month}&siteId=${org.siteId}`)
    expect(oneSite.json().totals.total).toBe(4)

    expect(
      errorOf(await record({ day: addDays(today(), 1), paidCount: 1, voucherCount: 0, freeCount: 0 }))!.path,
    ).toBe('day')
    expect(errorOf(await record({ day: first, paidCount: -1, voucherCount: 0, freeCount: 0 }))!.path).toBe(
      'paidCount',
    )
    expect((await desk.get('/api/aid-shower-days?month=2026-13')).statusCode).toBe(400)
    const orgB = await createOrganisation(ctx, 'CCAS Douches B')
    const otherDesk = await signedIn(ctx, await createUser(ctx, orgB.id, { roles: ['front_desk_agent'] }))
    expect(
      errorOf(
        await record(
          { day: first, siteId: org.siteId, paidCount: 1, voucherCount: 0, freeCount: 0 },
          otherDesk,
        ),
      ),
    ).toEqual({ path: 'siteId', message: 'Site inconnu.' })
    expect((await otherDesk.get(`/api/aid-shower-days?month=${month}`)).json().totals.total).toBe(0)
    expect((await director.get(`/api/aid-shower-days?month=${month}`)).statusCode).toBe(200)
    expect((await admin.get(`/api/aid-shower-days?month=${month}`)).statusCode).toBe(403)
  })
})
