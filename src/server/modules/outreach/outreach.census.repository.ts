import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'
import { inPeriod, visibleTeam } from './outreach.sql.ts'

/**
 * The map asks for all its points at once, not page by page (a map is read whole): it stays bounded by
 * drawing at most this many encounters (the latest of the period) and this many places (active ones
 * first). The places' list (`GET /api/outreach/places`) is the one that pages, with its total.
 */
const MAP_POINTS = 5000

/** Points of the map and the encounters a census counts. */
export class OutreachCensusRepository {
  constructor(readonly db: Kysely<Database>) {}

  mapEncounters(actor: Actor, filters: { from?: string; to?: string; teamId?: string }, db = this.db) {
    let query = db
      .selectFrom('outreach_encounters as e')
      .select([
        'e.id',
        'e.latitude',
        'e.longitude',
        'e.occurred_at',
        'e.situation',
        'e.person_id',
        'e.team_id',
        'e.place_id',
      ])
      .where('e.organisation_id', '=', actor.organisationId)
      .where('e.latitude', 'is not', null)
      .where(visibleTeam(actor, 'e'))
      .where(inPeriod('e.occurred_at', filters.from, filters.to))
    if (filters.teamId) query = query.where('e.team_id', '=', filters.teamId)
    return query.orderBy('e.occurred_at', 'desc').limit(MAP_POINTS).execute()
  }

  mapPlaces(organisationId: string, db = this.db) {
    return db
      .selectFrom('outreach_places')
      .select(['id', 'name', 'type', 'status', 'latitude', 'longitude', 'zone_id'])
      .where('organisation_id', '=', organisationId)
      .where('latitude', 'is not', null)
      .orderBy(sql`status = 'active'`, 'desc')
      .orderBy('name')
      .limit(MAP_POINTS)
      .execute()
  }

  /** Every encounter of the period, with what the census needs and no text: counts are org-wide. */
  censusEncounters(
    organisationId: string,
    query: { from: string; to: string; teamId?: string },
    db = this.db,
  ) {
    let select = db
      .selectFrom('outreach_encounters as e')
      .leftJoin('outreach_places as pl', 'pl.id', 'e.place_id')
      .select([
        'e.id',
        'e.occurred_at',
        'e.person_id',
        'e.anonymous_sex',
        'e.anonymous_age',
        'e.anonymous_people_count',
        'e.household_type',
        'e.situation',
        'pl.type as place_type',
      ])
      .where('e.organisation_id', '=', organisationId)
      .where(inPeriod('e.occurred_at', query.from, query.to))
    if (query.teamId) select = select.where('e.team_id', '=', query.teamId)
    return select.orderBy('e.occurred_at').execute()
  }

  /** Persons (among `personIds`) who had reached an engaged stage before `before`. */
  async engagedPersons(
    organisationId: string,
    personIds: string[],
    stages: readonly string[],
    to: string,
    teamId: string | undefined,
    db = this.db,
  ) {
    if (personIds.length === 0) return new Set<string>()
    let query = db
      .selectFrom('outreach_followup_stages as s')
      .innerJoin('outreach_followups as f', 'f.id', 's.followup_id')
      .select('f.person_id')
      .distinct()
      .where('f.organisation_id', '=', organisationId)
      .where('f.person_id', 'in', personIds)
      .where('s.stage', 'in', [...stages])
      .where(inPeriod('s.changed_at', undefined, to))
    if (teamId) query = query.where('f.team_id', '=', teamId)
    return new Set((await query.execute()).map((r) => r.person_id))
  }
}
