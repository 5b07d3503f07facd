import {
  allow,
  CALLERS,
  type Caller,
  describeRouteSecurity,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
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
  return { fundA, yearOf }
})

const CONFIGURE: Role[] = ['administrator', 'director']
const READ_FUNDS: Role[] = ['administrator', 'director']

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
  ],
)
