import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'
import { OutreachFollowupRepository } from './outreach.caseload.repository.ts'
import { OutreachCensusRepository } from './outreach.census.repository.ts'
import { OutreachEncounterRepository } from './outreach.encounters.repository.ts'
import { OutreachFamilyRepository } from './outreach.families.repository.ts'
import { OutreachPlaceRepository } from './outreach.places.repository.ts'
import { OutreachRoundRepository } from './outreach.rounds.repository.ts'
import { NO_ID } from './outreach.sql.ts'

/** The organisation's lists: zones (named sectors) and the items handed out during rounds. */
const LISTS = {
  zones: { table: 'outreach_zones', column: 'name' },
  handoutItems: { table: 'outreach_handout_items', column: 'label' },
} as const
export type ListKind = keyof typeof LISTS

/** What every capability of outreach shares: the settings, the lists, references checked in one go. */
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
      orientationPartnerServiceId?: string | null
      reasonIds?: string[]
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
      partner_service: boolean
      active_reasons: string[]
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
        exists (select 1 from partner_services where organisation_id = ${org} and id = ${refs.orientationPartnerServiceId ?? NO_ID}::uuid and active) as partner_service,
        array(select id::text from contact_reasons where organisation_id = ${org} and active
          and id = any(${refs.reasonIds ?? []}::uuid[])) as active_reasons,
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
}

/** The repositories of outreach, one per capability, over one database. */
export function outreachRepositories(db: Kysely<Database>) {
  return {
    common: new OutreachRepository(db),
    rounds: new OutreachRoundRepository(db),
    places: new OutreachPlaceRepository(db),
    encounters: new OutreachEncounterRepository(db),
    followups: new OutreachFollowupRepository(db),
    families: new OutreachFamilyRepository(db),
    census: new OutreachCensusRepository(db),
  }
}
export type OutreachRepositories = ReturnType<typeof outreachRepositories>
