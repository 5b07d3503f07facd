import { allow, describeRouteSecurity, setUpSecurityWorld } from '../../../../tests/support/route-security.ts'

const world = setUpSecurityWorld()

const auditors = ['administrator', 'director', 'dpo'] as const

describeRouteSecurity(
  'audit',
  world,
  ['/api/audit', '/api/audit/accounts'],
  [
    // Organisation B's user searches their own organisation's trail: nothing of A may show.
    {
      method: 'GET',
      route: '/api/audit',
      url: () => '/api/audit',
      expected: allow(auditors, 200, 200),
      // Each organisation's trail holds its own people's files being created.
      shows: (caller) => [caller === 'otherOrganisation' ? world.people.b : world.people.a],
    },
    {
      method: 'GET',
      route: '/api/audit',
      label: "by organisation A's person",
      url: () => `/api/audit?personId=${world.people.a}`,
      expected: allow(auditors, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['"person.create"']),
    },
    {
      method: 'GET',
      route: '/api/audit',
      label: "by organisation A's user",
      url: () => `/api/audit?userId=${world.users.social_worker.id}&from=2000-01-01&to=2999-12-31`,
      expected: allow(auditors, 200, 200),
    },
    // Each organisation's auditors see their own accounts only.
    {
      method: 'GET',
      route: '/api/audit/accounts',
      url: () => '/api/audit/accounts',
      expected: allow(auditors, 200, 200),
      hides: (caller) => (caller === 'otherOrganisation' ? [world.users.social_worker.id] : []),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : [world.users.social_worker.id]),
    },
  ],
)
