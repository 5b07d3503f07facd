import type { z } from 'zod'
import type {
  invitationCreateSchema,
  siteCreateSchema,
  siteUpdateSchema,
  teamCreateSchema,
  teamUpdateSchema,
  userUpdateSchema,
} from '../../../shared/organisation.ts'
import { type Action, roleAllows } from '../../../shared/permissions.ts'
import { grantsNeedConfirmation, ROLES_GRANTED_WITH_CONFIRMATION, type Role } from '../../../shared/roles.ts'
import type { Db } from '../../db/database.ts'
import { type AuditActor, recordAudit } from '../../platform/audit.ts'
import { AppError, forbidden, notFound, validationError } from '../../platform/errors.ts'
import type { HomeSource } from '../../platform/home.ts'
import { enqueueEmail } from '../../platform/outbox.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { SessionStore } from '../../platform/sessions.ts'
import type { AuthService } from '../auth/auth.service.ts'
import {
  HOST_NAME,
  roleGrantAppliedEmail,
  roleGrantAwaitsHostEmail,
  roleGrantRequestedEmail,
  wideAccountStatusEmail,
} from './organisation.emails.ts'
import type { OrganisationRepository } from './organisation.repository.ts'

type SiteRow = Awaited<ReturnType<OrganisationRepository['sites']>>[number]
type TeamRow = Awaited<ReturnType<OrganisationRepository['teams']>>[number]
type UserRow = Awaited<ReturnType<OrganisationRepository['users']>>[number]
type RoleGrantRow = Awaited<ReturnType<OrganisationRepository['pendingRoleGrants']>>[number]

const toSite = (s: SiteRow) => ({ id: s.id, name: s.name, address: s.address, active: s.active })
const toTeam = (t: TeamRow) => ({
  id: t.id,
  name: t.name,
  siteId: t.site_id,
  confidential: t.confidential,
  active: t.active,
})
const toRoleGrant = (g: RoleGrantRow) => ({
  id: g.id,
  userId: g.user_id,
  userName: g.user_name,
  roles: g.roles as Role[],
  requestedBy: { id: g.requested_by, name: g.requested_by_name },
  requestedAt: new Date(g.requested_at).toISOString(),
  awaitsHost: g.awaits_host,
})
const toUser = (u: UserRow, grant: RoleGrantRow | undefined) => ({
  id: u.id,
  name: u.name,
  email: u.email,
  roles: u.roles as Role[],
  teamIds: u.team_ids,
  status: u.status,
  totpEnabled: u.totp_enabled,
  lastLoginAt: u.last_login_at ? new Date(u.last_login_at).toISOString() : null,
  createdAt: new Date(u.created_at).toISOString(),
  pendingRoleGrant: grant ? toRoleGrant(grant) : null,
})
const sameRoles = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((role) => b.includes(role))

