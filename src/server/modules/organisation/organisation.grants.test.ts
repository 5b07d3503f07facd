import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rolesConfirm } from '../../../../scripts/roles-confirm.ts'
import { createOrganisation, createUser, signedIn } from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'

// An administrator who deactivates every other director and administrator is not left alone to give
// wide roles: the grant waits, and only the hosting operator can confirm it (`npm run roles:confirm`).

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

async function hostRun(args: string[]) {
  const lines: string[] = []
  const code = await rolesConfirm(ctx.db, ctx.config, args, (line) => lines.push(line))
  return { code, out: lines.join('\n') }
}

/** An administrator who deactivated the director and the other administrator, and a colleague. */
async function administratorLeftAlone(name: string) {
  const org = await createOrganisation(ctx, name)
  const admin = await createUser(ctx, org.id, {
    roles: ['administrator'],
    totp: true,
    name: 'Alice Admin',
    email: `alice@${org.id}.test`,
  })
  const other = await createUser(ctx, org.id, { roles: ['administrator'], totp: true })
  const director = await createUser(ctx, org.id, { roles: ['director'], totp: true })
  const colleague = await createUser(ctx, org.id, {
    roles: ['social_worker'],
    name: 'Chloé Collègue',
    email: `chloe@${org.id}.test`,
  })
  const adminClient = await signedIn(ctx, admin)
  for (const user of [director, other]) {
    expect((await adminClient.post(`/api/users/${user.id}/deactivate`)).json().status).toBe('deactivated')
  }
  return { org, admin, colleague, adminClient, colleagueClient: await signedIn(ctx, colleague) }
}

describe('a grant nobody in the organisation can confirm', () => {
  it('waits for the hosting operator, who confirms it with the command, audited as a system action', async () => {
    const { org, admin, colleague, adminClient, colleagueClient } =
      await administratorLeftAlone('CCAS Seul·e aux commandes')

    const asked = await adminClient.patch(`/api/users/${colleague.id}`, { roles: ['director'] })
    expect(asked.statusCode).toBe(200)
    expect(asked.json()).toMatchObject({ roles: ['social_worker'], pendingRoleGrant: { awaitsHost: true } })
    const grantId: string = asked.json().pendingRoleGrant.id
    // Nothing applied: the colleague's session has no director permission.
    const before = (await colleagueClient.get('/api/auth/me')).json()
    expect(before.user.roles).toEqual(['social_worker'])
    expect(before.permissions).not.toContain('user.role_grant.confirm')
    // The requester is told who must confirm, and how.
    await ctx.deliverEmails()
    const told = ctx.mailbox.received.filter((m) => m.to === admin.email && m.subject.includes('hébergeur'))
    expect(told).toHaveLength(1)
    expect(told[0]!.text).toContain(`npm run roles:confirm -- ${grantId}`)
    expect(told[0]!.text).toContain('l’hébergeur de Trame')

    // The operator lists it (accounts' e-mails and the organisation, no person), then confirms it.
    const list = await hostRun(['--list'])
    expect(list.code).toBe(0)
    expect(list.out).toContain(grantId)
    expect(list.out).toContain('CCAS Seul·e aux commandes')
    expect(list.out).toContain(`Directeur·rice pour le compte ${colleague.email}`)
    expect(list.out).not.toContain('Chloé Collègue')

    const confirmed = await hostRun([grantId])
    expect(confirmed).toMatchObject({ code: 0, out: expect.stringContaining('Demande confirmée') })
    const users = (await adminClient.get('/api/users')).json().items
    expect(users.find((u: { id: string }) => u.id === colleague.id)).toMatchObject({
      roles: ['director'],
      pendingRoleGrant: null,
    })
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'user_id', 'actor_kind'])
      .where('organisation_id', '=', org.id)
      .where('entity_id', '=', colleague.id)
      .orderBy('at')
      .execute()
    expect(audit).toEqual([
      { action: 'user.role_grant_request', user_id: admin.id, actor_kind: 'staff' },
      { action: 'user.role_grant_confirm_host', user_id: null, actor_kind: 'system' },
    ])
    // E-mailed like a confirmation by a colleague.
    await ctx.deliverEmails()
    const applied = ctx.mailbox.received.filter(
      (m) => m.to === admin.email && m.subject === 'Trame — un rôle étendu a été donné',
    )
    expect(applied.map((m) => m.text)).toEqual([
      expect.stringContaining('à la demande de Alice Admin, confirmée par l’hébergeur de Trame'),
    ])

    // Done once: the same id again, or a wrong one, fails with a French message.
    expect(await hostRun([grantId])).toMatchObject({
      code: 1,
      out: expect.stringContaining('Aucune demande'),
    })
    expect(await hostRun(['pas-un-id'])).toMatchObject({
      code: 1,
      out: expect.stringContaining('n’est pas un identifiant'),
    })
    expect((await hostRun([])).code).toBe(2)
  })

  it('taking the wide roles away from the others instead of deactivating them leaves the grant waiting too', async () => {
    const org = await createOrganisation(ctx, 'CCAS Rétrogradé')
    const admin = await createUser(ctx, org.id, { roles: ['administrator'], totp: true })
    const other = await createUser(ctx, org.id, { roles: ['administrator'], totp: true })
    const director = await createUser(ctx, org.id, { roles: ['director'], totp: true })
    const colleague = await createUser(ctx, org.id, { roles: ['social_worker'] })
    const client = await signedIn(ctx, admin)
    for (const user of [director, other]) {
      expect((await client.patch(`/api/users/${user.id}`, { roles: ['social_worker'] })).statusCode).toBe(200)
    }
    const asked = await client.patch(`/api/users/${colleague.id}`, { roles: ['director'] })
    expect(asked.json()).toMatchObject({ roles: ['social_worker'], pendingRoleGrant: { awaitsHost: true } })
  })

  it('the operator cannot confirm a grant that an active administrator or the director can', async () => {
    const org = await createOrganisation(ctx, 'CCAS Deux responsables')
    const first = await createUser(ctx, org.id, { roles: ['administrator'], totp: true })
    await createUser(ctx, org.id, { roles: ['director'], totp: true })
    const colleague = await createUser(ctx, org.id, { roles: ['social_worker'] })
    const asked = await (await signedIn(ctx, first)).patch(`/api/users/${colleague.id}`, {
      roles: ['administrator'],
    })
    expect(asked.json().pendingRoleGrant).toMatchObject({ awaitsHost: false })
    const refused = await hostRun([asked.json().pendingRoleGrant.id])
    expect(refused.code).toBe(1)
    expect(refused.out).toContain('pas à l’hébergeur')
    const still = await ctx.db
      .selectFrom('users')
      .select('roles')
      .where('id', '=', colleague.id)
      .executeTakeFirst()
    expect(still?.roles).toEqual(['social_worker'])
  })
})
