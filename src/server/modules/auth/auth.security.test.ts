import { allow, describeRouteSecurity, setUpSecurityWorld } from '../../../../tests/support/route-security.ts'

const world = setUpSecurityWorld()

/** Public auth routes answer everyone the same way, signed in or not. */
const everyone = (status: number) => () => status
/** Own-account routes: any signed-in user acts on their own account only. */
const signedIn = (status: number) => allow('everyone', status, status)

describeRouteSecurity(
  'auth and account',
  world,
  ['/api/auth', '/api/account'],
  [
    {
      method: 'GET',
      route: '/api/auth/setup/status',
      url: () => '/api/auth/setup/status?token=x',
      expected: everyone(200),
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
      expected: everyone(409),
    },
    {
      method: 'POST',
      route: '/api/auth/login',
      url: () => '/api/auth/login',
      // One address per caller: five failures on one address would (rightly) throttle the sixth.
      body: (caller) => ({ email: `${caller}@nulle-part.test`, password: 'faux' }),
      expected: everyone(401),
    },
    {
      method: 'POST',
      route: '/api/auth/password-reset/request',
      url: () => '/api/auth/password-reset/request',
      body: () => ({ email: 'personne@nulle-part.test' }),
      expected: everyone(202),
    },
    {
      method: 'POST',
      route: '/api/auth/password-reset/complete',
      url: () => '/api/auth/password-reset/complete',
      body: () => ({ token: 'faux', password: 'un mot de passe long' }),
      expected: everyone(400),
    },
    {
      method: 'GET',
      route: '/api/auth/invitations/:token',
      url: () => '/api/auth/invitations/faux',
      expected: everyone(404),
    },
    {
      method: 'POST',
      route: '/api/auth/invitations/accept',
      url: () => '/api/auth/invitations/accept',
      body: () => ({ token: 'faux', name: 'X', password: 'un mot de passe long' }),
      expected: everyone(400),
    },
    { method: 'GET', route: '/api/auth/me', url: () => '/api/auth/me', expected: signedIn(200) },
    {
      method: 'POST',
      route: '/api/auth/login/totp',
      url: () => '/api/auth/login/totp',
      body: () => ({ code: '000000' }),
      // An already active session has nothing left to prove.
      expected: signedIn(200),
    },
    {
      method: 'GET',
      route: '/api/account/sessions',
      url: () => '/api/account/sessions',
      expected: signedIn(200),
    },
    {
      method: 'POST',
      route: '/api/account/totp/setup',
      url: () => '/api/account/totp/setup',
      expected: signedIn(200),
    },
    {
      method: 'POST',
      route: '/api/account/totp/confirm',
      url: () => '/api/account/totp/confirm',
      body: () => ({ code: '000000' }),
      expected: signedIn(400),
    },
    {
      method: 'POST',
      route: '/api/account/totp/disable',
      url: () => '/api/account/totp/disable',
      body: () => ({ password: 'faux', code: '000000' }),
      expected: signedIn(400),
    },
    {
      method: 'POST',
      route: '/api/account/password',
      url: () => '/api/account/password',
      body: () => ({ currentPassword: 'faux', newPassword: 'un mot de passe long' }),
      expected: signedIn(400),
    },
    {
      method: 'POST',
      route: '/api/account/sessions/revoke-others',
      url: () => '/api/account/sessions/revoke-others',
      expected: signedIn(204),
    },
    // These two end the caller's session: they come last.
    {
      method: 'POST',
      route: '/api/account/sessions/revoke-all',
      url: () => '/api/account/sessions/revoke-all',
      expected: signedIn(204),
    },
    { method: 'POST', route: '/api/auth/logout', url: () => '/api/auth/logout', expected: everyone(204) },
  ],
)
