import { allow, describeRouteSecurity, setUpSecurityWorld } from '../../../../tests/support/route-security.ts'

const world = setUpSecurityWorld()

describeRouteSecurity(
  'audit',
  world,
  ['/api/audit'],
  [
    // Organisation B's user searches their own organisation's trail only (see people.isolation.test.ts).
    {
      method: 'GET',
      route: '/api/audit',
      url: () => '/api/audit',
      expected: allow(['administrator', 'director'], 200, 200),
    },
  ],
)
