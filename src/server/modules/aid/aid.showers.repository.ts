import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'

/** All SQL of the showers' daily counts. */
export class AidShowersRepository {
  constructor(readonly db: Kysely<Database>) {}

  site(db: Kysely<Database>, organisationId: string, siteId: string) {
    return db
      .selectFrom('sites')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', siteId)
      .executeTakeFirst()
  }

  /** One row per day and site (none meaning the organisation's only showers): typing a day again replaces it. */
  async upsert(
    db: Kysely<Database>,
    values: {
      organisation_id: string
      site_id: string | null
      day: string
      paid_count: number
      voucher_count: number
      free_count: number
      recorded_by: string
    },
  ) {
    const { rows } = await sql<{ id: string }>`
      insert into aid_shower_days (organisation_id, site_id, day, paid_count, voucher_count, free_count, recorded_by)
      values (${values.organisation_id}, ${values.site_id}, ${values.day}, ${values.paid_count},
        ${values.voucher_count}, ${values.free_count}, ${values.recorded_by})
      on conflict (organisation_id, coalesce(site_id, '00000000-0000-0000-0000-000000000000'::uuid), day)
      do update set paid_count = excluded.paid_count, voucher_count = excluded.voucher_count,
        free_count = excluded.free_count, recorded_by = excluded.recorded_by, updated_at = now()
      returning id`.execute(db)
    return rows[0]!.id
  }

  days(db: Kysely<Database>, organisationId: string, from: string, to: string, siteId?: string) {
    let q = db
      .selectFrom('aid_shower_days as d')
      .leftJoin('sites as s', 's.id', 'd.site_id')
      .select([
        'd.id',
        'd.day',
        'd.site_id',
        's.name as site_name',
        'd.paid_count',
        'd.voucher_count',
        'd.free_count',
      ])
      .where('d.organisation_id', '=', organisationId)
      .where('d.day', '>=', from)
      .where('d.day', '<=', to)
    if (siteId) q = q.where('d.site_id', '=', siteId)
    return q.orderBy('d.day').orderBy('s.name').execute()
  }
}
