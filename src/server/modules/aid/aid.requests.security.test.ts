import {
  allow,
  CALLERS,
  type Caller,
  describeRouteSecurity,
  type Expected,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import type { Role } from '../../../shared/roles.ts'
import { createAidFund } from './aid.test-factories.ts'

// Aid's règlement and requests: who reads the règlement, who configures it, who builds requests,
// who decides urgently (the roles the règlement names), and nobody of another organisation.

const READERS: Role[] = ['administrator', 'director', 'social_worker', 'educator']
const CONFIGURERS: Role[] = ['administrator', 'director']
const REQUEST_READERS: Role[] = ['director', 'social_worker', 'educator']
const REQUESTERS: Role[] = ['director', 'social_worker', 'educator']
/** A request of A: its callers get `ok`, the other organisation 404, as if absent. */
const record = (roles: Role[], ok: number): Expected => allow(roles, ok, 404)

const world = setUpSecurityWorld(async (w) => {
  const ok = async (response: { statusCode: number; body: string; json: () => Record<string, string> }) => {
    if (response.statusCode >= 300) throw new Error(response.body)
    return response.json()
  }
  const fundId = await createAidFund(w.ctx.db, w.orgA.id, { code: 'CCAS', name: 'Budget CCAS' })
  const aid = (
    await ok(
      await w.clients.administrator.post('/api/aid-types', {
        code: 'SECOURS',
        label: 'Secours d’urgence',
        fundId,
        urgentDeciderRoles: REQUESTERS,
        urgentCeilingCents: 200_00,
        paymentForms: ['transfer'],
      }),
    )
  ).id!
  const worker = w.clients.social_worker
  const request = async (personId = w.people.a, stage: 'draft' | 'submitted' = 'draft', client = worker) => {
    const { id } = await ok(
      await client.post('/api/aid-requests', {
        personId,
        aidTypeId: aid,
        amountAskedCents: 50_00,
        purpose: 'Facture',
      }),
    )
    if (stage === 'submitted') await ok(await client.post(`/api/aid-requests/${id}/submit`))
    return id!
  }
  const requestA = await request()
  const confidential = await request(w.people.aConfidential, 'draft', w.clients.director)
  const perCaller = async (stage: 'draft' | 'submitted') => {
    const ids = {} as Record<Caller, string>
    for (const caller of CALLERS) ids[caller] = await request(w.people.a, stage)
    return ids
  }
  return {
    fundId,
    aid,
    requestA,
    confidential,
    toSubmit: await perCaller('draft'),
    toDecide: await perCaller('submitted'),
    toWithdraw: await perCaller('draft'),
    toDismiss: await perCaller('draft'),
  }
})

const aidBody = (caller: Caller) => ({
  code: `AIDE-${caller}`,
  label: 'Aide de test',
  fundId: world.fundId,
  paymentForms: ['transfer'],
})
const budget = { adults: 1, children: 0, resources: [{ kind: 'rsa', monthlyCents: 600_00 }], charges: [] }

describeRouteSecurity(
  'aid règlement and requests',
  world,
  ['/api/aid-types', '/api/aid-requests'],
  [
    {
      method: 'GET',
      route: '/api/aid-types',
      url: () => '/api/aid-types',
      expected: allow(READERS, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : [world.aid]),
    },
    {
      method: 'POST',
      route: '/api/aid-types',
      url: () => '/api/aid-types',
      body: aidBody,
      // Another organisation cannot file an aid under A's fund: it is unknown to them.
      expected: allow(CONFIGURERS, 201, 400),
      codes: { 400: 'VALIDATION_FAILED' },
    },
    {
      method: 'PUT',
      route: '/api/aid-types/:id',
      url: () => `/api/aid-types/${world.aid}`,
      body: () => ({
        ...aidBody('administrator'),
        code: 'SECOURS',
        urgentDeciderRoles: REQUESTERS,
        urgentCeilingCents: 200_00,
      }),
      expected: record(CONFIGURERS, 200),
    },
    {
      method: 'GET',
      route: '/api/aid-requests',
      url: () => `/api/aid-requests?personId=${world.people.a}&pageSize=200`,
      expected: allow(REQUEST_READERS, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : [world.requestA]),
    },
    {
      method: 'POST',
      route: '/api/aid-requests',
      url: () => '/api/aid-requests',
      body: () => ({
        personId: world.people.a,
        aidTypeId: world.aid,
        amountAskedCents: 10_00,
        purpose: 'Cantine',
      }),
      // Another organisation does not know A's person: a field error, as for any unknown person.
      expected: allow(REQUESTERS, 201, 400),
      codes: { 400: 'VALIDATION_FAILED' },
    },
    {
      method: 'GET',
      route: '/api/aid-requests/:id',
      url: () => `/api/aid-requests/${world.requestA}`,
      expected: record(REQUEST_READERS, 200),
      shows: () => [world.requestA, 'AUBERTIN'],
    },
    {
      method: 'GET',
      route: '/api/aid-requests/:id',
      label: 'a person of a confidential team',
      url: () => `/api/aid-requests/${world.confidential}`,
      expected: { ...record(REQUEST_READERS, 200), social_worker: 404, educator: 404 },
      hides: (caller) =>
        caller === 'director' ? [] : ['Paejienne', 'PAEJIENNE', world.people.aConfidential],
    },
    {
      method: 'PUT',
      route: '/api/aid-requests/:id',
      url: () => `/api/aid-requests/${world.requestA}`,
      body: () => ({
        aidTypeId: world.aid,
        requestedOn: '2026-01-05',
        amountAskedCents: 60_00,
        purpose: 'Facture',
        urgent: false,
        resident: true,
        assessment: 'Évaluation',
      }),
      expected: record(REQUESTERS, 200),
    },
    {
      method: 'PUT',
      route: '/api/aid-requests/:id/budget',
      url: () => `/api/aid-requests/${world.requestA}/budget`,
      body: () => budget,
      expected: record(REQUESTERS, 200),
    },
    {
      method: 'PUT',
      route: '/api/aid-requests/:id/documents',
      url: () => `/api/aid-requests/${world.requestA}/documents`,
      body: () => ({ documentIds: [] }),
      expected: record(REQUESTERS, 200),
    },
    {
      method: 'POST',
      route: '/api/aid-requests/:id/submit',
      url: (caller) => `/api/aid-requests/${world.toSubmit[caller]}/submit`,
      expected: record(REQUESTERS, 200),
    },
    {
      method: 'POST',
      route: '/api/aid-requests/:id/urgent-decision',
      url: (caller) => `/api/aid-requests/${world.toDecide[caller]}/urgent-decision`,
      body: () => ({ decision: 'granted', grantedCents: 50_00, paymentForm: 'transfer' }),
      expected: record(REQUESTERS, 200),
    },
    {
      method: 'POST',
      route: '/api/aid-requests/:id/withdraw',
      url: (caller) => `/api/aid-requests/${world.toWithdraw[caller]}/withdraw`,
      body: () => ({ reason: 'Ne souhaite plus l’aide' }),
      expected: record(REQUESTERS, 200),
    },
    {
      method: 'POST',
      route: '/api/aid-requests/:id/dismiss',
      url: (caller) => `/api/aid-requests/${world.toDismiss[caller]}/dismiss`,
      body: () => ({ reason: 'Sans nouvelles' }),
      expected: record(REQUESTERS, 200),
    },
  ],
)
