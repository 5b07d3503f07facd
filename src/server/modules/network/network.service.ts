import type { Kysely } from 'kysely'
import { HELP_KIND, NEED_STATUS } from '../../../shared/network.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import type { Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import type { Geocoder } from '../../platform/geocoder.ts'
import type { HomeSource } from '../../platform/home.ts'
import type { LoginThrottle } from '../../platform/login-throttle.ts'
import type { Actor } from '../../platform/permissions.ts'
import type { TimelineSource } from '../../platform/timeline.ts'
import type { FrontdeskService } from '../frontdesk/frontdesk.service.ts'
import type { OrganisationService } from '../organisation/organisation.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import { NetworkDashboardService } from './network.dashboard.service.ts'
import { NetworkEscalationService } from './network.escalation.service.ts'
import { networkHomeSource } from './network.home.ts'
import { NetworkMatchingService } from './network.matching.service.ts'
import { NetworkMemberReportService, type RegisterReferrals } from './network.member-reports.service.ts'
import { NetworkNeedService } from './network.needs.service.ts'
import { NetworkPortalService } from './network.portal.service.ts'
import type { NetworkRepository } from './network.repository.ts'
import { NetworkSettingsService } from './network.settings.service.ts'
import { NetworkVolunteerService } from './network.volunteers.service.ts'

export type { RegisterReferrals } from './network.member-reports.service.ts'
export type { VolunteerSession } from './network.portal.service.ts'

/**
 * The neighbour solidarity network: volunteers (own accounts, vetted by the coordinator), seniors'
 * needs, matching and offers, escalation, member reports, the dashboard — one service per capability,
 * in its own file. A volunteer sees a senior's name, address and phone only while the need is theirs:
 * they are copied at creation and erased when the need is done or cancelled.
 */
export class NetworkService {
  readonly settings: NetworkSettingsService
  readonly portal: NetworkPortalService
  readonly volunteers: NetworkVolunteerService
  readonly needs: NetworkNeedService
  readonly matching: NetworkMatchingService
  readonly escalation: NetworkEscalationService
  readonly memberReports: NetworkMemberReportService
  readonly dashboard: NetworkDashboardService

  constructor(
    private readonly repo: NetworkRepository,
    people: Pick<PeopleService, 'get' | 'visiblePeople'>,
    frontdesk: Pick<FrontdeskService, 'get' | 'teamContactTotal'>,
    organisations: Pick<OrganisationService, 'publicOrganisation'>,
    register: RegisterReferrals,
    /** Without a trailing slash, as the configuration gives it. */
    publicUrl: string,
    /** The staff sign-in's guard against password guessing, per account and per address. */
    throttle: Pick<LoginThrottle, 'attempt'>,
    /** A volunteer's session ends after this long without activity, like a staff one. */
    sessionPolicy: { idleMinutes: number },
    /** Places volunteers and seniors from their address, when a service is configured. */
    geocoder: Geocoder,
    /** The installation's map tiles, for the coordinator's maps. */
    map: { tileUrl: string; tileAttribution: string },
  ) {
    this.settings = new NetworkSettingsService(repo, geocoder, map)
    this.portal = new NetworkPortalService(
      repo,
      organisations,
      this.settings,
      throttle,
      sessionPolicy,
      publicUrl,
    )
    this.volunteers = new NetworkVolunteerService(repo, organisations, this.settings, publicUrl)
    this.needs = new NetworkNeedService(repo, people, frontdesk, this.settings)
    this.matching = new NetworkMatchingService(repo, this.needs, publicUrl)
    this.escalation = new NetworkEscalationService(repo, organisations, this.needs, publicUrl)
    this.memberReports = new NetworkMemberReportService(repo, register, publicUrl)
    this.dashboard = new NetworkDashboardService(repo, frontdesk)
  }

  /** The reports module's door: a citizen's report about someone isolated at home (caller's transaction). */
  receiveCitizenReport(
    db: Kysely<Database>,
    organisationId: string,
    input: { reportId: string; about: string; location: string | null },
  ) {
    return this.memberReports.receiveCitizenReport(db, organisationId, input)
  }

  /** A senior's needs show on their timeline and in their access export, for those who handle needs. */
  homeSource(): HomeSource {
    return networkHomeSource(this.repo)
  }

  timelineSource(): TimelineSource {
    const handles = (actor: Actor) =>
      roleAllows(actor.roles, 'network.coordinate') || roleAllows(actor.roles, 'network.need.create')
    const kindLabels: Record<string, string> = HELP_KIND.labels
    const rowsOf = async (db: Kysely<Database>, actor: Actor, personIds: string[]) =>
      (await this.repo.needs(actor.organisationId, { personIds }, db)).rows
    return {
      kind: 'network_need',
      label: 'Voisins solidaires',
      entries: async (db, actor, personIds, { limit }) => {
        if (!handles(actor)) return []
        return (await this.repo.latestNeedsOfPeople(actor.organisationId, personIds, limit, db)).map(
          (row): TimelineEntry => ({
            kind: 'network_need',
            kindLabel: 'Voisins solidaires',
            id: row.id,
            at: isoTimestamp(row.created_at)!,
            title: `${kindLabels[row.kind] ?? row.kind} — ${NEED_STATUS.labels[row.status]}`,
            detail: row.report ?? row.description,
            personId: row.person_id,
          }),
        )
      },
      count: async (db, actor, personIds) =>
        handles(actor) ? this.repo.needCountOfPeople(actor.organisationId, personIds, db) : 0,
      // A need is not a contact with the person: it is not their "last contact".
      latest: async () => new Map(),
      // The volunteer who helped is a third party: their name stays out of the person's export.
      export: async (db, actor, personIds) =>
        (await rowsOf(db, actor, personIds)).map((row) => ({
          kind: kindLabels[row.kind] ?? row.kind,
          status: NEED_STATUS.labels[row.status],
          description: row.description,
          wantedDate: row.wanted_date,
          createdAt: isoTimestamp(row.created_at),
          doneAt: isoTimestamp(row.done_at),
          report: row.report,
        })),
    }
  }
}
