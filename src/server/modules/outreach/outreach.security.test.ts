import { randomUUID } from 'node:crypto'
import type { ApiClient } from '../../../../tests/support/factories.ts'
import {
  allow,
  type Caller,
  describeRouteSecurity,
  type Expected,
  type SecurityWorld,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { ROLES, type Role } from '../../../shared/roles.ts'

const readers = ['director', 'social_worker', 'educator', 'outreach_agent', 'nurse'] as const
const writers = readers
const configurers = ['administrator', 'director'] as const
const settingsReaders = ['administrator', ...readers] as const
const zoneReaders = [
  'administrator',
  'director',
  'social_worker',
  'educator',
  'front_desk_agent',
  'outreach_agent',
  'nurse',
  'volunteer_coordinator',
] as const
const censusReaders = ['administrator', ...readers, 'analyst'] as const

async function created(client: ApiClient, url: string, body: object) {
  const response = await client.post(url, body)
  if (response.statusCode !== 201) throw new Error(`${url}: ${response.body}`)
  return response.json()
}

/** One record per writing role, for the routes that can act only once on a record. */
async function perWriter<T>(make: (role: Role) => Promise<T>) {
  const records = {} as Record<Role, T>
  for (const role of ROLES) records[role] = await make(role)
  return records
}

const world = setUpSecurityWorld(async (w: SecurityWorld) => {
  const sw = w.clients.social_worker
  const zones = (
    await w.clients.director.put('/api/outreach/zones', { items: [{ label: 'Quartier Aubépine' }] })
  ).json().items as { id: string; label: string }[]
  const zoneId = zones[0]!.id
  const round = await created(sw, '/api/outreach/rounds', {
    date: '2026-03-01',
    teamId: w.orgA.teamId,
    zoneId,
  })
  const place = await created(sw, '/api/outreach/places', {
    type: 'squat',
    name: 'Squat Aubépine',
    latitude: 45.4,
    longitude: 4.4,
    zoneId,
  })
  const encounter = await created(sw, '/api/outreach/encounters', {
    idempotencyKey: randomUUID(),
    teamId: w.orgA.teamId,
    roundId: round.id,
    personId: w.people.a,
    situation: 'sleeping_rough',
    latitude: 45.41,
    longitude: 4.41,
    note: 'Aubertin sous le pont',
  })
  // Of the confidential PAEJ team: among A's callers, only the director may see them.
  const confidentialRound = await created(w.clients.director, '/api/outreach/rounds', {
    date: '2026-03-02',
    teamId: w.orgA.confidentialTeamId,
  })
  const confidentialEncounter = await created(w.clients.director, '/api/outreach/encounters', {
    idempotencyKey: randomUUID(),
    teamId: w.orgA.confidentialTeamId,
    personId: w.people.aConfidential,
    situation: 'squat',
    latitude: 45.42,
    longitude: 4.42,
  })
  // Follow-ups, households and families: one per role where a route acts once on a record.
  const person = (role: string) => created(sw, '/api/people', { lastName: `Personne ${role}` })
  const newPeople = await perWriter(async (role) => (await person(role)).id as string)
  const toClose = await perWriter(async (role) => {
    const met = await created(sw, '/api/outreach/encounters', {
      idempotencyKey: randomUUID(),
      teamId: w.orgA.teamId,
      personId: (await person(`à clore ${role}`)).id,
      situation: 'car',
    })
    return met.followupId as string
  })
  const household = async (name: string) =>
    (
      await created(sw, '/api/households', {
        members: [{ personId: (await person(name)).id, relationship: 'head' }],
      })
    ).id as string
  const households = await perWriter((role) => household(`foyer ${role}`))
  const family = await created(sw, '/api/outreach/families', {
    householdId: await household('famille Aubépine'),
    teamId: w.orgA.teamId,
  })
  const referral = (
    await created(sw, `/api/outreach/families/${family.id}/referrals`, {
      partnerServiceId: w.partners.a.serviceId,
      referredOn: '2026-01-10',
    })
  ).referrals[0].id as string
  return {
    zoneId,
    round: round.id as string,
    place: place.id as string,
    encounter: encounter.id as string,
    followup: encounter.followupId as string,
    confidentialRound: confidentialRound.id as string,
    confidentialEncounter: confidentialEncounter.id as string,
    confidentialFollowup: confidentialEncounter.followupId as string,
    newPeople,
    toClose,
    households,
    family: family.id as string,
    referral,
  }
})

const asRole = <T>(records: Record<Role, T>, caller: Caller) =>
  records[caller === 'otherOrganisation' || caller === 'anonymous' ? 'director' : caller]
const hidesConfidential = (caller: Caller) =>
  caller === 'director'
    ? []
    : [
        world.confidentialRound,
        world.confidentialEncounter,
        world.confidentialFollowup,
        world.people.aConfidential,
        'Paejienne',
      ]
/** Only the director of A sees the confidential team's record; B's user gets 404 like everyone else. */
const confidential = (ok: number): Expected => ({ ...allow(readers, 404, 404), director: ok })
/** Counts only: no name, no person id, whoever asks. */
const noNames = () => [world.people.a, world.people.aConfidential, 'Aubertin', 'Paejienne', 'AUBERTIN']
const stageFor: Partial<Record<Caller, string>> = {
  director: 'known',
  social_worker: 'support_accepted',
  outreach_agent: 'in_followup',
  nurse: 'refused',
}

describeRouteSecurity(
  'outreach',
  world,
  ['/api/outreach/'],
  [
    {
      method: 'GET',
      route: '/api/outreach/settings',
      url: () => '/api/outreach/settings',
      expected: allow(settingsReaders, 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/outreach/settings',
      url: () => '/api/outreach/settings',
      body: () => ({ caseloadAlertDays: 60 }),
      expected: allow(configurers, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/outreach/zones',
      url: () => '/api/outreach/zones',
      expected: allow(zoneReaders, 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/outreach/zones',
      url: () => '/api/outreach/zones',
      body: (caller) =>
        caller === 'otherOrganisation'
          ? { items: [{ label: 'Zone de B' }] }
          : { items: [{ id: world.zoneId, label: 'Quartier Aubépine' }, { label: `Zone ${caller}` }] },
      expected: allow(configurers, 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/outreach/zones',
      label: "another organisation's zone id",
      url: () => '/api/outreach/zones',
      body: () => ({ items: [{ id: world.zoneId, label: 'Détournée' }] }),
      expected: allow(configurers, 200, 400),
    },
    {
      method: 'GET',
      route: '/api/outreach/handout-items',
      url: () => '/api/outreach/handout-items',
      expected: allow(settingsReaders, 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/outreach/handout-items',
      url: () => '/api/outreach/handout-items',
      body: (caller) => ({ items: [{ label: 'Repas' }, { label: `Objet ${caller}` }] }),
      expected: allow(configurers, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/outreach/contact-reasons',
      url: () => '/api/outreach/contact-reasons',
      expected: allow(readers, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/outreach/rounds',
      url: () => '/api/outreach/rounds',
      expected: allow(readers, 200, 200),
      hides: hidesConfidential,
      shows: (caller) => (caller === 'otherOrganisation' ? [] : [world.round]),
    },
    {
      method: 'POST',
      route: '/api/outreach/rounds',
      url: () => '/api/outreach/rounds',
      body: () => ({ date: '2026-03-10', mode: 'on_foot' }),
      expected: allow(writers, 201, 201),
    },
    {
      method: 'POST',
      route: '/api/outreach/rounds',
      label: "organisation A's team and zone",
      url: () => '/api/outreach/rounds',
      body: () => ({ date: '2026-03-10', teamId: world.orgA.teamId, zoneId: world.zoneId }),
      expected: allow(writers, 201, 400),
    },
    {
      method: 'GET',
      route: '/api/outreach/rounds/:id',
      url: () => `/api/outreach/rounds/${world.round}`,
      expected: allow(readers, 200, 404),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Squat Aubépine', 'AUBERTIN']),
    },
    {
      method: 'GET',
      route: '/api/outreach/rounds/:id',
      label: 'confidential team',
      url: () => `/api/outreach/rounds/${world.confidentialRound}`,
      expected: confidential(200),
      hides: hidesConfidential,
    },
    {
      method: 'PATCH',
      route: '/api/outreach/rounds/:id',
      url: () => `/api/outreach/rounds/${world.round}`,
      body: (caller) => ({ note: `Modifiée par ${caller}` }),
      expected: allow(writers, 200, 404),
    },
    {
      method: 'PATCH',
      route: '/api/outreach/rounds/:id',
      label: 'confidential team',
      url: () => `/api/outreach/rounds/${world.confidentialRound}`,
      body: () => ({ note: 'Modifiée' }),
      expected: confidential(200),
      hides: hidesConfidential,
    },
    {
      method: 'POST',
      route: '/api/outreach/rounds/:id/close',
      url: () => `/api/outreach/rounds/${world.round}/close`,
      body: (caller) => ({ handouts: [], remarks: `Clôturée par ${caller}` }),
      expected: allow(writers, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/outreach/places',
      url: () => '/api/outreach/places',
      expected: allow(readers, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Squat Aubépine']),
    },
    {
      method: 'POST',
      route: '/api/outreach/places',
      url: () => '/api/outreach/places',
      body: (caller) => ({ type: 'camp', name: `Campement ${caller}`, address: 'quai' }),
      expected: allow(writers, 201, 201),
    },
    {
      method: 'GET',
      route: '/api/outreach/places/:id',
      url: () => `/api/outreach/places/${world.place}`,
      expected: allow(readers, 200, 404),
    },
    {
      method: 'PATCH',
      route: '/api/outreach/places/:id',
      url: () => `/api/outreach/places/${world.place}`,
      body: (caller) => ({ riskNotes: `Noté par ${caller}` }),
      expected: allow(writers, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/outreach/places/:id/visits',
      url: () => `/api/outreach/places/${world.place}/visits`,
      body: () => ({ occupants: 3 }),
      expected: allow(writers, 201, 404),
    },
    {
      method: 'POST',
      route: '/api/outreach/encounters',
      url: () => '/api/outreach/encounters',
      body: () => ({ idempotencyKey: randomUUID(), situation: 'car', anonymous: { sex: 'male' } }),
      expected: allow(writers, 201, 201),
    },
    {
      method: 'POST',
      route: '/api/outreach/encounters',
      label: "organisation A's person",
      url: () => '/api/outreach/encounters',
      body: () => ({ idempotencyKey: randomUUID(), situation: 'car', personId: world.people.a }),
      expected: allow(writers, 201, 400),
    },
    {
      method: 'POST',
      route: '/api/outreach/encounters',
      label: 'confidential person',
      url: () => '/api/outreach/encounters',
      body: () => ({ idempotencyKey: randomUUID(), situation: 'car', personId: world.people.aConfidential }),
      expected: { ...allow(writers, 400, 400), director: 201 },
      hides: hidesConfidential,
    },
    {
      method: 'POST',
      route: '/api/outreach/encounters',
      label: "organisation A's round and place",
      url: () => '/api/outreach/encounters',
      body: () => ({
        idempotencyKey: randomUUID(),
        situation: 'squat',
        anonymous: {},
        roundId: world.round,
        placeId: world.place,
      }),
      expected: allow(writers, 201, 400),
    },
    {
      method: 'GET',
      route: '/api/outreach/encounters',
      url: () => '/api/outreach/encounters',
      expected: allow(readers, 200, 200),
      hides: hidesConfidential,
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Aubertin sous le pont']),
    },
    {
      method: 'GET',
      route: '/api/outreach/encounters',
      label: "a person's encounters",
      url: () => `/api/outreach/encounters?personId=${world.people.a}`,
      expected: allow(readers, 200, 404),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['AUBERTIN']),
    },
    {
      method: 'GET',
      route: '/api/outreach/encounters/:id',
      url: () => `/api/outreach/encounters/${world.encounter}`,
      expected: allow(readers, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/outreach/encounters/:id',
      label: 'confidential team',
      url: () => `/api/outreach/encounters/${world.confidentialEncounter}`,
      expected: confidential(200),
      hides: hidesConfidential,
    },
    {
      method: 'PATCH',
      route: '/api/outreach/encounters/:id',
      url: () => `/api/outreach/encounters/${world.encounter}`,
      body: (caller) => ({ note: `Complétée par ${caller}` }),
      expected: allow(writers, 200, 404),
    },
    {
      method: 'PATCH',
      route: '/api/outreach/encounters/:id',
      label: 'confidential team',
      url: () => `/api/outreach/encounters/${world.confidentialEncounter}`,
      body: () => ({ note: 'Modifiée' }),
      expected: confidential(200),
      hides: hidesConfidential,
    },
    {
      method: 'GET',
      route: '/api/outreach/caseload',
      url: () => '/api/outreach/caseload',
      expected: allow(readers, 200, 200),
      hides: hidesConfidential,
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['AUBERTIN']),
    },
    {
      method: 'GET',
      route: '/api/outreach/followups',
      url: () => `/api/outreach/followups?personId=${world.people.a}`,
      expected: allow(readers, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/outreach/followups',
      url: () => '/api/outreach/followups',
      body: (caller) => ({ personId: asRole(world.newPeople, caller), teamId: world.orgA.teamId }),
      expected: allow(writers, 201, 400),
    },
    {
      method: 'GET',
      route: '/api/outreach/followups/:id',
      url: () => `/api/outreach/followups/${world.followup}`,
      expected: allow(readers, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/outreach/followups/:id',
      label: 'confidential team',
      url: () => `/api/outreach/followups/${world.confidentialFollowup}`,
      expected: confidential(200),
      hides: hidesConfidential,
    },
    {
      method: 'POST',
      route: '/api/outreach/followups/:id/stage',
      url: () => `/api/outreach/followups/${world.followup}/stage`,
      body: (caller) => ({ stage: stageFor[caller] ?? 'known' }),
      expected: allow(writers, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/outreach/followups/:id/stage',
      label: 'confidential team',
      url: () => `/api/outreach/followups/${world.confidentialFollowup}/stage`,
      body: () => ({ stage: 'known' }),
      expected: confidential(200),
      hides: hidesConfidential,
    },
    {
      method: 'POST',
      route: '/api/outreach/followups/:id/close',
      url: (caller) => `/api/outreach/followups/${asRole(world.toClose, caller)}/close`,
      body: () => ({ exitReason: 'left_city' }),
      expected: allow(writers, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/outreach/families',
      url: () => '/api/outreach/families',
      expected: allow(readers, 200, 200),
    },
    {
      method: 'POST',
      route: '/api/outreach/families',
      url: () => '/api/outreach/families',
      body: (caller) => ({ householdId: asRole(world.households, caller), teamId: world.orgA.teamId }),
      expected: allow(writers, 201, 400),
    },
    {
      method: 'GET',
      route: '/api/outreach/families/:id',
      url: () => `/api/outreach/families/${world.family}`,
      expected: allow(readers, 200, 404),
    },
    {
      method: 'PATCH',
      route: '/api/outreach/families/:id',
      url: () => `/api/outreach/families/${world.family}`,
      body: () => ({ rights: [{ item: 'schooling', status: 'in_progress' }] }),
      expected: allow(writers, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/outreach/families/:id/referrals',
      url: () => `/api/outreach/families/${world.family}/referrals`,
      body: () => ({ partnerServiceId: world.partners.a.serviceId, referredOn: '2026-01-12' }),
      expected: allow(writers, 201, 404),
    },
    {
      method: 'PATCH',
      route: '/api/outreach/families/:id/referrals/:referralId',
      url: () => `/api/outreach/families/${world.family}/referrals/${world.referral}`,
      body: () => ({ outcome: 'accepted', outcomeOn: '2026-01-20' }),
      expected: allow(writers, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/outreach/map',
      url: () => '/api/outreach/map',
      expected: allow(readers, 200, 200),
      hides: (caller) => [...hidesConfidential(caller), ...noNames()],
      shows: (caller) => (caller === 'otherOrganisation' ? [] : [world.encounter, world.place]),
    },
    {
      method: 'GET',
      route: '/api/outreach/census',
      url: () => '/api/outreach/census?from=2026-01-01&to=2026-12-31',
      expected: allow(censusReaders, 200, 200),
      hides: noNames,
    },
    {
      method: 'GET',
      route: '/api/outreach/census.csv',
      url: () => '/api/outreach/census.csv?from=2026-01-01&to=2026-12-31',
      expected: allow(censusReaders, 200, 200),
      hides: noNames,
    },
  ],
)
