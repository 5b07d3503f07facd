import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'
import { addDefaults, readList, saveList } from '../../platform/configurable-list.ts'
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

  list(kind: ListKind, organisationId: string, db = this.db) {
    return readList(db, LISTS[kind], organisationId)
  }

  /** An organisation starts with the usual list; it is created the first time someone needs it. */
  ensureList(db: Kysely<Database>, kind: ListKind, organisationId: string, labels: string[]) {
    return addDefaults(db, LISTS[kind], organisationId, labels)
  }

  /**
   * Replaces the list: entries left out are retired with their label, never deleted (past rounds and
   * places refer to them). Answers the index of an id that is not the organisation's, if any.
   */
  saveList(
    db: Kysely<Database>,
    kind: ListKind,
    organisationId: string,
    items: { id?: string; label: string; active: boolean }[],
  ) {
    return saveList(db, LISTS[kind], organisationId, items)
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
