import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'

type Db = Kysely<Database>

export interface AgreementFilter {
  partnerIds?: string[]
  structureId?: string
  id?: string
  /** Only those to renew on that day. */
  toRenewOn?: string
  page?: { page: number; pageSize: number }
}

/** All SQL of partners' agreements (conventions), scoped by organisation. */
export class PartnerAgreementsRepository {
  constructor(readonly db: Db) {}

  /** Agreements with their partner's and structure's names; `renew_by` = end − reminder days. */
  list(organisationId: string, filter: AgreementFilter, defaultReminderDays: number, db: Db = this.db) {
    return this.filtered(organisationId, filter, defaultReminderDays, db)
      .select([
        'a.id',
        'a.partner_id',
        'p.name as partner_name',
        'a.subject',
        'a.structure_id',
        's.name as structure_name',
        'a.module',
        'a.starts_on',
        'a.ends_on',
        'a.renewal_reminder_days',
        'a.note',
        sql<string | null>`(a.ends_on - coalesce(a.renewal_reminder_days, ${defaultReminderDays}))::text`.as(
          'renew_by',
        ),
      ])
      .orderBy('a.ends_on', (ob) => ob.asc().nullsLast())
      .orderBy('p.name')
      .orderBy('a.id')
      .$if(filter.page !== undefined, (q) =>
        q
          .limit(filter.page?.pageSize ?? 0)
          .offset(((filter.page?.page ?? 1) - 1) * (filter.page?.pageSize ?? 0)),
      )
      .execute()
  }

  async count(
    organisationId: string,
    filter: AgreementFilter,
    defaultReminderDays: number,
    db: Db = this.db,
  ) {
    const row = await this.filtered(organisationId, filter, defaultReminderDays, db)
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  private filtered(organisationId: string, filter: AgreementFilter, defaultReminderDays: number, db: Db) {
    let query = db
      .selectFrom('partner_agreements as a')
      .innerJoin('partners as p', 'p.id', 'a.partner_id')
      .leftJoin('accommodation_structures as s', 's.id', 'a.structure_id')
      .where('a.organisation_id', '=', organisationId)
    if (filter.partnerIds) query = query.where('a.partner_id', 'in', filter.partnerIds)
    if (filter.structureId) query = query.where('a.structure_id', '=', filter.structureId)
    if (filter.id) query = query.where('a.id', '=', filter.id)
    // Still running on that day, and the reminder has come: the same rule as the home page's count.
    if (filter.toRenewOn)
      query = query
        .where('a.ends_on', '>=', filter.toRenewOn)
        .where(
          sql<boolean>`a.ends_on - coalesce(a.renewal_reminder_days, ${defaultReminderDays}) <= ${filter.toRenewOn}::date`,
        )
    return query
  }

  /** Agreements still running on `day` whose renewal is to be prepared (the reminder has come). */
  toRenewCount(organisationId: string, day: string, defaultReminderDays: number, db: Db = this.db) {
    return this.count(organisationId, { toRenewOn: day }, defaultReminderDays, db)
  }

  partnerExists(organisationId: string, partnerId: string, db: Db) {
    return db
      .selectFrom('partners')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', partnerId)
      .executeTakeFirst()
  }

  structureExists(organisationId: string, structureId: string, db: Db) {
    return db
      .selectFrom('accommodation_structures')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', structureId)
      .executeTakeFirst()
  }

  insert(
    db: Db,
    values: {
      organisation_id: string
      partner_id: string
      subject: string
      module: string | null
      structure_id: string | null
      starts_on: string
      ends_on: string | null
      renewal_reminder_days: number | null
      note: string | null
      created_by: string
    },
  ) {
    return db.insertInto('partner_agreements').values(values).returning('id').executeTakeFirstOrThrow()
  }

  update(
    db: Db,
    organisationId: string,
    id: string,
    values: {
      partner_id: string
      subject: string
      module: string | null
      structure_id: string | null
      starts_on: string
      ends_on: string | null
      renewal_reminder_days: number | null
      note: string | null
    },
  ) {
    return db
      .updateTable('partner_agreements')
      .set({ ...values, updated_at: sql`now()` })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  remove(db: Db, organisationId: string, id: string) {
    return db
      .deleteFrom('partner_agreements')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }
}
