import type { Kysely, Updateable } from 'kysely'
import type { z } from 'zod'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import {
  CHARTER_TEXT,
  CHARTER_VERSION,
  type Dashboard,
  type dashboardQuerySchema,
  type escalateInputSchema,
  HELP_KIND,
  type HelpKind,
  type MemberReport,
  type memberReportCloseSchema,
  type memberReportInputSchema,
  NEED_STATUS,
  type Need,
  type NeedInput,
  type NetworkSettings,
  type needInputSchema,
  type needListQuerySchema,
  type neighbourhoodInputSchema,
  type networkSettingsInputSchema,
  VOLUNTEER_STATUS,
  type Volunteer,
  type VolunteerMe,
  type VolunteerNeed,
  type VolunteerSignup,
  type volunteerStatusInputSchema,
  type volunteerUpdateSchema,
} from '../../../shared/network.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import { ROLES } from '../../../shared/roles.ts'
import type { Db } from '../../db/database.ts'
import type { Database, NetworkNeedTable } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, notFound, validationError } from '../../platform/errors.ts'
import type { Geocoder, Point } from '../../platform/geocoder.ts'
import type { LoginThrottle } from '../../platform/login-throttle.ts'
import { enqueueEmail } from '../../platform/outbox.ts'
import { hashPassword, verifyPassword } from '../../platform/passwords.ts'
import { type Actor, assertAllowed, isAppError } from '../../platform/permissions.ts'
import type { TimelineSource } from '../../platform/timeline.ts'
import { hashToken, newToken } from '../../platform/tokens.ts'
import type { FrontdeskService } from '../frontdesk/frontdesk.service.ts'
import type { OrganisationService } from '../organisation/organisation.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import {
  needEscalatedToPartnerEmail,
  needEscalatedToTeamEmail,
  needOfferedEmail,
  needsWaitingEmail,
  newReportsEmail,
  signupReceivedEmail,
  volunteerApprovedEmail,
} from './network.emails.ts'
import type { NeedRow, NetworkRepository, VolunteerRow } from './network.repository.ts'

const iso = (date: Date | string | null) => (date === null ? null : new Date(date).toISOString())
const SESSION_HOURS = 12
type NeedListRow = Awaited<ReturnType<NetworkRepository['needs']>>[number]
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const
/** The roles told of needs left waiting: those who coordinate the network. */
const COORDINATOR_ROLES = ROLES.filter((role) => roleAllows([role], 'network.coordinate'))
/** How many waiting needs one sweep handles: the rest wait for the next run, minutes later. */
const SWEEP_BATCH = 200

/**
 * The register's door for the network: a report the coordinator sends on becomes a referral in the
 * register team's queue. Runs in the caller's transaction.
 */
export interface RegisterReferrals {
  receiveReferral(
    db: Kysely<Database>,
    organisationId: string,
    input: { memberReportId: string; about: string; location: string | null },
  ): Promise<void>
}

/** Where an escalated need goes, and who is told of it. */
interface EscalationTarget {
  to: 'partner' | 'internal_team'
  partnerId: string | null
  teamId: string | null
  /** The partner's or the team's name. */
  name: string
  /** The partner's e-mail, if the directory has one. */
  email: string | null
  organisationName: string
  teamEmails: string[]
}

/** A signed-in volunteer, resolved from their own session cookie. */
export type VolunteerSession = VolunteerRow & { session_id: string; csrf_token: string }

/** Great-circle distance in kilometres, or null when a point is not placed. */
export function distanceKm(
  a: { latitude: number | null; longitude: number | null },
  b: { latitude: number | null; longitude: number | null },
) {
  if (a.latitude === null || a.longitude === null || b.latitude === null || b.longitude === null) return null
  const rad = Math.PI / 180
  const dLat = (b.latitude - a.latitude) * rad
  const dLon = (b.longitude - a.longitude) * rad
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2
  return Math.round(12_742 * Math.asin(Math.sqrt(h)) * 10) / 10
}

/** Whether a volunteer's availability covers the need's wanted day and slot (no date: anyone). */
function isAvailable(availability: string[], need: Pick<NeedRow, 'wanted_date' | 'time_slot'>) {
  if (!need.wanted_date) return true
  const day = WEEKDAYS[new Date(`${need.wanted_date}T12:00:00Z`).getUTCDay()]!
  return availability.some((slot) =>
    need.time_slot ? slot === `${day}_${need.time_slot}` : slot.startsWith(`${day}_`),
  )
}

const share = (counts: Map<string, number>, labels: Record<string, string>) => {
  const total = [...counts.values()].reduce((a, b) => a + b, 0)
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([key, count]) => ({
      key,
      label: labels[key] ?? key,
      count,
      percent: total === 0 ? 0 : Math.round((count / total) * 1000) / 10,
    }))
}

function median(values: number[]) {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const value = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return Math.round(value * 10) / 10
}

/**
 * The neighbour solidarity network: volunteers (own accounts, vetted by the coordinator), seniors'
 * needs, matching and offers, member reports, the dashboard. A volunteer sees a senior's name,
 * address and phone only while the need is theirs: they are copied at creation and erased when the
 * need is done or cancelled.
 */
