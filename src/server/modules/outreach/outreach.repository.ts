import { type Insertable, type Kysely, type RawBuilder, type Selectable, sql, type Updateable } from 'kysely'
import type {
  Database,
  OutreachEncounterTable,
  OutreachFamilyTable,
  OutreachFollowupTable,
  OutreachPlaceTable,
  OutreachRoundTable,
} from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'

/** Stands for "no row" where SQL needs an id: an empty list, an absent reference. */
const NO_ID = '00000000-0000-0000-0000-000000000000'
export type RoundRow = Selectable<OutreachRoundTable>
type Owned = 'id' | 'organisation_id' | 'created_by' | 'created_at' | 'updated_at'
export type RoundValues = Omit<Insertable<OutreachRoundTable>, Owned>
export type PlaceValues = Omit<Insertable<OutreachPlaceTable>, Owned>
export type EncounterValues = Omit<Insertable<OutreachEncounterTable>, Owned>

/** The organisation's lists: zones (named sectors) and the items handed out during rounds. */
const LISTS = {
  zones: { table: 'outreach_zones', column: 'name' },
  handoutItems: { table: 'outreach_handout_items', column: 'label' },
} as const
export type ListKind = keyof typeof LISTS

/**
 * Records held by a confidential team are for its members and the director only. `alias` is the
 * record's table alias; its team is looked up by `team_id`.
 */
function visibleTeam(actor: Actor, alias: string): RawBuilder<boolean> {
  if (actor.roles.includes('director')) return sql<boolean>`true`
  const team = sql.ref(`${alias}.team_id`)
  const ownTeams = actor.teamIds.length > 0 ? sql` or ${team} in (${sql.join(actor.teamIds)})` : sql``
  return sql<boolean>`(${team} is null or not exists (
    select 1 from teams ct where ct.id = ${team} and ct.confidential)${ownTeams})`
}

/** [from, to] calendar days in France, as a condition on a timestamp column. */
function inPeriod(column: string, from: string | undefined, to: string | undefined) {
  const conditions = []
  const ref = sql.ref(column)
  if (from) conditions.push(sql`${ref} >= (${from}::date)::timestamp at time zone 'Europe/Paris'`)
  if (to) conditions.push(sql`${ref} < (${to}::date + 1)::timestamp at time zone 'Europe/Paris'`)
  return conditions.length ? sql<boolean>`${sql.join(conditions, sql` and `)}` : sql<boolean>`true`
}

export class OutreachRepository {
  constructor(readonly db: Kysely<Database>) {}

  // Configuration --------------------------------------------------------------------------------

  settings(organisationId: string, db = this.db) {
    return db
      .selectFrom('outreach_settings')
      .select('caseload_alert_days')
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst()
  }

  async saveSettings(db: Kysely<Database>, actor: Actor, caseloadAlertDays: number) {
    await db
      .insertInto('outreach_settings')
      .values({
        organisation_id: actor.organisationId,
        caseload_alert_days: caseloadAlertDays,
        updated_by: actor.userId,
      })
      .onConflict((oc) =>
        oc.column('organisation_id').doUpdateSet({
          caseload_alert_days: caseloadAlertDays,
          updated_by: actor.userId,
          updated_at: sql`now()`,
        }),
      )
      .execute()
  }

  async list(kind: ListKind, organisationId: string, db = this.db) {
    const { table, column } = LISTS[kind]
    const { rows } = await sql<{ id: string; label: string; active: boolean }>`
      select id, ${sql.ref(column)} as label, active from ${sql.table(table)}
      where organisation_id = ${organisationId} order by position, ${sql.ref(column)}`.execute(db)
    return rows
  }

  /** An organisation starts with the usual list; it is created the first time someone needs it. */
  async ensureList(db: Kysely<Database>, kind: ListKind, organisationId: string, labels: string[]) {
    const { table, column } = LISTS[kind]
    const values = labels.map((label, position) => sql`(${organisationId}::uuid, ${label}, ${position})`)
    await sql`insert into ${sql.table(table)} (organisation_id, ${sql.ref(column)}, position)
      values ${sql.join(values)} on conflict do nothing`.execute(db)
  }