/** The organisation's own settings: name, sites, teams, staff accounts. */
export class OrganisationService {
  constructor(
    private readonly repo: OrganisationRepository,
    private readonly auth: AuthService,
    private readonly sessions: SessionStore,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  async organisation(actor: Actor) {
    const organisation = await this.repo.organisation(actor.organisationId)
    if (!organisation) throw notFound()
    return organisation
  }

  /**
   * The organisation a public page (report form, volunteer portal) writes to: the one its link names,
   * or else the installation's only one. Undefined when there is none, for the caller to answer 404.
   */
  publicOrganisation(organisationId: string | undefined, db: Db = this.db) {
    return organisationId ? this.repo.organisation(organisationId, db) : this.repo.soleOrganisation(db)
  }

  async rename(actor: Actor, name: string) {
    assertAllowed(actor, 'organisation.manage')
    return this.repo.renameOrganisation(this.db, actor.organisationId, name)
  }

  async sites(actor: Actor) {
    return (await this.repo.sites(actor.organisationId)).map(toSite)
  }

  async createSite(actor: Actor, input: z.infer<typeof siteCreateSchema>) {
    assertAllowed(actor, 'organisation.manage')
    return toSite(
      await this.repo.createSite(actor.organisationId, { name: input.name, address: input.address ?? null }),
    )
  }

  async updateSite(actor: Actor, id: string, input: z.infer<typeof siteUpdateSchema>) {
    assertAllowed(actor, 'organisation.manage')
    const site = await this.repo.updateSite(actor.organisationId, id, input)
    if (!site) throw notFound()
    return toSite(site)
  }

  async teams(actor: Actor) {
    return (await this.repo.teams(actor.organisationId)).map(toTeam)
  }

  private async assertOwnSite(actor: Actor, siteId: string | null | undefined) {
    if (siteId && !(await this.repo.site(actor.organisationId, siteId))) {
      throw validationError('siteId', 'Site inconnu.')
    }
  }

  async createTeam(actor: Actor, input: z.infer<typeof teamCreateSchema>) {
    assertAllowed(actor, 'organisation.manage')
    await this.assertOwnSite(actor, input.siteId)
    const team = await this.repo.createTeam(actor.organisationId, {
      name: input.name,
      site_id: input.siteId ?? null,
      confidential: input.confidential,
    })
    return toTeam(team)
  }

  async updateTeam(actor: Actor, id: string, input: z.infer<typeof teamUpdateSchema>) {
    assertAllowed(actor, 'organisation.manage')
    await this.assertOwnSite(actor, input.siteId)
    const team = await this.repo.updateTeam(actor.organisationId, id, {
      name: input.name,
      site_id: input.siteId,
      confidential: input.confidential,
      active: input.active,
    })
    if (!team) throw notFound()
    return toTeam(team)
  }

  /** Who can be named referent of a file or given a follow-up; shown to anyone who reads files. */
  /** `may`: only those whose role allows the action (a report is given to someone who triages). */
  async colleagues(actor: Actor, may?: Action) {
    if (!roleAllows(actor.roles, 'person.read') && !roleAllows(actor.roles, 'contact.read')) throw forbidden()
    const rows = await this.repo.activeColleagues(actor.organisationId)
    return rows
      .filter((r) => !may || roleAllows(r.roles as Role[], may))
      .map((r) => ({ id: r.id, name: r.name, teamIds: r.team_ids ?? [] }))
  }

  async users(actor: Actor) {
    assertAllowed(actor, 'user.manage')
    const [users, grants] = await Promise.all([
      this.repo.users(actor.organisationId),
      this.repo.pendingRoleGrants(actor.organisationId),
    ])
    return users.map((u) =>
      toUser(
        u,
        grants.find((g) => g.user_id === u.id),
      ),
    )
  }

  private async assertOwnTeams(actor: Actor, teamIds: string[]) {
    const unique = [...new Set(teamIds)]
    if ((await this.repo.countTeams(actor.organisationId, unique)) !== unique.length) {
      throw validationError('teamIds', 'Équipe inconnue.')
    }
    return unique
  }

  async invite(actor: Actor, input: z.infer<typeof invitationCreateSchema>) {
    assertAllowed(actor, 'user.manage')
    const teamIds = await this.assertOwnTeams(actor, input.teamIds)
    const organisation = await this.organisation(actor)
    const { userId, invitationLink } = await this.db.transaction().execute(async (trx) => {
      if (await this.repo.emailTaken(actor.organisationId, input.email, trx)) {
        throw new AppError('EMAIL_TAKEN', 409, undefined, {
          errors: [{ path: 'email', message: 'Un compte existe déjà avec cette adresse e-mail.' }],
        })
      }
      const roles = [...new Set(input.roles)]
      // A sensitive role is asked for like any later change: the account starts without it.
      const initialRoles = roles.filter((role) => !ROLES_GRANTED_WITH_CONFIRMATION.includes(role))
      const user = await this.repo.createInvitedUser(trx, actor.organisationId, {
        email: input.email,
        name: input.name,
        roles: initialRoles,
      })
      await this.repo.setUserTeams(trx, actor.organisationId, user.id, teamIds)
      if (!sameRoles(initialRoles, roles)) {
        await this.changeRoles(trx, actor, { id: user.id, name: input.name, roles: initialRoles }, roles)
      }
      const invitationLink = await this.auth.sendInvitation(trx, {
        organisationId: actor.organisationId,
        userId: user.id,
        email: input.email,
        organisationName: organisation.name,
      })
      await recordAudit(trx, actor, { action: 'user.invite', entityType: 'user', entityId: user.id })
      return { userId: user.id, invitationLink }
    })
    return { ...(await this.userOrNotFound(actor, userId)), invitationLink }
  }

  /** A new invitation link, e-mailed again; the previous one stops working. */
  async resendInvitation(actor: Actor, id: string) {
    assertAllowed(actor, 'user.manage')
    const organisation = await this.organisation(actor)
    const invitationLink = await this.db.transaction().execute(async (trx) => {
      const user = await this.userOrNotFound(actor, id, trx)
      if (user.status !== 'invited') throw new AppError('NOT_INVITED', 409)
      const link = await this.auth.sendInvitation(trx, {
        organisationId: actor.organisationId,
        userId: user.id,
        email: user.email,
        organisationName: organisation.name,
      })
      await recordAudit(trx, actor, { action: 'user.invite_again', entityType: 'user', entityId: user.id })
      return link
    })
    return { ...(await this.userOrNotFound(actor, id)), invitationLink }
  }

  private async userOrNotFound(actor: Actor, id: string, db = this.db) {
    const user = await this.repo.user(actor.organisationId, id, db)
    if (!user) throw notFound()
    const [grant] = await this.repo.pendingRoleGrants(actor.organisationId, { userId: id }, db)
    return toUser(user, grant)
  }

  /** Refuses a change that would leave the organisation without an active administrator. */
  private async assertKeepsAnAdministrator(
    trx: Db,
    actor: Pick<Actor, 'organisationId'>,
    userId: string,
    stillAdmin: boolean,
  ) {
    if (stillAdmin) return
    const admins = await this.repo.activeAdministrators(trx, actor.organisationId)
    if (admins.length === 1 && admins[0] === userId) throw new AppError('LAST_ADMINISTRATOR', 409)
  }

  async updateUser(actor: Actor, id: string, input: z.infer<typeof userUpdateSchema>) {
    assertAllowed(actor, 'user.manage')
    const teamIds = input.teamIds ? await this.assertOwnTeams(actor, input.teamIds) : undefined
    return this.db.transaction().execute(async (trx) => {
      const user = await this.userOrNotFound(actor, id, trx)
      if (input.roles && !sameRoles(input.roles, user.roles)) {
        await this.changeRoles(trx, actor, user, [...new Set(input.roles)])
      }
      if (teamIds) {
        await this.repo.setUserTeams(trx, actor.organisationId, id, teamIds)
        await recordAudit(trx, actor, { action: 'user.update', entityType: 'user', entityId: user.id })
      }
      // Their sessions carry roles and teams: the next request reads the new ones.
      this.sessions.forget({ userId: id })
      return this.userOrNotFound(actor, id, trx)
    })
  }

  /**
   * Nobody changes their own roles. Giving the director or administrator role is only asked for: it
   * applies once another administrator or the director confirms, and they are all told by e-mail.
   * It applies at once, audited, only while the organisation never had any other director or
   * administrator (a new organisation's only administrator naming its first director): deactivated
   * ones count, or deactivating the others would let one administrator give wide roles alone. When
   * nobody active can confirm, the hosting operator does (`npm run roles:confirm`), and the requester
   * is told so.
   */
  private async changeRoles(
    trx: Db,
    actor: Actor,
    user: { id: string; name: string; roles: Role[] },
    roles: Role[],
  ) {
    if (user.id === actor.userId) throw new AppError('OWN_ROLES', 403)
    const others = (await this.repo.grantConfirmers(trx, actor.organisationId)).filter(
      (c) => c.id !== actor.userId && c.id !== user.id,
    )
    const requester = await this.repo.user(actor.organisationId, actor.userId, trx)
    const requesterName = requester?.name ?? ''
    const firstWideRole =
      others.length === 0 &&
      (await this.repo.wideRoleAccounts(trx, actor.organisationId)).every(
        (id) => id === actor.userId || id === user.id,
      )
    if (grantsNeedConfirmation(user.roles, roles) && !firstWideRole) {
      const grant = await this.repo.createRoleGrant(trx, actor.organisationId, {
        userId: user.id,
        roles,
        requestedBy: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'user.role_grant_request',
        entityType: 'user',
        entityId: user.id,
      })
      for (const other of others) {
        await enqueueEmail(
          trx,
          roleGrantRequestedEmail(other.email, { requesterName, userName: user.name, roles }),
          actor.organisationId,
        )
      }
      if (others.length === 0 && requester) {
        await enqueueEmail(
          trx,
          roleGrantAwaitsHostEmail(requester.email, { userName: user.name, roles, grantId: grant.id }),
          actor.organisationId,
        )
      }
      return
    }
    await this.assertKeepsAnAdministrator(trx, actor, user.id, roles.includes('administrator'))
    await this.repo.updateUser(trx, actor.organisationId, user.id, { roles })
    // A direct change replaces whatever was asked for before.
    await this.repo.decideRoleGrants(
      trx,
      actor.organisationId,
      { userId: user.id },
      'cancelled',
      actor.userId,
    )
    // A wide role taken away is remembered: the account still counts as one that held it.
    const wideRolesRemoved = user.roles.filter(
      (role) => ROLES_GRANTED_WITH_CONFIRMATION.includes(role) && !roles.includes(role),
    )
    await recordAudit(trx, actor, {
      action: 'user.roles_change',
      entityType: 'user',
      entityId: user.id,
      details: wideRolesRemoved.length > 0 ? { wideRolesRemoved } : undefined,
    })
  }

  /** Pending grants, for the administrators and the director who may confirm them. */
  async roleGrants(actor: Actor) {
    assertAllowed(actor, 'user.role_grant.confirm')
    return (await this.repo.pendingRoleGrants(actor.organisationId)).map(toRoleGrant)
  }

  async confirmRoleGrant(actor: Actor, grantId: string) {
    assertAllowed(actor, 'user.role_grant.confirm')
    await this.db.transaction().execute(async (trx) => {
      const grant = await this.repo.lockPendingRoleGrant(trx, actor.organisationId, grantId)
      if (!grant) throw notFound()
      if (grant.requested_by === actor.userId || grant.user_id === actor.userId) {
        throw new AppError('ROLE_GRANT_OWN', 403)
      }
      const confirmer = await this.repo.user(actor.organisationId, actor.userId, trx)
      await this.applyRoleGrant(trx, actor, grant, confirmer?.name ?? '', 'user.role_grant_confirm')
    })
  }

  /**
   * The hosting operator's confirmation (`npm run roles:confirm`), audited as Trame's own action: only
   * when no active administrator or director other than the requester and the account named could
   * give it. Returns the organisation's id, or throws NOT_FOUND / ROLE_GRANT_HAS_CONFIRMERS.
   */
  async confirmRoleGrantAsHost(grantId: string) {
    return this.db.transaction().execute(async (trx) => {
      const grant = await this.repo.lockPendingRoleGrant(trx, undefined, grantId)
      if (!grant) throw notFound()
      const [details] = await this.repo.pendingRoleGrants(grant.organisation_id, { grantId }, trx)
      if (!details?.awaits_host) throw new AppError('ROLE_GRANT_HAS_CONFIRMERS', 409)
      const host = { organisationId: grant.organisation_id, userId: null, ip: null }
      await this.applyRoleGrant(trx, host, grant, HOST_NAME, 'user.role_grant_confirm_host')
      return { organisationId: grant.organisation_id, userId: grant.user_id, roles: grant.roles as Role[] }
    })
  }

  /** Every organisation's pending grants, for the hosting operator. */
  roleGrantsOfHost() {
    return this.repo.pendingRoleGrantsOfHost()
  }

  /** Gives the roles a grant asked for, audited, and tells the other administrators. */
  private async applyRoleGrant(
    trx: Db,
    confirmer: AuditActor,
    grant: { id: string; user_id: string; roles: string[] },
    confirmerName: string,
    action: 'user.role_grant_confirm' | 'user.role_grant_confirm_host',
  ) {
    const { organisationId } = confirmer
    const roles = grant.roles as Role[]
    const [details] = await this.repo.pendingRoleGrants(organisationId, { grantId: grant.id }, trx)
    await this.assertKeepsAnAdministrator(trx, confirmer, grant.user_id, roles.includes('administrator'))
    await this.repo.updateUser(trx, organisationId, grant.user_id, { roles })
    await this.repo.decideRoleGrants(
      trx,
      organisationId,
      { grantId: grant.id },
      'confirmed',
      confirmer.userId,
    )
    this.sessions.forget({ userId: grant.user_id })
    await recordAudit(trx, confirmer, { action, entityType: 'user', entityId: grant.user_id })
    const told = (await this.repo.grantConfirmers(trx, organisationId)).filter(
      (c) =>
        c.id !== confirmer.userId && c.id !== grant.user_id && (c.roles as Role[]).includes('administrator'),
    )
    for (const admin of told) {
      await enqueueEmail(
        trx,
        roleGrantAppliedEmail(admin.email, {
          requesterName: details?.requested_by_name ?? '',
          confirmerName,
          userName: details?.user_name ?? '',
          roles,
        }),
        organisationId,
      )
    }
  }

  async cancelRoleGrant(actor: Actor, grantId: string) {
    if (!roleAllows(actor.roles, 'user.manage') && !roleAllows(actor.roles, 'user.role_grant.confirm')) {
      throw forbidden()
    }
    await this.db.transaction().execute(async (trx) => {
      const grant = await this.repo.lockPendingRoleGrant(trx, actor.organisationId, grantId)
      if (!grant) throw notFound()
      await this.repo.decideRoleGrants(trx, actor.organisationId, { grantId }, 'cancelled', actor.userId)
      await recordAudit(trx, actor, {
        action: 'user.role_grant_cancel',
        entityType: 'user',
        entityId: grant.user_id,
      })
    })
  }

  async setActive(actor: Actor, id: string, active: boolean) {
    assertAllowed(actor, 'user.manage')
    return this.db.transaction().execute(async (trx) => {
      const user = await this.userOrNotFound(actor, id, trx)
      if (!active) {
        await this.assertKeepsAnAdministrator(trx, actor, id, false)
        await this.sessions.revokeAllForUser(trx, id)
      }
      // An invitee who never accepted stays "invited" when reactivated.
      const status = active ? (user.status === 'invited' ? undefined : 'active') : 'deactivated'
      if (status) await this.repo.updateUser(trx, actor.organisationId, id, { status })
      await recordAudit(trx, actor, {
        action: active ? 'user.reactivate' : 'user.deactivate',
        entityType: 'user',
        entityId: id,
      })
      if (status) await this.tellWideAccountStatus(trx, actor, user, active)
      return this.userOrNotFound(actor, id, trx)
    })
  }

  /**
   * Deactivating the director or an administrator needs no one else (a person who leaves must lose
   * access at once), but it must not go unseen: removing the others is how one administrator would
   * end up alone to give wide roles. The account and every other holder of a wide role are e-mailed.
   */
  private async tellWideAccountStatus(
    trx: Db,
    actor: Actor,
    user: { id: string; name: string; email: string; roles: Role[] },
    active: boolean,
  ) {
    const roles = user.roles.filter((role) => ROLES_GRANTED_WITH_CONFIRMATION.includes(role))
    if (roles.length === 0) return
    const actorName = (await this.repo.user(actor.organisationId, actor.userId, trx))?.name ?? ''
    const others = (await this.repo.grantConfirmers(trx, actor.organisationId))
      .filter((c) => c.id !== actor.userId && c.id !== user.id)
      .map((c) => c.email)
    for (const to of new Set([user.email, ...others])) {
      await enqueueEmail(
        trx,
        wideAccountStatusEmail(to, { actorName, userName: user.name, roles, active }),
        actor.organisationId,
      )
    }
  }

  /** The first steps this module owns: sites (with their address), teams, colleagues' accounts. */
  homeSource(): HomeSource {
    return {
      module: 'organisation',
      setup: async (actor) => {
        if (!roleAllows(actor.roles, 'organisation.manage')) return []
        const n = await this.repo.setupCounts(actor.organisationId, actor.userId)
        return [
          { key: 'organisation.sites', done: n.sites > 0 && n.sites_with_address > 0, count: n.sites },
          { key: 'organisation.teams', done: n.teams > 0, count: n.teams },
          { key: 'organisation.users', done: n.others > 0, count: n.others },
        ]
      },
    }
  }
}
