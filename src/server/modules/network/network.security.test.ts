import { ApiClient, createOrganisation, signedIn } from '../../../../tests/support/factories.ts'
import {
  allow,
  CALLERS,
  type Caller,
  describeRouteSecurity,
  same,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { createVolunteer } from './network.test-factories.ts'

const need = async (client: ApiClient, personId: string) => {
  // The world's people have no phone or address: the CCAS arranges the visit.
  const response = await client.post('/api/network/needs', {
    personId,
    kind: 'shopping',
    ccasIntroduces: true,
  })
  if (response.statusCode !== 201) throw new Error(response.body)
  return response.json().id as string
}

const world = setUpSecurityWorld(async (w) => {
  // Public routes are rate-limited per address: each caller calls from an address of its own.
  const clients = {} as Record<Caller, ApiClient>
  for (const [index, caller] of CALLERS.entries()) {
    const ip = `10.78.0.${index + 1}`
    clients[caller] =
      caller === 'anonymous' ? new ApiClient(w.ctx, ip) : await signedIn(w.ctx, w.users[caller], ip)
  }
  const coordinator = w.clients.volunteer_coordinator
  // One record per caller for the routes that change a state, so each allowed caller really acts.
  const volunteers = {} as Record<Caller, string>
  const needs = {} as Record<Caller, string>
  const reports = {} as Record<Caller, string>
  const escalated = {} as Record<Caller, string>
  const neighbourhoods = {} as Record<Caller, string>
  for (const caller of CALLERS) {
    const organisationId = caller === 'otherOrganisation' ? w.orgB.id : w.orgA.id
    volunteers[caller] = (await createVolunteer(w.ctx, organisationId, { status: 'pending' })).id
    needs[caller] =
      caller === 'otherOrganisation'
        ? await need(w.clients.otherOrganisation, w.people.b)
        : await need(coordinator, w.people.a)
    const report = await w.ctx.db
      .insertInto('network_member_reports')
      .values({ organisation_id: organisationId, about: 'Une voisine ne sort plus.' })
      .returning('id')
      .executeTakeFirstOrThrow()
    reports[caller] = report.id
    const owner = caller === 'otherOrganisation' ? w.clients.otherOrganisation : coordinator
    escalated[caller] = await need(owner, caller === 'otherOrganisation' ? w.people.b : w.people.a)
    await owner.post(`/api/network/needs/${escalated[caller]}/escalate`, {
      to: 'partner',
      partnerName: 'Petits Frères des Pauvres',
    })
    const centre = await owner.post('/api/network/neighbourhoods', {
      name: `Centre ${caller}`,
      latitude: 49.85,
      longitude: 3.29,
    })
    neighbourhoods[caller] = centre.json().id
  }
  // Candidates for the offers of A's needs.
  for (let i = 0; i < 3; i++) await createVolunteer(w.ctx, w.orgA.id, { firstName: `Candidat${i}` })
  const confidentialNeed = await need(w.clients.director, w.people.aConfidential)
  // The organisation of the public portal: none of A's or B's markers.
  const portalOrganisation = await createOrganisation(w.ctx, 'CCAS du portail')
  return {
    clients,
    volunteers,
    needs,
    reports,
    escalated,
    neighbourhoods,
    confidentialNeed,
    portalOrganisationId: portalOrganisation.id,
  }
})

const coordinators = ['director', 'volunteer_coordinator'] as const
const creators = ['director', 'social_worker', 'front_desk_agent', 'volunteer_coordinator'] as const
const own = (caller: Caller, path: (id: string) => string, ids: Record<Caller, string>) => path(ids[caller])
const hidesConfidential = (caller: Caller) =>
  caller === 'director' ? [] : ['Paejienne', 'PAEJIENNE', world.people.aConfidential]
const validation = { 400: 'VALIDATION_FAILED' }
const noVolunteer = same(401)

describeRouteSecurity(
  'network',
  world,
  ['/api/network', '/api/public/network'],
  [
    {
      method: 'GET',
      route: '/api/public/network/portal',
      url: () => `/api/public/network/portal?organisation=${world.portalOrganisationId}`,
      expected: same(200),
      shows: () => ['CCAS du portail'],
    },
    {
      method: 'POST',
      route: '/api/public/network/:organisationId/volunteers',
      url: () => `/api/public/network/${world.portalOrganisationId}/volunteers`,
      // A staff session opens nothing here: the body is checked like anyone's.
      body: () => ({}),
      expected: same(400),
      codes: validation,
    },
    {
      method: 'POST',
      route: '/api/public/network/login',
      url: () => '/api/public/network/login',
      // An unknown account per caller: five failures on one account pause its sign-in.
      body: (caller) => ({
        organisationId: world.portalOrganisationId,
        email: `${caller}@voisin.test`,
        password: 'mauvais mot',
      }),
      expected: same(401),
      codes: { 401: 'INVALID_CREDENTIALS' },
    },
    // Staff sessions are not volunteer sessions: every portal route answers 401 to them.
    {
      method: 'POST',
      route: '/api/public/network/logout',
      url: () => '/api/public/network/logout',
      expected: noVolunteer,
    },
    {
      method: 'GET',
      route: '/api/public/network/me',
      url: () => '/api/public/network/me',
      expected: noVolunteer,
    },
    {
      method: 'POST',
      route: '/api/public/network/charter',
      url: () => '/api/public/network/charter',
      body: () => ({ version: '2026-1' }),
      expected: noVolunteer,
    },
    {
      method: 'GET',
      route: '/api/public/network/needs',
      url: () => '/api/public/network/needs',
      expected: noVolunteer,
    },
    {
      method: 'POST',
      route: '/api/public/network/needs/:id/accept',
      url: (caller) => `/api/public/network/needs/${world.needs[caller]}/accept`,
      expected: noVolunteer,
    },
    {
      method: 'POST',
      route: '/api/public/network/needs/:id/done',
      url: (caller) => `/api/public/network/needs/${world.needs[caller]}/done`,
      body: () => ({ report: 'Fait.' }),
      expected: noVolunteer,
    },
    {
      method: 'POST',
      route: '/api/public/network/needs/:id/release',
      url: (caller) => `/api/public/network/needs/${world.needs[caller]}/release`,
      expected: noVolunteer,
    },
    {
      method: 'POST',
      route: '/api/public/network/reports',
      url: () => '/api/public/network/reports',
      body: () => ({ about: 'Un voisin isolé.' }),
      expected: noVolunteer,
    },
    {
      method: 'GET',
      route: '/api/network/volunteers',
      url: () => '/api/network/volunteers',
      expected: allow(coordinators, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : [world.volunteers.director]),
    },
    {
      method: 'POST',
      route: '/api/network/volunteers/:id/status',
      url: (caller) => own(caller, (id) => `/api/network/volunteers/${id}/status`, world.volunteers),
      body: () => ({ status: 'approved' }),
      expected: allow(coordinators, 200, 200),
    },
    {
      method: 'PATCH',
      route: '/api/network/volunteers/:id',
      // Another organisation's volunteer: not found.
      url: (caller) =>
        `/api/network/volunteers/${world.volunteers[caller === 'otherOrganisation' ? 'director' : caller]}`,
      body: () => ({ professionalSkill: 'Psychologue' }),
      expected: allow(coordinators, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/network/needs',
      url: () => '/api/network/needs',
      body: () => ({ personId: world.people.a, kind: 'pharmacy', ccasIntroduces: true }),
      // Another organisation's person is an unknown person.
      expected: allow(creators, 201, 400),
      codes: validation,
    },
    {
      method: 'GET',
      route: '/api/network/needs',
      url: () => '/api/network/needs',
      expected: allow(coordinators, 200, 200),
      hides: hidesConfidential,
      shows: (caller) =>
        caller === 'otherOrganisation'
          ? []
          : caller === 'director'
            ? [world.needs.director, world.confidentialNeed]
            : [world.needs.director],
    },
    {
      method: 'GET',
      route: '/api/network/needs/:id/matches',
      url: (caller) => own(caller, (id) => `/api/network/needs/${id}/matches`, world.needs),
      expected: allow(coordinators, 200, 200),
    },
    {
      method: 'POST',
      route: '/api/network/needs/:id/offer',
      url: (caller) =>
        `/api/network/needs/${world.needs[caller === 'otherOrganisation' ? 'director' : caller]}/offer`,
      body: () => ({ count: 1 }),
      expected: allow(coordinators, 200, 404),
      shows: () => ['"status":"offered"'],
    },
    {
      method: 'POST',
      route: '/api/network/needs/:id/escalate',
      url: (caller) =>
        `/api/network/needs/${world.needs[caller === 'otherOrganisation' ? 'administrator' : caller]}/escalate`,
      body: () => ({ to: 'partner', partnerName: 'Petits Frères des Pauvres' }),
      expected: allow(coordinators, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/network/needs/:id/cancel',
      url: (caller) =>
        `/api/network/needs/${world.needs[caller === 'otherOrganisation' ? 'analyst' : caller === 'director' ? 'social_worker' : caller === 'volunteer_coordinator' ? 'front_desk_agent' : 'nurse']}/cancel`,
      expected: allow(coordinators, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/network/member-reports',
      url: () => '/api/network/member-reports',
      expected: allow(coordinators, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : [world.reports.director]),
    },
    {
      method: 'POST',
      route: '/api/network/member-reports/:id/close',
      url: (caller) =>
        `/api/network/member-reports/${world.reports[caller === 'otherOrganisation' ? 'director' : caller]}/close`,
      body: () => ({ outcome: 'already_known', closingNote: 'Déjà suivie par le CCAS.' }),
      expected: allow(coordinators, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/network/needs/:id/escalation-outcome',
      url: (caller) =>
        `/api/network/needs/${world.escalated[caller === 'otherOrganisation' ? 'director' : caller]}/escalation-outcome`,
      body: () => ({ outcome: 'Prise en charge par l’association.' }),
      expected: allow(coordinators, 200, 404),
      shows: () => ['Prise en charge par l’association.'],
    },
    {
      method: 'GET',
      route: '/api/network/settings',
      url: () => '/api/network/settings',
      expected: allow(coordinators, 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/network/settings',
      url: () => '/api/network/settings',
      body: () => ({
        escalateAfterHours: 24,
        escalationPartnerId: null,
        escalationTeamId: null,
        seniorsLineTeamId: null,
        offerCount: 4,
      }),
      expected: allow(coordinators, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/network/neighbourhoods',
      url: () => '/api/network/neighbourhoods',
      // Those who enter needs pick a neighbourhood too.
      expected: allow(creators, 200, 200),
      shows: (caller) =>
        caller === 'otherOrganisation' ? ['Centre otherOrganisation'] : ['Centre director'],
      hides: (caller) =>
        caller === 'otherOrganisation' ? ['Centre director'] : ['Centre otherOrganisation'],
    },
    {
      method: 'POST',
      route: '/api/network/neighbourhoods',
      url: () => '/api/network/neighbourhoods',
      body: (caller) => ({ name: `Nouveau quartier ${caller}`, latitude: 49.84, longitude: 3.28 }),
      expected: allow(coordinators, 201, 201),
    },
    {
      method: 'DELETE',
      route: '/api/network/neighbourhoods/:id',
      url: (caller) =>
        `/api/network/neighbourhoods/${world.neighbourhoods[caller === 'otherOrganisation' ? 'director' : caller]}`,
      expected: allow(coordinators, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/network/dashboard',
      url: () => '/api/network/dashboard?from=2026-01-01&to=2026-12-31',
      expected: allow(coordinators, 200, 200),
    },
  ],
)
