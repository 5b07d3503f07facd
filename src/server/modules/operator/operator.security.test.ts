import { describe, expect, it } from 'vitest'
import { ApiClient, createUser, signedIn, TEST_PASSWORD } from '../../../../tests/support/factories.ts'
import { signedInOperator } from '../../../../tests/support/operator.ts'
import {
  describeRouteSecurity,
  type SecurityRow,
  same,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'

// The operator's routes answer only the operator's own session: no role of any organisation (their
// staff cookie is not even read there), nobody anonymous. And the operator's session opens no route of
// an organisation.

const world = setUpSecurityWorld()
const refused = same(401)
const id = () => world.orgA.id

const rows: SecurityRow[] = [
  { method: 'GET', route: '/api/operator/me', url: () => '/api/operator/me', expected: refused },
  {
    method: 'GET',
    route: '/api/operator/organisations',
    url: () => '/api/operator/organisations',
    expected: refused,
  },
  {
    method: 'POST',
    route: '/api/operator/organisations',
    url: () => '/api/operator/organisations',
    body: () => ({
      name: 'CCAS Pirate',
      siteName: 'Site',
      adminName: 'Pirate',
      adminEmail: 'pirate@example.test',
    }),
    expected: refused,
  },
  {
    method: 'POST',
    route: '/api/operator/organisations/:id/suspend',
    url: () => `/api/operator/organisations/${id()}/suspend`,
    expected: refused,
  },
  {
    method: 'POST',
    route: '/api/operator/organisations/:id/reactivate',
    url: () => `/api/operator/organisations/${id()}/reactivate`,
    expected: refused,
  },
  {
    method: 'GET',
    route: '/api/operator/organisations/:id/export',
    url: () => `/api/operator/organisations/${id()}/export`,
    expected: refused,
  },
  {
    method: 'POST',
    route: '/api/operator/organisations/import',
    url: () => '/api/operator/organisations/import',
    expected: refused,
  },
  {
    method: 'POST',
    route: '/api/operator/login/totp',
    url: () => '/api/operator/login/totp',
    body: () => ({ code: '123456' }),
    expected: refused,
  },
  // Signing in or out needs no session: an organisation's user has no operator account to sign in with.
  {
    method: 'POST',
    route: '/api/operator/login',
    url: () => '/api/operator/login',
    body: (caller) => ({ email: `${caller}@organisation.test`, password: TEST_PASSWORD }),
    expected: refused,
    codes: { 401: 'INVALID_CREDENTIALS' },
  },
  { method: 'POST', route: '/api/operator/logout', url: () => '/api/operator/logout', expected: same(204) },
]

describeRouteSecurity('Operator', world, ['/api/operator/'], rows)

describe('the operator session and organisations', () => {
  it('opens no route of an organisation, not even with an organisation’s cookie name forged', async () => {
    const { client } = await signedInOperator(world.ctx)
    for (const url of ['/api/people', '/api/organisation', '/api/users', '/api/auth/me', '/api/audit']) {
      const response = await client.get(url)
      expect(response.statusCode, url).toBe(401)
    }
    const forged = new ApiClient(world.ctx)
    forged.cookie = client.cookie!.replace('trame_operator=', 'trame_session=')
    expect((await forged.get('/api/people')).statusCode).toBe(401)
  })

  it('refuses an operator’s write without the operator’s own CSRF token', async () => {
    const { client } = await signedInOperator(world.ctx)
    const token = client.csrfToken
    for (const wrong of [undefined, 'faux']) {
      client.csrfToken = wrong
      const response = await client.post(`/api/operator/organisations/${world.orgA.id}/suspend`)
      expect(response.statusCode).toBe(403)
      expect(response.json().code).toBe('CSRF_INVALID')
    }
    client.csrfToken = token
    expect((await client.get('/api/operator/organisations')).statusCode).toBe(200)
  })

  it('refuses a suspended organisation’s users everywhere, the operator’s routes included', async () => {
    const { client } = await signedInOperator(world.ctx)
    const admin = await signedIn(
      world.ctx,
      await createUser(world.ctx, world.orgB.id, { roles: ['administrator'] }),
    )
    expect((await client.post(`/api/operator/organisations/${world.orgB.id}/suspend`)).statusCode).toBe(200)
    try {
      for (const url of ['/api/people', '/api/organisation', '/api/auth/me']) {
        const response = await admin.get(url)
        expect(response.statusCode, url).toBe(403)
        expect(response.json().code).toBe('ORGANISATION_SUSPENDED')
      }
      expect((await admin.get('/api/operator/organisations')).statusCode).toBe(401)
      expect((await admin.post(`/api/operator/organisations/${world.orgB.id}/reactivate`)).statusCode).toBe(
        401,
      )
    } finally {
      await client.post(`/api/operator/organisations/${world.orgB.id}/reactivate`)
    }
  })
})
