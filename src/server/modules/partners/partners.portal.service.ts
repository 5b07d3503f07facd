import type { z } from 'zod'
import { todayInFrance } from '../../../shared/dates.ts'
import type {
  PartnerMe,
  PartnerPortalReferral,
  partnerLoginSchema,
  partnerPasswordSetSchema,
  partnerPortalAnswerInputSchema,
} from '../../../shared/partner-portal.ts'
import { personDisplayName } from '../../../shared/people.ts'
import { PARTNER_ANSWER, type PartnerAnswer, referralReference } from '../../../shared/referrals.ts'
import type { pageQuerySchema } from '../../../shared/validation.ts'
import type { Db } from '../../db/database.ts'
import { type AuditActor, recordAudit } from '../../platform/audit.ts'
import { AppError, notFound, validationError } from '../../platform/errors.ts'
import type { LoginThrottle } from '../../platform/login-throttle.ts'
import { hashPassword, verifyPassword } from '../../platform/passwords.ts'
import { hashToken, newToken } from '../../platform/tokens.ts'
import type { OrganisationService } from '../organisation/organisation.service.ts'
import type { PartnersPortalRepository } from './partners.portal.repository.ts'

const SESSION_HOURS = 12

type SessionRow = NonNullable<Awaited<ReturnType<PartnersPortalRepository['sessionContact']>>>
/** A signed-in partner's contact, resolved from their own session cookie, and the address they act from. */
export type PartnerContactSession = SessionRow & { ip?: string | null }
type ReferralRow = NonNullable<Awaited<ReturnType<PartnersPortalRepository['referral']>>>

/** Once refused or done, a referral is closed: the partner's answer stays as it is. */
const CLOSED: readonly string[] = ['refused', 'done']

/** The partner page: a contact signs in and answers the referrals addressed to their partner's services. */
export class PartnersPortalService {
  constructor(
    private readonly repo: PartnersPortalRepository,
    private readonly organisations: Pick<OrganisationService, 'publicOrganisation'>,
    /** The staff sign-in's guard against password guessing, per account and per address. */
    private readonly throttle: Pick<LoginThrottle, 'attempt'>,
    /** A contact's session ends after this long without activity, like a staff one. */
    private readonly sessionPolicy: { idleMinutes: number },
  ) {}

  private get db(): Db {
    return this.repo.db as Db
  }

  /** A contact is not a staff user: the trail names them in `partner_contact_id`, with their address. */
  private auditor(contact: { id: string; organisation_id: string; ip?: string | null }): AuditActor {
    return {
      organisationId: contact.organisation_id,
      userId: null,
      partnerContactId: contact.id,
      ip: contact.ip ?? null,
    }
  }

  async portal(organisationId: string | undefined) {
    const organisation = await this.organisations.publicOrganisation(organisationId)
    if (!organisation) throw notFound()
    return { organisationId: organisation.id, organisationName: organisation.name }
  }

  private async liveToken(token: string, db: Db) {
    const live = await this.repo.liveToken(hashToken(token), db)
    if (!live) {
      throw new AppError(
        'NOT_FOUND',
        404,
        'Ce lien n’est plus valable : demandez un nouveau lien (« Mot de passe oublié ») ou une nouvelle invitation au CCAS.',
      )
    }
    return live
  }

  /** Who an invitation's link is for, so that its page greets them. */
  async invitationInfo(token: string) {
    const live = await this.liveToken(token, this.db)
    return {
      name: live.name,
      email: live.email,
      partnerName: live.partner_name,
      organisationId: live.organisation_id,
      organisationName: live.organisation_name,
    }
  }

  /** The contact chooses their password with the link of their invitation, once. */
  async setPassword(input: z.infer<typeof partnerPasswordSetSchema>, ip: string) {
    const passwordHash = await hashPassword(input.password)
    return this.db.transaction().execute(async (trx) => {
      const live = await this.liveToken(input.token, trx)
      await this.repo.useToken(trx, live.token_id)
      await this.repo.updateContact(trx, live.id, { password_hash: passwordHash })
      // A new password ends every session opened with the old one.
      await this.repo.revokeSessions(trx, { contactId: live.id })
      await recordAudit(trx, this.auditor({ ...live, ip }), {
        action:
          live.purpose === 'password_reset'
            ? 'partner_contact.password_reset'
            : 'partner_contact.password_set',
        entityType: 'partner_contact',
        entityId: live.id,
      })
      return { organisationId: live.organisation_id, email: live.email }
    })
  }

