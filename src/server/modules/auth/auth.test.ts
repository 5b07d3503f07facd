import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ApiClient,
  createOrganisation,
  createUser,
  signedIn,
  TEST_PASSWORD,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { totpCode } from '../../platform/totp.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

function tokenOf(link: string) {
  return decodeURIComponent(new URL(link).searchParams.get('token') ?? '')
}

describe('first run', () => {
  it('creates the organisation and its administrator from the one-time link, then forces 2FA', async () => {
    const link = await ctx.authService.prepareSetupLink()
    expect(link).toMatch(/^http:\/\/trame\.test\/installation\?token=/)
    const token = tokenOf(link!)
    const client = new ApiClient(ctx)

    expect((await client.post('/api/auth/setup/status', { token })).json()).toEqual({
      setupDone: false,
      tokenValid: true,
    })
    expect((await client.post('/api/auth/setup/status', { token: 'wrong' })).json()).toEqual({
      setupDone: false,
      tokenValid: false,
    })

    const bad = await client.post('/api/auth/setup', {
      token,
      organisationName: '',
      siteName: 'x',
      adminName: 'x',
      email: 'no',
      password: 'short',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.headers['content-type']).toContain('application/problem+json')
    const paths = bad.json().errors.map((e: { path: string }) => e.path)
    expect(paths).toEqual(expect.arrayContaining(['organisationName', 'email', 'password']))
    expect(bad.json().errors.find((e: { path: string }) => e.path === 'password').message).toContain(
      '12 caractères',
    )

    const created = await client.post('/api/auth/setup', {
      token,
      organisationName: 'CCAS de Saint-Quentin',
      siteName: 'Hôtel de ville',
      adminName: 'Camille Admin',
      email: 'Camille.Admin@ccas.example',
      password: TEST_PASSWORD,
    })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toEqual({ state: 'totp_enrolment_required' })
    const cookie = created.cookies.find((c) => c.name === 'trame_session')
    expect(cookie?.httpOnly).toBe(true)
    expect(cookie?.sameSite).toBe('Strict')

    // Until 2FA is set up, nothing else is reachable.
    await client.refreshMe()
    expect((await client.get('/api/users')).json().code).toBe('TOTP_ENROLMENT_REQUIRED')
    const enrolment = (await client.post('/api/account/totp/setup')).json()
    expect(enrolment.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/)
    // Reloading the page asks again: the key scanned already stays the one to confirm.
    expect((await client.post('/api/account/totp/setup', {})).json().secret).toBe(enrolment.secret)
    // Renewing on purpose replaces it: a code from the old key is refused, one from the new key works.
    const renewed = (await client.post('/api/account/totp/setup', { renew: true })).json()
    expect(renewed.secret).not.toBe(enrolment.secret)
    expect(renewed.otpauthUrl).toContain(renewed.secret)
    const stale = await client.post('/api/account/totp/confirm', { code: totpCode(enrolment.secret) })
    expect(stale.json()).toMatchObject({ code: 'TOTP_INVALID' })
    expect((await client.post('/api/account/totp/setup', { renew: 'oui' })).statusCode).toBe(400)
    enrolment.secret = renewed.secret
    expect((await client.post('/api/account/totp/confirm', { code: '000000' })).statusCode).toBe(400)
    expect(
      (await client.post('/api/account/totp/confirm', { code: totpCode(enrolment.secret) })).statusCode,
    ).toBe(204)
    const me = (await client.refreshMe()).json()
    expect(me).toMatchObject({ state: 'active', organisation: { name: 'CCAS de Saint-Quentin' } })
    expect(me.user).toMatchObject({
      email: 'camille.admin@ccas.example',
      roles: ['administrator'],
      totpEnabled: true,
    })
    expect((await client.get('/api/users')).statusCode).toBe(200)

    // The link worked once; a second set-up is refused and no new link is offered.
    const again = await new ApiClient(ctx).post('/api/auth/setup', {
      token,
      organisationName: 'Autre',
      siteName: 'x',
      adminName: 'x',
      email: 'x@example.org',
      password: TEST_PASSWORD,
    })
    expect(again.json().code).toBe('SETUP_ALREADY_DONE')
    expect(await ctx.authService.prepareSetupLink()).toBeUndefined()
  })
})

describe('sign-in', () => {
  it('signs in with password then TOTP code, and answers 401 without the code', async () => {
    const org = await createOrganisation(ctx, 'CCAS Login')
    const director = await createUser(ctx, org.id, {
      roles: ['director'],
      totp: true,
      email: 'directrice@login.test',
    })
    const client = new ApiClient(ctx, '10.0.0.1')
    const step1 = await client.post('/api/auth/login', {
      email: 'DIRECTRICE@login.test',
      password: TEST_PASSWORD,
    })
    expect(step1.json()).toEqual({ state: 'totp_pending' })
    await client.refreshMe()
    expect((await client.get('/api/people')).json().code).toBe('TOTP_REQUIRED')
    expect((await client.post('/api/auth/login/totp', { code: '123456' })).json().code).toBe('TOTP_INVALID')
    const code = totpCode(director.totpSecret!)
    const step2 = await client.post('/api/auth/login/totp', { code })
    expect(step2.json()).toEqual({ state: 'active' })
    expect((await client.get('/api/people')).statusCode).toBe(200)

    // The same code, seen over the director's shoulder, does not open a second session.
    const replay = new ApiClient(ctx, '10.0.0.9')
    await replay.post('/api/auth/login', { email: 'directrice@login.test', password: TEST_PASSWORD })
    await replay.refreshMe()
    expect((await replay.post('/api/auth/login/totp', { code })).json().code).toBe('TOTP_INVALID')
  })

  it('refuses a wrong password with the same message as an unknown account', async () => {
    const org = await createOrganisation(ctx, 'CCAS Mdp')
    await createUser(ctx, org.id, { roles: ['social_worker'], email: 'ts@mdp.test' })
    const wrong = await new ApiClient(ctx, '10.0.0.2').post('/api/auth/login', {
      email: 'ts@mdp.test',
      password: 'mauvais mot de passe',
    })
    const unknown = await new ApiClient(ctx, '10.0.0.2').post('/api/auth/login', {
      email: 'personne@mdp.test',
      password: 'x',
    })
    expect(wrong.statusCode).toBe(401)
    expect(unknown.json().detail).toBe(wrong.json().detail)
    expect(wrong.json().detail).toBe('Adresse e-mail ou mot de passe incorrect.')
  })

  it('throttles repeated failures per account with a French message, even with the right password', async () => {
    const org = await createOrganisation(ctx, 'CCAS Throttle')
    await createUser(ctx, org.id, { roles: ['social_worker'], email: 'cible@throttle.test' })
    for (let i = 0; i < 5; i++) {
      await new ApiClient(ctx, `10.1.0.${i}`).post('/api/auth/login', {
        email: 'cible@throttle.test',
        password: 'devinette',
      })
    }
    const blocked = await new ApiClient(ctx, '10.1.1.1').post('/api/auth/login', {
      email: 'cible@throttle.test',
      password: TEST_PASSWORD,
    })
    expect(blocked.statusCode).toBe(429)
    expect(blocked.json().code).toBe('LOGIN_THROTTLED')
    expect(blocked.json().detail).toMatch(/Réessayez dans \d+ minutes?\./)
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('throttles one IP trying many accounts', async () => {
    const throttled = await createTestContext({ LOGIN_MAX_FAILURES_PER_IP: '3' })
    try {
      for (let i = 0; i < 3; i++) {
        await new ApiClient(throttled, '10.9.9.9').post('/api/auth/login', {
          email: `a${i}@ip.test`,
          password: 'x',
        })
      }
      const blocked = await new ApiClient(throttled, '10.9.9.9').post('/api/auth/login', {
        email: 'z@ip.test',
        password: 'x',
      })
      expect(blocked.statusCode).toBe(429)
      const otherIp = await new ApiClient(throttled, '10.9.9.10').post('/api/auth/login', {
        email: 'z@ip.test',
        password: 'x',
      })
      expect(otherIp.statusCode).toBe(401)
    } finally {
      await throttled.close()
    }
  })

  it('requires the CSRF token on writes made with the session cookie', async () => {
    const org = await createOrganisation(ctx, 'CCAS CSRF')
    const user = await createUser(ctx, org.id, { roles: ['social_worker'] })
    const client = await signedIn(ctx, user)
    const withoutToken = await client.request(
      'POST',
      '/api/people',
      { lastName: 'Martin' },
      { 'x-csrf-token': 'forged' },
    )
    expect(withoutToken.statusCode).toBe(403)
    expect(withoutToken.json().code).toBe('CSRF_INVALID')
    expect((await client.post('/api/people', { lastName: 'Martin' })).statusCode).toBe(201)
  })

  it('expires sessions after idle time and after their absolute lifetime', async () => {
    const org = await createOrganisation(ctx, 'CCAS Expiry')
    const user = await createUser(ctx, org.id, { roles: ['social_worker'] })
    const idle = await signedIn(ctx, user)
    const old = await signedIn(ctx, user)
    const fresh = await signedIn(ctx, user)
    const hash = (c: ApiClient) => c.cookie!.split('=')[1]!
    const { hashToken } = await import('../../platform/tokens.ts')
    await ctx.db
      .updateTable('sessions')
      .set({ last_seen_at: sql`now() - interval '31 minutes'` })
      .where('token_hash', '=', hashToken(hash(idle)))
      .execute()
    await ctx.db
      .updateTable('sessions')
      .set({ absolute_expires_at: sql`now() - interval '1 second'` })
      .where('token_hash', '=', hashToken(hash(old)))
      .execute()
    expect((await idle.get('/api/people')).json().code).toBe('SESSION_EXPIRED')
    expect((await old.get('/api/people')).json().code).toBe('SESSION_EXPIRED')
    expect((await fresh.get('/api/people')).statusCode).toBe(200)
  })

  it('logs out everywhere', async () => {
    const org = await createOrganisation(ctx, 'CCAS Logout')
    const user = await createUser(ctx, org.id, { roles: ['social_worker'] })
    const laptop = await signedIn(ctx, user)
    const phone = await signedIn(ctx, user)
    expect((await phone.get('/api/account/sessions')).json().items).toHaveLength(2)
    expect((await laptop.post('/api/account/sessions/revoke-all')).statusCode).toBe(204)
    expect((await laptop.get('/api/people')).statusCode).toBe(401)
    expect((await phone.get('/api/people')).statusCode).toBe(401)
  })
})

describe('guessing, counted and decided in one step', () => {
  const wrongGuess = (email: string, ip: string) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: ip,
      payload: { email, password: 'une devinette fausse' },
    })

  it('evaluates at most 5 of 200 concurrent wrong guesses on one account, from 200 addresses', async () => {
    const org = await createOrganisation(ctx, 'CCAS Rafale')
    await createUser(ctx, org.id, { roles: ['social_worker'], email: 'cible@rafale.test' })
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => wrongGuess('cible@rafale.test', `10.20.${i >> 8}.${i & 255}`)),
    )
    const statuses = answers.map((a) => a.statusCode)
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(195)
    // Refused attempts leave no trace: only the evaluated ones count towards the pause.
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true)
  })

  it('evaluates at most 30 of 60 concurrent guesses from one address on 60 accounts', async () => {
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => wrongGuess(`compte${i}@adresse.test`, '10.21.0.1')),
    )
    const statuses = answers.map((a) => a.statusCode)
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(30)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(30)
  })

  it('a right password does not forgive wrong 2FA codes', async () => {
    const org = await createOrganisation(ctx, 'CCAS Codes')
    const director = await createUser(ctx, org.id, {
      roles: ['director'],
      totp: true,
      email: 'dir@codes.test',
    })
    const client = new ApiClient(ctx, '10.22.0.1')
    await client.post('/api/auth/login', { email: 'dir@codes.test', password: TEST_PASSWORD })
    await client.refreshMe()
    for (let i = 0; i < 5; i++) {
      expect((await client.post('/api/auth/login/totp', { code: '000000' })).json().code).toBe('TOTP_INVALID')
    }
    expect((await client.post('/api/auth/login/totp', { code: '000000' })).statusCode).toBe(429)
    // The password again, right: the codes are still paused, even the right one.
    const again = new ApiClient(ctx, '10.22.0.2')
    expect(
      (await again.post('/api/auth/login', { email: 'dir@codes.test', password: TEST_PASSWORD })).json(),
    ).toEqual({ state: 'totp_pending' })
    await again.refreshMe()
    const right = await again.post('/api/auth/login/totp', { code: totpCode(director.totpSecret!) })
    expect(right.statusCode).toBe(429)
    expect(right.json().code).toBe('LOGIN_THROTTLED')
  })

  it('throttles guesses of the current password when changing it', async () => {
    const org = await createOrganisation(ctx, 'CCAS Vol de session')
    const user = await createUser(ctx, org.id, { roles: ['social_worker'], email: 'ts@vol.test' })
    const thief = await signedIn(ctx, user, '10.23.0.1')
    for (let i = 0; i < 5; i++) {
      const guess = await thief.post('/api/account/password', {
        currentPassword: `essai ${i}`,
        newPassword: 'le mot de passe du voleur',
      })
      expect(guess.json().code).toBe('CURRENT_PASSWORD_WRONG')
    }
    const paused = await thief.post('/api/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'le mot de passe du voleur',
    })
    expect(paused.statusCode).toBe(429)
    expect(paused.json().code).toBe('LOGIN_THROTTLED')
  })
})

