import type { z } from 'zod'
import type { PartnerContact, partnerContactInviteSchema } from '../../../shared/partner-portal.ts'
import type { Db } from '../../db/database.ts'
import type { PartnerContactTable } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, notFound, validationError } from '../../platform/errors.ts'
import { enqueue, enqueueEmail, type OutboxHandler } from '../../platform/outbox.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { hashToken, newToken } from '../../platform/tokens.ts'
import type { OrganisationService } from '../organisation/organisation.service.ts'
import { partnerContactInvitationEmail, partnerContactPasswordResetEmail } from './partners.emails.ts'
import type { PartnersPortalRepository } from './partners.portal.repository.ts'

/** How long an invitation's link opens the page to choose a password. */
const INVITATION_DAYS = 7
/** How long a password reset's link is valid, as a staff one. */
const RESET_HOURS = 1
const RESET_JOB = 'partner_contact.password_reset_request'

type ContactRow = Pick<PartnerContactTable, 'name' | 'email' | 'partner_id' | 'disabled_at'> & {
  id: string
  password_hash: string | null
}

export const toPartnerContact = (row: ContactRow): PartnerContact => ({
  id: row.id,
  partnerId: row.partner_id,
  name: row.name,
  email: row.email,
  status: row.disabled_at ? 'disabled' : row.password_hash ? 'active' : 'invited',
})

/** Staff give a partner's contacts their access to the partner page, and take it back. */
export class PartnerContactsService {
  constructor(
    private readonly repo: PartnersPortalRepository,
    private readonly organisations: Pick<OrganisationService, 'publicOrganisation'>,
    /** Without a trailing slash, as the configuration gives it. */
    private readonly publicUrl: string,
  ) {}

  private get db(): Db {
    return this.repo.db as Db
  }

