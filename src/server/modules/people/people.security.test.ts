import { allow, describeRouteSecurity, setUpSecurityWorld } from '../../../../tests/support/route-security.ts'

const world = setUpSecurityWorld(async ({ clients, orgA }) => ({
  personId: (
    await clients.social_worker.post('/api/people', { lastName: 'Durand', teamId: orgA.teamId })
  ).json().id as string,
}))

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

describeRouteSecurity(
  'people',
  world,
  ['/api/people'],
  [
    { method: 'GET', route: '/api/people', url: () => '/api/people', expected: allow(readers, 200, 200) },
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
      url: () => `/api/people/${world.personId}`,
      expected: allow(readers, 200, 404),
    },
    {
      method: 'PATCH',
      route: '/api/people/:id',
      url: () => `/api/people/${world.personId}`,
      body: () => ({ usageName: 'Durand-Martin' }),
      expected: allow(writers, 200, 404),
    },
  ],
)
