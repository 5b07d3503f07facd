import type { Kysely } from 'kysely'
import type { z } from 'zod'
import type { Referral, referralDismissSchema } from '../../../shared/register.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import type { Actor } from '../../platform/permissions.ts'
import type { RegisterAccess } from './register.access.ts'
import type { RegisterReferralRow, RegisterRepository } from './register.repository.ts'

/** Member reports the neighbour network sends on: the register team's queue, registered or dismissed. */
export class RegisterReferralService {
  constructor(
    private readonly repo: RegisterRepository,
    private readonly access: RegisterAccess,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  /**
   * A member report the network coordinator sends on (they checked `network.coordinate`): it joins the
   * register team's queue. Runs in the caller's transaction; the network audits the closing.
   */
  async receiveReferral(
    db: Kysely<Database>,
    organisationId: string,
    input: { memberReportId: string; about: string; location: string | null },
  ): Promise<void> {
    await this.repo.insertReferral(db, {
      organisation_id: organisationId,
      member_report_id: input.memberReportId,
      about: input.about,
      location: input.location,
    })
  }

  private toReferral(row: RegisterReferralRow & { handled_by_name: string | null }): Referral {
    return {
      id: row.id,
      about: row.about,
      location: row.location,
      status: row.status,
      dismissReason: row.dismiss_reason,
      entryId: row.entry_id,
      receivedAt: isoTimestamp(row.created_at)!,
      handledAt: isoTimestamp(row.handled_at),
      handledByName: row.handled_by_name,
    }
  }

  /** Unknown (or another organisation's): as if absent; known: already handled. */
  async refuse(actor: Actor, id: string, db: Kysely<Database>): Promise<never> {
    const [existing] = await this.repo.referrals(actor.organisationId, { id }, db)
    if (!existing) throw validationError('referralId', 'Signalement inconnu.')
    throw validationError('referralId', 'Ce signalement a déjà été traité.')
  }

  /** The queue of referrals (`new`), or those registered or dismissed. */
  async list(actor: Actor, query: { status: Referral['status'] }) {
    return this.db.transaction().execute(async (trx) => {
      await this.access.reach(actor, 'register.read', trx)
      const rows = await this.repo.referrals(actor.organisationId, { status: query.status }, trx)
      await recordAudit(trx, actor, { action: 'register.referrals_list', entityType: 'register_referral' })
      return rows.map((row) => this.toReferral(row))
    })
  }

  /** Nothing comes of a referral (the person is already known, moved, refuses…): the reason is kept. */
  async dismiss(actor: Actor, id: string, input: z.infer<typeof referralDismissSchema>) {
    return this.db.transaction().execute(async (trx) => {
      await this.access.reach(actor, 'register.write', trx, true)
      const [existing] = await this.repo.referrals(actor.organisationId, { id }, trx)
      if (!existing) throw notFound()
      const handled = await this.repo.handleReferral(trx, actor.organisationId, id, {
        status: 'dismissed',
        dismiss_reason: input.reason,
        handled_by: actor.userId,
      })
      if (!handled) throw validationError('status', 'Ce signalement a déjà été traité.')
      await recordAudit(trx, actor, {
        action: 'register.referral_dismiss',
        entityType: 'register_referral',
        entityId: id,
      })
      const [row] = await this.repo.referrals(actor.organisationId, { id }, trx)
      return this.toReferral(row!)
    })
  }
}