  async list(actor: Actor, partnerId: string) {
    assertAllowed(actor, 'partner.manage')
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.partner(actor.organisationId, partnerId, trx))) throw notFound()
      const rows = await this.repo.contacts(actor.organisationId, partnerId, trx)
      await recordAudit(trx, actor, {
        action: 'partner_contact.list',
        entityType: 'partner',
        entityId: partnerId,
      })
      return { items: rows.map(toPartnerContact) }
    })
  }

  /** Invites a contact, or invites again one whose link was lost (the previous link stops working). */
  async invite(actor: Actor, partnerId: string, input: z.infer<typeof partnerContactInviteSchema>) {
    assertAllowed(actor, 'partner.manage')
    const organisation = await this.organisations.publicOrganisation(actor.organisationId)
    if (!organisation) throw notFound()
    return this.db.transaction().execute(async (trx) => {
      const partner = await this.repo.partner(actor.organisationId, partnerId, trx)
      if (!partner) throw notFound()
      const existing = await this.repo.contactByEmail(actor.organisationId, input.email, trx)
      if (existing && (existing.partner_id !== partnerId || existing.disabled_at)) {
        throw validationError('email', 'Cette adresse a déjà un compte de partenaire.')
      }
      const contact =
        existing ??
        (await this.repo.insertContact(trx, {
          organisation_id: actor.organisationId,
          partner_id: partnerId,
          name: input.name,
          email: input.email,
          invited_by: actor.userId,
        }))
      await this.sendInvitation(trx, contact, partner.name, organisation.name, actor.organisationId)
      await recordAudit(trx, actor, {
        action: 'partner_contact.invite',
        entityType: 'partner_contact',
        entityId: contact.id,
        details: { partnerId },
      })
      return toPartnerContact(contact)
    })
  }

  /** A new one-time link to choose a password, by e-mail; the previous links stop working. */
  private async sendInvitation(
    trx: Db,
    contact: { id: string; email: string },
    partnerName: string,
    organisationName: string,
    organisationId: string,
  ) {
    const token = newToken()
    await this.repo.insertToken(
      trx,
      contact.id,
      hashToken(token),
      new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    )
    const link = `${this.publicUrl}/page-partenaire/mot-de-passe?token=${encodeURIComponent(token)}`
    await enqueueEmail(
      trx,
      partnerContactInvitationEmail(contact.email, partnerName, organisationName, link),
      organisationId,
    )
  }

  /** Sends the invitation again to a contact who has not chosen a password yet (the old link is lost). */
  async resendInvitation(actor: Actor, partnerId: string, contactId: string) {
    assertAllowed(actor, 'partner.manage')
    const organisation = await this.organisations.publicOrganisation(actor.organisationId)
    if (!organisation) throw notFound()
    return this.db.transaction().execute(async (trx) => {
      const partner = await this.repo.partner(actor.organisationId, partnerId, trx)
      const contact = await this.repo.contact(actor.organisationId, contactId, trx)
      if (!partner || !contact || contact.partner_id !== partnerId) throw notFound()
      if (contact.disabled_at) {
        throw new AppError(
          'VALIDATION_FAILED',
          409,
          'Ce compte est désactivé : il ne reçoit plus d’invitation.',
        )
      }
      if (contact.password_hash) {
        throw new AppError(
          'VALIDATION_FAILED',
          409,
          'Ce contact a déjà choisi son mot de passe : s’il l’a oublié, il en demande un nouveau sur la page partenaire (« Mot de passe oublié »).',
        )
      }
      await this.sendInvitation(trx, contact, partner.name, organisation.name, actor.organisationId)
      await recordAudit(trx, actor, {
        action: 'partner_contact.invite_again',
        entityType: 'partner_contact',
        entityId: contact.id,
        details: { partnerId },
      })
      return toPartnerContact(contact)
    })
  }

  /**
   * « Mot de passe oublié » on the partner page: the same answer and the same work whoever asks (one row
   * in the outbox), so nothing tells whether the address has an account; the outbox job below looks the
   * contact up and sends the link.
   */
  async requestPasswordReset(organisationId: string, email: string) {
    await enqueue(this.db, RESET_JOB, { organisationId, email }, null)
  }

  outboxHandlers(): Record<string, OutboxHandler> {
    return {
      [RESET_JOB]: async (payload) => {
        const { organisationId, email } = payload as { organisationId: string; email: string }
        const organisation = await this.organisations.publicOrganisation(organisationId)
        if (!organisation) return
        await this.db.transaction().execute(async (trx) => {
          const contact = await this.repo.contactByEmail(organisationId, email, trx)
          if (!contact || contact.disabled_at) return
          const token = newToken()
          await this.repo.insertToken(
            trx,
            contact.id,
            hashToken(token),
            new Date(Date.now() + RESET_HOURS * 3_600_000),
            'password_reset',
          )
          const link = `${this.publicUrl}/page-partenaire/mot-de-passe?token=${encodeURIComponent(token)}`
          await enqueueEmail(
            trx,
            partnerContactPasswordResetEmail(contact.email, organisation.name, link),
            organisationId,
          )
          await recordAudit(
            trx,
            { organisationId, userId: null, partnerContactId: contact.id, ip: null },
            {
              action: 'partner_contact.password_reset_request',
              entityType: 'partner_contact',
              entityId: contact.id,
            },
          )
        })
      },
    }
  }

  /** A disabled contact signs in no more, and their open sessions end at once. */
  async disable(actor: Actor, partnerId: string, contactId: string) {
    assertAllowed(actor, 'partner.manage')
    return this.db.transaction().execute(async (trx) => {
      const contact = await this.repo.contact(actor.organisationId, contactId, trx)
      if (!contact || contact.partner_id !== partnerId) throw notFound()
      const disabledAt = contact.disabled_at ?? new Date()
      await this.repo.updateContact(trx, contactId, { disabled_at: disabledAt })
      await this.repo.revokeSessions(trx, { contactId })
      await recordAudit(trx, actor, {
        action: 'partner_contact.disable',
        entityType: 'partner_contact',
        entityId: contactId,
      })
      return toPartnerContact({ ...contact, disabled_at: disabledAt })
    })
  }
}
