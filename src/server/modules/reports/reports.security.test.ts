import { ApiClient, createOrganisation, signedIn } from '../../../../tests/support/factories.ts'
import {
  allow,
  CALLERS,
  type Caller,
  describeRouteSecurity,
  same,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'

/** A report about an older person who seems isolated at home. */
const isolatedAtHome = (extra: object = {}) => ({
  concern: 'isolated_at_home',
  source: 'citizen_phone',
  personDescription: 'Une dame âgée qui vit seule',
  locationText: 'Rue des Lilas',
  situation: 'Ses volets restent fermés depuis une semaine.',
  ...extra,
})

const world = setUpSecurityWorld(async (w) => {
  // The public form is rate-limited per address: each caller calls from an address of its own.
  const clients = {} as Record<Caller, ApiClient>
  for (const [index, caller] of CALLERS.entries()) {
    const ip = `10.77.0.${index + 1}`
    clients[caller] =
      caller === 'anonymous' ? new ApiClient(w.ctx, ip) : await signedIn(w.ctx, w.users[caller], ip)
  }
  const report = async (client: ApiClient, body: object) => {
    const response = await client.post('/api/reports', {
      source: 'municipal_police',
      locationText: 'Place du marché',
      situation: 'Un homme dort sous le porche.',
      ...body,
    })
    if (response.statusCode !== 201) throw new Error(response.body)
    return response.json() as { id: string; reference: string }
  }
  // The organisation a citizen reports to: none of A's or B's markers.
  const publicOrganisation = await createOrganisation(w.ctx, 'CCAS du formulaire')
  return {
    clients,
    publicOrganisationId: publicOrganisation.id,
    reports: {
      a: await report(clients.outreach_agent, { situation: 'Signalé par la patrouille Aubertin' }),
      // About a file of the confidential PAEJ team: only the director among A's callers sees the link.
      aConfidential: await report(clients.director, { personId: w.people.aConfidential }),
      b: await report(clients.otherOrganisation, { situation: 'Signalement de Zinnia' }),
      // About someone isolated at home: handed to the neighbour network, out of the triage queue.
      aIsolated: await report(clients.front_desk_agent, isolatedAtHome()),
    },
  }
})

const creators = [
  'director',
  'social_worker',
  'educator',
  'front_desk_agent',
  'outreach_agent',
  'volunteer_coordinator',
] as const
const triagers = ['director', 'social_worker', 'outreach_agent'] as const
const configurers = ['administrator', 'director'] as const
const hidesConfidential = (caller: Caller) =>
  caller === 'director' ? [] : [world.people.aConfidential, 'Paejienne', 'PAEJIENNE']
const staffReport = (extra: object = {}) => ({
  source: 'partner',
  locationText: 'Avenue de la gare',
  situation: 'Une famille dort dans une voiture.',
  ...extra,
})
const publicReport = (extra: object = {}) => ({
  locationText: 'Square Violette',
  situation: 'Une personne âgée dort sur un banc.',
  consent: true,
  ...extra,
})
const ownReport = (caller: Caller) =>
  `/api/reports/${caller === 'otherOrganisation' ? world.reports.b.id : world.reports.a.id}`
const validation = { 400: 'VALIDATION_FAILED' }

describeRouteSecurity(
  'reports',
  world,
  ['/api/reports', '/api/report-settings', '/api/public/reports'],
  [
    {
      method: 'GET',
      route: '/api/public/reports/form',
      url: () => `/api/public/reports/form?organisation=${world.publicOrganisationId}`,
      expected: same(200),
      shows: () => ['CCAS du formulaire'],
    },
    {
      method: 'GET',
      route: '/api/public/reports/form',
      label: 'no link, several organisations',
      url: () => '/api/public/reports/form',
      expected: same(404),
    },
    {
      method: 'GET',
      route: '/api/public/reports/form',
      label: 'unknown organisation',
      url: () => `/api/public/reports/form?organisation=${crypto.randomUUID()}`,
      expected: same(404),
    },
    {
      method: 'POST',
      route: '/api/public/reports/:organisationId',
      url: () => `/api/public/reports/${world.publicOrganisationId}`,
      body: () => publicReport(),
      expected: same(201),
      shows: () => ['SIG-'],
    },
    {
      method: 'POST',
      route: '/api/public/reports/:organisationId',
      label: 'about someone isolated at home',
      url: () => `/api/public/reports/${world.publicOrganisationId}`,
      body: () => ({ ...isolatedAtHome({ source: undefined }), consent: true }),
      expected: same(201),
      shows: () => ['SIG-'],
    },
    {
      method: 'POST',
      route: '/api/public/reports/:organisationId',
      label: 'honeypot filled in',
      url: () => `/api/public/reports/${world.publicOrganisationId}`,
      body: () => publicReport({ website: 'http://spam.test' }),
      expected: same(201),
    },
    {
      method: 'POST',
      route: '/api/public/reports/:organisationId',
      label: 'unknown organisation',
      url: () => `/api/public/reports/${crypto.randomUUID()}`,
      body: () => publicReport(),
      expected: same(404),
    },
    {
      method: 'POST',
      route: '/api/public/reports/:organisationId',
      label: 'without consent',
      url: () => `/api/public/reports/${world.publicOrganisationId}`,
      body: () => publicReport({ consent: false }),
      expected: same(400),
      codes: validation,
    },
    {
      method: 'POST',
      route: '/api/reports',
      url: () => '/api/reports',
      body: (caller) => staffReport({ situation: `Saisi par ${caller}` }),
      expected: allow(creators, 201, 201),
    },
    {
      method: 'POST',
      route: '/api/reports',
      label: 'about someone isolated at home',
      url: () => '/api/reports',
      body: (caller) => isolatedAtHome({ situation: `Saisi par ${caller}` }),
      expected: allow(creators, 201, 201),
      shows: () => ['isolated_at_home'],
    },
    {
      method: 'POST',
      route: '/api/reports',
      label: "organisation A's partner service and person",
      url: () => '/api/reports',
      body: () => staffReport({ partnerServiceId: world.partners.a.serviceId, personId: world.people.a }),
      expected: allow(creators, 201, 400),
      codes: validation,
    },
    {
      method: 'POST',
      route: '/api/reports',
      label: 'confidential person',
      url: () => '/api/reports',
      body: () => staffReport({ personId: world.people.aConfidential }),
      expected: { ...allow(creators, 400, 400), director: 201 },
      codes: validation,
      hides: hidesConfidential,
    },
    {
      method: 'GET',
      route: '/api/reports',
      url: () => '/api/reports',
      expected: allow(triagers, 200, 200),
      hides: hidesConfidential,
      shows: (caller) =>
        caller === 'otherOrganisation' ? ['Zinnia'] : ['Aubertin', world.reports.a.reference],
    },
    {
      method: 'GET',
      route: '/api/reports/:id',
      url: () => `/api/reports/${world.reports.a.id}`,
      expected: allow(triagers, 200, 404),
      shows: () => ['Aubertin'],
    },
    {
      method: 'GET',
      route: '/api/reports/:id',
      label: 'about a confidential file',
      url: () => `/api/reports/${world.reports.aConfidential.id}`,
      expected: allow(triagers, 200, 404),
      hides: hidesConfidential,
      shows: (caller) => (caller === 'director' ? ['PAEJIENNE'] : []),
    },
    {
      method: 'GET',
      route: '/api/reports/:id',
      label: 'about someone isolated at home (the neighbour network’s)',
      url: () => `/api/reports/${world.reports.aIsolated.id}`,
      expected: allow(triagers, 404, 404),
    },
    {
      method: 'POST',
      route: '/api/reports/:id/status',
      label: 'about someone isolated at home (the neighbour network’s)',
      url: () => `/api/reports/${world.reports.aIsolated.id}/status`,
      body: () => ({ status: 'closed', outcome: 'not_for_us' }),
      expected: allow(triagers, 404, 404),
    },
    {
      method: 'PATCH',
      route: '/api/reports/:id',
      url: () => `/api/reports/${world.reports.a.id}`,
      body: () => ({ urgency: 'urgent' }),
      expected: allow(triagers, 200, 404),
    },
    {
      method: 'PATCH',
      route: '/api/reports/:id',
      label: "organisation A's person on one's own report",
      url: ownReport,
      body: () => ({ personId: world.people.a }),
      expected: allow(triagers, 200, 400),
      codes: validation,
    },
    {
      method: 'POST',
      route: '/api/reports/:id/status',
      url: () => `/api/reports/${world.reports.a.id}/status`,
      body: () => ({ status: 'assigned', assignedTo: world.users.outreach_agent.id }),
      expected: allow(triagers, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/reports/:id/status',
      label: "another organisation's agent",
      url: (caller) => `${ownReport(caller)}/status`,
      body: (caller) => ({
        status: 'assigned',
        assignedTo:
          caller === 'otherOrganisation' ? world.users.outreach_agent.id : world.users.otherOrganisation.id,
      }),
      expected: allow(triagers, 400, 400),
      codes: validation,
    },
    {
      method: 'GET',
      route: '/api/report-settings',
      url: () => '/api/report-settings',
      expected: allow(configurers, 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/report-settings',
      url: () => '/api/report-settings',
      body: () => ({ triageDelayDays: 5 }),
      expected: allow(configurers, 200, 200),
    },
  ],
)
