import {
  allow,
  CALLERS,
  type Caller,
  describeRouteSecurity,
  type Expected,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import type { Role } from '../../../shared/roles.ts'

// Aid's money: funds and budgets, payments, vouchers, the showers' counts.

const world = setUpSecurityWorld(async (w) => {
  const ok = async (response: { statusCode: number; body: string; json: () => Record<string, string> }) => {
    if (response.statusCode >= 300) throw new Error(response.body)
    return response.json()
  }
  const admin = w.clients.administrator
  const fundA = (await ok(await admin.post('/api/aid-funds', { code: 'SECOURS', name: 'Secours d’urgence' })))
    .id!
  // Each caller closes and reopens a year of its own.
  const yearOf = (caller: Caller, base: number) => base + CALLERS.indexOf(caller)
  for (const caller of CALLERS) {
    await ok(await admin.put(`/api/aid-funds/${fundA}/budgets/${yearOf(caller, 2030)}`, { votedCents: 100 }))
    await ok(await admin.put(`/api/aid-funds/${fundA}/budgets/${yearOf(caller, 2060)}`, { votedCents: 100 }))
    await ok(await admin.post(`/api/aid-funds/${fundA}/budgets/${yearOf(caller, 2060)}/close`))
  }
  // A granted request of person A (and of the confidential team's person), and a payment per caller to cancel.
  const typeA = (
    await w.ctx.db
      .insertInto('aid_types')
      .values({ organisation_id: w.orgA.id, code: 'SECOURS', label: 'Secours', fund_id: fundA })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  const grantedRequest = async (personId: string) =>
    (
      await w.ctx.db
        .insertInto('aid_requests')
        .values({
          organisation_id: w.orgA.id,
          person_id: personId,
          aid_type_id: typeA,
          status: 'granted',
          requested_on: todayInFrance(),
          amount_asked_cents: 1_000_000,
          purpose: 'Secours',
          decided_on: todayInFrance(),
          granted_cents: 1_000_000,
          payment_form: 'transfer',
          decision_channel: 'urgent',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  const requestA = await grantedRequest(w.people.a)
  const requestConfidential = await grantedRequest(w.people.aConfidential)
  const payments = {} as Record<Caller, string>
  for (const caller of CALLERS) {
    payments[caller] = (
      await ok(
        await w.clients.director.post('/api/aid-payments', {
          requestId: requestA,
          amountCents: 100,
          form: 'transfer',
          paidOn: todayInFrance(),
        }),
      )
    ).id!
  }
  // Vouchers: a kind with numbers 1 to 2000; per caller, numbers to issue, and issued ones to take back.
  const kindA = (
    await ok(
      await admin.post('/api/aid-vouchers/kinds', {
        code: 'DOUCHE',
        label: 'Ticket douche',
        faceValueCents: 0,
      }),
    )
  ).id!
  await ok(
    await w.clients.director.post('/api/aid-vouchers/batches', {
      kindId: kindA,
      firstNumber: 1,
      lastNumber: 2000,
      receivedOn: todayInFrance(),
    }),
  )
  const numberOf = (caller: Caller, slot: number) => 100 + CALLERS.indexOf(caller) * 10 + slot
  for (const caller of CALLERS) {
    await ok(
      await w.clients.director.post('/api/aid-vouchers/issue', {
        kindId: kindA,
        numbers: [numberOf(caller, 2)],
        personId: w.people.a,
        issuedOn: todayInFrance(),
      }),
    )
  }
  return { fundA, yearOf, requestA, requestConfidential, payments, kindA, numberOf }
})

const CONFIGURE: Role[] = ['administrator', 'director']
const READ_FUNDS: Role[] = ['administrator', 'director']
const PAY: Role[] = ['director']
const VOUCHERS: Role[] = ['director', 'social_worker', 'front_desk_agent']
const VOUCHER_KINDS: Role[] = ['administrator', ...VOUCHERS]
/** What a person received: those who hand vouchers out and those who follow aid requests. */
const PERSON_VOUCHERS: Role[] = [...VOUCHERS, 'educator']
const invalid = { 400: 'VALIDATION_FAILED' }
/** Who reads a request's payments: those who pay, those who follow requests (`aid.read`). */
const READ_PAYMENTS: Role[] = ['director', 'social_worker', 'educator']
/** A person of the confidential team: the director only. */
const confidential = (roles: Role[], ok: number): Expected => {
  const expected = allow(roles, ok, 404)
  for (const role of roles) if (role !== 'director') expected[role] = 404
  return expected
}

describeRouteSecurity(
  'aid money',
  world,
  ['/api/aid-funds', '/api/aid-payments', '/api/aid-vouchers', '/api/aid-shower-days'],
  [
    {
      method: 'GET',
      route: '/api/aid-funds',
      url: () => '/api/aid-funds?year=2030',
      expected: allow(READ_FUNDS, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Secours d’urgence']),
      hides: (caller) => (caller === 'otherOrganisation' ? [world.fundA, 'Secours d’urgence'] : []),
    },
    {
      method: 'POST',
      route: '/api/aid-funds',
      url: () => '/api/aid-funds',
      body: (caller) => ({ code: `F-${CALLERS.indexOf(caller)}`, name: 'Fonds' }),
      expected: allow(CONFIGURE, 201, 201),
    },
    {
      method: 'PATCH',
      route: '/api/aid-funds/:id',
      url: () => `/api/aid-funds/${world.fundA}`,
      body: () => ({ name: 'Secours d’urgence' }),
      expected: allow(CONFIGURE, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/aid-funds/:id/consumption',
      url: () => `/api/aid-funds/${world.fundA}/consumption?year=2030`,
      expected: allow(READ_FUNDS, 200, 404),
    },
    {
      method: 'PUT',
      route: '/api/aid-funds/:id/budgets/:year',
      url: () => `/api/aid-funds/${world.fundA}/budgets/2029`,
      body: () => ({ votedCents: 1_000 }),
      expected: allow(CONFIGURE, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/aid-funds/:id/budgets/:year/close',
      url: (caller) => `/api/aid-funds/${world.fundA}/budgets/${world.yearOf(caller, 2030)}/close`,
      expected: allow(CONFIGURE, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/aid-funds/:id/budgets/:year/reopen',
      url: (caller) => `/api/aid-funds/${world.fundA}/budgets/${world.yearOf(caller, 2060)}/reopen`,
      expected: allow(CONFIGURE, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/aid-payments',
      url: () => `/api/aid-payments?requestId=${world.requestA}`,
      expected: allow(READ_PAYMENTS, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/aid-payments',
      label: 'person of a confidential team',
      url: () => `/api/aid-payments?requestId=${world.requestConfidential}`,
      expected: confidential(READ_PAYMENTS, 200),
    },
    {
      method: 'POST',
      route: '/api/aid-payments',
      url: () => '/api/aid-payments',
      body: () => ({ requestId: world.requestA, amountCents: 1, form: 'transfer', paidOn: todayInFrance() }),
      expected: allow(PAY, 201, 400),
      codes: { 400: 'VALIDATION_FAILED' },
    },
    {
      method: 'POST',
      route: '/api/aid-payments/:id/cancel',
      url: (caller) => `/api/aid-payments/${world.payments[caller]}/cancel`,
      body: () => ({ reason: 'Erreur de saisie' }),
      expected: allow(PAY, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/aid-vouchers/kinds',
      url: () => '/api/aid-vouchers/kinds',
      expected: allow(VOUCHER_KINDS, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Ticket douche']),
      hides: (caller) => (caller === 'otherOrganisation' ? [world.kindA, 'Ticket douche'] : []),
    },
    {
      method: 'POST',
      route: '/api/aid-vouchers/kinds',
      url: () => '/api/aid-vouchers/kinds',
      body: (caller) => ({ code: `K-${CALLERS.indexOf(caller)}`, label: 'Bon', faceValueCents: 500 }),
      expected: allow(CONFIGURE, 201, 201),
    },
    {
      method: 'PATCH',
      route: '/api/aid-vouchers/kinds/:id',
      url: () => `/api/aid-vouchers/kinds/${world.kindA}`,
      body: () => ({ label: 'Ticket douche' }),
      expected: allow(CONFIGURE, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/aid-vouchers/batches',
      url: () => `/api/aid-vouchers/batches?kindId=${world.kindA}`,
      expected: allow(VOUCHER_KINDS, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/aid-vouchers/batches',
      url: () => '/api/aid-vouchers/batches',
      body: (caller) => ({
        kindId: world.kindA,
        firstNumber: 10_000 + CALLERS.indexOf(caller) * 100,
        lastNumber: 10_009 + CALLERS.indexOf(caller) * 100,
        receivedOn: todayInFrance(),
      }),
      expected: allow(VOUCHERS, 201, 400),
      codes: invalid,
    },
    {
      method: 'POST',
      route: '/api/aid-vouchers/issue',
      url: () => '/api/aid-vouchers/issue',
      body: (caller) => ({
        kindId: world.kindA,
        numbers: [world.numberOf(caller, 0)],
        personId: world.people.a,
        issuedOn: todayInFrance(),
      }),
      expected: allow(VOUCHERS, 200, 400),
      codes: invalid,
    },
    {
      method: 'POST',
      route: '/api/aid-vouchers/issue',
      label: 'person of a confidential team',
      url: () => '/api/aid-vouchers/issue',
      body: (caller) => ({
        kindId: world.kindA,
        numbers: [world.numberOf(caller, 1)],
        personId: world.people.aConfidential,
        issuedOn: todayInFrance(),
      }),
      expected: { ...allow(VOUCHERS, 400, 400), director: 200 },
      codes: invalid,
    },
    {
      method: 'POST',
      route: '/api/aid-vouchers/return',
      url: () => '/api/aid-vouchers/return',
      body: (caller) => ({
        kindId: world.kindA,
        numbers: [world.numberOf(caller, 2)],
        returnedOn: todayInFrance(),
      }),
      expected: allow(VOUCHERS, 200, 400),
      codes: invalid,
    },
    {
      method: 'POST',
      route: '/api/aid-vouchers/cancel',
      url: () => '/api/aid-vouchers/cancel',
      body: (caller) => ({ kindId: world.kindA, numbers: [world.numberOf(caller, 3)], reason: 'Abîmé' }),
      expected: allow(VOUCHERS, 200, 400),
      codes: invalid,
    },
    {
      method: 'GET',
      route: '/api/aid-vouchers',
      url: () => `/api/aid-vouchers?personId=${world.people.a}`,
      expected: allow(PERSON_VOUCHERS, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/aid-vouchers',
      label: 'person of a confidential team',
      url: () => `/api/aid-vouchers?personId=${world.people.aConfidential}`,
      expected: confidential(PERSON_VOUCHERS, 200),
    },
    {
      method: 'GET',
      route: '/api/aid-shower-days',
      url: () => `/api/aid-shower-days?month=${todayInFrance().slice(0, 7)}`,
      expected: allow(VOUCHERS, 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/aid-shower-days',
      url: () => '/api/aid-shower-days',
      body: () => ({ day: todayInFrance(), paidCount: 4, voucherCount: 2, freeCount: 1 }),
      expected: allow(VOUCHERS, 200, 200),
    },
  ],
)
