import { randomUUID } from 'node:crypto'
import { authenticator } from 'otplib'
import { describe, expect, it } from 'vitest'
import { ApiClient, createUser, signedIn, TEST_PASSWORD } from '../../../../tests/support/factories.ts'
import {
  allow,
  type Caller,
  describeRouteSecurity,
  type Expected,
  same,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { SessionStore } from '../../platform/sessions.ts'
import { totpCode } from '../../platform/totp.ts'

const world = setUpSecurityWorld(async ({ ctx, clients }) => {
  // A live invitation: its link must open for anyone holding it, signed in or not.
  const email = `invite-${randomUUID()}@invite.test`
  const invited = await clients.administrator.post('/api/users/invitations', {
    email,
    name: 'Invitée',
    roles: ['social_worker'],
  })
  if (invited.statusCode !== 201) throw new Error(invited.body)
  await ctx.deliverEmails()
  const invitationToken = new URL(ctx.mailbox.linkFor(email)).searchParams.get('token') as string
  return { invitationToken }
})

/** Own-account routes: any signed-in user acts on their own account only. */
const signedInOnly = (status: number) => allow('everyone', status, status)

async function userColumn(caller: Caller, column: 'totp_pending_secret' | 'totp_secret') {
  if (caller === 'anonymous') return null
  const row = await world.ctx.db
    .selectFrom('users')
    .select(column)
    .where('id', '=', world.users[caller].id)
    .executeTakeFirstOrThrow()
  return row[column]
}

/** The code of the next time step (still inside the accepted window), so it was never used before. */
function nextCode(secret: string) {
  return authenticator.clone({ epoch: Date.now() + 30_000 }).generate(secret)
}

/** Administrators and directors must keep two-factor authentication (B's user holds every role). */
const cannotDisable: Expected = {
  ...signedInOnly(204),
  administrator: 400,
  director: 400,
  otherOrganisation: 400,
}

describeRouteSecurity(
  'auth and account',
  world,
  ['/api/auth', '/api/account'],
  [
    {
      method: 'POST',
      route: '/api/auth/setup/status',
      url: () => '/api/auth/setup/status',
      body: () => ({ token: 'x' }),
      expected: same(200),
    },
    {
      method: 'POST',
      route: '/api/auth/setup',
      url: () => '/api/auth/setup',
      body: () => ({
        token: 'x',
        organisationName: 'X',
        siteName: 'X',
        adminName: 'X',
        email: 'x@x.test',
        password: 'un mot de passe long',
      }),
      expected: same(409),
      codes: { 409: 'SETUP_ALREADY_DONE' },
    },
    {
      method: 'POST',
      route: '/api/auth/login',
      url: () => '/api/auth/login',
      // One address per caller: five failures on one address would (rightly) throttle the sixth.
      body: (caller) => ({ email: `${caller}@nulle-part.test`, password: 'faux' }),
      expected: same(401),
      codes: { 401: 'INVALID_CREDENTIALS' },
    },
    {
      method: 'POST',
      route: '/api/auth/password-reset/request',
      url: () => '/api/auth/password-reset/request',
      body: () => ({ email: 'personne@nulle-part.test' }),
      expected: same(202),
    },
    {
      method: 'POST',
      route: '/api/auth/password-reset/complete',
      url: () => '/api/auth/password-reset/complete',
      body: () => ({ token: 'faux', password: 'un mot de passe long' }),
      expected: same(400),
      codes: { 400: 'TOKEN_INVALID' },
    },
    {
      method: 'POST',
      route: '/api/auth/invitations/info',
      url: () => '/api/auth/invitations/info',
      body: () => ({ token: world.invitationToken }),
      expected: same(200),
    },
    {
      method: 'POST',
      route: '/api/auth/invitations/accept',
      url: () => '/api/auth/invitations/accept',
      body: () => ({ token: 'faux', name: 'X', password: 'un mot de passe long' }),
      expected: same(400),
      codes: { 400: 'TOKEN_INVALID' },
    },
    { method: 'GET', route: '/api/auth/me', url: () => '/api/auth/me', expected: signedInOnly(200) },
    {
      method: 'POST',
      route: '/api/auth/login/totp',
      url: () => '/api/auth/login/totp',
      body: () => ({ code: '000000' }),
      // An already active session has nothing left to prove.
      expected: signedInOnly(200),
    },
    {
      method: 'GET',
      route: '/api/account/sessions',
      url: () => '/api/account/sessions',
      expected: signedInOnly(200),
    },
    {
      method: 'POST',
      route: '/api/account/totp/setup',
      url: () => '/api/account/totp/setup',
      expected: signedInOnly(200),
    },
    {
      method: 'POST',
      route: '/api/account/totp/confirm',
      url: () => '/api/account/totp/confirm',
      body: async (caller) => {
        const secret = await userColumn(caller, 'totp_pending_secret')
        return { code: secret ? totpCode(secret) : '000000' }
      },
      expected: signedInOnly(204),
    },
    {
      method: 'POST',
      route: '/api/account/totp/disable',
      url: () => '/api/account/totp/disable',
      body: async (caller) => {
        const secret = await userColumn(caller, 'totp_secret')
        return { password: TEST_PASSWORD, code: secret ? nextCode(secret) : '000000' }
      },
      expected: cannotDisable,
      codes: { 400: 'TOTP_CANNOT_DISABLE' },
    },
    {
      method: 'POST',
      route: '/api/account/password',
      url: () => '/api/account/password',
      body: () => ({ currentPassword: TEST_PASSWORD, newPassword: 'un autre mot de passe solide' }),
      expected: signedInOnly(204),
    },
    {
      method: 'POST',
      route: '/api/account/sessions/revoke-others',
      url: () => '/api/account/sessions/revoke-others',
      // The password change just before renewed the session: the page reloads its security token.
      body: async (caller) => {
        await world.clients[caller].refreshMe()
        return {}
      },
      expected: signedInOnly(204),
    },
    // These two end the caller's session: they come last.
    {
      method: 'POST',
      route: '/api/account/sessions/revoke-all',
      url: () => '/api/account/sessions/revoke-all',
      expected: signedInOnly(204),
    },
    { method: 'POST', route: '/api/auth/logout', url: () => '/api/auth/logout', expected: same(204) },
  ],
)

/**
 * Written from the rule, not from the server's code: what answers without a full session. The
 * platform operator's routes act with the operator's own session, never a staff one: their refusals
 * are in operator.security.test.ts.
 */
const PUBLIC_PREFIXES = ['/api/auth/', '/api/public/', '/api/docs', '/api/operator/']
const isPublic = (url: string) => PUBLIC_PREFIXES.some((prefix) => url.startsWith(prefix))
const ENROLMENT_PATHS = ['/api/account/totp/setup', '/api/account/totp/confirm']
/** Routes that open a session rather than act with one: there is no CSRF token yet. */
const OPENS_A_SESSION = [
  '/api/auth/login',
  '/api/auth/setup',
  '/api/auth/password-reset/request',
  '/api/auth/password-reset/complete',
  '/api/auth/invitations/accept',
]
/** Reads that carry a one-time link's token in their body (never in the URL): they change nothing. */
const READS_BY_TOKEN = ['/api/auth/setup/status', '/api/auth/invitations/info']

describe('session states, on every /api route of the whole app', () => {
  const apiRoutes = () =>
    world.ctx.routes
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'))
      .map((r) => ({
        method: r.method as 'GET' | 'POST' | 'PATCH',
        url: r.url.replace(/:\w+/g, randomUUID()),
      }))

  async function clientIn(state: 'totp_pending' | 'totp_enrolment_required') {
    const user = await createUser(world.ctx, world.orgA.id, {
      roles: ['director'],
      teamIds: [world.orgA.teamId],
    })
    const session = await new SessionStore(world.ctx.db, world.ctx.config.session).create(world.ctx.db, {
      userId: user.id,
      organisationId: user.organisationId,
      state,
      ip: '127.0.0.1',
      userAgent: 'vitest',
    })
    const client = new ApiClient(world.ctx)
    client.cookie = `trame_session=${session.token}`
    client.csrfToken = session.csrfToken
    return client
  }

  /** Calls every route and lists those whose answer differs from `expected` (undefined: not checked). */
  async function mismatches(
    client: ApiClient,
    expected: (route: { method: string; url: string }) => [number, string] | undefined,
    headers: Record<string, string> = {},
  ) {
    const wrong: string[] = []
    for (const route of apiRoutes()) {
      const want = expected(route)
      if (!want) continue
      const body = route.method === 'GET' ? undefined : {}
      const response = await client.request(route.method, route.url, body, headers)
      const json = String(response.headers['content-type']).includes('json')
      const got: [number, string] = [response.statusCode, json ? response.json()?.code : '(no JSON)']
      if (got[0] !== want[0] || got[1] !== want[1])
        wrong.push(`${route.method} ${route.url}: ${got.join(' ')} instead of ${want.join(' ')}`)
    }
    return wrong
  }

  it('anonymous callers get 401 UNAUTHENTICATED everywhere but the public paths', async () => {
    expect(apiRoutes().length).toBeGreaterThan(20)
    const wrong = await mismatches(new ApiClient(world.ctx, '10.0.0.1'), (r) =>
      isPublic(r.url) ? undefined : [401, 'UNAUTHENTICATED'],
    )
    expect(wrong).toEqual([])
  })

  it('an unknown or revoked session cookie gets 401 SESSION_EXPIRED', async () => {
    const client = new ApiClient(world.ctx, '10.0.0.2')
    client.cookie = 'trame_session=inconnu'
    const wrong = await mismatches(client, (r) => (isPublic(r.url) ? undefined : [401, 'SESSION_EXPIRED']))
    expect(wrong).toEqual([])
  })

  it('a session waiting for its second factor gets 401 TOTP_REQUIRED', async () => {
    const wrong = await mismatches(await clientIn('totp_pending'), (r) =>
      isPublic(r.url) ? undefined : [401, 'TOTP_REQUIRED'],
    )
    expect(wrong).toEqual([])
  })

  it('a session that must enrol in 2FA gets 403 TOTP_ENROLMENT_REQUIRED, except to enrol', async () => {
    const client = await clientIn('totp_enrolment_required')
    const wrong = await mismatches(client, (r) =>
      isPublic(r.url) || ENROLMENT_PATHS.includes(r.url) ? undefined : [403, 'TOTP_ENROLMENT_REQUIRED'],
    )
    expect(wrong).toEqual([])
    expect((await client.post('/api/account/totp/setup')).statusCode).toBe(200)
  })

  it('a write with the session cookie but without the right CSRF token gets 403 CSRF_INVALID', async () => {
    const user = await createUser(world.ctx, world.orgA.id, {
      roles: ['administrator', 'director'],
      teamIds: [world.orgA.teamId],
      totp: true,
    })
    const client = await signedIn(world.ctx, user, '10.0.0.3')
    // Public routes and the operator's never act with the staff session (the volunteer portal and the
    // operator check their own token, see operator.security.test.ts): a
    // staff cookie sent along, as from a browser signed in to both, does not make them refuse.
    const isWrite = (r: { method: string; url: string }) =>
      r.method !== 'GET' &&
      !OPENS_A_SESSION.includes(r.url) &&
      !READS_BY_TOKEN.includes(r.url) &&
      !r.url.startsWith('/api/public/') &&
      !r.url.startsWith('/api/operator/')
    for (const token of [undefined, 'faux']) {
      client.csrfToken = token
      const wrong = await mismatches(
        client,
        (r) => (isWrite(r) ? [403, 'CSRF_INVALID'] : undefined),
        token ? { 'x-csrf-token': token } : {},
      )
      expect(wrong).toEqual([])
    }
    // The session itself is intact: nothing was done.
    expect((await client.get('/api/auth/me')).statusCode).toBe(200)
  })
})

describe('TOTP codes', () => {
  it('the code that confirmed enrolment cannot be replayed to pass the second factor', async () => {
    const user = await createUser(world.ctx, world.orgA.id, { roles: ['social_worker'] })
    const client = await signedIn(world.ctx, user, '10.0.0.4')
    const { secret } = (await client.post('/api/account/totp/setup')).json()
    const code = totpCode(secret)
    expect((await client.post('/api/account/totp/confirm', { code })).statusCode).toBe(204)

    const other = new ApiClient(world.ctx, '10.0.0.5')
    const login = await other.post('/api/auth/login', { email: user.email, password: TEST_PASSWORD })
    expect(login.json()).toEqual({ state: 'totp_pending' })
    await other.refreshMe()
    const replay = await other.post('/api/auth/login/totp', { code })
    expect(replay.statusCode).toBe(401)
    expect(replay.json().code).toBe('TOTP_INVALID')
  })
})
