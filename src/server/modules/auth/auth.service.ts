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
import { enqueue, enqueueEmail, type OutboxHandler } from '../../platform/outbox.ts'
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
/** The outbox job that looks up the accounts of a reset request, away from the request's answer. */
const PASSWORD_RESET_JOB = 'auth.password_reset_request'
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
    const attempt = await this.throttle.attempt(email, client.ip)
    const user = await this.accountWithPassword(email, password)
    if (!user) throw new AppError('INVALID_CREDENTIALS', 401)
    await attempt.succeeded()
    if (await this.repo.organisationSuspended(user.organisation_id)) {
      throw new AppError('ORGANISATION_SUSPENDED', 403)
    }

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

  /**
   * The active account with this address whose password matches. An address may have an account in
   * several organisations: the password tells them apart (the most recently used first, should two
   * share it). Without any account, the same hashing work is done, so timing tells nothing.
   */
  private async accountWithPassword(email: string, password: string) {
    const candidates = await this.repo.activeUsersByEmail(email)
    if (candidates.length === 0) await verifyPassword(null, password)
    for (const candidate of candidates) {
      if (await verifyPassword(candidate.password_hash, password)) return candidate
    }
    return undefined
  }

  async loginTotp(session: ResolvedSession, code: string, ip: string): Promise<SessionState> {
    if (session.state !== 'totp_pending') return session.state
    const user = await this.repo.userById(session.userId)
    if (!user?.totp_secret) throw new AppError('TOTP_INVALID', 401)
    // Code guesses are counted apart from passwords: a right password does not forgive wrong codes.
    const attempt = await this.throttle.attempt(`totp:${user.id}`, ip)
    const step = acceptTotp(user.totp_secret, code, user.totp_last_step)
    if (step === null) throw new AppError('TOTP_INVALID', 401)
    await attempt.succeeded()
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

  /**
   * Always succeeds from the caller's point of view and does the same work whoever asks (one row in the
   * outbox), so neither the answer nor its time reveals who has an account: the accounts are looked up
   * and the links sent by the outbox job below.
   */
  async requestPasswordReset(email: string): Promise<void> {
    await enqueue(this.db, PASSWORD_RESET_JOB, { email }, null)
  }

  /** The outbox work of a reset request: a link to every active account with that address. */
  outboxHandlers(): Record<string, OutboxHandler> {
    return {
      [PASSWORD_RESET_JOB]: async (payload) => {
        const { email } = payload as { email: string }
        const users = await this.repo.activeUsersByEmail(email)
        await this.db.transaction().execute(async (trx) => {
          for (const user of users) {
            const token = await this.repo.createOneTimeToken(trx, {
              kind: 'password_reset',
              organisationId: user.organisation_id,
              userId: user.id,
              validHours: PASSWORD_RESET_VALID_HOURS,
            })
            const link = `${this.publicUrl}/reinitialiser-mot-de-passe?token=${encodeURIComponent(token)}`
            await enqueueEmail(trx, passwordResetEmail(user.email, link), user.organisation_id)
          }
        })
      },
    }
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

  /**
   * The current password is a guess like a sign-in (throttled with the account's sign-ins). Afterwards
   * every session ends, this one included, and a new one replaces it: a stolen cookie dies with the
   * old password.
   */
  async changePassword(
    session: ResolvedSession,
    input: z.infer<typeof changePasswordSchema>,
    client: ClientInfo & { ip: string },
  ): Promise<NewSession> {
    const user = await this.repo.userById(session.userId)
    if (!user) throw new AppError('UNAUTHENTICATED', 401)
    const attempt = await this.throttle.attempt(user.email, client.ip)
    if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
      throw new AppError('CURRENT_PASSWORD_WRONG', 400, undefined, {
        errors: [{ path: 'currentPassword', message: 'Le mot de passe actuel est incorrect.' }],
      })
    }
    await attempt.succeeded()
    const passwordHash = await hashPassword(input.newPassword)
    return this.db.transaction().execute(async (trx) => {
      await this.repo.updateUser(trx, user.id, { password_hash: passwordHash })
      await this.sessions.revokeAllForUser(trx, user.id)
      const renewed = await this.sessions.create(trx, {
        userId: user.id,
        organisationId: user.organisation_id,
        state: session.state,
        ...client,
      })
      await recordAudit(
        trx,
        { organisationId: user.organisation_id, userId: user.id, ip: client.ip },
        { action: 'auth.password_change', entityType: 'user', entityId: user.id },
      )
      return { token: renewed.token, state: session.state, absoluteExpiresAt: renewed.absoluteExpiresAt }
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