describe("changing one's password", () => {
  it('renews the session, ends every other one, and is audited', async () => {
    const org = await createOrganisation(ctx, 'CCAS Nouveau mot de passe')
    const user = await createUser(ctx, org.id, { roles: ['social_worker'] })
    const laptop = await signedIn(ctx, user)
    const phone = await signedIn(ctx, user)
    const oldCookie = laptop.cookie!
    const changed = await laptop.post('/api/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'un tout nouveau mot de passe',
    })
    expect(changed.statusCode).toBe(204)
    expect(laptop.cookie).not.toBe(oldCookie)
    await laptop.refreshMe()
    expect((await laptop.get('/api/people')).statusCode).toBe(200)
    expect((await phone.get('/api/people')).statusCode).toBe(401)
    const stolen = new ApiClient(ctx)
    stolen.cookie = oldCookie
    expect((await stolen.get('/api/people')).statusCode).toBe(401)
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', user.id)
      .execute()
    expect(audit.map((a) => a.action)).toContain('auth.password_change')
  })
})

describe('password reset by e-mail', () => {
  it('answers a request the same way, with the same work, whether the address has an account or not', async () => {
    const org = await createOrganisation(ctx, 'CCAS Temps égal')
    await createUser(ctx, org.id, { roles: ['nurse'], email: 'infirmiere@egal.test' })
    const outboxRows = () =>
      ctx.db.selectFrom('outbox').select(['kind', 'payload']).where('status', '=', 'pending').execute()
    const tokens = () => ctx.db.selectFrom('one_time_tokens').select('token_hash').execute()
    const tokensBefore = (await tokens()).length
    const pendingBefore = (await outboxRows()).length
    for (const email of ['infirmiere@egal.test', 'personne@egal.test']) {
      const answer = await new ApiClient(ctx, '10.24.0.1').post('/api/auth/password-reset/request', { email })
      expect(answer.statusCode).toBe(202)
    }
    // The request only queued the same job for each; nothing was looked up or written on its path.
    const queued = (await outboxRows()).slice(pendingBefore)
    expect(queued.map((r) => r.kind)).toEqual(['auth.password_reset_request', 'auth.password_reset_request'])
    expect((await tokens()).length).toBe(tokensBefore)
  })

  it('sends a link for each organisation where the address has an account', async () => {
    const first = await createOrganisation(ctx, 'CCAS Premier')
    const second = await createOrganisation(ctx, 'CCAS Second')
    await createUser(ctx, first.id, { roles: ['nurse'], email: 'partagee@deux.test' })
    await createUser(ctx, second.id, { roles: ['front_desk_agent'], email: 'Partagee@deux.test' })
    await new ApiClient(ctx, '10.24.0.2').post('/api/auth/password-reset/request', {
      email: 'partagee@deux.test',
    })
    await ctx.deliverEmails()
    await ctx.deliverEmails()
    expect(ctx.mailbox.received.filter((m) => m.to.toLowerCase() === 'partagee@deux.test')).toHaveLength(2)
  })

  it('sends a one-time link that sets a new password and closes every session', async () => {
    const org = await createOrganisation(ctx, 'CCAS Reset')
    const user = await createUser(ctx, org.id, { roles: ['front_desk_agent'], email: 'accueil@reset.test' })
    const existing = await signedIn(ctx, user)
    const anonymous = new ApiClient(ctx, '10.2.0.1')
    expect(
      (await anonymous.post('/api/auth/password-reset/request', { email: 'accueil@reset.test' })).statusCode,
    ).toBe(202)
    // An unknown address gets the same answer and no e-mail.
    expect(
      (await anonymous.post('/api/auth/password-reset/request', { email: 'inconnu@reset.test' })).statusCode,
    ).toBe(202)
    // The accounts are looked up, and the link written, by the outbox; then the e-mail is sent.
    await ctx.deliverEmails()
    await ctx.deliverEmails()
    const mails = ctx.mailbox.received.filter((m) => m.to.endsWith('@reset.test'))
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toBe('Trame — réinitialisation de votre mot de passe')
    const token = tokenOf(ctx.mailbox.linkFor('accueil@reset.test'))

    const tooShort = await anonymous.post('/api/auth/password-reset/complete', { token, password: 'court' })
    expect(tooShort.json().errors[0].path).toBe('password')
    expect(
      (
        await anonymous.post('/api/auth/password-reset/complete', {
          token,
          password: 'nouveau mot de passe sûr',
        })
      ).statusCode,
    ).toBe(204)
    expect(
      (
        await anonymous.post('/api/auth/password-reset/complete', { token, password: 'encore un autre mot' })
      ).json().code,
    ).toBe('TOKEN_INVALID')
    expect((await existing.get('/api/people')).statusCode).toBe(401)
    const login = await new ApiClient(ctx, '10.2.0.2').post('/api/auth/login', {
      email: 'accueil@reset.test',
      password: 'nouveau mot de passe sûr',
    })
    expect(login.json()).toEqual({ state: 'active' })
  })
})

