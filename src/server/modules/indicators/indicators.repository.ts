import { sql } from 'kysely'
import type { IndicatorQuery } from '../../../shared/indicators.ts'
import type { Db } from '../../db/database.ts'

/** A period of days in France, as bounds of timestamps: [from 00:00, to + 1 day 00:00). */
const periodOf = (column: string, query: { from: string; to: string }) =>
  sql`${sql.ref(column)} >= (${query.from}::date)::timestamp at time zone 'Europe/Paris'
    and ${sql.ref(column)} < (${query.to}::date + 1)::timestamp at time zone 'Europe/Paris'`

/**
 * The indicators' own SQL: the figures no module counted before (distinct persons and households
 * received, contacts without a reason, families with incomplete rights), and the catalogue's
 * settings and dashboards. Aggregates only: no query here returns a person.
 */
export class IndicatorsRepository {
  constructor(readonly db: Db) {}

  /**
   * Distinct persons (a merged file counts as the file it was merged into) and distinct households
   * (a person in no household counts as a household of one) among the contacts of the period, per
   * site; the total counts each once over every site.
   */
  async receivedPerSite(
    organisationId: string,
    query: IndicatorQuery,
    what: 'persons' | 'households',
    db: Db = this.db,
  ) {
    const unit =
      what === 'persons'
        ? sql`r.person_key`
        : sql`coalesce((select hm.household_id::text from household_members hm
                         where hm.person_id = r.person_key::uuid limit 1), r.person_key)`
    const { rows } = await sql<{ site_id: string | null; total: boolean; n: string }>`
      with received as (
        select distinct c.site_id, coalesce(p.merged_into_id, c.person_id)::text as person_key
        from contacts c join people p on p.id = c.person_id
        where c.organisation_id = ${organisationId} and c.person_id is not null
          and ${periodOf('c.occurred_at', query)}
          ${query.siteId ? sql`and c.site_id = ${query.siteId}::uuid` : sql``}
          ${query.teamId ? sql`and c.team_id = ${query.teamId}::uuid` : sql``}
      ), units as (
        select r.site_id, ${unit} as unit from received r
      )
      select site_id::text, false as total, count(distinct unit) as n from units group by site_id
      union all
      select null, true, count(distinct unit) from units`.execute(db)
    return {
      total: Number(rows.find((r) => r.total)?.n ?? 0),
      rows: rows.filter((r) => !r.total).map((r) => ({ siteId: r.site_id, count: Number(r.n) })),
    }
  }

  /** Contacts of the period per team, leaving out those that carry the excluded reason. */
  async contactsWithoutReason(organisationId: string, query: IndicatorQuery, db: Db = this.db) {
    const { rows } = await sql<{ team_id: string | null; n: string }>`
      select c.team_id::text, count(*) as n from contacts c
      where c.organisation_id = ${organisationId} and ${periodOf('c.occurred_at', query)}
        ${query.siteId ? sql`and c.site_id = ${query.siteId}::uuid` : sql``}
        ${query.teamId ? sql`and c.team_id = ${query.teamId}::uuid` : sql``}
        ${query.excludedReasonId ? sql`and not (${query.excludedReasonId}::uuid = any(c.reason_ids))` : sql``}
      group by c.team_id order by c.team_id`.execute(db)
    return rows.map((r) => ({ teamId: r.team_id, count: Number(r.n) }))
  }

  /**
   * Families flagged with incomplete rights at the end of the period (flagged on or before it), per
   * site of their team (the centre) or per partner service they were referred to in the period.
   */
  async incompleteRightsFamilies(
    organisationId: string,
    query: IndicatorQuery,
    by: 'site' | 'partner',
    db: Db = this.db,
  ) {
    const families = sql`select f.id, f.team_id from outreach_families f
      where f.organisation_id = ${organisationId} and f.flagged
        and (f.flagged_on is null or f.flagged_on <= ${query.to}::date)
        ${query.teamId ? sql`and f.team_id = ${query.teamId}::uuid` : sql``}`
    const { rows: totals } = await sql<{ n: string }>`select count(*) as n from (${families}) f`.execute(db)
    const { rows } =
      by === 'site'
        ? await sql<{ key: string | null; label: string | null; n: string }>`
            select s.id::text as key, s.name as label, count(*) as n
            from (${families}) f left join teams t on t.id = f.team_id left join sites s on s.id = t.site_id
            group by s.id, s.name order by s.name`.execute(db)
        : await sql<{ key: string | null; label: string | null; n: string }>`
            select ps.id::text as key, pa.name || ' — ' || ps.name as label, count(distinct f.id) as n
            from (${families}) f
            join partner_referrals r on r.outreach_family_id = f.id
              and r.referred_on between ${query.from}::date and ${query.to}::date
            join partner_services ps on ps.id = r.partner_service_id
            join partners pa on pa.id = ps.partner_id
            group by ps.id, pa.name, ps.name order by 2`.execute(db)
    return {
      total: Number(totals[0]?.n ?? 0),
      rows: rows.map((r) => ({ key: r.key, label: r.label, count: Number(r.n) })),
    }
  }

  /** What the filters offer: sites, teams (confidential ones apart), structures, contact reasons. */
  async options(organisationId: string, db: Db = this.db) {
    const [sites, teams, structures, reasons] = [
      await db
        .selectFrom('sites')
        .select(['id', 'name as label'])
        .where('organisation_id', '=', organisationId)
        .orderBy('name')
        .execute(),
      await db
        .selectFrom('teams')
        .select(['id', 'name as label', 'confidential'])
        .where('organisation_id', '=', organisationId)
        .orderBy('name')
        .execute(),
      await db
        .selectFrom('accommodation_structures')
        .select(['id', 'name as label'])
        .where('organisation_id', '=', organisationId)
        .orderBy('name')
        .execute(),
      await db
        .selectFrom('contact_reasons')
        .select(['id', 'label'])
        .where('organisation_id', '=', organisationId)
        .orderBy('label')
        .execute(),
    ]
    return { sites, teams, structures, reasons }
  }

  async smallCellThreshold(organisationId: string, db: Db = this.db) {
    const row = await db
      .selectFrom('indicator_settings')
      .select('small_cell_threshold')
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst()
    return row?.small_cell_threshold ?? null
  }

  async saveSmallCellThreshold(organisationId: string, userId: string, threshold: number, db: Db = this.db) {
    await db
      .insertInto('indicator_settings')
      .values({ organisation_id: organisationId, small_cell_threshold: threshold, updated_by: userId })
      .onConflict((oc) =>
        oc.column('organisation_id').doUpdateSet({
          small_cell_threshold: threshold,
          updated_by: userId,
          updated_at: sql`now()`,
        }),
      )
      .execute()
  }

  async dashboard(organisationId: string, userId: string, db: Db = this.db) {
    const row = await db
      .selectFrom('indicator_dashboards')
      .select('items')
      .where('organisation_id', '=', organisationId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    return row?.items ?? []
  }

  async saveDashboard(organisationId: string, userId: string, items: unknown[], db: Db = this.db) {
    const json = JSON.stringify(items)
    await db
      .insertInto('indicator_dashboards')
      .values({ user_id: userId, organisation_id: organisationId, items: json })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ items: json, updated_at: sql`now()` }))
      .execute()
  }
}