  /**
   * Replaces the list: entries left out are retired with their label, never deleted (past rounds and
   * places refer to them). Answers the index of an id that is not the organisation's, if any.
   */
  async saveList(
    db: Kysely<Database>,
    kind: ListKind,
    organisationId: string,
    items: { id?: string; label: string; active: boolean }[],
  ) {
    const { table, column } = LISTS[kind]
    const t = sql.table(table)
    const c = sql.ref(column)
    const before = (
      await sql<{ id: string; label: string; position: number }>`
        select id, ${c} as label, position from ${t} where organisation_id = ${organisationId}`.execute(db)
    ).rows
    // Labels are unique among active entries: park them first so that two entries can swap labels.
    await sql`update ${t} set ${c} = id::text where organisation_id = ${organisationId}`.execute(db)
    const kept = new Set<string>()
    for (const [position, item] of items.entries()) {
      if (item.id) {
        const { rows } = await sql<{ id: string }>`
          update ${t} set ${c} = ${item.label}, active = ${item.active}, position = ${position}
          where organisation_id = ${organisationId} and id = ${item.id} returning id`.execute(db)
        if (rows.length === 0) return { unknownIndex: position }
        kept.add(item.id)
      } else {
        const { rows } = await sql<{ id: string }>`
          insert into ${t} (organisation_id, ${c}, active, position)
          values (${organisationId}, ${item.label}, ${item.active}, ${position}) returning id`.execute(db)
        kept.add(rows[0]!.id)
      }
    }
    for (const entry of before.filter((e) => !kept.has(e.id))) {
      await sql`update ${t} set ${c} = ${entry.label}, active = false, position = ${1000 + entry.position}
        where id = ${entry.id}`.execute(db)
    }
    return { unknownIndex: null }
  }

  /**
   * Which of the given references belong to the organisation, in one round trip: recording an
   * encounter must stay fast in the street.
   */
  async references(
    db: Kysely<Database>,
    actor: Actor,
    refs: {
      teamId?: string | null
      orientationTeamId?: string | null
      zoneId?: string | null
      placeId?: string | null
      roundId?: string | null
      userIds?: string[]
    },
  ) {
    const org = actor.organisationId
    const { rows } = await sql<{
      team_confidential: boolean | null
      orientation_team: boolean
      zone: boolean
      place: boolean
      round: { team_id: string | null; confidential: boolean; status: string } | null
      users: string[]
      author_name: string
    }>`select
        (select confidential from teams where organisation_id = ${org} and id = ${refs.teamId ?? NO_ID}::uuid and active) as team_confidential,
        exists (select 1 from teams where organisation_id = ${org} and id = ${refs.orientationTeamId ?? NO_ID}::uuid and active) as orientation_team,
        exists (select 1 from outreach_zones where organisation_id = ${org} and id = ${refs.zoneId ?? NO_ID}::uuid and active) as zone,
        exists (select 1 from outreach_places where organisation_id = ${org} and id = ${refs.placeId ?? NO_ID}::uuid) as place,
        (select json_build_object('team_id', r.team_id, 'confidential', coalesce(t.confidential, false), 'status', r.status)
          from outreach_rounds r left join teams t on t.id = r.team_id
          where r.organisation_id = ${org} and r.id = ${refs.roundId ?? NO_ID}::uuid) as round,
        array(select id::text from users where organisation_id = ${org} and status = 'active'
          and id = any(${refs.userIds ?? []}::uuid[])) as users,
        (select name from users where id = ${actor.userId}) as author_name`.execute(db)
    return rows[0]!
  }

  teamNames(organisationId: string, db = this.db) {
    return db
      .selectFrom('teams')
      .select(['id', 'name'])
      .where('organisation_id', '=', organisationId)
      .execute()
  }

  // Rounds -----------------------------------------------------------------------------------------

