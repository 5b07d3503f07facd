import type { Kysely } from 'kysely'
import type { z } from 'zod'
import {
  type Agreement,
  type agreementInputSchema,
  type agreementQuerySchema,
  DEFAULT_AGREEMENT_REMINDER_DAYS,
} from '../../../shared/accommodation-structures.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import type { HomeSource } from '../../platform/home.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { PartnerAgreementsRepository } from './partners.agreements.repository.ts'

type Db = Kysely<Database>
type Row = Awaited<ReturnType<PartnerAgreementsRepository['list']>>[number]

/**
 * Agreements (conventions) binding a partner to the organisation, for a structure (a hospital and an
 * LHSS, a nursing practice) or a module. Organisation data: read with `partner.read`, written with
 * `partner.manage` and audited. The home page counts those whose renewal is to be prepared.
 */
export class PartnerAgreementsService {
  constructor(private readonly repo: PartnerAgreementsRepository) {}

  private toAgreement(row: Row, today: string): Agreement {
    return {
      id: row.id,
      partnerId: row.partner_id,
      partnerName: row.partner_name,
      subject: row.subject,
      structureId: row.structure_id,
      structureName: row.structure_name,
      module: row.module,
      startsOn: row.starts_on,
      endsOn: row.ends_on,
      renewalReminderDays: row.renewal_reminder_days,
      note: row.note,
      renewBy: row.renew_by,
      toRenewSoon: Boolean(row.ends_on && row.renew_by && row.renew_by <= today && row.ends_on >= today),
    }
  }

  /** The structure's agreements, for the structure's page (its readers see them). */
  async ofStructure(organisationId: string, structureId: string, db: Db = this.repo.db) {
    const today = todayInFrance()
    const rows = await this.repo.list(organisationId, { structureId }, DEFAULT_AGREEMENT_REMINDER_DAYS, db)
    return rows.map((row) => this.toAgreement(row, today))
  }

  async list(actor: Actor, query: z.infer<typeof agreementQuerySchema>) {
    assertAllowed(actor, 'partner.read')
    const today = todayInFrance()
    const filter = {
      partnerIds: query.partnerId,
      structureId: query.structureId,
      toRenewOn: query.toRenew ? today : undefined,
    }
    const [rows, total] = await Promise.all([
      this.repo.list(actor.organisationId, { ...filter, page: query }, DEFAULT_AGREEMENT_REMINDER_DAYS),
      this.repo.count(actor.organisationId, filter, DEFAULT_AGREEMENT_REMINDER_DAYS),
    ])
    return {
      items: rows.map((row) => this.toAgreement(row, today)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  private async one(actor: Actor, id: string, db: Db) {
    const [row] = await this.repo.list(actor.organisationId, { id }, DEFAULT_AGREEMENT_REMINDER_DAYS, db)
    if (!row) throw notFound()
    return this.toAgreement(row, todayInFrance())
  }

  private async check(actor: Actor, input: z.infer<typeof agreementInputSchema>, db: Db) {
    if (!(await this.repo.partnerExists(actor.organisationId, input.partnerId, db)))
      throw validationError('partnerId', 'Partenaire inconnu.')
    if (input.structureId && !(await this.repo.structureExists(actor.organisationId, input.structureId, db)))
      throw validationError('structureId', 'Structure inconnue.')
  }

  private values(input: z.infer<typeof agreementInputSchema>) {
    return {
      partner_id: input.partnerId,
      subject: input.subject,
      module: input.module ?? null,
      structure_id: input.structureId ?? null,
      starts_on: input.startsOn,
      ends_on: input.endsOn ?? null,
      renewal_reminder_days: input.renewalReminderDays ?? null,
      note: input.note ?? null,
    }
  }

  async create(actor: Actor, input: z.infer<typeof agreementInputSchema>) {
    assertAllowed(actor, 'partner.manage')
    return this.repo.db.transaction().execute(async (trx) => {
      await this.check(actor, input, trx)
      const { id } = await this.repo.insert(trx, {
        organisation_id: actor.organisationId,
        created_by: actor.userId,
        ...this.values(input),
      })
      await recordAudit(trx, actor, {
        action: 'partner_agreement.create',
        entityType: 'partner_agreement',
        entityId: id,
        details: { partnerId: input.partnerId, structureId: input.structureId ?? null },
      })
      return this.one(actor, id, trx)
    })
  }

  async update(actor: Actor, id: string, input: z.infer<typeof agreementInputSchema>) {
    assertAllowed(actor, 'partner.manage')
    return this.repo.db.transaction().execute(async (trx) => {
      await this.one(actor, id, trx)
      await this.check(actor, input, trx)
      await this.repo.update(trx, actor.organisationId, id, this.values(input))
      await recordAudit(trx, actor, {
        action: 'partner_agreement.update',
        entityType: 'partner_agreement',
        entityId: id,
        details: { fields: Object.keys(input) },
      })
      return this.one(actor, id, trx)
    })
  }

  async remove(actor: Actor, id: string) {
    assertAllowed(actor, 'partner.manage')
    return this.repo.db.transaction().execute(async (trx) => {
      const result = await this.repo.remove(trx, actor.organisationId, id)
      if (Number(result.numDeletedRows) === 0) throw notFound()
      await recordAudit(trx, actor, {
        action: 'partner_agreement.delete',
        entityType: 'partner_agreement',
        entityId: id,
      })
      return { ok: true as const }
    })
  }

  homeSource(): HomeSource {
    return {
      module: 'partners.agreements',
      tasks: async (actor) => {
        // Those who work with partners for people (director, social workers); the administrator
        // sets the directory up but has no casework, hence no task list.
        if (!roleAllows(actor.roles, 'partner.manage') || !roleAllows(actor.roles, 'person.read')) return []
        const count = await this.repo.toRenewCount(
          actor.organisationId,
          todayInFrance(),
          DEFAULT_AGREEMENT_REMINDER_DAYS,
        )
        return [{ key: 'partners.agreements_to_renew' as const, count, late: 0 }]
      },
    }
  }
}
