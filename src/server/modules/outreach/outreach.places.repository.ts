import { type Insertable, type Kysely, sql, type Updateable } from 'kysely'
import type { Database, OutreachPlaceTable } from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'

type PlaceFilters = { id?: string; zoneId?: string; status?: string; type?: string }

type Owned = 'id' | 'organisation_id' | 'created_by' | 'created_at' | 'updated_at'

export type PlaceValues = Omit<Insertable<OutreachPlaceTable>, Owned>

/** Places where people live or sleep: their status history and visits. */
export class OutreachPlaceRepository {
  constructor(readonly db: Kysely<Database>) {}

  insertPlace(db: Kysely<Database>, actor: Actor, values: PlaceValues) {
    return db
      .insertInto('outreach_places')
      .values({ ...values, organisation_id: actor.organisationId, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  async updatePlace(db: Kysely<Database>, actor: Actor, id: string, values: Updateable<OutreachPlaceTable>) {
    await db
      .updateTable('outreach_places')
      .set({ ...values, updated_at: sql`now()` })
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', id)
      .execute()
  }

  async addPlaceStatus(
    db: Kysely<Database>,
    actor: Actor,
    placeId: string,
    status: string,
    on: string,
    note: string | null,
  ) {
    await db
      .insertInto('outreach_place_statuses')
      .values({
        organisation_id: actor.organisationId,
        place_id: placeId,
        status,
        changed_on: on,
        note,
        recorded_by: actor.userId,
      })
      .execute()
  }

  addPlaceVisit(
    db: Kysely<Database>,
    actor: Actor,
    values: {
      place_id: string
      visited_at: Date
      occupants: number | null
      round_id: string | null
      encounter_id: string | null
      note: string | null
    },
  ) {
    return db
      .insertInto('outreach_place_visits')
      .values({ ...values, organisation_id: actor.organisationId, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  /** Places matching the filters, by name; a round's sheet takes every active place of its zone. */
  places(organisationId: string, filters: PlaceFilters, db = this.db) {
    return this.placesSelect(organisationId, filters, db).orderBy('p.name').orderBy('p.id').execute()
  }

  /** One page of the places list, by name, with the total of the filters. */
  async placePage(organisationId: string, filters: PlaceFilters, page: { page: number; pageSize: number }) {
    const rows = await this.placesSelect(organisationId, filters, this.db)
      .orderBy('p.name')
      .orderBy('p.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
    const { total } = await this.placesSelect(organisationId, filters, this.db)
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .executeTakeFirstOrThrow()
    return { rows, total: Number(total) }
  }

  private placesSelect(organisationId: string, filters: PlaceFilters, db: Kysely<Database>) {
    const query = db
      .selectFrom('outreach_places as p')
      .leftJoin('outreach_zones as z', 'z.id', 'p.zone_id')
      .selectAll('p')
      .select([
        'z.name as zone_name',
        sql<PlaceVisitJson | null>`(select json_build_object('id', v.id, 'visitedAt', v.visited_at,
            'occupants', v.occupants, 'roundId', v.round_id, 'encounterId', v.encounter_id, 'note', v.note,
            'recordedBy', u.name)
          from outreach_place_visits v join users u on u.id = v.recorded_by
          where v.place_id = p.id order by v.visited_at desc, v.recorded_at desc limit 1)`.as('last_visit'),
      ])
    let where = query.where('p.organisation_id', '=', organisationId)
    if (filters.id) where = where.where('p.id', '=', filters.id)
    if (filters.zoneId) where = where.where('p.zone_id', '=', filters.zoneId)
    if (filters.status) where = where.where('p.status', '=', filters.status)
    if (filters.type) where = where.where('p.type', '=', filters.type)
    return where
  }

  placeStatuses(placeId: string, db = this.db) {
    return db
      .selectFrom('outreach_place_statuses as s')
      .innerJoin('users as u', 'u.id', 's.recorded_by')
      .select(['s.status', 's.changed_on', 's.note', 'u.name as recorded_by'])
      .where('s.place_id', '=', placeId)
      .orderBy('s.changed_on', 'desc')
      .orderBy('s.recorded_at', 'desc')
      .execute()
  }

  /** The place's visits, the latest first: one page with the total (or the one visit `id`). */
  async placeVisits(placeId: string, db = this.db, page = { page: 1, pageSize: 20 }, id?: string) {
    let base = db.selectFrom('outreach_place_visits as v').where('v.place_id', '=', placeId)
    if (id) base = base.where('v.id', '=', id)
    const rows = await base
      .innerJoin('users as u', 'u.id', 'v.recorded_by')
      .select([
        'v.id',
        'v.visited_at',
        'v.occupants',
        'v.round_id',
        'v.encounter_id',
        'v.note',
        'u.name as recorded_by',
      ])
      .orderBy('v.visited_at', 'desc')
      .orderBy('v.id', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
    const { n } = await base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
    return { rows, total: n }
  }
}

export interface PlaceVisitJson {
  id: string
  visitedAt: string
  occupants: number | null
  roundId: string | null
  encounterId: string | null
  note: string | null
  recordedBy: string
}
