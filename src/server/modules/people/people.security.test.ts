import {
  allow,
  type Caller,
  describeRouteSecurity,
  type Expected,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { ROLES } from '../../../shared/roles.ts'

const world = setUpSecurityWorld()

const readers = [
  'director',
  'social_worker',
  'front_desk_agent',
  'outreach_agent',
  'commission_member',
  'volunteer_coordinator',
] as const
const writers = [
  'director',
  'social_worker',
  'front_desk_agent',
  'outreach_agent',
  'volunteer_coordinator',
] as const

/** A file of the confidential PAEJ team: only the director among A's callers belongs to who may see it. */
function confidential(allowed: readonly Caller[], ok: number): Expected {
  const expected = allow(allowed as typeof readers, ok, 404)
  for (const role of ROLES) if (expected[role] === ok && role !== 'director') expected[role] = 404
  return expected
}
/** A's readers find A's ordinary file; the director also finds the confidential one. */
const showsOwn = (caller: Caller) =>
  caller === 'otherOrganisation'
    ? ['Zéphyrin']
    : ['Aubertin', ...(caller === 'director' ? ['Paejienne'] : [])]
/** Outside the PAEJ team and not director: the confidential file must not show, not even its name. */
const hidesConfidential = (caller: Caller) =>
  caller === 'director' ? [] : [world.people.aConfidential, 'Paejienne']

describeRouteSecurity(
  'people',
  world,
  ['/api/people'],
  [
    {
      method: 'GET',
      route: '/api/people',
      url: () => '/api/people',
      expected: allow(readers, 200, 200),
      hides: hidesConfidential,
      shows: showsOwn,
    },
    {
      method: 'GET',
      route: '/api/people',
      label: 'searched by name',
      url: () => '/api/people?q=Paejienne',
      expected: allow(readers, 200, 200),
      hides: hidesConfidential,
      shows: (caller) => (caller === 'director' ? ['Paejienne'] : []),
    },
    {
      method: 'GET',
      route: '/api/people/likely-duplicates',
      url: () => '/api/people/likely-duplicates?lastName=Aubertin',
      expected: allow(readers, 200, 200),
      hides: hidesConfidential,
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Aubertin']),
    },
    {
      method: 'GET',
      route: '/api/people/likely-duplicates',
      label: 'confidential name',
      url: () => '/api/people/likely-duplicates?lastName=Paejienne',
      expected: allow(readers, 200, 200),
      hides: hidesConfidential,
      shows: (caller) => (caller === 'director' ? ['Paejienne'] : []),
    },
    {
      method: 'GET',
      route: '/api/people/likely-duplicates',
      label: "organisation B's name",
      url: () => '/api/people/likely-duplicates?lastName=Zephyrin',
      expected: allow(readers, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? ['Zéphyrin'] : []),
    },
    {
      method: 'POST',
      route: '/api/people',
      url: () => '/api/people',
      body: (caller) => ({ lastName: `Créé par ${caller}` }),
      expected: allow(writers, 201, 201),
    },
    {
      method: 'GET',
      route: '/api/people/:id',
      url: () => `/api/people/${world.people.a}`,
      expected: allow(readers, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/people/:id',
      label: 'confidential team',
      url: () => `/api/people/${world.people.aConfidential}`,
      expected: confidential(readers, 200),
      hides: hidesConfidential,
    },
    {
      method: 'PATCH',
      route: '/api/people/:id',
      url: () => `/api/people/${world.people.a}`,
      body: () => ({ usageName: 'Aubertin-Martin' }),
      expected: allow(writers, 200, 404),
    },
    {
      method: 'PATCH',
      route: '/api/people/:id',
      label: 'confidential team',
      url: () => `/api/people/${world.people.aConfidential}`,
      body: () => ({ firstNames: 'Camille' }),
      expected: confidential(writers, 200),
      hides: hidesConfidential,
    },
  ],
)
