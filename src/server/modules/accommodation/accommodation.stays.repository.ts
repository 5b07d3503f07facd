import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { StructureKind } from '../../../shared/accommodation.ts'
import type { Database } from '../../db/schema.ts'

// The SQL of stays: summaries with their current (or last) place, a stay's places, renewals and
// opinions, the free places of a structure. `visible` is the people module's rule over `s.person_id`.

type Db = Kysely<Database>

export interface StaySummaryRow {
  id: string
  structure_id: string
  structure_name: string
  structure_kind: StructureKind
  person_id: string
  place_label: string | null
  unit_label: string | null
  /** The row of the stay's last place: its end is the departure (the timeline's exit entry). */
  last_place_row_id: string | null
  started_on: string
  planned_end_on: string | null
  ended_on: string | null
  exit_destination: string | null
}

/** An id no stay has: `in ()` of nothing. */
const NO_STAY = '00000000-0000-0000-0000-000000000000'

export interface StayFilter {
  structureId?: string
  status?: 'ongoing' | 'ended'
  personIds?: string[]
  stayId?: string
  stayIds?: string[]
}

/** A day as the database gives it back (a string, or a Date for timestamp-like drivers). */
export const dayOf = (value: unknown): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value)
export const dayOrNull = (value: unknown): string | null => (value === null ? null : dayOf(value))

export class AccommodationStaysRepository {
  constructor(readonly db: Db) {}

  private base(db: Db, organisationId: string, visible: RawBuilder<boolean>, filter: StayFilter) {
    let query = db
      .selectFrom('accommodation_stays as s')
      .innerJoin('accommodation_structures as st', 'st.id', 's.structure_id')
      .where('s.organisation_id', '=', organisationId)
      .where(visible)
    if (filter.structureId) query = query.where('s.structure_id', '=', filter.structureId)
    if (filter.status === 'ongoing') query = query.where('s.ended_on', 'is', null)
    if (filter.status === 'ended') query = query.where('s.ended_on', 'is not', null)
    if (filter.personIds) query = query.where('s.person_id', 'in', filter.personIds)
    if (filter.stayId) query = query.where('s.id', '=', filter.stayId)
    if (filter.stayIds) query = query.where('s.id', 'in', filter.stayIds.length ? filter.stayIds : [NO_STAY])
    return query
  }

  /**
   * What happened in the persons' stays the actor sees, one row per event: the entry (the stay's id),
   * the exit (the last place's row) and each renewal (its id), on their day — a person's timeline.
   */
  private events(db: Db, organisationId: string, visible: RawBuilder<boolean>, personIds: string[]) {
    const stays = this.base(db, organisationId, visible, { personIds }).select([
      's.id as stay_id',
      's.started_on',
      's.ended_on',
    ])
    return sql`(
      select v.stay_id as id, v.stay_id, v.started_on as on_day from (${stays}) v
      union all
      select x.id, x.stay_id, x.on_day from (
        select (select sp.id from accommodation_stay_places sp where sp.stay_id = v.stay_id
          order by sp.from_on desc, sp.to_on desc nulls first limit 1) as id, v.stay_id, v.ended_on as on_day
        from (${stays}) v where v.ended_on is not null) x
      where x.id is not null
      union all
      select r.id, r.stay_id, r.renewed_on as on_day from accommodation_stay_renewals r
      where r.stay_id in (select v.stay_id from (${stays}) v)
    )`
  }

  /** The `limit` latest events of the persons' stays (see `events`), the latest first. */
  async latestEvents(
    db: Db,
    organisationId: string,
    visible: RawBuilder<boolean>,
    personIds: string[],
    limit: number,
  ) {
    const { rows } = await sql<{ id: string; stay_id: string }>`
      select e.id, e.stay_id from ${this.events(db, organisationId, visible, personIds)} e
      order by e.on_day desc, e.id desc limit ${limit}`.execute(db)
    return rows
  }

