import { type Kysely, sql } from 'kysely'
import type { StructureKind } from '../../../shared/accommodation.ts'
import type { Database } from '../../db/schema.ts'

type Count = string | number | bigint

export interface StayFiguresRow {
  structure_id: string | null
  kind: StructureKind | null
  /** 0: one structure, 2: one kind, 3: every structure (PostgreSQL's grouping bits). */
  level: number
  present: Count
  started: Count
  ended: Count
  ongoing: Count
  beneficiaries: Count
  average_days: string | number | null
  median_days: string | number | null
}

export interface StatisticsFilter {
  from: string
  to: string
  structureId?: string | undefined
  kind?: StructureKind | undefined
}

/** All SQL of accommodation statistics (occupancy apart: accommodation.occupancy.ts): counts, never a name. */
export class AccommodationStatisticsRepository {
  constructor(readonly db: Kysely<Database>) {}

  private scope(filter: StatisticsFilter) {
    return sql`${filter.structureId ? sql`and st.id = ${filter.structureId}` : sql``}
      ${filter.kind ? sql`and st.kind = ${filter.kind}` : sql``}`
  }

  /**
   * Stays touching the period (started on or before its last day, not departed before its first),
   * counted per structure, per kind and in all, in one pass: lengths are those of the stays
   * completed in the period (departure day − arrival day).
   */
  async stayFigures(organisationId: string, filter: StatisticsFilter, db: Kysely<Database> = this.db) {
    const { from, to } = filter
    const { rows } = await sql<StayFiguresRow>`
      with touching as (
        select st.id as structure_id, st.kind, s.person_id, s.started_on, s.ended_on
        from accommodation_stays s
        join accommodation_structures st on st.id = s.structure_id
        where s.organisation_id = ${organisationId}
          -- the very expression of the GiST index accommodation_stays_period, so a year reads its own rows
          and daterange(s.started_on, s.ended_on, '[]') && daterange(${from}::date, ${to}::date, '[]')
          ${this.scope(filter)}
      )
      select structure_id, kind, grouping(structure_id, kind) as level,
        count(*) as present,
        count(*) filter (where started_on >= ${from}::date) as started,
        count(*) filter (where ended_on <= ${to}::date) as ended,
        count(*) filter (where ended_on is null or ended_on > ${to}::date) as ongoing,
        count(distinct person_id) as beneficiaries,
        avg(ended_on - started_on) filter (where ended_on <= ${to}::date) as average_days,
        percentile_cont(0.5) within group (order by ended_on - started_on)
          filter (where ended_on <= ${to}::date) as median_days
      from touching
      group by grouping sets ((structure_id, kind), (kind), ())`.execute(db)
    return rows
  }

  /** Departures in the period by destination. */
  async exitsByDestination(organisationId: string, filter: StatisticsFilter, db: Kysely<Database> = this.db) {
    const { rows } = await sql<{ key: string; count: Count }>`
      select s.exit_destination as key, count(*) as count
      from accommodation_stays s
      join accommodation_structures st on st.id = s.structure_id
      where s.organisation_id = ${organisationId}
        and s.ended_on between ${filter.from}::date and ${filter.to}::date
        -- implied by the line above, written so the GiST index finds the period's stays
        and daterange(s.started_on, s.ended_on, '[]') && daterange(${filter.from}::date, ${filter.to}::date, '[]')
        ${this.scope(filter)}
      group by s.exit_destination`.execute(db)
    return rows
  }

  /** Admission requests refused in the period by motif. */
  async refusalsByMotif(organisationId: string, filter: StatisticsFilter, db: Kysely<Database> = this.db) {
    const { rows } = await sql<{ key: string | null; count: Count }>`
      select r.refusal_motif as key, count(*) as count
      from accommodation_requests r
      join accommodation_structures st on st.id = r.structure_id
      where r.organisation_id = ${organisationId} and r.status = 'refused'
        and r.refused_on between ${filter.from}::date and ${filter.to}::date
        ${this.scope(filter)}
      group by r.refusal_motif`.execute(db)
    return rows
  }
}
