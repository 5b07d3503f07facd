import { afterAll, beforeAll } from 'vitest'
import type { ApiClient } from '../../../../tests/support/factories.ts'
import {
  allow,
  type Caller,
  describeRouteSecurity,
  securityWorld,
} from '../../../../tests/support/route-security.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'

let ctx: TestContext
let clients: Record<Caller, ApiClient>
beforeAll(async () => {
  ctx = await createTestContext()
  clients = (await securityWorld(ctx)).clients
})
afterAll(() => ctx.close())

describeRouteSecurity(
  'audit',
  () => ({ ctx, clients }),
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
