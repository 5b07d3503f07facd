import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOrganisation, createUser, signedIn } from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { totpCode } from '../../platform/totp.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

async function auditActions(userId: string) {
  const rows = await ctx.db
    .selectFrom('audit_log')
    .select(['action', 'user_id'])
    .where('entity_id', '=', userId)
    .orderBy('at')
    .execute()
  return rows.map((r) => r.action)
}

async function organisationWithTwoAdministrators(name: string) {
  const org = await createOrganisation(ctx, name)
  const first = await createUser(ctx, org.id, { roles: ['administrator'], totp: true, name: 'Alice Admin' })
  const second = await createUser(ctx, org.id, { roles: ['administrator'], totp: true, name: 'Bruno Admin' })
  return {
    org,
    first,
    second,
    firstClient: await signedIn(ctx, first),
    secondClient: await signedIn(ctx, second),
  }
}

describe('roles', () => {
  it('nobody changes their own roles, not even an administrator making themself director', async () => {
    const { first, firstClient } = await organisationWithTwoAdministrators('CCAS Soi-même')
    const self = await firstClient.patch(`/api/users/${first.id}`, { roles: ['administrator', 'director'] })
    expect(self.statusCode).toBe(403)
    expect(self.json().code).toBe('OWN_ROLES')
    expect(self.json().detail).toContain('vos propres rôles')
    const me = (await firstClient.get('/api/users'))
      .json()
      .items.find((u: { id: string }) => u.id === first.id)
    expect(me.roles).toEqual(['administrator'])
    expect(me.pendingRoleGrant).toBeNull()
    // Their own teams are theirs to set.
    const teams = await firstClient.patch(`/api/users/${first.id}`, { teamIds: [] })
    expect(teams.statusCode).toBe(200)
  })

  it('gives the director role only once a second administrator confirms it, e-mailing the others, audited', async () => {
    const { org, first, second, firstClient, secondClient } =
      await organisationWithTwoAdministrators('CCAS Confirmation')
    const director = await createUser(ctx, org.id, {
      roles: ['director'],
      totp: true,
      email: 'directrice@confirmation.test',
    })
    const colleague = await createUser(ctx, org.id, { roles: ['social_worker'], name: 'Chloé Collègue' })

    const asked = await firstClient.patch(`/api/users/${colleague.id}`, {
      roles: ['social_worker', 'director'],
    })
    expect(asked.statusCode).toBe(200)
    expect(asked.json().roles).toEqual(['social_worker'])
    expect(asked.json().pendingRoleGrant).toMatchObject({
      roles: ['social_worker', 'director'],
      requestedBy: { id: first.id, name: 'Alice Admin' },
      userName: 'Chloé Collègue',
    })
    const grantId = asked.json().pendingRoleGrant.id
    await ctx.deliverEmails()
    const told = ctx.mailbox.received.filter((m) => m.subject.includes('attend votre confirmation'))
    expect(told.map((m) => m.to).sort()).toEqual([second.email, director.email].sort())
    expect(told[0]!.text).toContain('Alice Admin demande de donner à Chloé Collègue')

    // The requester cannot confirm their own request.
    const own = await firstClient.post(`/api/role-grants/${grantId}/confirm`)
    expect(own.statusCode).toBe(403)
    expect(own.json().code).toBe('ROLE_GRANT_OWN')
    expect(
      (await secondClient.get('/api/role-grants')).json().items.map((g: { id: string }) => g.id),
    ).toEqual([grantId])

    expect((await secondClient.post(`/api/role-grants/${grantId}/confirm`)).statusCode).toBe(204)
    const after = (await firstClient.get('/api/users'))
      .json()
      .items.find((u: { id: string }) => u.id === colleague.id)
    expect(after.roles).toEqual(['social_worker', 'director'])
    expect(after.pendingRoleGrant).toBeNull()
    // Confirmed once only.
    expect((await secondClient.post(`/api/role-grants/${grantId}/confirm`)).statusCode).toBe(404)
    await ctx.deliverEmails()
    expect(
      ctx.mailbox.received.filter((m) => m.subject.includes('un rôle étendu a été donné')).map((m) => m.to),
    ).toEqual([first.email])
    expect(await auditActions(colleague.id)).toEqual(['user.role_grant_request', 'user.role_grant_confirm'])
  })

  it('the director, who manages no account, sees the pending grants, confirms one and cancels another', async () => {
    const org = await createOrganisation(ctx, 'CCAS Direction confirme')
    const admin = await createUser(ctx, org.id, { roles: ['administrator'], totp: true, name: 'Alice Admin' })
    const director = await createUser(ctx, org.id, { roles: ['director'], totp: true })
    const colleague = await createUser(ctx, org.id, { roles: ['social_worker'], name: 'Chloé Collègue' })
    const other = await createUser(ctx, org.id, { roles: ['front_desk_agent'], name: 'Omar Autre' })
    const adminClient = await signedIn(ctx, admin)
    const directorClient = await signedIn(ctx, director)
    // The menu entry « Rôles à confirmer » follows this permission; the users page is not theirs.
    const me = (await directorClient.get('/api/auth/me')).json()
    expect(me.permissions).toContain('user.role_grant.confirm')
    expect(me.permissions).not.toContain('user.manage')
    expect((await directorClient.get('/api/users')).statusCode).toBe(403)

    const asked = await adminClient.patch(`/api/users/${colleague.id}`, { roles: ['administrator'] })
    const second = await adminClient.patch(`/api/users/${other.id}`, {
      roles: ['front_desk_agent', 'director'],
    })
    const grants = (await directorClient.get('/api/role-grants')).json().items
    expect(grants).toMatchObject([
      { userName: 'Chloé Collègue', roles: ['administrator'], requestedBy: { name: 'Alice Admin' } },
      { userName: 'Omar Autre', roles: ['front_desk_agent', 'director'] },
    ])
    const confirmed = await directorClient.post(
      `/api/role-grants/${asked.json().pendingRoleGrant.id}/confirm`,
    )
    expect(confirmed.statusCode).toBe(204)
    const cancelled = await directorClient.post(
      `/api/role-grants/${second.json().pendingRoleGrant.id}/cancel`,
    )
    expect(cancelled.statusCode).toBe(204)
    expect((await directorClient.get('/api/role-grants')).json().items).toEqual([])
    const users = (await adminClient.get('/api/users')).json().items
    expect(users.find((u: { id: string }) => u.id === colleague.id).roles).toEqual(['administrator'])
    expect(users.find((u: { id: string }) => u.id === other.id).roles).toEqual(['front_desk_agent'])
    expect(await auditActions(other.id)).toEqual(['user.role_grant_request', 'user.role_grant_cancel'])
  })

  it('an invitation with the administrator role starts without it until another administrator confirms', async () => {
    const { org, firstClient, secondClient } =
      await organisationWithTwoAdministrators('CCAS Invitation admin')
    const invited = await firstClient.post('/api/users/invitations', {
      email: 'alias@invitation-admin.test',
      name: 'Alias',
      roles: ['administrator'],
      teamIds: [org.teamId],
    })
    expect(invited.statusCode).toBe(201)
    expect(invited.json().roles).toEqual([])
    expect(invited.json().pendingRoleGrant.roles).toEqual(['administrator'])
    const cancelled = await secondClient.post(`/api/role-grants/${invited.json().pendingRoleGrant.id}/cancel`)
    expect(cancelled.statusCode).toBe(204)
    expect((await secondClient.get('/api/role-grants')).json().items).toEqual([])
    expect((await auditActions(invited.json().id)).sort()).toEqual([
      'user.invite',
      'user.role_grant_cancel',
      'user.role_grant_request',
    ])
  })

  it('invites an address that has an account in another organisation, without telling it exists there', async () => {
    const elsewhere = await createOrganisation(ctx, 'CCAS Ailleurs')
    await createUser(ctx, elsewhere.id, { roles: ['social_worker'], email: 'claire.deux@ccas.test' })
    const { org, firstClient } = await organisationWithTwoAdministrators('CCAS Ici')
    const invited = await firstClient.post('/api/users/invitations', {
      email: 'claire.deux@ccas.test',
      name: 'Claire Deux',
      roles: ['social_worker'],
      teamIds: [org.teamId],
    })
    expect(invited.statusCode, invited.body).toBe(201)
    // In its own organisation the address is one account only.
    const again = await firstClient.post('/api/users/invitations', {
      email: 'Claire.Deux@ccas.test',
      name: 'Claire Deux',
      roles: ['social_worker'],
      teamIds: [org.teamId],
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('EMAIL_TAKEN')
  })

  it('deactivating or reactivating the director is e-mailed to them and the other administrators, audited', async () => {
    const { org, first, second, firstClient } = await organisationWithTwoAdministrators('CCAS Départ')
    const director = await createUser(ctx, org.id, {
      roles: ['director'],
      totp: true,
      name: 'Dora Direction',
    })
    const agent = await createUser(ctx, org.id, { roles: ['front_desk_agent'], name: 'Arthur Accueil' })
    const about = (name: string, what: string) =>
      ctx.mailbox.received.filter((m) => m.text.includes(`Alice Admin a ${what} le compte de ${name}`))
    // It applies at once (a person who leaves loses access now), but not unseen.
    expect((await firstClient.post(`/api/users/${director.id}/deactivate`)).json().status).toBe('deactivated')
    await ctx.deliverEmails()
    const told = about('Dora Direction (Directeur·rice)', 'désactivé')
    expect(told.map((m) => m.to).sort()).toEqual([director.email, second.email].sort())
    expect(told[0]!.subject).toContain('désactivé')
    expect(told.some((m) => m.to === first.email)).toBe(false)

    expect((await firstClient.post(`/api/users/${director.id}/reactivate`)).json().status).toBe('active')
    await ctx.deliverEmails()
    expect(
      about('Dora Direction', 'réactivé')
        .map((m) => m.to)
        .sort(),
    ).toEqual([director.email, second.email].sort())
    expect(await auditActions(director.id)).toEqual(['user.deactivate', 'user.reactivate'])

    // A colleague without a wide role: audited, nobody e-mailed.
    await firstClient.post(`/api/users/${agent.id}/deactivate`)
    await ctx.deliverEmails()
    expect(about('Arthur Accueil', 'désactivé')).toEqual([])
    expect(await auditActions(agent.id)).toEqual(['user.deactivate'])
  })

  it("a new organisation's only administrator names the first director at once, audited", async () => {
    const org = await createOrganisation(ctx, 'CCAS Nouveau')
    const admin = await createUser(ctx, org.id, { roles: ['administrator'], totp: true })
    const colleague = await createUser(ctx, org.id, { roles: ['social_worker'] })
    const client = await signedIn(ctx, admin)
    const named = await client.patch(`/api/users/${colleague.id}`, { roles: ['director'] })
    expect(named.json()).toMatchObject({ roles: ['director'], pendingRoleGrant: null })
    // Other changes apply at once, and are audited as role changes.
    await client.patch(`/api/users/${colleague.id}`, { roles: ['director', 'social_worker'] })
    expect(await auditActions(colleague.id)).toEqual(['user.roles_change', 'user.roles_change'])
  })
})

describe('sessions follow the roles', () => {
  it('a colleague signed in without 2FA and made director is held at 2FA enrolment from their next request', async () => {
    const { org, firstClient, secondClient } = await organisationWithTwoAdministrators('CCAS Promotion')
    const colleague = await createUser(ctx, org.id, { roles: ['social_worker'] })
    const session = await signedIn(ctx, colleague)
    expect((await session.get('/api/people')).statusCode).toBe(200)

    const asked = await firstClient.patch(`/api/users/${colleague.id}`, { roles: ['director'] })
    await secondClient.post(`/api/role-grants/${asked.json().pendingRoleGrant.id}/confirm`)

    const held = await session.get('/api/people')
    expect(held.statusCode).toBe(403)
    expect(held.json().code).toBe('TOTP_ENROLMENT_REQUIRED')
    const me = (await session.get('/api/auth/me')).json()
    expect(me).toMatchObject({ state: 'totp_enrolment_required', permissions: [] })
    // Once enrolled, the same session goes on as director.
    const enrolment = (await session.post('/api/account/totp/setup')).json()
    expect(
      (await session.post('/api/account/totp/confirm', { code: totpCode(enrolment.secret) })).statusCode,
    ).toBe(204)
    expect((await session.get('/api/people')).statusCode).toBe(200)
  })

  it('a role given through another instance holds the session at enrolment as soon as it is read again', async () => {
    const instance = await createTestContext({ SESSION_CACHE_SECONDS: '0' })
    try {
      const org = await createOrganisation(instance, 'CCAS Autre instance')
      const colleague = await createUser(instance, org.id, { roles: ['front_desk_agent'] })
      const session = await signedIn(instance, colleague)
      expect((await session.get('/api/people')).statusCode).toBe(200)
      await instance.db
        .updateTable('users')
        .set({ roles: ['administrator'] })
        .where('id', '=', colleague.id)
        .execute()
      expect((await session.get('/api/users')).json().code).toBe('TOTP_ENROLMENT_REQUIRED')
    } finally {
      await instance.close()
    }
  })
})