  insertRound(db: Kysely<Database>, actor: Actor, values: RoundValues) {
    return db
      .insertInto('outreach_rounds')
      .values({ ...values, organisation_id: actor.organisationId, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  async updateRound(db: Kysely<Database>, actor: Actor, id: string, values: Updateable<OutreachRoundTable>) {
    await db
      .updateTable('outreach_rounds')
      .set({ ...values, updated_at: sql`now()` })
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', id)
      .execute()
  }

  async replaceRoundAgents(db: Kysely<Database>, actor: Actor, roundId: string, userIds: string[]) {
    await db.deleteFrom('outreach_round_agents').where('round_id', '=', roundId).execute()
    if (userIds.length === 0) return
    await db
      .insertInto('outreach_round_agents')
      .values(
        [...new Set(userIds)].map((user_id) => ({
          organisation_id: actor.organisationId,
          round_id: roundId,
          user_id,
        })),
      )
      .execute()
  }

  async replaceHandouts(
    db: Kysely<Database>,
    actor: Actor,
    roundId: string,
    handouts: { itemId: string; quantity: number }[],
  ) {
    await db.deleteFrom('outreach_round_handouts').where('round_id', '=', roundId).execute()
    if (handouts.length === 0) return
    await db
      .insertInto('outreach_round_handouts')
      .values(
        handouts.map((h) => ({
          organisation_id: actor.organisationId,
          round_id: roundId,
          item_id: h.itemId,
          quantity: h.quantity,
        })),
      )
      .execute()
  }

  /** Rounds with what a reader needs beside them; a confidential team's rounds only for its members. */
  rounds(
    actor: Actor,
    filters: {
      id?: string
      from?: string
      to?: string
      teamId?: string
      zoneId?: string
      status?: string
    },
    limit: number,
    db = this.db,
  ) {
    let query = db
      .selectFrom('outreach_rounds as r')
      .leftJoin('teams as t', 't.id', 'r.team_id')
      .leftJoin('outreach_zones as z', 'z.id', 'r.zone_id')
      .leftJoin('users as lead', 'lead.id', 'r.lead_user_id')
      .selectAll('r')
      .select([
        't.name as team_name',
        'z.name as zone_name',
        'lead.name as lead_name',
        sql<
          { id: string; name: string }[]
        >`coalesce((select json_agg(json_build_object('id', u.id, 'name', u.name) order by u.name)
          from outreach_round_agents a join users u on u.id = a.user_id where a.round_id = r.id), '[]')`.as(
          'agents',
        ),
        sql<
          { itemId: string; label: string; quantity: number }[]
        >`coalesce((select json_agg(json_build_object(
            'itemId', h.item_id, 'label', i.label, 'quantity', h.quantity) order by i.position, i.label)
          from outreach_round_handouts h join outreach_handout_items i on i.id = h.item_id where h.round_id = r.id), '[]')`.as(
          'handouts',
        ),
        sql<number>`(select count(*)::int from outreach_encounters e where e.round_id = r.id)`.as(
          'encounter_count',
        ),
      ])
      .where('r.organisation_id', '=', actor.organisationId)
      .where(visibleTeam(actor, 'r'))
    if (filters.id) query = query.where('r.id', '=', filters.id)
    if (filters.from) query = query.where('r.round_date', '>=', filters.from)
    if (filters.to) query = query.where('r.round_date', '<=', filters.to)
    if (filters.teamId) query = query.where('r.team_id', '=', filters.teamId)
    if (filters.zoneId) query = query.where('r.zone_id', '=', filters.zoneId)
    if (filters.status) query = query.where('r.status', '=', filters.status as RoundRow['status'])
    return query
      .orderBy('r.round_date', 'desc')
      .orderBy('r.start_time', 'desc')
      .orderBy('r.created_at', 'desc')
      .limit(limit)
      .execute()
  }

  /** Locks a round against a concurrent close or change; null when absent or out of the actor's reach. */
  lockRound(db: Kysely<Database>, actor: Actor, id: string) {
    return db
      .selectFrom('outreach_rounds as r')
      .select(['r.id', 'r.status', 'r.team_id', 'r.zone_id', 'r.start_time', 'r.end_time'])
      .where('r.organisation_id', '=', actor.organisationId)
      .where('r.id', '=', id)
      .where(visibleTeam(actor, 'r'))
      .forUpdate()
      .executeTakeFirst()
  }

  // Places ---------------------------------------------------------------------------------------

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

  places(
    organisationId: string,
    filters: {
      id?: string
      zoneId?: string
      status?: string
      type?: string
    },
    db = this.db,
  ) {
    let query = db
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
      .where('p.organisation_id', '=', organisationId)
    if (filters.id) query = query.where('p.id', '=', filters.id)
    if (filters.zoneId) query = query.where('p.zone_id', '=', filters.zoneId)
    if (filters.status) query = query.where('p.status', '=', filters.status)
    if (filters.type) query = query.where('p.type', '=', filters.type)
    return query.orderBy('p.name').execute()
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

  placeVisits(placeId: string, db = this.db) {
    return db
      .selectFrom('outreach_place_visits as v')
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
      .where('v.place_id', '=', placeId)
      .orderBy('v.visited_at', 'desc')
      .limit(200)
      .execute()
  }

  // Encounters -----------------------------------------------------------------------------------

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
    return query.orderBy('e.occurred_at', 'desc').limit(limit).execute()
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

  // Follow-ups -------------------------------------------------------------------------------------

  /** The person's open follow-up by the team (or without a team), locked for the stage change to come. */
  openFollowup(db: Kysely<Database>, organisationId: string, personId: string, teamId: string | null) {
    return db
      .selectFrom('outreach_followups')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('person_id', '=', personId)
      .where(sql<boolean>`team_id is not distinct from ${teamId}::uuid`)
      .where('closed_at', 'is', null)
      .forUpdate()
      .executeTakeFirst()
  }

  /** Null when the person already has an open follow-up by this team (a concurrent encounter opened it). */
  insertFollowup(
    db: Kysely<Database>,
    actor: Actor,
    values: { person_id: string; team_id: string | null; stage: string; first_contact_at: Date },
  ) {
    return db
      .insertInto('outreach_followups')
      .values({ ...values, organisation_id: actor.organisationId, created_by: actor.userId })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst()
  }

  lockFollowup(db: Kysely<Database>, actor: Actor, id: string) {
    return db
      .selectFrom('outreach_followups as f')
      .selectAll('f')
      .where('f.organisation_id', '=', actor.organisationId)
      .where('f.id', '=', id)
      .where(visibleTeam(actor, 'f'))
      .forUpdate()
      .executeTakeFirst()
  }

  async updateFollowup(db: Kysely<Database>, id: string, values: Updateable<OutreachFollowupTable>) {
    await db
      .updateTable('outreach_followups')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute()
  }

  async addStage(
    db: Kysely<Database>,
    actor: Actor,
    followupId: string,
    stage: string,
    at: Date,
    note: string | null,
  ) {
    await db
      .insertInto('outreach_followup_stages')
      .values({
        organisation_id: actor.organisationId,
        followup_id: followupId,
        stage,
        changed_at: at,
        note,
        changed_by: actor.userId,
      })
      .execute()
  }

  /** An earlier encounter arrived late (offline queue): the first contact moves back to it. */
  async moveFirstContact(db: Kysely<Database>, followupId: string, at: Date) {
    await db
      .updateTable('outreach_followups')
      .set({ first_contact_at: at, updated_at: sql`now()` })
      .where('id', '=', followupId)
      .where('first_contact_at', '>', at)
      .execute()
    await db
      .updateTable('outreach_followup_stages')
      .set({ changed_at: at })
      .where('followup_id', '=', followupId)
      .where('stage', '=', 'first_contact')
      .where('changed_at', '>', at)
      .execute()
  }

  /** Follow-ups with their team name and last contact (latest encounter of the person by the team). */
  followups(
    actor: Actor,
    filters: { id?: string; personIds?: string[]; teamId?: string; includeClosed?: boolean },
    db = this.db,
  ) {
    let query = db
      .selectFrom('outreach_followups as f')
      .leftJoin('teams as t', 't.id', 'f.team_id')
      .selectAll('f')
      .select([
        't.name as team_name',
        sql<Date>`greatest(f.first_contact_at, (select max(e.occurred_at) from outreach_encounters e
          where e.organisation_id = f.organisation_id and e.person_id = f.person_id
            and e.team_id is not distinct from f.team_id))`.as('last_contact_at'),
      ])
      .where('f.organisation_id', '=', actor.organisationId)
      .where(visibleTeam(actor, 'f'))
    if (filters.id) query = query.where('f.id', '=', filters.id)
    if (filters.personIds) {
      query = query.where('f.person_id', 'in', filters.personIds.length ? filters.personIds : [NO_ID])
    }
    if (filters.teamId) query = query.where('f.team_id', '=', filters.teamId)
    if (!filters.includeClosed && !filters.id) query = query.where('f.closed_at', 'is', null)
    return query.orderBy('last_contact_at', 'asc').limit(2000).execute()
  }

  stages(followupIds: string[], db = this.db) {
    if (followupIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('outreach_followup_stages as s')
      .innerJoin('users as u', 'u.id', 's.changed_by')
      .select(['s.id', 's.followup_id', 's.stage', 's.changed_at', 's.note', 'u.name as changed_by'])
      .where('s.followup_id', 'in', followupIds)
      .orderBy('s.changed_at')
      .orderBy('s.recorded_at')
      .execute()
  }

  /** Stage changes of a person's follow-ups, for their timeline. */
  stagesOfPeople(actor: Actor, personIds: string[], db = this.db) {
    return db
      .selectFrom('outreach_followup_stages as s')
      .innerJoin('outreach_followups as f', 'f.id', 's.followup_id')
      .leftJoin('teams as t', 't.id', 'f.team_id')
      .select(['s.id', 's.stage', 's.changed_at', 's.note', 'f.person_id', 't.name as team_name'])
      .where('f.organisation_id', '=', actor.organisationId)
      .where('f.person_id', 'in', personIds)
      .where(visibleTeam(actor, 'f'))
      .execute()
  }

  // Families -------------------------------------------------------------------------------------

  insertFamily(
    db: Kysely<Database>,
    actor: Actor,
    values: { household_id: string; team_id: string | null; flagged_on: string; note: string | null },
  ) {
    return db
      .insertInto('outreach_families')
      .values({ ...values, organisation_id: actor.organisationId, created_by: actor.userId })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst()
  }

  async updateFamily(db: Kysely<Database>, id: string, values: Updateable<OutreachFamilyTable>) {
    await db
      .updateTable('outreach_families')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute()
  }

  async saveRights(
    db: Kysely<Database>,
    actor: Actor,
    familyId: string,
    rights: { item: string; status: string; on?: string | null; note?: string | null }[],
  ) {
    for (const right of rights) {
      const values = {
        status: right.status,
        status_on: right.on ?? null,
        note: right.note ?? null,
        updated_by: actor.userId,
      }
      await db
        .insertInto('outreach_family_rights')
        .values({ ...values, organisation_id: actor.organisationId, family_id: familyId, item: right.item })
        .onConflict((oc) =>
          oc.columns(['family_id', 'item']).doUpdateSet({ ...values, updated_at: sql`now()` }),
        )
        .execute()
    }
  }

  families(
    actor: Actor,
    filters: { id?: string; teamId?: string; includeUnflagged?: boolean; forUpdate?: boolean },
    db = this.db,
  ) {
    let query = db
      .selectFrom('outreach_families as f')
      .leftJoin('teams as t', 't.id', 'f.team_id')
      .selectAll('f')
      .select('t.name as team_name')
      .where('f.organisation_id', '=', actor.organisationId)
      .where(visibleTeam(actor, 'f'))
    if (filters.id) query = query.where('f.id', '=', filters.id)
    if (filters.teamId) query = query.where('f.team_id', '=', filters.teamId)
    if (!filters.includeUnflagged && !filters.id) query = query.where('f.flagged', '=', true)
    if (filters.forUpdate) return query.forUpdate(['f']).execute()
    return query.orderBy('f.flagged_on', 'desc').limit(500).execute()
  }

  rights(familyIds: string[], db = this.db) {
    if (familyIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('outreach_family_rights')
      .select(['family_id', 'item', 'status', 'status_on', 'note'])
      .where('family_id', 'in', familyIds)
      .execute()
  }

  referrals(familyIds: string[], db = this.db) {
    if (familyIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('outreach_family_referrals')
      .selectAll()
      .where('family_id', 'in', familyIds)
      .orderBy('referred_on')
      .orderBy('created_at')
      .execute()
  }

  insertReferral(
    db: Kysely<Database>,
    actor: Actor,
    values: { family_id: string; partner_service_id: string; referred_on: string; note: string | null },
  ) {
    return db
      .insertInto('outreach_family_referrals')
      .values({ ...values, organisation_id: actor.organisationId, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  updateReferral(
    db: Kysely<Database>,
    familyId: string,
    referralId: string,
    values: { outcome: string; outcome_on: string | null; note?: string | null },
  ) {
    return db
      .updateTable('outreach_family_referrals')
      .set({ ...values, updated_at: sql`now()` })
      .where('family_id', '=', familyId)
      .where('id', '=', referralId)
      .returning('id')
      .executeTakeFirst()
  }

  // Map and census ---------------------------------------------------------------------------------

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
    return query.orderBy('e.occurred_at', 'desc').limit(5000).execute()
  }

  mapPlaces(organisationId: string, db = this.db) {
    return db
      .selectFrom('outreach_places')
      .select(['id', 'name', 'type', 'status', 'latitude', 'longitude', 'zone_id'])
      .where('organisation_id', '=', organisationId)
      .where('latitude', 'is not', null)
      .orderBy('name')
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

export interface PlaceVisitJson {
  id: string
  visitedAt: string
  occupants: number | null
  roundId: string | null
  encounterId: string | null
  note: string | null
  recordedBy: string
}
