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
let personId: string
beforeAll(async () => {
  ctx = await createTestContext()
  const world = await securityWorld(ctx)
  clients = world.clients
  personId = (
    await clients.social_worker.post('/api/people', { lastName: 'Durand', teamId: world.orgA.teamId })
  ).json().id
})
afterAll(() => ctx.close())

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
  () => ({ ctx, clients }),
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
      url: () => `/api/people/${personId}`,
      expected: allow(readers, 200, 404),
    },
    {
      method: 'PATCH',
      route: '/api/people/:id',
      url: () => `/api/people/${personId}`,
      body: () => ({ usageName: 'Durand-Martin' }),
      expected: allow(writers, 200, 404),
    },
  ],
)
