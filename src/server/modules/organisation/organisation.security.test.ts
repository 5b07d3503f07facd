import { randomUUID } from 'node:crypto'
import { createUser, signedIn } from '../../../../tests/support/factories.ts'
import {
  allow,
  type Caller,
  describeRouteSecurity,
  type Expected,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'

const world = setUpSecurityWorld(async ({ ctx, orgA, markers }) => {
  const target = await createUser(ctx, orgA.id, { roles: ['front_desk_agent'] })
  markers.a.push(target.id, target.email)
  const invitee = await ctx.db
    .insertInto('users')
    .values({
      organisation_id: orgA.id,
      email: `${randomUUID()}@invite.test`,
      name: 'Invitée',
      roles: ['nurse'],
      status: 'invited',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  // A second administrator asks for the director role for four colleagues: one grant per caller allowed
  // to confirm (or cancel) it, since a confirmed grant is gone.
  const requester = await createUser(ctx, orgA.id, { roles: ['administrator'], totp: true })
  const requesterClient = await signedIn(ctx, requester, '10.1.9.9')
  markers.a.push(requester.id, requester.email)
  const grantFor = async () => {
    const colleague = await createUser(ctx, orgA.id, { roles: ['social_worker'] })
    markers.a.push(colleague.id, colleague.email)
    const asked = await requesterClient.patch(`/api/users/${colleague.id}`, { roles: ['director'] })
    if (asked.statusCode !== 200 || !asked.json().pendingRoleGrant) throw new Error(asked.body)
    return asked.json().pendingRoleGrant.id as string
  }
  const grants = {
    confirm: { administrator: await grantFor(), director: await grantFor() },
    cancel: { administrator: await grantFor(), director: await grantFor() },
  }
  markers.a.push(...Object.values(grants).flatMap((g) => Object.values(g)))
  return { targetUserId: target.id, inviteeId: invitee.id, grants }
})
const grantFor = (action: 'confirm' | 'cancel', caller: Caller) =>
  caller === 'director' ? world.grants[action].director : world.grants[action].administrator
const confirmers = ['administrator', 'director'] as const

const admin = ['administrator'] as const
/** Organisation B's administrator naming a record of A in a body: refused like an unknown id. */
function refusedAcross(expected: Expected): Expected {
  return { ...expected, otherOrganisation: 400 }
}
const own = (caller: Caller) => (caller === 'otherOrganisation' ? world.orgB : world.orgA)

describeRouteSecurity(
  'organisation',
  world,
  ['/api/organisation', '/api/sites', '/api/teams', '/api/users', '/api/colleagues', '/api/role-grants'],
  [
    {
      method: 'GET',
      route: '/api/organisation',
      url: () => '/api/organisation',
      expected: allow('everyone', 200, 200),
      shows: (caller) => [own(caller).id],
    },
    {
      method: 'PATCH',
      route: '/api/organisation',
      url: () => '/api/organisation',
      body: (caller) => ({ name: caller === 'otherOrganisation' ? 'CCAS B' : 'CCAS A' }),
      expected: allow(admin, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/colleagues',
      url: () => '/api/colleagues',
      // Their own organisation's colleagues, never an e-mail address.
      expected: allow(
        [
          'director',
          'social_worker',
          'educator',
          'psychologist',
          'front_desk_agent',
          'outreach_agent',
          'nurse',
          'doctor',
          'volunteer_coordinator',
        ],
        200,
        200,
      ),
      hides: (caller) => (caller === 'otherOrganisation' ? [] : ['@']),
      shows: (caller) => [
        caller === 'otherOrganisation' ? world.users.otherOrganisation.id : world.users.social_worker.id,
      ],
    },
    {
      method: 'GET',
      route: '/api/sites',
      url: () => '/api/sites',
      expected: allow('everyone', 200, 200),
      shows: (caller) => [own(caller).siteId],
    },
    {
      method: 'POST',
      route: '/api/sites',
      url: () => '/api/sites',
      body: (caller) => ({ name: `Antenne ${caller}` }),
      expected: allow(admin, 201, 201),
    },
    {
      method: 'PATCH',
      route: '/api/sites/:id',
      url: () => `/api/sites/${world.orgA.siteId}`,
      body: () => ({ address: '1 place de la Mairie' }),
      expected: allow(admin, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/teams',
      url: () => '/api/teams',
      expected: allow('everyone', 200, 200),
      shows: (caller) => [own(caller).teamId, own(caller).confidentialTeamId],
    },
    {
      method: 'POST',
      route: '/api/teams',
      url: () => '/api/teams',
      body: (caller) => ({ name: `Équipe ${caller}`, siteId: own(caller).siteId }),
      expected: allow(admin, 201, 201),
    },
    {
      method: 'POST',
      route: '/api/teams',
      label: "on organisation A's site",
      url: () => '/api/teams',
      body: (caller) => ({ name: `Équipe bis ${caller}`, siteId: world.orgA.siteId }),
      expected: refusedAcross(allow(admin, 201, 201)),
      codes: { 400: 'VALIDATION_FAILED' },
    },
    {
      method: 'PATCH',
      route: '/api/teams/:id',
      url: () => `/api/teams/${world.orgA.teamId}`,
      body: () => ({ name: 'Accueil social' }),
      expected: allow(admin, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/users',
      url: () => '/api/users',
      expected: allow(admin, 200, 200),
      shows: (caller) =>
        caller === 'otherOrganisation' ? [world.users.otherOrganisation.id] : [world.targetUserId],
    },
    {
      method: 'POST',
      route: '/api/users/invitations',
      url: () => '/api/users/invitations',
      body: (caller) => ({
        email: `${randomUUID()}@invite.test`,
        name: 'Invité',
        roles: ['social_worker'],
        teamIds: [own(caller).teamId],
      }),
      expected: allow(admin, 201, 201),
    },
    {
      method: 'POST',
      route: '/api/users/invitations',
      label: "into organisation A's team",
      url: () => '/api/users/invitations',
      body: () => ({
        email: `${randomUUID()}@invite.test`,
        name: 'Invité',
        roles: ['social_worker'],
        teamIds: [world.orgA.teamId],
      }),
      expected: refusedAcross(allow(admin, 201, 201)),
      codes: { 400: 'VALIDATION_FAILED' },
    },
    {
      method: 'PATCH',
      route: '/api/users/:id',
      url: () => `/api/users/${world.targetUserId}`,
      body: () => ({ roles: ['front_desk_agent', 'outreach_agent'] }),
      expected: allow(admin, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/users/:id/invitation',
      url: () => `/api/users/${world.inviteeId}/invitation`,
      expected: allow(admin, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/users/:id/invitation',
      label: 'of an account already active',
      url: () => `/api/users/${world.targetUserId}/invitation`,
      expected: allow(admin, 409, 404),
      codes: { 409: 'NOT_INVITED' },
    },
    {
      method: 'POST',
      route: '/api/users/:id/deactivate',
      url: () => `/api/users/${world.targetUserId}/deactivate`,
      expected: allow(admin, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/users/:id/reactivate',
      url: () => `/api/users/${world.targetUserId}/reactivate`,
      expected: allow(admin, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/role-grants',
      url: () => '/api/role-grants',
      expected: allow(confirmers, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : [world.grants.confirm.administrator]),
    },
    {
      method: 'POST',
      route: '/api/role-grants/:id/confirm',
      url: (caller) => `/api/role-grants/${grantFor('confirm', caller)}/confirm`,
      expected: allow(confirmers, 204, 404),
    },
    {
      method: 'POST',
      route: '/api/role-grants/:id/cancel',
      url: (caller) => `/api/role-grants/${grantFor('cancel', caller)}/cancel`,
      expected: allow(confirmers, 204, 404),
    },
  ],
)
