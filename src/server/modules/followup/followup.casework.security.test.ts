import {
  allow,
  type Caller,
  describeRouteSecurity,
  type Expected,
  type SecurityRow,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import type { Role } from '../../../shared/roles.ts'

/** Casework of the follow-up module: rights (and the RSA instruction and referrals as they land). */
const world = setUpSecurityWorld(async (w) => {
  const ok = async (response: { statusCode: number; body: string; json: () => Record<string, string> }) => {
    if (response.statusCode >= 300) throw new Error(response.body)
    return response.json()
  }
  const director = w.clients.director
  const household = await ok(
    await director.post('/api/households', { members: [{ personId: w.people.a, relationship: 'head' }] }),
  )
  const confidentialHousehold = await ok(
    await director.post('/api/households', {
      members: [{ personId: w.people.aConfidential, relationship: 'head' }],
    }),
  )
  const kindA = (
    await ok(await w.clients.administrator.post('/api/rights/kinds', { label: 'Droit Aubépine' }))
  ).kind as string
  const rsa = async (personId: string, teamId: string) =>
    (await ok(await director.post('/api/rsa/applications', { personId, teamId, receivedOn: '2026-01-05' })))
      .id!
  const rsaA = await rsa(w.people.a, w.orgA.teamId)
  const rsaConfidential = await rsa(w.people.aConfidential, w.orgA.confidentialTeamId)
  const referralA = (
    await ok(
      await director.post('/api/partner-referrals', {
        personId: w.people.a,
        partnerServiceId: w.partners.a.serviceId,
        origin: 'front_desk',
        referredOn: '2026-01-05',
      }),
    )
  ).id!
  const referralAsking = (
    await ok(
      await director.post('/api/partner-referrals', {
        personId: w.people.a,
        partnerServiceId: w.partners.a.serviceId,
        origin: 'followup',
        referredOn: '2026-01-06',
      }),
    )
  ).id!
  // The partner asked for more information on its page.
  await w.ctx.db
    .updateTable('partner_referrals')
    .set({ answer: 'needs_more', answered_on: '2026-01-07', partner_note: 'Quel quotient ?' })
    .where('id', '=', referralAsking)
    .execute()
  return {
    referralA,
    referralAsking,
    householdId: household.id,
    confidentialHouseholdId: confidentialHousehold.id,
    kindA,
    rsaA,
    rsaConfidential,
  }
})

const RIGHTS_KEEPERS: Role[] = ['director', 'social_worker', 'educator', 'outreach_agent', 'nurse']
const RIGHTS_CONFIGURERS: Role[] = ['administrator', 'director']
/** A record of A's confidential team: only the director among A's callers. */
const confidential = (roles: Role[], ok: number): Expected => {
  const expected = allow(roles, ok, 404)
  for (const role of roles) if (role !== 'director') expected[role] = 404
  return expected
}
const rightBody = () => ({ status: 'in_progress', statusOn: '2026-01-05' })

const rightsRows: SecurityRow[] = [
  {
    method: 'GET',
    route: '/api/rights/people/:id',
    url: () => `/api/rights/people/${world.people.a}`,
    expected: allow(RIGHTS_KEEPERS, 200, 404),
  },
  {
    method: 'GET',
    route: '/api/rights/people/:id',
    label: 'confidential team',
    url: () => `/api/rights/people/${world.people.aConfidential}`,
    expected: confidential(RIGHTS_KEEPERS, 200),
  },
  {
    method: 'PUT',
    route: '/api/rights/people/:id/:kind',
    url: () => `/api/rights/people/${world.people.a}/css`,
    body: rightBody,
    expected: allow(RIGHTS_KEEPERS, 200, 404),
  },
  {
    method: 'PUT',
    route: '/api/rights/people/:id/:kind',
    label: 'confidential team',
    url: () => `/api/rights/people/${world.people.aConfidential}/css`,
    body: rightBody,
    expected: confidential(RIGHTS_KEEPERS, 200),
  },
  {
    method: 'GET',
    route: '/api/rights/households/:id',
    url: () => `/api/rights/households/${world.householdId}`,
    expected: allow(RIGHTS_KEEPERS, 200, 404),
  },
  {
    method: 'GET',
    route: '/api/rights/households/:id',
    label: 'confidential team',
    url: () => `/api/rights/households/${world.confidentialHouseholdId}`,
    expected: confidential(RIGHTS_KEEPERS, 200),
  },
  {
    method: 'PUT',
    route: '/api/rights/households/:id/:kind',
    url: () => `/api/rights/households/${world.householdId}/housing_benefit`,
    body: rightBody,
    expected: allow(RIGHTS_KEEPERS, 200, 404),
  },
  {
    method: 'PUT',
    route: '/api/rights/households/:id/:kind',
    label: 'confidential team',
    url: () => `/api/rights/households/${world.confidentialHouseholdId}/housing_benefit`,
    body: rightBody,
    expected: confidential(RIGHTS_KEEPERS, 200),
  },
  {
    method: 'GET',
    route: '/api/rights/ending',
    url: () => '/api/rights/ending',
    expected: allow(RIGHTS_KEEPERS, 200, 200),
  },
  {
    method: 'GET',
    route: '/api/rights/settings',
    url: () => '/api/rights/settings',
    expected: allow([...RIGHTS_KEEPERS, 'administrator'], 200, 200),
  },
  {
    method: 'PUT',
    route: '/api/rights/settings',
    url: () => '/api/rights/settings',
    body: () => ({ endingDays: 45 }),
    expected: allow(RIGHTS_CONFIGURERS, 200, 200),
  },
  {
    method: 'GET',
    route: '/api/rights/kinds',
    url: () => '/api/rights/kinds',
    expected: allow([...RIGHTS_KEEPERS, 'administrator'], 200, 200),
    shows: (caller: Caller) => (caller === 'otherOrganisation' ? [] : ['Droit Aubépine']),
  },
  {
    method: 'POST',
    route: '/api/rights/kinds',
    url: () => '/api/rights/kinds',
    body: (caller) => ({ label: `Droit ajouté par ${caller}` }),
    expected: allow(RIGHTS_CONFIGURERS, 201, 201),
  },
  {
    method: 'PATCH',
    route: '/api/rights/kinds/:id',
    url: () => `/api/rights/kinds/${world.kindA}`,
    body: () => ({ label: 'Droit Aubépine', active: true }),
    expected: allow(RIGHTS_CONFIGURERS, 200, 404),
  },
]

const RSA_INSTRUCTORS: Role[] = ['director', 'social_worker']
const rsaRows: SecurityRow[] = [
  {
    method: 'POST',
    route: '/api/rsa/applications',
    url: () => '/api/rsa/applications',
    body: (caller) => ({
      personId: caller === 'otherOrganisation' ? world.people.b : world.people.a,
      receivedOn: '2026-02-01',
    }),
    expected: allow(RSA_INSTRUCTORS, 201, 201),
  },
  {
    method: 'POST',
    route: '/api/rsa/applications',
    label: 'person of a confidential team',
    url: () => '/api/rsa/applications',
    body: () => ({ personId: world.people.aConfidential, receivedOn: '2026-02-01' }),
    // A person out of reach is an unknown one: a field error.
    expected: { ...allow(RSA_INSTRUCTORS, 400, 400), director: 201 },
    codes: { 400: 'VALIDATION_FAILED' },
  },
  {
    method: 'GET',
    route: '/api/rsa/applications',
    url: () => `/api/rsa/applications?personId=${world.people.a}`,
    expected: allow(RSA_INSTRUCTORS, 200, 404),
    shows: () => [world.rsaA],
  },
  {
    method: 'GET',
    route: '/api/rsa/applications',
    label: 'person of a confidential team',
    url: () => `/api/rsa/applications?personId=${world.people.aConfidential}`,
    expected: confidential(RSA_INSTRUCTORS, 200),
  },
  {
    method: 'GET',
    route: '/api/rsa/applications/:id',
    url: () => `/api/rsa/applications/${world.rsaA}`,
    expected: allow(RSA_INSTRUCTORS, 200, 404),
  },
  {
    method: 'GET',
    route: '/api/rsa/applications/:id',
    label: 'confidential team',
    url: () => `/api/rsa/applications/${world.rsaConfidential}`,
    expected: confidential(RSA_INSTRUCTORS, 200),
  },
  {
    method: 'POST',
    route: '/api/rsa/applications/:id/steps',
    url: () => `/api/rsa/applications/${world.rsaA}/steps`,
    // The same checklist step may be taken again while the application waits for its documents.
    body: () => ({ step: 'documents', missingDocuments: ['RIB'] }),
    expected: allow(RSA_INSTRUCTORS, 200, 404),
  },
  {
    method: 'POST',
    route: '/api/rsa/applications/:id/steps',
    label: 'confidential team',
    url: () => `/api/rsa/applications/${world.rsaConfidential}/steps`,
    body: () => ({ step: 'documents', missingDocuments: ['RIB'] }),
    expected: confidential(RSA_INSTRUCTORS, 200),
  },
  {
    method: 'GET',
    route: '/api/rsa/counts',
    url: () => '/api/rsa/counts?from=2026-01-01&to=2026-12-31',
    expected: allow(['administrator', 'director', 'social_worker', 'analyst'], 200, 200),
    hides: () => ['AUBERTIN', 'Aubertin', 'PAEJIENNE'],
  },
]

const REFERRERS: Role[] = ['director', 'social_worker', 'front_desk_agent', 'nurse', 'educator']
const referralRows: SecurityRow[] = [
  {
    method: 'POST',
    route: '/api/partner-referrals',
    url: () => '/api/partner-referrals',
    body: (caller) =>
      caller === 'otherOrganisation'
        ? {
            personId: world.people.b,
            partnerServiceId: world.partners.b.serviceId,
            origin: 'followup',
            referredOn: '2026-02-01',
          }
        : {
            personId: world.people.a,
            partnerServiceId: world.partners.a.serviceId,
            origin: 'followup',
            referredOn: '2026-02-01',
          },
    expected: allow(REFERRERS, 201, 201),
  },
  {
    method: 'POST',
    route: '/api/partner-referrals',
    label: 'person of a confidential team',
    url: () => '/api/partner-referrals',
    body: () => ({
      personId: world.people.aConfidential,
      partnerServiceId: world.partners.a.serviceId,
      origin: 'followup',
      referredOn: '2026-02-01',
    }),
    expected: { ...allow(REFERRERS, 400, 400), director: 201 },
    codes: { 400: 'VALIDATION_FAILED' },
  },
  {
    method: 'GET',
    route: '/api/partner-referrals',
    url: () => `/api/partner-referrals?personId=${world.people.a}`,
    expected: allow(REFERRERS, 200, 404),
    shows: () => [world.referralA],
  },
  {
    method: 'GET',
    route: '/api/partner-referrals',
    label: 'person of a confidential team',
    url: () => `/api/partner-referrals?personId=${world.people.aConfidential}`,
    expected: confidential(REFERRERS, 200),
  },
  {
    method: 'GET',
    route: '/api/partner-referrals/unanswered',
    url: () => '/api/partner-referrals/unanswered',
    expected: allow(REFERRERS, 200, 200),
    hides: (caller) => (caller === 'director' ? [] : ['PAEJIENNE']),
  },
  {
    method: 'POST',
    route: '/api/partner-referrals/:id/answer',
    url: () => `/api/partner-referrals/${world.referralA}/answer`,
    body: () => ({ answer: 'accepted', answeredOn: '2026-01-10' }),
    // The first allowed caller records the answer; the others are told it is already there.
    expected: { ...allow(REFERRERS, 400, 404), director: 200 },
    codes: { 400: 'VALIDATION_FAILED' },
  },
  {
    method: 'POST',
    route: '/api/partner-referrals/:id/reply',
    url: () => `/api/partner-referrals/${world.referralAsking}/reply`,
    body: () => ({ note: 'QF 420' }),
    // Reached by the referrers only; the person has not consented to share, so the reply is refused.
    expected: allow(REFERRERS, 400, 404),
    codes: { 400: 'VALIDATION_FAILED' },
  },
]

describeRouteSecurity(
  'followup casework',
  world,
  ['/api/rights', '/api/rsa', '/api/partner-referrals'],
  [...rightsRows, ...rsaRows, ...referralRows],
)
