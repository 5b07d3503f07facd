import type { z } from 'zod'
import type {
  HostedOrganisation,
  hostedOrganisationCreateSchema,
  OperatorMe,
} from '../../../shared/operator.ts'
import type { Db } from '../../db/database.ts'
import { AppError, notFound } from '../../platform/errors.ts'
import type { LoginThrottle } from '../../platform/login-throttle.ts'
import { hashPassword, verifyPassword } from '../../platform/passwords.ts'
import type { SessionPolicy, SessionStore } from '../../platform/sessions.ts'
import { newToken } from '../../platform/tokens.ts'
import { acceptTotp, newTotpSecret, totpEnrolment } from '../../platform/totp.ts'
import type { AuthService } from '../auth/auth.service.ts'
import { exportOrganisation, importOrganisation } from './operator.archive.ts'
import type { OperatorRepository } from './operator.repository.ts'

export interface OperatorSession {
  id: string
  state: 'active' | 'totp_pending'
  csrf_token: string
  operator_id: string
  name: string
  email: string
}

/** Who acts on an operator route: a fully signed-in operator, from an address. */
export interface OperatorActor {
  operatorId: string
  ip: string | null
}

/** For the command line: a new operator account, its TOTP secret to put in an authenticator app. */
export async function createOperatorAccount(
  repo: OperatorRepository,
  input: { email: string; name: string; password: string },
) {
  if (await repo.operatorByEmail(input.email)) throw new AppError('EMAIL_TAKEN', 409)
  const secret = newTotpSecret()
  const account = await repo.createOperator({
    email: input.email,
    name: input.name,
    password_hash: await hashPassword(input.password),
    totp_secret: secret,
  })
  return { ...account, totp: await totpEnrolment(secret, input.email, 'Trame — exploitation') }
}

/**
 * The hosted service's operator: signs in with a password and a TOTP code (always: the account is
 * created with it), lists, creates, suspends and reactivates organisations, exports and imports one.
 * Never reads a person: the lists carry counts of accounts only.
 */
export class OperatorService {
  constructor(
    private readonly repo: OperatorRepository,
    private readonly auth: AuthService,
    private readonly sessions: SessionStore,
    private readonly throttle: LoginThrottle,
    private readonly policy: SessionPolicy,
    private readonly documentsDir: string,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  async login(email: string, password: string, ip: string) {
    const attempt = await this.throttle.attempt(`operator:${email}`, ip)
    const account = await this.repo.operatorByEmail(email)
    const valid = await verifyPassword(account?.password_hash ?? null, password)
    if (!account || !valid) throw new AppError('INVALID_CREDENTIALS', 401)
    await attempt.succeeded()
    const token = newToken()
    await this.repo.insertSession({
      token,
      csrfToken: newToken(24),
      operatorId: account.id,
      ip,
      absoluteExpiresAt: new Date(Date.now() + this.policy.absoluteHours * 3_600_000),
    })
    return token
  }

  resolve(token: string | undefined): Promise<OperatorSession | undefined> {
    return token ? this.repo.liveSession(token, this.policy.idleMinutes) : Promise.resolve(undefined)
  }

  async loginTotp(session: OperatorSession, code: string, ip: string) {
    if (session.state === 'active') return
    const account = await this.repo.operatorById(session.operator_id)
    if (!account) throw new AppError('UNAUTHENTICATED', 401)
    const attempt = await this.throttle.attempt(`operator-totp:${account.id}`, ip)
    const step = acceptTotp(account.totp_secret, code, account.totp_last_step)
    if (step === null) throw new AppError('TOTP_INVALID', 401)
    await attempt.succeeded()
    await this.db.transaction().execute(async (trx) => {
      await this.repo.setTotpStep(trx, account.id, step)
      await this.repo.setSessionState(trx, session.id, 'active')
      await this.repo.log(trx, { operatorId: account.id, action: 'operator.login', ip })
    })
  }

  logout(session: OperatorSession) {
    return this.repo.revokeSession(session.id)
  }

  me(session: OperatorSession): OperatorMe {
    return {
      state: session.state,
      csrfToken: session.csrf_token,
      operator: { id: session.operator_id, name: session.name, email: session.email },
    }
  }

  async organisations(): Promise<{ items: HostedOrganisation[]; total: number }> {
    const rows = await this.repo.organisations()
    const items = rows.map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: new Date(row.created_at).toISOString(),
      suspendedAt: row.suspended_at ? new Date(row.suspended_at).toISOString() : null,
      users: { active: row.active, invited: row.invited, deactivated: row.deactivated },
    }))
    return { items, total: items.length }
  }

  private async organisation(id: string) {
    const found = (await this.organisations()).items.find((item) => item.id === id)
    if (!found) throw notFound()
    return found
  }

  /**
   * A new organisation, its first site and its administrator, invited by e-mail (through the outbox).
   * The link goes to the administrator only: the operator never holds a way into the organisation.
   */
  async createOrganisation(actor: OperatorActor, input: z.infer<typeof hostedOrganisationCreateSchema>) {
    const id = await this.db.transaction().execute(async (trx) => {
      const { organisation, adminId } = await this.repo.createOrganisation(trx, input)
      await this.auth.sendInvitation(trx, {
        organisationId: organisation.id,
        userId: adminId,
        email: input.adminEmail,
        organisationName: organisation.name,
      })
      await this.repo.log(trx, {
        operatorId: actor.operatorId,
        action: 'organisation.create',
        organisationId: organisation.id,
        organisationName: organisation.name,
        ip: actor.ip,
      })
      return organisation.id
    })
    return this.organisation(id)
  }

  /** Suspended: none of its users signs in or acts with a session any more, until reactivated. */
  async setSuspended(actor: OperatorActor, id: string, suspended: boolean) {
    await this.db.transaction().execute(async (trx) => {
      const organisation = await this.repo.organisationById(id, trx)
      if (!organisation) throw notFound()
      await this.repo.setSuspended(trx, id, suspended)
      await this.repo.log(trx, {
        operatorId: actor.operatorId,
        action: suspended ? 'organisation.suspend' : 'organisation.reactivate',
        organisationId: id,
        organisationName: organisation.name,
        ip: actor.ip,
      })
    })
    this.sessions.forgetOrganisation(id)
    return this.organisation(id)
  }

  async export(actor: OperatorActor, id: string) {
    const organisation = await this.repo.organisationById(id)
    if (!organisation) throw notFound()
    const result = await exportOrganisation(this.db, this.documentsDir, id)
    await this.repo.log(this.db, {
      operatorId: actor.operatorId,
      action: 'organisation.export',
      organisationId: id,
      organisationName: organisation.name,
      ip: actor.ip,
    })
    return { name: organisation.name, zip: result.zip }
  }

  async import(actor: OperatorActor, zip: Uint8Array) {
    const result = await importOrganisation(this.db, this.documentsDir, zip)
    await this.repo.log(this.db, {
      operatorId: actor.operatorId,
      action: 'organisation.import',
      organisationId: result.organisation.id,
      organisationName: result.organisation.name,
      ip: actor.ip,
    })
    return result
  }
}