  async login(input: z.infer<typeof partnerLoginSchema>, ip: string) {
    // Partners' contacts are counted apart from staff and volunteers with the same address.
    const attempt = await this.throttle.attempt(`partner:${input.organisationId}:${input.email}`, ip)
    const contact = await this.repo.contactByEmail(input.organisationId, input.email)
    const valid = await verifyPassword(contact?.password_hash ?? null, input.password)
    if (!contact || !valid || contact.disabled_at) throw new AppError('INVALID_CREDENTIALS', 401)
    await attempt.succeeded()
    const token = newToken()
    await this.db.transaction().execute(async (trx) => {
      await this.repo.insertSession(trx, {
        token_hash: hashToken(token),
        csrf_token: newToken(24),
        contact_id: contact.id,
        expires_at: new Date(Date.now() + SESSION_HOURS * 3_600_000),
      })
      await recordAudit(trx, this.auditor({ ...contact, ip }), {
        action: 'partner_contact.login',
        entityType: 'partner_contact',
        entityId: contact.id,
      })
    })
    const session = await this.resolve(token)
    if (!session) throw new AppError('INVALID_CREDENTIALS', 401)
    return { token, me: this.me(session) }
  }

  /** The contact behind a session cookie, or undefined (a disabled account has none). */
  async resolve(token: string | undefined): Promise<PartnerContactSession | undefined> {
    if (!token) return undefined
    const session = await this.repo.sessionContact(hashToken(token), this.sessionPolicy.idleMinutes)
    // Refreshing on every request would write on every read; once a minute is enough for idle expiry.
    if (session && Date.now() - new Date(session.last_seen_at).getTime() > 60_000) {
      await this.repo.touchSession(session.session_id)
    }
    return session
  }

  logout(contact: PartnerContactSession) {
    return this.db.transaction().execute(async (trx) => {
      await this.repo.revokeSessions(trx, { sessionId: contact.session_id })
      await recordAudit(trx, this.auditor(contact), {
        action: 'partner_contact.logout',
        entityType: 'partner_contact',
        entityId: contact.id,
      })
    })
  }

  me(contact: PartnerContactSession): PartnerMe {
    return {
      id: contact.id,
      name: contact.name,
      email: contact.email,
      partnerName: contact.partner_name,
      organisationName: contact.organisation_name,
      csrfToken: contact.csrf_token,
    }
  }

  /** Only what the person consented to share with partners: otherwise the reference and the service. */
  private toReferral(row: ReferralRow): PartnerPortalReferral {
    return {
      id: row.id,
      reference: referralReference(row.id),
      serviceName: row.service_name,
      referredOn: row.referred_on,
      answerDueOn: row.answer_due_on,
      answer: row.answer as PartnerAnswer,
      answeredOn: row.answered_on,
      partnerNote: row.partner_note,
      // Written for the partner, yet of the person's file: shown only while the person consents.
      workerReply: row.shared ? row.worker_reply : null,
      workerRepliedOn: row.shared ? row.worker_replied_on : null,
      shared: row.shared,
      person: row.shared
        ? {
            displayName: personDisplayName({
              lastName: row.last_name,
              usageName: row.usage_name,
              firstNames: row.first_names,
              description: row.description,
              aliases: row.aliases,
            }),
            birthDate: row.birth_date,
            phone: row.phone,
            email: row.email,
          }
        : null,
      details: row.shared ? row.note : null,
    }
  }

  /** The referrals addressed to the contact's partner; who they showed, and how much, is in the trail. */
  async referrals(contact: PartnerContactSession, query: z.infer<typeof pageQuerySchema>) {
    return this.db.transaction().execute(async (trx) => {
      const { rows, total } = await this.repo.referralPage(
        contact.organisation_id,
        contact.partner_id,
        { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
        trx,
      )
      await recordAudit(trx, this.auditor(contact), {
        action: 'partner_portal.referral.list',
        entityType: 'partner_referral',
        personIds: rows.map((row) => row.person_id),
        details: {
          partnerId: contact.partner_id,
          referrals: rows.map((row) => ({ referralId: row.id, shared: row.shared })),
        },
      })
      return {
        items: rows.map((row) => this.toReferral(row)),
        total,
        page: query.page,
        pageSize: query.pageSize,
      }
    })
  }

  /** The partner answers: accepted, refused, needs more information, or done; refused and done close it. */
  async answer(
    contact: PartnerContactSession,
    id: string,
    input: z.infer<typeof partnerPortalAnswerInputSchema>,
  ) {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo.referral(contact.organisation_id, contact.partner_id, id, trx)
      if (!row) throw notFound()
      if (CLOSED.includes(row.answer)) {
        const label = PARTNER_ANSWER.labels[row.answer as PartnerAnswer].toLowerCase()
        throw new AppError(
          'VALIDATION_FAILED',
          409,
          `Cette orientation est close (${label}) : sa réponse ne change plus.`,
        )
      }
      if (input.answer === 'needs_more' && !input.note) {
        throw validationError('note', 'Dites quelles informations il vous manque.')
      }
      const values = {
        answer: input.answer,
        answered_on: todayInFrance(),
        partner_note: input.note ?? null,
        answered_by_contact_id: contact.id,
      }
      await this.repo.answer(trx, id, values)
      await recordAudit(trx, this.auditor(contact), {
        action: 'partner_portal.referral.answer',
        entityType: 'partner_referral',
        entityId: id,
        personId: row.person_id,
        details: { answer: input.answer, shared: row.shared },
      })
      return this.toReferral({ ...row, ...values })
    })
  }
}
