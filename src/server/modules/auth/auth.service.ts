import { sql } from 'kysely'
import type { z } from 'zod'
import type {
  changePasswordSchema,
  invitationAcceptSchema,
  Me,
  SessionState,
  setupBodySchema,
  totpDisableSchema,
} from '../../../shared/auth.ts'
import { ACTIONS } from '../../../shared/permissions.ts'
import { type Role, totpRequiredFor } from '../../../shared/roles.ts'
import type { Db } from '../../db/database.ts'
import type { AccessRules } from '../../platform/access-rules.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError } from '../../platform/errors.ts'
import type { LoginThrottle } from '../../platform/login-throttle.ts'
import { enqueueEmail } from '../../platform/outbox.ts'
import { hashPassword, verifyPassword } from '../../platform/passwords.ts'
import type { ResolvedSession, SessionStore } from '../../platform/sessions.ts'
import { acceptTotp, newTotpSecret, totpEnrolment } from '../../platform/totp.ts'
import { invitationEmail, passwordResetEmail } from './auth.emails.ts'
import type { AuthRepository } from './auth.repository.ts'

export interface ClientInfo {
  ip: string | null
  userAgent: string | null
}

export interface NewSession {
  token: string
  state: SessionState
  absoluteExpiresAt: Date
}

const PASSWORD_RESET_VALID_HOURS = 1
const INVITATION_VALID_HOURS = 24 * 7