export class NetworkService {
  constructor(
    private readonly repo: NetworkRepository,
    private readonly people: Pick<PeopleService, 'get' | 'visiblePeople'>,
    private readonly frontdesk: Pick<FrontdeskService, 'get' | 'teamContactTotal'>,
    private readonly organisations: Pick<OrganisationService, 'publicOrganisation'>,
    private readonly register: RegisterReferrals,
    /** Without a trailing slash, as the configuration gives it. */
    private readonly publicUrl: string,
    /** The staff sign-in's guard against password guessing, per account and per address. */
    private readonly throttle: Pick<LoginThrottle, 'assertAllowed' | 'record'>,
    /** A volunteer's session ends after this long without activity, like a staff one. */
    private readonly sessionPolicy: { idleMinutes: number },
    /** Places volunteers and seniors from their address, when a service is configured. */
    private readonly geocoder: Geocoder,
    /** The installation's map tiles, for the coordinator's maps. */
    private readonly map: { tileUrl: string; tileAttribution: string },
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  /** The organisation's portal: the link works whether the installation holds one organisation or many. */
  private portalUrl(organisationId: string, path = '') {
    return `${this.publicUrl}/benevoles/${organisationId}${path}`
  }

  // ----- the volunteer portal -----

  async portal(organisationId: string | undefined) {
    const organisation = await this.organisations.publicOrganisation(organisationId)
    if (!organisation) throw notFound()
    const neighbourhoods = await this.repo.neighbourhoods(organisation.id)
    return {
      organisationId: organisation.id,
      organisationName: organisation.name,
      charterVersion: CHARTER_VERSION,
      charterText: CHARTER_TEXT,
      neighbourhoods: neighbourhoods.map(({ id, name }) => ({ id, name })),
    }
  }

  /**
   * Where someone is on the map: the point given, else the centre of the neighbourhood chosen, else
   * their address geocoded; null leaves them for the coordinator to place.
   */
  private async placeOf(
    organisationId: string,
    input: { latitude?: number | null; longitude?: number | null; neighbourhoodId?: string | null },
    address: string | null,
    db: Kysely<Database>,
  ): Promise<(Point & { neighbourhood?: string }) | null> {
    if ((input.latitude == null) !== (input.longitude == null)) {
      throw validationError('latitude', 'Indiquez la latitude et la longitude, ou aucune des deux.')
    }
    if (input.latitude != null && input.longitude != null) {
      return { latitude: input.latitude, longitude: input.longitude }
    }
    if (input.neighbourhoodId) {
      // A neighbourhood chosen by hand wins: the address then never leaves Trame.
      const centre = await this.repo.neighbourhood(organisationId, input.neighbourhoodId, db)
      if (!centre) throw validationError('neighbourhoodId', 'Quartier inconnu.')
      return { latitude: centre.latitude, longitude: centre.longitude, neighbourhood: centre.name }
    }
    return address ? await this.geocoder.locate(address) : null
  }

  /**
   * A neighbour signs up; they start pending. The answer is the same whether the address already has an
   * account or not: both get an e-mail, only a new one gets an account.
   */
  async signup(organisationId: string, input: VolunteerSignup) {
    const organisation = await this.organisations.publicOrganisation(organisationId)
    if (!organisation) throw notFound()
    const place = await this.placeOf(organisationId, input, input.address ?? null, this.db)
    const passwordHash = await hashPassword(input.password)
    await this.db.transaction().execute(async (trx) => {
      const row = await this.repo.insertVolunteer(trx, {
        organisation_id: organisationId,
        email: input.email,
        password_hash: passwordHash,
        first_name: input.firstName,
        last_name: input.lastName,
        phone: input.phone,
        address: input.address ?? null,
        neighbourhood: input.neighbourhood ?? place?.neighbourhood ?? null,
        latitude: place?.latitude ?? null,
        longitude: place?.longitude ?? null,
        help_kinds: [...new Set(input.helpKinds)],
        availability: [...new Set(input.availability)],
        max_distance_km: input.maxDistanceKm,
        charter_version: input.charterVersion,
        charter_accepted_at: new Date(),
      })
      if (row) {
        await recordAudit(
          trx,
          { organisationId, userId: null, ip: null },
          { action: 'volunteer.signup', entityType: 'volunteer', entityId: row.id },
        )
      }
      await enqueueEmail(trx, signupReceivedEmail(input.email, organisation.name, !row), organisationId)
    })
    return { ok: true as const }
  }

  async login(input: { organisationId: string; email: string; password: string }, ip: string) {
    // Volunteers' accounts are counted apart from staff ones with the same address.
    const account = `volunteer:${input.organisationId}:${input.email}`
    await this.throttle.assertAllowed(account, ip)
    const volunteer = await this.repo.volunteerByEmail(input.organisationId, input.email)
    const valid = await verifyPassword(volunteer?.password_hash ?? null, input.password)
    await this.throttle.record(account, ip, Boolean(volunteer && valid))
    if (!volunteer || !valid) throw new AppError('INVALID_CREDENTIALS', 401)
    const token = newToken()
    const csrfToken = newToken(24)
    await this.repo.insertSession(this.db, {
      token_hash: hashToken(token),
      csrf_token: csrfToken,
      volunteer_id: volunteer.id,
      expires_at: new Date(Date.now() + SESSION_HOURS * 3_600_000),
    })
    return { token, me: this.me({ ...volunteer, session_id: '', csrf_token: csrfToken }) }
  }

  /** The volunteer behind a session cookie, or undefined. */
  async resolve(token: string | undefined): Promise<VolunteerSession | undefined> {
    if (!token) return undefined
    const session = await this.repo.sessionVolunteer(hashToken(token), this.sessionPolicy.idleMinutes)
    // Refreshing on every request would write on every read; once a minute is enough for idle expiry.
    if (session && Date.now() - new Date(session.last_seen_at).getTime() > 60_000) {
      await this.repo.touchSession(session.session_id)
    }
    return session
  }

  logout(volunteer: VolunteerSession) {
    return this.repo.revokeSession(this.db, volunteer.session_id)
  }

  me(volunteer: VolunteerSession): VolunteerMe {
    return {
      id: volunteer.id,
      firstName: volunteer.first_name,
      lastName: volunteer.last_name,
      email: volunteer.email,
      status: volunteer.status,
      charterUpToDate: volunteer.charter_version === CHARTER_VERSION,
      csrfToken: volunteer.csrf_token,
    }
  }

  async acceptCharter(volunteer: VolunteerSession) {
    await this.db.transaction().execute(async (trx) => {
      await this.repo.updateVolunteer(trx, volunteer.organisation_id, volunteer.id, {
        charter_version: CHARTER_VERSION,
        charter_accepted_at: new Date(),
      })
      await recordAudit(trx, this.volunteerAuditor(volunteer), {
        action: 'volunteer.charter_accept',
        entityType: 'volunteer',
        entityId: volunteer.id,
      })
    })
    return this.me({ ...volunteer, charter_version: CHARTER_VERSION })
  }

  private volunteerAuditor(volunteer: VolunteerRow) {
    // A volunteer is not a staff user: the trail names the volunteer in the entity, not in `user_id`.
    return { organisationId: volunteer.organisation_id, userId: null, ip: null }
  }

  /** Only approved volunteers who accepted the charter in force see and take needs. */
  private assertActive(volunteer: VolunteerRow) {
    if (volunteer.status !== 'approved') {
      throw new AppError('FORBIDDEN', 403, 'Votre inscription doit être validée par la coordinatrice.')
    }
    if (volunteer.charter_version !== CHARTER_VERSION) {
      throw new AppError(
        'FORBIDDEN',
        403,
        'Acceptez la nouvelle version de la charte du bénévole pour continuer.',
      )
    }
  }

  private toVolunteerNeed(volunteer: VolunteerRow, row: NeedRow): VolunteerNeed {
    const mine = row.volunteer_id === volunteer.id
    const state: VolunteerNeed['state'] =
      row.status === 'open' || row.status === 'offered'
        ? 'available'
        : mine && row.status === 'accepted'
          ? 'mine'
          : mine && row.status === 'done'
            ? 'done'
            : 'taken'
    return {
      id: row.id,
      kind: row.kind as HelpKind,
      description: row.description,
      wantedDate: row.wanted_date,
      timeSlot: row.time_slot,
      recurrence: row.recurrence,
      urgency: row.urgency,
      distanceKm: distanceKm(volunteer, row),
      state,
      senior:
        state === 'mine' && row.senior_name
          ? { name: row.senior_name, address: row.senior_address, phone: row.senior_phone }
          : null,
    }
  }

  async volunteerNeeds(volunteer: VolunteerSession) {
    this.assertActive(volunteer)
    const rows = await this.repo.volunteerNeeds(volunteer.organisation_id, volunteer.id)
    return rows.map((row) => this.toVolunteerNeed(volunteer, row))
  }

  /** The first volunteer to accept gets the need; the others see it taken. */
  async accept(volunteer: VolunteerSession, needId: string) {
    this.assertActive(volunteer)
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo.lockNeed(trx, volunteer.organisation_id, needId)
      if (!row || !['open', 'offered', 'accepted'].includes(row.status)) throw notFound()
      if (row.status === 'accepted') {
        throw new AppError(
          'VALIDATION_FAILED',
          409,
          'Ce besoin a déjà été pris en charge par un autre bénévole.',
        )
      }
      const acceptedAt = new Date()
      await this.repo.updateNeed(trx, volunteer.organisation_id, needId, {
        status: 'accepted',
        volunteer_id: volunteer.id,
        accepted_at: acceptedAt,
      })
      await recordAudit(trx, this.volunteerAuditor(volunteer), {
        action: 'network.need.accept',
        entityType: 'network_need',
        entityId: needId,
        personId: row.person_id,
      })
      return this.toVolunteerNeed(volunteer, {
        ...row,
        status: 'accepted',
        volunteer_id: volunteer.id,
        accepted_at: acceptedAt,
      })
    })
  }

  /** Changes a need the volunteer accepted and holds: done, or given back. */
  private changeMine(
    volunteer: VolunteerSession,
    needId: string,
    action: 'network.need.done' | 'network.need.release',
    values: Updateable<NetworkNeedTable>,
    then?: (trx: Kysely<Database>, row: NeedRow) => Promise<void>,
  ) {
    this.assertActive(volunteer)
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo.lockNeed(trx, volunteer.organisation_id, needId)
      if (!row || row.volunteer_id !== volunteer.id || row.status !== 'accepted') throw notFound()
      await this.repo.updateNeed(trx, volunteer.organisation_id, needId, values)
      await recordAudit(trx, this.volunteerAuditor(volunteer), {
        action,
        entityType: 'network_need',
        entityId: needId,
        personId: row.person_id,
      })
      await then?.(trx, row)
      return this.toVolunteerNeed(volunteer, { ...row, ...values } as NeedRow)
    })
  }

  /** Done, with a short report: the senior's details are erased; a weekly need goes on next week. */
  markDone(volunteer: VolunteerSession, needId: string, report: string) {
    const values = {
      status: 'done' as const,
      report,
      done_at: new Date(),
      senior_name: null,
      senior_address: null,
      senior_phone: null,
    }
    return this.changeMine(volunteer, needId, 'network.need.done', values, async (trx, row) => {
      if (row.recurrence === 'weekly') await this.nextOccurrence(trx, row, volunteer)
    })
  }

  /**
   * A weekly need goes on: its next occurrence, a week after this one, stays with the same volunteer
   * (the senior keeps the neighbour they know) until the volunteer gives it back or the coordinator
   * cancels it.
   */
  private async nextOccurrence(trx: Kysely<Database>, row: NeedRow, volunteer: VolunteerRow) {
    const today = todayInFrance()
    const after = addDays(row.wanted_date ?? today, 7)
    const { id } = await this.repo.insertNeed(trx, {
      organisation_id: row.organisation_id,
      person_id: row.person_id,
      kind: row.kind,
      description: row.description,
      wanted_date: after < today ? addDays(today, 7) : after,
      time_slot: row.time_slot,
      recurrence: 'weekly',
      urgency: row.urgency,
      latitude: row.latitude,
      longitude: row.longitude,
      escalate_after_hours: row.escalate_after_hours,
      senior_name: row.senior_name,
      senior_address: row.senior_address,
      senior_phone: row.senior_phone,
      status: 'accepted',
      volunteer_id: volunteer.id,
      accepted_at: new Date(),
      previous_need_id: row.id,
      created_by: row.created_by,
    })
    await recordAudit(trx, this.volunteerAuditor(volunteer), {
      action: 'network.need.recur',
      entityType: 'network_need',
      entityId: id,
      personId: row.person_id,
    })
  }

  /**
   * A volunteer who can no longer help gives the need back: it is open again for the others, and the
   * senior's details leave this volunteer's view.
   */
  release(volunteer: VolunteerSession, needId: string) {
    // It waits again from now, and the coordinators will be told again if nobody takes it.
    return this.changeMine(volunteer, needId, 'network.need.release', {
      status: 'open',
      volunteer_id: null,
      accepted_at: null,
      waiting_since: new Date(),
      coordinator_alerted_at: null,
    })
  }

  async memberReport(volunteer: VolunteerSession, input: z.infer<typeof memberReportInputSchema>) {
    this.assertActive(volunteer)
    await this.db.transaction().execute(async (trx) => {
      const row = await this.repo.insertMemberReport(trx, {
        organisation_id: volunteer.organisation_id,
        volunteer_id: volunteer.id,
        about: input.about,
        location: input.location ?? null,
      })
      await recordAudit(trx, this.volunteerAuditor(volunteer), {
        action: 'network.member_report.create',
        entityType: 'network_member_report',
        entityId: row.id,
      })
    })
    return { ok: true as const }
  }

  /**
   * A citizen's report, from the public form of the reports module, about someone who seems isolated at
   * home: it joins the coordinator's queue beside the volunteers' own. Runs in the caller's transaction.
   */
  async receiveCitizenReport(
    db: Kysely<Database>,
    organisationId: string,
    input: { reportId: string; about: string; location: string | null },
  ) {
    await this.repo.insertMemberReport(db, {
      organisation_id: organisationId,
      source: 'citizen',
      citizen_report_id: input.reportId,
      about: input.about,
      location: input.location,
    })
  }

  // ----- the coordinator: volunteers -----

  private toVolunteer(row: VolunteerRow & { active_needs: string }): Volunteer {
    return {
      id: row.id,
      firstName: row.first_name,
      lastName: row.last_name,
      email: row.email,
      phone: row.phone,
      neighbourhood: row.neighbourhood,
      located: row.latitude !== null,
      latitude: row.latitude,
      longitude: row.longitude,
      helpKinds: row.help_kinds as HelpKind[],
      availability: row.availability,
      maxDistanceKm: row.max_distance_km,
      charterVersion: row.charter_version,
      status: row.status,
      statusReason: row.status_reason,
      professionalSkill: row.professional_skill,
      activeNeeds: Number(row.active_needs),
      createdAt: iso(row.created_at)!,
    }
  }

  private async oneVolunteer(actor: Actor, id: string, db: Kysely<Database>) {
    const [row] = await this.repo.volunteers(actor.organisationId, { id }, db)
    if (!row) throw notFound()
    return row
  }

  async listVolunteers(actor: Actor, query: { status?: VolunteerRow['status'] }) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const rows = await this.repo.volunteers(actor.organisationId, { status: query.status }, trx)
      await recordAudit(trx, actor, { action: 'volunteer.list', entityType: 'volunteer' })
      return rows.map((row) => this.toVolunteer(row))
    })
  }

  /** Vetting: approve, refuse or suspend, with a reason for the last two. */
  async setVolunteerStatus(actor: Actor, id: string, input: z.infer<typeof volunteerStatusInputSchema>) {
    assertAllowed(actor, 'network.coordinate')
    if (input.status !== 'approved' && !input.reason) {
      throw validationError('reason', 'Indiquez le motif du refus ou de la suspension.')
    }
    return this.db.transaction().execute(async (trx) => {
      const current = await this.oneVolunteer(actor, id, trx)
      if (current.status === input.status) {
        throw validationError(
          'status',
          `Ce bénévole est déjà « ${VOLUNTEER_STATUS.labels[input.status].toLowerCase()} ».`,
        )
      }
      await this.repo.updateVolunteer(trx, actor.organisationId, id, {
        status: input.status,
        status_reason: input.reason ?? null,
        status_changed_at: new Date(),
      })
      await recordAudit(trx, actor, {
        action: `volunteer.${input.status}`,
        entityType: 'volunteer',
        entityId: id,
      })
      if (input.status !== 'approved') {
        // Whoever may no longer help gives back what they held: the seniors are not left waiting.
        for (const need of await this.repo.releaseAllOf(trx, actor.organisationId, id)) {
          await recordAudit(trx, actor, {
            action: 'network.need.release',
            entityType: 'network_need',
            entityId: need.id,
            personId: need.person_id,
          })
        }
      }
      if (input.status === 'approved') {
        const organisation = await this.organisations.publicOrganisation(actor.organisationId, trx)
        await enqueueEmail(
          trx,
          volunteerApprovedEmail(
            current.email,
            organisation?.name ?? '',
            this.portalUrl(actor.organisationId),
          ),
          actor.organisationId,
        )
      }
      return this.toVolunteer(await this.oneVolunteer(actor, id, trx))
    })
  }

  /** The coordinator marks a professional skill, or places a volunteer on the map. */
  async updateVolunteer(actor: Actor, id: string, input: z.infer<typeof volunteerUpdateSchema>) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      await this.oneVolunteer(actor, id, trx)
      const placing = input.latitude !== undefined || input.neighbourhoodId !== undefined
      // The coordinator places by hand: the address is not geocoded again.
      const place = placing ? await this.placeOf(actor.organisationId, input, null, trx) : null
      await this.repo.updateVolunteer(trx, actor.organisationId, id, {
        ...(input.professionalSkill !== undefined ? { professional_skill: input.professionalSkill } : {}),
        ...(placing ? { latitude: place?.latitude ?? null, longitude: place?.longitude ?? null } : {}),
        ...(place?.neighbourhood ? { neighbourhood: place.neighbourhood } : {}),
      })
      await recordAudit(trx, actor, { action: 'volunteer.update', entityType: 'volunteer', entityId: id })
      return this.toVolunteer(await this.oneVolunteer(actor, id, trx))
    })
  }

  // ----- the coordinator: needs -----

  private toNeed(row: NeedListRow, names: Map<string, { displayName: string }>): Need {
    return {
      id: row.id,
      personId: row.person_id,
      personName: names.get(row.person_id)?.displayName ?? '',
      kind: row.kind as HelpKind,
      description: row.description,
      wantedDate: row.wanted_date,
      timeSlot: row.time_slot,
      recurrence: row.recurrence,
      urgency: row.urgency,
      status: row.status,
      volunteerId: row.volunteer_id,
      volunteerName: row.volunteer_name,
      offeredCount: Number(row.offered_count),
      overdue: row.overdue,
      report: row.report,
      escalatedTo: row.escalated_to,
      escalationPartner: row.escalation_partner,
      escalatedAutomatically: row.escalated_automatically,
      escalatedAt: iso(row.escalated_at),
      escalationOutcome: row.escalation_outcome,
      escalationOutcomeAt: iso(row.escalation_outcome_at),
      escalateAfterHours: row.escalate_after_hours,
      located: row.latitude !== null,
      frontdeskContactId: row.frontdesk_contact_id,
      previousNeedId: row.previous_need_id,
      createdAt: iso(row.created_at)!,
      acceptedAt: iso(row.accepted_at),
      doneAt: iso(row.done_at),
    }
  }

  private async toNeeds(actor: Actor, rows: NeedListRow[], db: Kysely<Database>) {
    const ids = rows.map((row) => row.person_id)
    const names = await this.people.visiblePeople(actor, ids, db)
    // A need about a senior filed under a confidential team is seen only by those who see the file.
    return rows.filter((row) => names.has(row.person_id)).map((row) => this.toNeed(row, names))
  }

  private async oneNeed(actor: Actor, id: string, db: Kysely<Database>) {
    const [row] = await this.repo.needs(actor.organisationId, { id }, db)
    if (!row || !(await this.people.visiblePeople(actor, [row.person_id], db)).has(row.person_id)) {
      throw notFound()
    }
    return row
  }

  /** Locks a need the actor may see, for a change. */
  private async lockVisible(actor: Actor, id: string, db: Kysely<Database>) {
    const row = await this.repo.lockNeed(db, actor.organisationId, id)
    if (!row || !(await this.people.visiblePeople(actor, [row.person_id], db)).has(row.person_id)) {
      throw notFound()
    }
    return row
  }

  /** A need as the API gives it; toNeeds keeps it only if the actor may see the senior's file. */
  private async needOut(actor: Actor, id: string, db: Kysely<Database>) {
    const [need] = await this.toNeeds(actor, await this.repo.needs(actor.organisationId, { id }, db), db)
    if (!need) throw notFound()
    return need
  }

  /** A need for a senior whose file the actor may read; their contact details are copied for the volunteer. */
  async createNeed(actor: Actor, input: z.output<typeof needInputSchema> & NeedInput) {
    assertAllowed(actor, 'network.need.create')
    const person = await this.people.get(actor, input.personId).catch((error: unknown) => {
      if (isAppError(error) && error.status === 404) throw validationError('personId', 'Personne inconnue.')
      throw error
    })
    if (input.frontdeskContactId) {
      await this.frontdesk.get(actor, input.frontdeskContactId).catch((error: unknown) => {
        if (isAppError(error) && (error.status === 404 || error.status === 403)) {
          throw validationError('frontdeskContactId', 'Contact d’accueil inconnu.')
        }
        throw error
      })
    }
    const name = [person.firstNames, person.usageName ?? person.lastName].filter(Boolean).join(' ') || '—'
    const address = [person.address, [person.postalCode, person.city].filter(Boolean).join(' ')]
      .filter(Boolean)
      .join(', ')
    const place = await this.placeOf(actor.organisationId, input, address || null, this.db)
    const settings = await this.repo.settings(actor.organisationId)
    return this.db.transaction().execute(async (trx) => {
      const { id } = await this.repo.insertNeed(trx, {
        organisation_id: actor.organisationId,
        person_id: person.mergedIntoId ?? person.id,
        kind: input.kind,
        description: input.description ?? null,
        wanted_date: input.wantedDate ?? null,
        time_slot: input.timeSlot ?? null,
        recurrence: input.recurrence,
        urgency: input.urgency,
        latitude: place?.latitude ?? null,
        longitude: place?.longitude ?? null,
        escalate_after_hours: input.escalateAfterHours ?? settings.escalate_after_hours,
        frontdesk_contact_id: input.frontdeskContactId ?? null,
        senior_name: name,
        senior_address: address || null,
        senior_phone: person.phone,
        created_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'network.need.create',
        entityType: 'network_need',
        entityId: id,
        personId: person.id,
      })
      return this.needOut(actor, id, trx)
    })
  }

  async listNeeds(actor: Actor, query: z.infer<typeof needListQuerySchema>) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const rows = await this.repo.needs(actor.organisationId, query, trx)
      await recordAudit(trx, actor, { action: 'network.need.list', entityType: 'network_need' })
      return this.toNeeds(actor, rows, trx)
    })
  }

  /** Ranked candidates: available on the wanted day first, then the nearest, then the least busy. */
  private async ranked(actor: Actor, need: NeedRow, db: Kysely<Database>) {
    const rows = await this.repo.candidates(actor.organisationId, need.kind, CHARTER_VERSION, db)
    return rows
      .map((row) => ({
        row,
        distance: distanceKm(row, need),
        available: isAvailable(row.availability, need),
        load: Number(row.active_needs),
      }))
      .filter((c) => c.distance === null || c.distance <= c.row.max_distance_km)
      .sort(
        (a, b) =>
          Number(b.available) - Number(a.available) ||
          (a.distance ?? Number.POSITIVE_INFINITY) - (b.distance ?? Number.POSITIVE_INFINITY) ||
          a.load - b.load,
      )
  }

  async matches(actor: Actor, id: string) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const need = await this.oneNeed(actor, id, trx)
      const ranked = await this.ranked(actor, need, trx)
      await recordAudit(trx, actor, {
        action: 'network.need.match',
        entityType: 'network_need',
        entityId: id,
      })
      return ranked.map((c) => ({
        volunteerId: c.row.id,
        name: `${c.row.first_name} ${c.row.last_name}`,
        distanceKm: c.distance,
        available: c.available,
        activeNeeds: c.load,
        professionalSkill: c.row.professional_skill,
      }))
    })
  }

  /** Offers the need to the best `count` candidates not offered it yet, each told by e-mail. */
  async offer(actor: Actor, id: string, requested: number | undefined) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const need = await this.lockVisible(actor, id, trx)
      const count = requested ?? (await this.repo.settings(actor.organisationId, trx)).offer_count
      if (need.status !== 'open' && need.status !== 'offered') {
        throw validationError(
          'status',
          `Ce besoin est « ${NEED_STATUS.labels[need.status].toLowerCase()} » : il ne peut plus être proposé.`,
        )
      }
      const already = new Set(
        (
          await trx.selectFrom('network_offers').select('volunteer_id').where('need_id', '=', id).execute()
        ).map((o) => o.volunteer_id),
      )
      const chosen = (await this.ranked(actor, need, trx))
        .filter((c) => !already.has(c.row.id))
        .slice(0, count)
      if (chosen.length === 0)
        throw validationError('count', 'Aucun autre bénévole disponible pour ce besoin.')
      await this.repo.addOffers(
        trx,
        actor.organisationId,
        id,
        chosen.map((c) => c.row.id),
      )
      await this.repo.updateNeed(trx, actor.organisationId, id, { status: 'offered' })
      const link = this.portalUrl(actor.organisationId, `?besoin=${id}`)
      for (const c of chosen) {
        await enqueueEmail(
          trx,
          needOfferedEmail(c.row.email, need.kind as HelpKind, link),
          actor.organisationId,
        )
      }
      await recordAudit(trx, actor, {
        action: 'network.need.offer',
        entityType: 'network_need',
        entityId: id,
      })
      return this.needOut(actor, id, trx)
    })
  }

  async cancel(actor: Actor, id: string) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const need = await this.lockVisible(actor, id, trx)
      if (!['open', 'offered', 'accepted'].includes(need.status)) {
        throw validationError('status', 'Ce besoin est déjà clos.')
      }
      await this.repo.updateNeed(trx, actor.organisationId, id, {
        status: 'cancelled',
        cancelled_at: new Date(),
        senior_name: null,
        senior_address: null,
        senior_phone: null,
      })
      await recordAudit(trx, actor, {
        action: 'network.need.cancel',
        entityType: 'network_need',
        entityId: id,
        personId: need.person_id,
      })
      return this.needOut(actor, id, trx)
    })
  }

  /** A need nobody took goes to a partner association or an internal team, with what came of it. */
  async escalate(actor: Actor, id: string, input: z.infer<typeof escalateInputSchema>) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const need = await this.lockVisible(actor, id, trx)
      if (need.status !== 'open' && need.status !== 'offered') {
        throw validationError('status', 'Seul un besoin qui n’a pas trouvé de bénévole peut être transmis.')
      }
      const byId = input.to === 'internal_team' ? { teamId: input.teamId } : { partnerId: input.partnerId }
      const target = await this.repo.escalationTarget(actor.organisationId, byId, trx)
      if ((byId.teamId || byId.partnerId) && !target) {
        throw validationError(input.to === 'internal_team' ? 'teamId' : 'partnerId', 'Destinataire inconnu.')
      }
      const recipients = await this.recipientsOf(trx, actor.organisationId, {
        to: input.to,
        partnerId: input.to === 'partner' ? (input.partnerId ?? null) : null,
        teamId: input.to === 'internal_team' ? (input.teamId ?? null) : null,
        name: target?.name ?? input.partnerName ?? '',
        email: target?.email ?? null,
      })
      await this.escalateNeed(trx, need, recipients, false)
      if (input.outcome) {
        await this.repo.updateNeed(trx, actor.organisationId, id, {
          escalation_outcome: input.outcome,
          escalation_outcome_at: new Date(),
        })
      }
      await recordAudit(trx, actor, {
        action: 'network.need.escalate',
        entityType: 'network_need',
        entityId: id,
        personId: need.person_id,
      })
      return this.needOut(actor, id, trx)
    })
  }

  /**
   * Who is told of an escalation: the partner (signed with the organisation's name) or the team's
   * members. Looked up once, whether one need is escalated or a sweep escalates many.
   */
  private async recipientsOf(
    trx: Kysely<Database>,
    organisationId: string,
    target: Omit<EscalationTarget, 'organisationName' | 'teamEmails'>,
  ): Promise<EscalationTarget> {
    const organisation =
      target.partnerId && target.email
        ? await this.organisations.publicOrganisation(organisationId, trx)
        : undefined
    const team = target.teamId ? await this.repo.teamEmails(organisationId, target.teamId, trx) : []
    return { ...target, organisationName: organisation?.name ?? '', teamEmails: team.map((m) => m.email) }
  }

  /** Escalates a locked need and tells the partner or the team, without a word about the senior. */
  private async escalateNeed(
    trx: Kysely<Database>,
    need: Pick<NeedRow, 'id' | 'organisation_id' | 'kind' | 'urgency'>,
    target: EscalationTarget,
    automatic: boolean,
  ) {
    await this.repo.updateNeed(trx, need.organisation_id, need.id, {
      status: 'escalated',
      escalated_at: new Date(),
      escalated_automatically: automatic,
      escalated_to: target.to,
      escalation_partner: target.name,
      escalation_partner_id: target.partnerId,
      escalation_team_id: target.teamId,
      senior_name: null,
      senior_address: null,
      senior_phone: null,
    })
    const kind = need.kind as HelpKind
    const urgent = need.urgency === 'urgent'
    if (target.partnerId && target.email) {
      await enqueueEmail(
        trx,
        needEscalatedToPartnerEmail(target.email, target.organisationName, kind, urgent),
        need.organisation_id,
      )
    }
    for (const email of target.teamEmails) {
      await enqueueEmail(
        trx,
        needEscalatedToTeamEmail(email, target.name, kind, urgent),
        need.organisation_id,
      )
    }
  }

  /** What came of an escalation, recorded when the partner or the team answers. */
  async recordEscalationOutcome(actor: Actor, id: string, outcome: string) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const need = await this.lockVisible(actor, id, trx)
      if (need.status !== 'escalated') {
        throw validationError('outcome', 'Ce besoin n’a pas été transmis.')
      }
      await this.repo.updateNeed(trx, actor.organisationId, id, {
        escalation_outcome: outcome,
        escalation_outcome_at: new Date(),
      })
      await recordAudit(trx, actor, {
        action: 'network.need.escalation_outcome',
        entityType: 'network_need',
        entityId: id,
        personId: need.person_id,
      })
      return this.needOut(actor, id, trx)
    })
  }

  /**
   * The periodic sweep: a need nobody accepted within its delay is escalated to the organisation's
   * partner or team; without one configured, the coordinators are told once. Each organisation's
   * coordinators get one e-mail per sweep, with counts only.
   */
  async escalateWaitingNeeds(now: Date, db: Kysely<Database>) {
    return db.transaction().execute(async (trx) => {
      const rows = await this.repo.waitingPastDelay(trx, now, SWEEP_BATCH)
      const byOrganisation = new Map<string, typeof rows>()
      for (const row of rows) {
        byOrganisation.set(row.organisation_id, [...(byOrganisation.get(row.organisation_id) ?? []), row])
      }
      for (const [organisationId, waiting] of byOrganisation) {
        const { escalation_partner_id: partnerId, escalation_team_id: teamId } = waiting[0]!
        const found =
          partnerId || teamId
            ? await this.repo.escalationTarget(organisationId, { partnerId, teamId }, trx)
            : undefined
        const target =
          found &&
          (await this.recipientsOf(trx, organisationId, {
            to: partnerId ? 'partner' : 'internal_team',
            partnerId,
            teamId,
            name: found.name,
            email: found.email,
          }))
        const counts = { escalated: 0, waiting: 0 }
        for (const row of waiting) {
          if (target) {
            // The sweep's select already locked the row.
            await this.escalateNeed(trx, row, target, true)
            await recordAudit(
              trx,
              { organisationId, userId: null, ip: null },
              {
                action: 'network.need.escalate_auto',
                entityType: 'network_need',
                entityId: row.id,
                personId: row.person_id,
              },
            )
            counts.escalated++
          } else {
            counts.waiting++
          }
        }
        const link = `${this.publicUrl}/reseau/besoins`
        for (const { email } of await this.repo.coordinatorEmails(organisationId, COORDINATOR_ROLES, trx)) {
          await enqueueEmail(trx, needsWaitingEmail(email, counts, link), organisationId)
        }
      }
      await this.repo.markCoordinatorsAlerted(
        trx,
        rows.map((row) => row.id),
        now,
      )
      return rows.length
    })
  }

  /**
   * The periodic notice of new reports of people who seem isolated: each organisation's coordinators
   * get one e-mail per sweep with counts, so that a worrying report does not wait for someone to look.
   */
  async announceNewReports(now: Date, db: Kysely<Database>) {
    return db.transaction().execute(async (trx) => {
      const rows = await this.repo.announceNewReports(trx, now, SWEEP_BATCH)
      const byOrganisation = new Map<string, { volunteer: number; citizen: number }>()
      for (const row of rows) {
        const counts = byOrganisation.get(row.organisation_id) ?? { volunteer: 0, citizen: 0 }
        counts[row.source]++
        byOrganisation.set(row.organisation_id, counts)
      }
      const link = `${this.publicUrl}/reseau/signalements`
      for (const [organisationId, counts] of byOrganisation) {
        for (const { email } of await this.repo.coordinatorEmails(organisationId, COORDINATOR_ROLES, trx)) {
          await enqueueEmail(trx, newReportsEmail(email, counts, link), organisationId)
        }
      }
      return rows.length
    })
  }

  // ----- settings and neighbourhoods -----

  private toSettings(row: Awaited<ReturnType<NetworkRepository['settings']>>): NetworkSettings {
    return {
      escalateAfterHours: row.escalate_after_hours,
      escalationPartnerId: row.escalation_partner_id,
      escalationTeamId: row.escalation_team_id,
      seniorsLineTeamId: row.seniors_line_team_id,
      offerCount: row.offer_count,
      mapTileUrl: this.map.tileUrl,
      mapTileAttribution: this.map.tileAttribution,
    }
  }

  async settings(actor: Actor) {
    assertAllowed(actor, 'network.coordinate')
    return this.toSettings(await this.repo.settings(actor.organisationId))
  }

  async saveSettings(actor: Actor, input: z.infer<typeof networkSettingsInputSchema>) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const checks = [
        ['escalationPartnerId', { partnerId: input.escalationPartnerId }],
        ['escalationTeamId', { teamId: input.escalationTeamId }],
        ['seniorsLineTeamId', { teamId: input.seniorsLineTeamId }],
      ] as const
      for (const [field, target] of checks) {
        if (
          Object.values(target)[0] &&
          !(await this.repo.escalationTarget(actor.organisationId, target, trx))
        ) {
          throw validationError(field, 'Valeur inconnue.')
        }
      }
      await this.repo.saveSettings(trx, {
        organisation_id: actor.organisationId,
        escalate_after_hours: input.escalateAfterHours,
        escalation_partner_id: input.escalationPartnerId,
        escalation_team_id: input.escalationTeamId,
        seniors_line_team_id: input.seniorsLineTeamId,
        offer_count: input.offerCount,
      })
      await recordAudit(trx, actor, { action: 'network.settings.update', entityType: 'network_settings' })
      return this.toSettings(await this.repo.settings(actor.organisationId, trx))
    })
  }

  /** Those who enter needs pick a neighbourhood too, so they may read the list. */
  async neighbourhoods(actor: Actor) {
    if (!roleAllows(actor.roles, 'network.need.create')) assertAllowed(actor, 'network.coordinate')
    return this.repo.neighbourhoods(actor.organisationId)
  }

  async addNeighbourhood(actor: Actor, input: z.infer<typeof neighbourhoodInputSchema>) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo.insertNeighbourhood(trx, {
        organisation_id: actor.organisationId,
        ...input,
      })
      if (!row) throw validationError('name', 'Ce quartier existe déjà.')
      await recordAudit(trx, actor, {
        action: 'network.neighbourhood.create',
        entityType: 'network_neighbourhood',
        entityId: row.id,
      })
      return (await this.repo.neighbourhood(actor.organisationId, row.id, trx))!
    })
  }

  /** Removing a centre leaves those placed by it where they are. */
  async removeNeighbourhood(actor: Actor, id: string) {
    assertAllowed(actor, 'network.coordinate')
    await this.db.transaction().execute(async (trx) => {
      const result = await this.repo.deleteNeighbourhood(trx, actor.organisationId, id)
      if (Number(result.numDeletedRows) === 0) throw notFound()
      await recordAudit(trx, actor, {
        action: 'network.neighbourhood.delete',
        entityType: 'network_neighbourhood',
        entityId: id,
      })
    })
    return { ok: true as const }
  }

  // ----- member reports -----

  private toMemberReport(row: Awaited<ReturnType<NetworkRepository['memberReports']>>[number]): MemberReport {
    return {
      id: row.id,
      source: row.source,
      volunteerName: row.volunteer_name,
      citizenReference: row.citizen_reference,
      about: row.about,
      location: row.location,
      status: row.status,
      outcome: row.outcome,
      closingNote: row.closing_note,
      createdAt: iso(row.created_at)!,
      closedAt: iso(row.closed_at),
    }
  }

  async memberReports(actor: Actor) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const rows = await this.repo.memberReports(actor.organisationId, undefined, trx)
      await recordAudit(trx, actor, {
        action: 'network.member_report.list',
        entityType: 'network_member_report',
      })
      return rows.map((row) => this.toMemberReport(row))
    })
  }

  /**
   * The coordinator closes a report with what came of it. Sent to the register team, it joins their
   * queue of referrals: the coordinator needs no access to the (confidential) register for that.
   */
  async closeMemberReport(actor: Actor, id: string, input: z.infer<typeof memberReportCloseSchema>) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const closed = await this.repo.closeMemberReport(trx, actor.organisationId, id, {
        outcome: input.outcome,
        closing_note: input.closingNote ?? null,
        closed_by: actor.userId,
      })
      if (!closed) {
        const [existing] = await this.repo.memberReports(actor.organisationId, id, trx)
        if (!existing) throw notFound()
        throw validationError('outcome', 'Ce signalement est déjà clos.')
      }
      if (input.outcome === 'register_referral') {
        await this.register.receiveReferral(trx, actor.organisationId, {
          memberReportId: id,
          about: closed.about,
          location: closed.location,
        })
      }
      await recordAudit(trx, actor, {
        action: 'network.member_report.close',
        entityType: 'network_member_report',
        entityId: id,
      })
      const [row] = await this.repo.memberReports(actor.organisationId, id, trx)
      return this.toMemberReport(row!)
    })
  }

  // ----- dashboard -----

  /** "236 needs met in 2020: shopping 55 %, courtesy visits 13 %…": counts, never a name. */
  async dashboard(actor: Actor, query: z.infer<typeof dashboardQuerySchema>): Promise<Dashboard> {
    assertAllowed(actor, 'network.coordinate')
    const statuses = await this.repo.volunteersByStatus(actor.organisationId)
    const needs = await this.repo.needsInPeriod(actor.organisationId, query.from, query.to)
    const byStatus = new Map(VOLUNTEER_STATUS.values.map((s) => [s, 0] as [string, number]))
    for (const row of statuses) byStatus.set(row.status, Number(row.n))
    const metByKind = new Map<string, number>()
    const byOutcome = new Map<string, number>()
    for (const need of needs) {
      byOutcome.set(need.status, (byOutcome.get(need.status) ?? 0) + 1)
      if (need.status === 'done') metByKind.set(need.kind, (metByKind.get(need.kind) ?? 0) + 1)
    }
    const settings = await this.repo.settings(actor.organisationId)
    const seniorsLineCalls = settings.seniors_line_team_id
      ? await this.frontdesk.teamContactTotal(actor.organisationId, settings.seniors_line_team_id, query)
      : null
    return {
      volunteersByStatus: share(byStatus, VOLUNTEER_STATUS.labels),
      needsMet: needs.filter((n) => n.status === 'done').length,
      needsMetByKind: share(metByKind, HELP_KIND.labels),
      needsByOutcome: share(byOutcome, NEED_STATUS.labels),
      medianHoursToAcceptance: median(
        needs.filter((n) => n.hours_to_accept !== null).map((n) => Number(n.hours_to_accept)),
      ),
      escalations: needs.filter((n) => n.escalated).length,
      automaticEscalations: needs.filter((n) => n.escalated_automatically).length,
      seniorsLineCalls,
    }
  }

  /** A senior's needs show on their timeline and in their access export, for those who handle needs. */
  timelineSource(): TimelineSource {
    const handles = (actor: Actor) =>
      roleAllows(actor.roles, 'network.coordinate') || roleAllows(actor.roles, 'network.need.create')
    const kindLabels: Record<string, string> = HELP_KIND.labels
    const rowsOf = (db: Kysely<Database>, actor: Actor, personIds: string[]) =>
      this.repo.needs(actor.organisationId, { personIds }, db)
    return {
      kind: 'network_need',
      label: 'Voisins solidaires',
      entries: async (db, actor, personIds) => {
        if (!handles(actor)) return []
        return (await rowsOf(db, actor, personIds)).map(
          (row): TimelineEntry => ({
            kind: 'network_need',
            kindLabel: 'Voisins solidaires',
            id: row.id,
            at: iso(row.created_at)!,
            title: `${kindLabels[row.kind] ?? row.kind} — ${NEED_STATUS.labels[row.status]}`,
            detail: row.report ?? row.description,
            personId: row.person_id,
          }),
        )
      },
      // A need is not a contact with the person: it is not their "last contact".
      latest: async () => new Map(),
      // The volunteer who helped is a third party: their name stays out of the person's export.
      export: async (db, actor, personIds) =>
        (await rowsOf(db, actor, personIds)).map((row) => ({
          kind: kindLabels[row.kind] ?? row.kind,
          status: NEED_STATUS.labels[row.status],
          description: row.description,
          wantedDate: row.wanted_date,
          createdAt: iso(row.created_at),
          doneAt: iso(row.done_at),
          report: row.report,
        })),
    }
  }
}
