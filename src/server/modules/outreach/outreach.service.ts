import { ENCOUNTER_ACTION, ENGAGEMENT_STAGE, SITUATION } from '../../../shared/outreach.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import type { HomeSource } from '../../platform/home.ts'
import type { Actor } from '../../platform/permissions.ts'
import { newestFirst, type TimelineSource } from '../../platform/timeline.ts'
import type { FollowupReferralsService } from '../followup/followup.referrals.service.ts'
import type { FollowupRightsService } from '../followup/followup.rights.service.ts'
import type { FrontdeskService } from '../frontdesk/frontdesk.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import { OutreachCaseloadService } from './outreach.caseload.service.ts'
import { OutreachCensusService } from './outreach.census.service.ts'
import { OutreachEncounterService } from './outreach.encounters.service.ts'
import { OutreachFamilyService } from './outreach.families.service.ts'
import { outreachHomeSource } from './outreach.home.ts'
import { OutreachPlaceService } from './outreach.places.service.ts'
import type { OutreachRepositories } from './outreach.repository.ts'
import { OutreachRoundService } from './outreach.rounds.service.ts'
import { OutreachSettingsService } from './outreach.settings.service.ts'

/**
 * Street outreach: rounds, places, encounters, the engagement of the people met and the team's
 * caseload, families with incomplete rights, the map and the census — one service per capability,
 * in its own file. Every read and write of named data is audited in the same transaction; counts are not.
 */
export class OutreachService {
  readonly settings: OutreachSettingsService
  readonly rounds: OutreachRoundService
  readonly places: OutreachPlaceService
  readonly encounters: OutreachEncounterService
  readonly caseload: OutreachCaseloadService
  readonly families: OutreachFamilyService
  readonly census: OutreachCensusService
  private readonly encounterRepo: OutreachRepositories['encounters']
  private readonly followupRepo: OutreachRepositories['followups']

  constructor(
    repos: OutreachRepositories,
    people: PeopleService,
    frontdesk: FrontdeskService,
    rights: FollowupRightsService,
    /** Families' referrals are the follow-up's referrals. */
    referrals: FollowupReferralsService,
    /** The installation's map tiles (configuration), handed to the map page with the settings. */
    tiles: { tileUrl: string; tileAttribution: string },
  ) {
    const { common } = repos
    this.encounterRepo = repos.encounters
    this.followupRepo = repos.followups
    this.settings = new OutreachSettingsService(common, frontdesk, tiles)
    this.caseload = new OutreachCaseloadService(common, repos.followups, people, this.settings)
    this.encounters = new OutreachEncounterService(
      common,
      repos.encounters,
      repos.places,
      people,
      this.caseload,
    )
    this.rounds = new OutreachRoundService(
      common,
      repos.rounds,
      repos.places,
      repos.encounters,
      this.settings,
      this.encounters,
    )
    this.places = new OutreachPlaceService(common, repos.places, repos.encounters)
    this.families = new OutreachFamilyService(common, repos.families, people, rights, referrals)
    this.census = new OutreachCensusService(common, repos.census, people)
  }

  /** What street outreach shows on a person's timeline and in their access export. */
  homeSource(): HomeSource {
    return outreachHomeSource(this.settings, this.followupRepo)
  }

  timelineSource(): TimelineSource {
    const readable = (actor: Actor) => roleAllows(actor.roles, 'outreach.read')
    const situations: Record<string, string> = SITUATION.labels
    const actions: Record<string, string> = ENCOUNTER_ACTION.labels
    const stages: Record<string, string> = ENGAGEMENT_STAGE.labels
    return {
      kind: 'outreach',
      label: 'Aller-vers : rencontres et accompagnement',
      entries: async (db, actor, personIds, { limit }) => {
        if (!readable(actor)) return []
        const rows = await this.encounterRepo.encounters(actor, { personIds }, limit, db)
        const encounters = rows.map(
          (row): TimelineEntry => ({
            kind: 'outreach',
            kindLabel: 'Aller-vers',
            id: row.id,
            at: isoTimestamp(row.occurred_at),
            title: ['Rencontre', situations[row.situation] ?? row.situation, row.team_name]
              .filter(Boolean)
              .join(' — '),
            detail:
              [
                row.place_name,
                row.reason_labels.join(', '),
                row.actions.map((a) => actions[a] ?? a).join(', '),
                row.service_name ? `Orienté·e vers ${row.service_name}` : null,
                row.note,
              ]
                .filter(Boolean)
                .join(' · ') || null,
            personId: row.person_id!,
          }),
        )
        const changes = (await this.followupRepo.stagesOfPeople(actor, personIds, limit, db)).map(
          (row): TimelineEntry => ({
            kind: 'outreach',
            kindLabel: 'Aller-vers',
            id: row.id,
            at: isoTimestamp(row.changed_at),
            title: ['Étape d’accompagnement', stages[row.stage] ?? row.stage, row.team_name]
              .filter(Boolean)
              .join(' — '),
            detail: row.note,
            personId: row.person_id,
          }),
        )
        return newestFirst([...encounters, ...changes], limit)
      },
      count: async (db, actor, personIds) =>
        readable(actor)
          ? (await this.encounterRepo.countOfPeople(actor, personIds, db)) +
            (await this.followupRepo.stageCountOfPeople(actor, personIds, db))
          : 0,
      latest: async (db, actor, personIds) => {
        if (!readable(actor)) return new Map()
        const rows = await this.encounterRepo.latestEncounters(actor, personIds, db)
        return new Map(rows.map((r) => [r.person_id!, new Date(r.at as Date)]))
      },
      export: async (db, actor, personIds) => {
        const rows = await this.encounterRepo.encounters(actor, { personIds }, 10_000, db)
        const { rows: followups } = await this.followupRepo.followups(
          actor,
          { personIds, includeClosed: true },
          db,
        )
        return [
          ...(await this.encounters.toEncounters(actor, rows, db)).map((e) => ({ type: 'encounter', ...e })),
          ...(await this.caseload.toFollowups(actor, followups, db)).map((f) => ({ type: 'followup', ...f })),
        ]
      },
    }
  }
}