/** Setup, sign-in (password then TOTP), one-time links and the signed-in user's own account. */
export class AuthService {
  constructor(
    private readonly repo: AuthRepository,
    private readonly sessions: SessionStore,
    private readonly throttle: LoginThrottle,
    private readonly publicUrl: string,
    private readonly accessRules: AccessRules,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  // ----- first run -----

  /** On an empty database, a one-time setup link; undefined once the organisation exists. */
  async prepareSetupLink(): Promise<string | undefined> {
    if (await this.repo.organisationExists()) return undefined
    const token = await this.repo.replaceSetupToken()
    return `${this.publicUrl}/installation?token=${encodeURIComponent(token)}`
  }

  async setupStatus(token: string | undefined) {
    const setupDone = await this.repo.organisationExists()
    return {
      setupDone,
      tokenValid: !setupDone && token !== undefined && (await this.repo.setupTokenIsValid(token)),
    }
  }

  async setup(input: z.infer<typeof setupBodySchema>, client: ClientInfo): Promise<NewSession> {
    const passwordHash = await hashPassword(input.password)
    return this.db.transaction().execute(async (trx) => {
      // Serialises concurrent set-ups so only one organisation can be created from the link.
      await sql`select pg_advisory_xact_lock(7214900032)`.execute(trx)
      if (await this.repo.organisationExists(trx)) throw new AppError('SETUP_ALREADY_DONE', 409)
      if (!(await this.repo.useSetupToken(trx, input.token))) throw new AppError('SETUP_TOKEN_INVALID', 400)
      const organisation = await this.repo.createOrganisation(trx, input.organisationName)
      await this.repo.createSite(trx, organisation.id, input.siteName)
      const user = await this.repo.createActiveUser(trx, {
        organisationId: organisation.id,
        email: input.email,
        name: input.adminName,
        passwordHash,
        roles: ['administrator'],
      })
      await recordAudit(
        trx,
        { organisationId: organisation.id, userId: user.id, ip: client.ip },
        { action: 'organisation.setup', entityType: 'organisation', entityId: organisation.id },
      )
      const state: SessionState = 'totp_enrolment_required'
      const session = await this.sessions.create(trx, {
        userId: user.id,
        organisationId: organisation.id,
        state,
        ...client,
      })
      return { token: session.token, state, absoluteExpiresAt: session.absoluteExpiresAt }
    })
  }

  // ----- sign-in -----

  async login(email: string, password: string, client: ClientInfo & { ip: string }): Promise<NewSession> {
    await this.throttle.assertAllowed(email, client.ip)
    const user = await this.repo.userByEmail(email)
    const valid = await verifyPassword(user?.status === 'active' ? user.password_hash : null, password)
    await this.throttle.record(email, client.ip, valid)
    if (!user || !valid) throw new AppError('INVALID_CREDENTIALS', 401)

    const roles = user.roles as Role[]
    const state: SessionState = user.totp_secret
      ? 'totp_pending'
      : totpRequiredFor(roles)
        ? 'totp_enrolment_required'
        : 'active'
    return this.db.transaction().execute(async (trx) => {
      const session = await this.sessions.create(trx, {
        userId: user.id,
        organisationId: user.organisation_id,
        state,
        ...client,
      })
      if (state !== 'totp_pending') await this.markSignedIn(trx, user.id, user.organisation_id, client.ip)
      return { token: session.token, state, absoluteExpiresAt: session.absoluteExpiresAt }
    })
  }

  async loginTotp(session: ResolvedSession, code: string, ip: string): Promise<SessionState> {
    if (session.state !== 'totp_pending') return session.state
    const user = await this.repo.userById(session.userId)
    if (!user?.totp_secret) throw new AppError('TOTP_INVALID', 401)
    // Code guesses count as failed sign-ins of the account.
    await this.throttle.assertAllowed(user.email, ip)
    const step = acceptTotp(user.totp_secret, code, user.totp_last_step)
    await this.throttle.record(user.email, ip, step !== null)
    if (step === null) throw new AppError('TOTP_INVALID', 401)
    await this.db.transaction().execute(async (trx) => {
      await this.repo.updateUser(trx, user.id, { totp_last_step: step })
      await this.sessions.setState(trx, session.id, 'active')
      await this.markSignedIn(trx, user.id, user.organisation_id, ip)
    })
    return 'active'
  }

  private async markSignedIn(trx: Db, userId: string, organisationId: string, ip: string | null) {
    await this.repo.updateUser(trx, userId, { last_login_at: new Date() })
    await recordAudit(
      trx,
      { organisationId, userId, ip },
      { action: 'auth.login', entityType: 'user', entityId: userId },
    )
  }

  async logout(session: ResolvedSession, ip: string | null) {
    await this.db.transaction().execute(async (trx) => {
      await this.sessions.revoke(trx, session.id)
      await recordAudit(
        trx,
        { organisationId: session.organisationId, userId: session.userId, ip },
        { action: 'auth.logout', entityType: 'user', entityId: session.userId },
      )
    })
  }

  async me(session: ResolvedSession): Promise<Me> {
    const user = await this.repo.userById(session.userId)
    if (!user) throw new AppError('UNAUTHENTICATED', 401)
    const organisation = await this.repo.organisationById(user.organisation_id)
    const roles = user.roles as Role[]
    const actor = { ...session, sessionId: session.id, roles, ip: null }
    return {
      state: session.state,
      csrfToken: session.csrfToken,
      user: {
        id: user.id,
        name: user.name,
        email: user.email,
        roles,
        teamIds: session.teamIds,
        totpEnabled: Boolean(user.totp_secret),
        totpRequired: totpRequiredFor(roles),
      },
      organisation,
      // A half-signed-in session may do nothing yet.
      permissions: session.state === 'active' ? await this.accessRules.actionsOf(actor, ACTIONS) : [],
    }
  }

  // ----- password reset -----

  /** Always succeeds from the caller's point of view, so it reveals nothing about who has an account. */
  async requestPasswordReset(email: string): Promise<void> {
    const user = await this.repo.userByEmail(email)
    if (user?.status !== 'active') return
    await this.db.transaction().execute(async (trx) => {
      const token = await this.repo.createOneTimeToken(trx, {
        kind: 'password_reset',
        organisationId: user.organisation_id,
        userId: user.id,
        validHours: PASSWORD_RESET_VALID_HOURS,
      })
      const link = `${this.publicUrl}/reinitialiser-mot-de-passe?token=${encodeURIComponent(token)}`
      await enqueueEmail(trx, passwordResetEmail(user.email, link), user.organisation_id)
    })
  }

  async completePasswordReset(token: string, password: string, ip: string | null): Promise<void> {
    const passwordHash = await hashPassword(password)
    await this.db.transaction().execute(async (trx) => {
      const live = await this.repo.findLiveToken(trx, 'password_reset', token)
      if (!live) throw new AppError('TOKEN_INVALID', 400)
      await this.repo.markTokenUsed(trx, live.token_hash)
      await this.repo.updateUser(trx, live.user_id, { password_hash: passwordHash })
      await this.sessions.revokeAllForUser(trx, live.user_id)
      await recordAudit(
        trx,
        { organisationId: live.organisation_id, userId: live.user_id, ip },
        { action: 'auth.password_reset', entityType: 'user', entityId: live.user_id },
      )
    })
  }

  // ----- invitations -----

  /**
   * Called by the organisation module, inside its transaction, when an administrator invites someone or
   * sends the invitation again (the previous link stops working). Answers the link, for them to copy.
   */
  async sendInvitation(
    trx: Db,
    invitee: { organisationId: string; userId: string; email: string; organisationName: string },
  ): Promise<string> {
    const token = await this.repo.createOneTimeToken(trx, {
      kind: 'invitation',
      organisationId: invitee.organisationId,
      userId: invitee.userId,
      validHours: INVITATION_VALID_HOURS,
    })
    const link = `${this.publicUrl}/invitation?token=${encodeURIComponent(token)}`
    await enqueueEmail(
      trx,
      invitationEmail(invitee.email, link, invitee.organisationName),
      invitee.organisationId,
    )
    return link
  }

  async invitationInfo(token: string) {
    const live = await this.repo.findLiveToken(this.db, 'invitation', token)
    const user = live ? await this.repo.userById(live.user_id) : undefined
    if (!live || !user || user.status !== 'invited') throw new AppError('TOKEN_INVALID', 404)
    const organisation = await this.repo.organisationById(live.organisation_id)
    return { email: user.email, name: user.name, organisationName: organisation.name }
  }

  async acceptInvitation(
    input: z.infer<typeof invitationAcceptSchema>,
    client: ClientInfo,
  ): Promise<NewSession> {
    const passwordHash = await hashPassword(input.password)
    return this.db.transaction().execute(async (trx) => {
      const live = await this.repo.findLiveToken(trx, 'invitation', input.token)
      const user = live ? await this.repo.userById(live.user_id, trx) : undefined
      if (!live || !user || user.status !== 'invited') throw new AppError('TOKEN_INVALID', 400)
      await this.repo.markTokenUsed(trx, live.token_hash)
      await this.repo.updateUser(trx, user.id, {
        password_hash: passwordHash,
        name: input.name,
        status: 'active',
      })
      const state: SessionState = totpRequiredFor(user.roles as Role[]) ? 'totp_enrolment_required' : 'active'
      const session = await this.sessions.create(trx, {
        userId: user.id,
        organisationId: user.organisation_id,
        state,
        ...client,
      })
      if (state === 'active') await this.markSignedIn(trx, user.id, user.organisation_id, client.ip)
      return { token: session.token, state, absoluteExpiresAt: session.absoluteExpiresAt }
    })
  }

  // ----- own account -----

  async changePassword(session: ResolvedSession, input: z.infer<typeof changePasswordSchema>) {
    const user = await this.repo.userById(session.userId)
    if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
      throw new AppError('CURRENT_PASSWORD_WRONG', 400, undefined, {
        errors: [{ path: 'currentPassword', message: 'Le mot de passe actuel est incorrect.' }],
      })
    }
    const passwordHash = await hashPassword(input.newPassword)
    await this.db.transaction().execute(async (trx) => {
      await this.repo.updateUser(trx, user.id, { password_hash: passwordHash })
      await this.sessions.revokeAllForUser(trx, user.id, session.id)
    })
  }

