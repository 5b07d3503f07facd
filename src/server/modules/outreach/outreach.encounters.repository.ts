import { type Insertable, type Kysely, sql, type Updateable } from 'kysely'
import type { Database, OutreachEncounterTable } from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'
import { inPeriod, NO_ID, visibleTeam } from './outreach.sql.ts'

type Owned = 'id' | 'organisation_id' | 'created_by' | 'created_at' | 'updated_at'

export type EncounterValues = Omit<Insertable<OutreachEncounterTable>, Owned>

/** Encounters in the street, recorded once per idempotency key. */
export class OutreachEncounterRepository {
  constructor(readonly db: Kysely<Database>) {}

  /**
   * Serialises the writers of one idempotency key: the second waits for the first to commit, then
   * finds its encounter. The unique index stays the last guard.
   */
  async lockIdempotencyKey(db: Kysely<Database>, organisationId: string, key: string) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`${organisationId}:${key}`}, 0))`.execute(db)
  }

  encounterByKey(organisationId: string, key: string, db = this.db) {
    return db
      .selectFrom('outreach_encounters')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst()
  }

  /** Null when an encounter with this key already exists (a resend): nothing was written. */
  insertEncounter(db: Kysely<Database>, actor: Actor, values: EncounterValues) {
    return db
      .insertInto('outreach_encounters')
      .values({ ...values, organisation_id: actor.organisationId, created_by: actor.userId })
      .onConflict((oc) => oc.columns(['organisation_id', 'idempotency_key']).doNothing())
      .returning('id')
      .executeTakeFirst()
  }

  async updateEncounter(
    db: Kysely<Database>,
    actor: Actor,
    id: string,
    values: Updateable<OutreachEncounterTable>,
  ) {
    await db
      .updateTable('outreach_encounters')
      .set({ ...values, updated_at: sql`now()` })
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', id)
      .execute()
  }

  /** Encounters with what a reader needs beside them; a confidential team's only for its members. */
  encounters(
    actor: Actor,
    filters: {
      id?: string
      from?: string
      to?: string
      teamId?: string
      roundId?: string
      personIds?: string[]
      placeId?: string
    },
    limit: number,
    db = this.db,
  ) {
    let query = db
      .selectFrom('outreach_encounters as e')
      .leftJoin('teams as t', 't.id', 'e.team_id')
      .leftJoin('outreach_places as pl', 'pl.id', 'e.place_id')
      .leftJoin('partner_services as s', 's.id', 'e.orientation_partner_service_id')
      .leftJoin('partners as sp', 'sp.id', 's.partner_id')
      .innerJoin('users as author', 'author.id', 'e.created_by')
      .selectAll('e')
      .select([
        't.name as team_name',
        'pl.name as place_name',
        'author.name as author_name',
        sql<string | null>`case when s.id is null then null else sp.name || ' — ' || s.name end`.as(
          'service_name',
        ),
        sql<string | null>`(select f.id from outreach_followups f
          where f.organisation_id = e.organisation_id and f.person_id = e.person_id
            and f.team_id is not distinct from e.team_id
          order by f.closed_at is null desc, f.created_at desc limit 1)`.as('followup_id'),
        sql<
          string[]
        >`array(select r.label from contact_reasons r where r.id = any(e.reason_ids) order by r.position)`.as(
          'reason_labels',
        ),
      ])
      .where('e.organisation_id', '=', actor.organisationId)
      .where(visibleTeam(actor, 'e'))
    if (filters.id) query = query.where('e.id', '=', filters.id)
    if (filters.teamId) query = query.where('e.team_id', '=', filters.teamId)
    if (filters.roundId) query = query.where('e.round_id', '=', filters.roundId)
    if (filters.placeId) query = query.where('e.place_id', '=', filters.placeId)
    if (filters.personIds) {
      query = query.where('e.person_id', 'in', filters.personIds.length ? filters.personIds : [NO_ID])
    }
    query = query.where(inPeriod('e.occurred_at', filters.from, filters.to))
    return query.orderBy('e.occurred_at', 'desc').orderBy('e.id', 'desc').limit(limit).execute()
  }

  /** How many encounters with the persons the actor sees (a person's timeline). */
  async countOfPeople(actor: Actor, personIds: string[], db = this.db) {
    const row = await db
      .selectFrom('outreach_encounters as e')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('e.organisation_id', '=', actor.organisationId)
      .where('e.person_id', 'in', personIds)
      .where(visibleTeam(actor, 'e'))
      .executeTakeFirstOrThrow()
    return row.n
  }

  /** The latest encounter per person, for search results. */
  latestEncounters(actor: Actor, personIds: string[], db = this.db) {
    return db
      .selectFrom('outreach_encounters as e')
      .select(['e.person_id', (eb) => eb.fn.max('e.occurred_at').as('at')])
      .where('e.organisation_id', '=', actor.organisationId)
      .where('e.person_id', 'in', personIds)
      .where(visibleTeam(actor, 'e'))
      .groupBy('e.person_id')
      .execute()
  }
}
