import { type Kysely, sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'

/** The first instant of a day in France, as SQL. */
const startOfDay = (day: string) => sql`(${day}::date)::timestamp at time zone 'Europe/Paris'`

/** Which periods an export lists: those in force today, or those of one status. */
export type ExportFilter = { inForceOn: string } | { status: string }

/**
 * The SQL of the domiciled people's list and of the yearly activity report: periods, decisions and
 * mail counted by when they took effect.
 */
export class DomiciliationReportRepository {
  constructor(readonly db: Db) {}

  private filtered(db: Kysely<Database>, organisationId: string, filter: ExportFilter) {
    let query = db.selectFrom('domiciliations as d').where('d.organisation_id', '=', organisationId)
    if ('inForceOn' in filter) {
      query = query
        .where('d.status', '=', 'granted')
        .where('d.start_on', '<=', filter.inForceOn)
        .where('d.end_on', '>=', filter.inForceOn)
    } else {
      query = query.where('d.status', '=', filter.status as 'granted')
    }
    return query
  }

  /** The people of the listed periods (for the export's audit row). */
  async personIds(organisationId: string, filter: ExportFilter, db: Kysely<Database>) {
    const rows = await this.filtered(db, organisationId, filter).select('d.person_id').distinct().execute()
    return rows.map((row) => row.person_id)
  }

  /** One slice of the listed periods, by id after `afterId` (keyset: a stable order whatever the size). */
  slice(
    organisationId: string,
    filter: ExportFilter,
    afterId: string | null,
    size: number,
    db: Kysely<Database>,
  ) {
    let query = this.filtered(db, organisationId, filter).selectAll('d').orderBy('d.id').limit(size)
    if (afterId) query = query.where('d.id', '>', afterId)
    return query.execute()
  }

  beneficiaries(domiciliationIds: string[], db: Kysely<Database>) {
    if (domiciliationIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('domiciliation_beneficiaries')
      .select(['domiciliation_id', 'person_id', 'relationship'])
      .where('domiciliation_id', 'in', domiciliationIds)
      .orderBy('id')
      .execute()
  }

  /** Periods in force on `day` (granted, or radiated after it), with the members they cover. */
  async inForceOn(organisationId: string, day: string, db: Kysely<Database>) {
    const { rows } = await sql<{ id: string; person_id: string }>`
      select d.id, d.person_id from domiciliations d
      where d.organisation_id = ${organisationId} and d.start_on <= ${day}::date and d.end_on >= ${day}::date
        and (d.status = 'granted' or (d.status = 'radiated' and d.radiation_on > ${day}::date))`.execute(db)
    const { rows: covered } = await sql<{ n: string }>`
      select count(distinct b.person_id) as n from domiciliation_beneficiaries b
      join domiciliations d on d.id = b.domiciliation_id
      where d.organisation_id = ${organisationId} and d.start_on <= ${day}::date and d.end_on >= ${day}::date
        and (d.status = 'granted' or (d.status = 'radiated' and d.radiation_on > ${day}::date))`.execute(db)
    return {
      personIds: [...new Set(rows.map((r) => r.person_id))],
      beneficiaries: Number(covered[0]?.n ?? 0),
    }
  }

  /** Decisions that took effect in the year and were not undone, by decision, kind and motif. */
  async decisions(organisationId: string, year: number, db: Kysely<Database>) {
    const { rows } = await sql<{ decision: string; kind: string; motif: string | null; n: string }>`
      select x.decision, d.kind, x.motif, count(*) as n
      from domiciliation_decisions x join domiciliations d on d.id = x.domiciliation_id
      where x.organisation_id = ${organisationId} and x.undone_at is null
        and x.effective_on between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date
      group by x.decision, d.kind, x.motif`.execute(db)
    return rows.map((row) => ({ ...row, n: Number(row.n) }))
  }

  /** Mail received in the year, and mail closed in the year by outcome (handed over, forwarded, returned). */
  async mail(organisationId: string, year: number, db: Kysely<Database>) {
    const from = startOfDay(`${year}-01-01`)
    const to = startOfDay(`${year + 1}-01-01`)
    const { rows: received } = await sql<{ n: string }>`
      select count(*) as n from mail_items
      where organisation_id = ${organisationId} and received_at >= ${from} and received_at < ${to}`.execute(
      db,
    )
    const { rows: closed } = await sql<{ status: string; n: string }>`
      select status, count(*) as n from mail_items
      where organisation_id = ${organisationId} and closed_at >= ${from} and closed_at < ${to}
      group by status`.execute(db)
    return {
      received: Number(received[0]?.n ?? 0),
      closed: closed.map((row) => ({ status: row.status, n: Number(row.n) })),
    }
  }
}