  async eventCount(db: Db, organisationId: string, visible: RawBuilder<boolean>, personIds: string[]) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ${this.events(db, organisationId, visible, personIds)} e`.execute(db)
    return rows[0]?.n ?? 0
  }

  async summaries(
    db: Db,
    organisationId: string,
    visible: RawBuilder<boolean>,
    filter: StayFilter,
    page?: { page: number; pageSize: number },
  ) {
    const base = this.base(db, organisationId, visible, filter)
    let query = base
      .select([
        's.id',
        's.structure_id',
        'st.name as structure_name',
        'st.kind as structure_kind',
        's.person_id',
        's.started_on',
        's.planned_end_on',
        's.ended_on',
        's.exit_destination',
        sql<string | null>`(select pl.label from accommodation_stay_places sp
          join accommodation_places pl on pl.id = sp.place_id
          where sp.stay_id = s.id order by sp.from_on desc, sp.to_on desc nulls first limit 1)`.as(
          'place_label',
        ),
        sql<string | null>`(select sp.id from accommodation_stay_places sp
          where sp.stay_id = s.id order by sp.from_on desc, sp.to_on desc nulls first limit 1)`.as(
          'last_place_row_id',
        ),
        sql<string | null>`(select u.label from accommodation_stay_places sp
          join accommodation_places pl on pl.id = sp.place_id join accommodation_units u on u.id = pl.unit_id
          where sp.stay_id = s.id order by sp.from_on desc, sp.to_on desc nulls first limit 1)`.as(
          'unit_label',
        ),
      ])
      .orderBy(filter.status === 'ended' ? 's.ended_on' : 's.started_on', 'desc')
      .orderBy('s.id')
    if (page) query = query.limit(page.pageSize).offset((page.page - 1) * page.pageSize)
    const items = (await query.execute()) as StaySummaryRow[]
    const total = page
      ? Number((await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
      : items.length
    return { items, total }
  }

  /** The stay with its structure's rules, locked when it is about to change. */
  stay(db: Db, organisationId: string, stayId: string, lock = false) {
    let query = db
      .selectFrom('accommodation_stays as s')
      .innerJoin('accommodation_structures as st', 'st.id', 's.structure_id')
      .select([
        's.id',
        's.structure_id',
        's.person_id',
        's.request_id',
        's.support_record_id',
        's.started_on',
        's.planned_end_on',
        's.ended_on',
        's.exit_reason',
        's.exit_note',
        'st.requires_medical_opinion',
        'st.kind as structure_kind',
      ])
      .where('s.organisation_id', '=', organisationId)
      .where('s.id', '=', stayId)
    if (lock) query = query.forUpdate('s')
    return query.executeTakeFirst()
  }

  places(db: Db, stayId: string) {
    return db
      .selectFrom('accommodation_stay_places as sp')
      .innerJoin('accommodation_places as pl', 'pl.id', 'sp.place_id')
      .innerJoin('accommodation_units as u', 'u.id', 'pl.unit_id')
      .select([
        'sp.id',
        'sp.place_id',
        'pl.label as place_label',
        'u.label as unit_label',
        'sp.from_on',
        'sp.to_on',
      ])
      .where('sp.stay_id', '=', stayId)
      .orderBy('sp.from_on')
      .orderBy('sp.to_on', (ob) => ob.asc().nullsLast())
      .execute()
  }

  renewals(db: Db, stayIds: string[]) {
    if (stayIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('accommodation_stay_renewals as r')
      .leftJoin('users as u', 'u.id', 'r.decided_by')
      .leftJoin('accommodation_medical_opinions as o', 'o.id', 'r.medical_opinion_id')
      .select([
        'r.id',
        'r.stay_id',
        'r.renewed_on',
        'r.previous_end_on',
        'r.new_end_on',
        'r.justification',
        'u.name as decided_by_name',
        'o.given_on as opinion_given_on',
      ])
      .where('r.stay_id', 'in', stayIds)
      .orderBy('r.renewed_on')
      .orderBy('r.created_at')
      .execute()
  }

  opinions(db: Db, stayIds: string[]) {
    if (stayIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('accommodation_medical_opinions as o')
      .innerJoin('users as u', 'u.id', 'o.given_by')
      .select([
        'o.id',
        'o.stay_id',
        'o.opinion',
        'o.given_on',
        'o.medical_note',
        'o.created_at',
        'u.name as given_by_name',
        sql<boolean>`exists (select 1 from accommodation_stay_renewals r where r.medical_opinion_id = o.id)`.as(
          'used',
        ),
      ])
      .where('o.stay_id', 'in', stayIds)
      .orderBy('o.given_on')
      .orderBy('o.created_at')
      .execute()
  }

  activeStructures(db: Db, organisationId: string, on: string) {
    return db
      .selectFrom('accommodation_structures')
      .select(['id', 'name', 'kind', 'requires_director_validation'])
      .where('organisation_id', '=', organisationId)
      .where('active', '=', true)
      .where('opened_on', '<=', on)
      .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>', on)]))
      .orderBy('name')
      .execute()
  }

  /** Open follow-up records of the person, with their type: what a stay may be linked to. */
  openRecordsOf(db: Db, organisationId: string, personId: string) {
    return db
      .selectFrom('support_records as r')
      .innerJoin('support_types as t', 't.id', 'r.type_id')
      .select(['r.id', 't.label as type_label'])
      .where('r.organisation_id', '=', organisationId)
      .where('r.person_id', '=', personId)
      .where('r.status', '<>', 'closed')
      .orderBy('r.opened_on', 'desc')
      .execute()
  }

  goalsOf(db: Db, recordId: string) {
    return db
      .selectFrom('support_goals')
      .select(['label', 'status', 'target_on'])
      .where('record_id', '=', recordId)
      .orderBy('created_at')
      .execute()
  }
}