describe('invitation', () => {
  it('lets an invited colleague choose a password and sign in', async () => {
    const org = await createOrganisation(ctx, 'CCAS Invite')
    const admin = await createUser(ctx, org.id, { roles: ['administrator'], totp: true })
    const adminClient = await signedIn(ctx, admin)
    const invited = await adminClient.post('/api/users/invitations', {
      email: 'nouvelle@invite.test',
      name: 'Nouvelle Collègue',
      roles: ['social_worker'],
      teamIds: [org.teamId],
    })
    expect(invited.statusCode).toBe(201)
    expect(invited.json()).toMatchObject({
      status: 'invited',
      roles: ['social_worker'],
      teamIds: [org.teamId],
    })
    await ctx.deliverEmails()
    const link = ctx.mailbox.linkFor('nouvelle@invite.test')
    expect(link).toMatch(/^http:\/\/trame\.test\/invitation\?token=/)
    const token = tokenOf(link)

    const guest = new ApiClient(ctx, '10.3.0.1')
    expect((await guest.post('/api/auth/invitations/info', { token })).json()).toEqual({
      email: 'nouvelle@invite.test',
      name: 'Nouvelle Collègue',
      organisationName: 'CCAS Invite',
    })
    const accepted = await guest.post('/api/auth/invitations/accept', {
      token,
      name: 'Nouvelle Collègue',
      password: TEST_PASSWORD,
    })
    expect(accepted.json()).toEqual({ state: 'active' })
    await guest.refreshMe()
    expect((await guest.get('/api/people')).statusCode).toBe(200)
    expect((await guest.post('/api/auth/invitations/info', { token })).statusCode).toBe(404)
  })

  it('gives the administrator the link to copy, and sends a new one that replaces the first', async () => {
    const org = await createOrganisation(ctx, 'CCAS Relance')
    const admin = await createUser(ctx, org.id, { roles: ['administrator'], totp: true })
    const adminClient = await signedIn(ctx, admin)
    const invited = await adminClient.post('/api/users/invitations', {
      email: 'relance@invite.test',
      name: 'Agent Relancé',
      roles: ['front_desk_agent'],
    })
    expect(invited.statusCode).toBe(201)
    const first = invited.json().invitationLink as string
    expect(first).toMatch(/^http:\/\/trame\.test\/invitation\?token=/)
    await ctx.deliverEmails()
    expect(ctx.mailbox.linkFor('relance@invite.test')).toBe(first)

    const again = await adminClient.post(`/api/users/${invited.json().id}/invitation`)
    expect(again.statusCode).toBe(200)
    const second = again.json().invitationLink as string
    expect(second).not.toBe(first)
    expect(again.json()).toMatchObject({ status: 'invited', email: 'relance@invite.test' })
    await ctx.deliverEmails()
    expect(ctx.mailbox.linkFor('relance@invite.test')).toBe(second)

    const guest = new ApiClient(ctx, '10.3.0.2')
    const stale = await guest.post('/api/auth/invitations/info', { token: tokenOf(first) })
    expect(stale.statusCode).toBe(404)
    expect(stale.json().code).toBe('TOKEN_INVALID')
    const accepted = await guest.post('/api/auth/invitations/accept', {
      token: tokenOf(second),
      name: 'Agent Relancé',
      password: TEST_PASSWORD,
    })
    expect(accepted.json()).toEqual({ state: 'active' })

    const afterwards = await adminClient.post(`/api/users/${invited.json().id}/invitation`)
    expect(afterwards.statusCode).toBe(409)
    expect(afterwards.json()).toMatchObject({
      code: 'NOT_INVITED',
      detail: expect.stringContaining('activé'),
    })
  })

  it('never takes the token in the URL: the old path answers 404', async () => {
    const response = await new ApiClient(ctx, '10.3.0.3').get('/api/auth/invitations/un-jeton')
    expect(response.statusCode).toBe(404)
  })
})