  /** The pending secret stays until confirmed or renewed, so that reloading the page changes nothing. */
  async startTotpEnrolment(session: ResolvedSession, renew = false) {
    const user = await this.repo.userById(session.userId)
    if (!user) throw new AppError('UNAUTHENTICATED', 401)
    const organisation = await this.repo.organisationById(user.organisation_id)
    let secret = renew ? null : user.totp_pending_secret
    if (!secret) {
      secret = newTotpSecret()
      await this.repo.updateUser(this.db, user.id, { totp_pending_secret: secret })
    }
    return totpEnrolment(secret, user.email, `Trame (${organisation.name})`)
  }

  async confirmTotpEnrolment(session: ResolvedSession, code: string, ip: string | null) {
    const user = await this.repo.userById(session.userId)
    const step = user?.totp_pending_secret ? acceptTotp(user.totp_pending_secret, code, null) : null
    if (!user || step === null) {
      throw new AppError('TOTP_INVALID', 400, undefined, {
        errors: [{ path: 'code', message: 'Le code de vérification est incorrect ou expiré.' }],
      })
    }
    await this.db.transaction().execute(async (trx) => {
      await this.repo.updateUser(trx, user.id, {
        totp_secret: user.totp_pending_secret,
        totp_pending_secret: null,
        totp_last_step: step,
      })
      // Other sessions were opened without the second factor.
      await this.sessions.revokeAllForUser(trx, user.id, session.id)
      if (session.state !== 'active') {
        await this.sessions.setState(trx, session.id, 'active')
        await this.markSignedIn(trx, user.id, user.organisation_id, ip)
      }
      await recordAudit(
        trx,
        { organisationId: user.organisation_id, userId: user.id, ip },
        { action: 'auth.totp_enabled', entityType: 'user', entityId: user.id },
      )
    })
  }

  async disableTotp(session: ResolvedSession, input: z.infer<typeof totpDisableSchema>, ip: string | null) {
    const user = await this.repo.userById(session.userId)
    if (!user) throw new AppError('UNAUTHENTICATED', 401)
    if (totpRequiredFor(user.roles as Role[])) throw new AppError('TOTP_CANNOT_DISABLE', 400)
    const valid =
      (await verifyPassword(user.password_hash, input.password)) &&
      user.totp_secret !== null &&
      acceptTotp(user.totp_secret, input.code, user.totp_last_step) !== null
    if (!valid) throw new AppError('TOTP_INVALID', 400)
    await this.db.transaction().execute(async (trx) => {
      await this.repo.updateUser(trx, user.id, { totp_secret: null, totp_last_step: null })
      await recordAudit(
        trx,
        { organisationId: user.organisation_id, userId: user.id, ip },
        { action: 'auth.totp_disabled', entityType: 'user', entityId: user.id },
      )
    })
  }

  async listSessions(session: ResolvedSession) {
    const rows = await this.repo.listSessions(session.userId)
    return rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at.toISOString(),
      lastSeenAt: new Date(row.last_seen_at).toISOString(),
      userAgent: row.user_agent,
      current: row.id === session.id,
    }))
  }

  async revokeSessions(session: ResolvedSession, keepCurrent: boolean) {
    await this.sessions.revokeAllForUser(this.db, session.userId, keepCurrent ? session.id : undefined)
  }
}
