import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'

type Db = Kysely<Database>

/** All SQL of partners' agreements (conventions), scoped by organisation. */
export class PartnerAgreementsRepository {
  constructor(readonly db: Db) {}

  /** Agreements with their partner's and structure's names; `renew_by` = end − reminder days. */
  list(
    organisationId: string,
    filter: { partnerId?: string; structureId?: string; id?: string },
    defaultReminderDays: number,
    db: Db = this.db,
  ) {
    let query = db
      .selectFrom('partner_agreements as a')
      .innerJoin('partners as p', 'p.id', 'a.partner_id')
      .leftJoin('accommodation_structures as s', 's.id', 'a.structure_id')
      .where('a.organisation_id', '=', organisationId)
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
    if (filter.partnerId) query = query.where('a.partner_id', '=', filter.partnerId)
    if (filter.structureId) query = query.where('a.structure_id', '=', filter.structureId)
    if (filter.id) query = query.where('a.id', '=', filter.id)
    return query.execute()
  }

  /** Agreements still running on `day` whose renewal is to be prepared (the reminder has come). */
  async toRenewCount(organisationId: string, day: string, defaultReminderDays: number, db: Db = this.db) {
    const row = await db
      .selectFrom('partner_agreements')
      .where('organisation_id', '=', organisationId)
      .where('ends_on', 'is not', null)
      .where('ends_on', '>=', day)
      .where(sql<boolean>`ends_on - coalesce(renewal_reminder_days, ${defaultReminderDays}) <= ${day}::date`)
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
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
