import type { Kysely } from 'kysely'
import type { z } from 'zod'
import {
  CHARTER_TEXT,
  CHARTER_VERSION,
  type Dashboard,
  type dashboardQuerySchema,
  type escalateInputSchema,
  HELP_KIND,
  type HelpKind,
  type memberReportInputSchema,
  NEED_STATUS,
  type Need,
  type NeedInput,
  type needInputSchema,
  type needListQuerySchema,
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
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, notFound, validationError } from '../../platform/errors.ts'
import type { LoginThrottle } from '../../platform/login-throttle.ts'
import { enqueueEmail } from '../../platform/outbox.ts'
import { hashPassword, verifyPassword } from '../../platform/passwords.ts'
import { type Actor, assertAllowed, isAppError } from '../../platform/permissions.ts'
import type { TimelineSource } from '../../platform/timeline.ts'
import { hashToken, newToken } from '../../platform/tokens.ts'
import type { FrontdeskService } from '../frontdesk/frontdesk.service.ts'
import type { OrganisationService } from '../organisation/organisation.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import { needOfferedEmail, signupReceivedEmail, volunteerApprovedEmail } from './network.emails.ts'
import type { NeedRow, NetworkRepository, VolunteerRow } from './network.repository.ts'

const iso = (date: Date | string | null) => (date === null ? null : new Date(date).toISOString())
const SESSION_HOURS = 12
type NeedListRow = Awaited<ReturnType<NetworkRepository['needs']>>[number]
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const

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
    private readonly frontdesk: Pick<FrontdeskService, 'get' | 'counts'>,
    private readonly organisations: Pick<OrganisationService, 'publicOrganisation'>,
    private readonly publicUrl: string,
    /** The staff sign-in's guard against password guessing, per account and per address. */
    private readonly throttle: Pick<LoginThrottle, 'assertAllowed' | 'record'>,
    /** A volunteer's session ends after this long without activity, like a staff one. */
    private readonly sessionPolicy: { idleMinutes: number },
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  /** The organisation's portal: the link works whether the installation holds one organisation or many. */
  private portalUrl(organisationId: string, path = '') {
    return `${this.publicUrl.replace(/\/$/, '')}/benevoles/${organisationId}${path}`
  }

  // ----- the volunteer portal -----

  async portal(organisationId: string | undefined) {
    const organisation = await this.organisations.publicOrganisation(organisationId)
    if (!organisation) throw notFound()
    return {
      organisationId: organisation.id,
      organisationName: organisation.name,
      charterVersion: CHARTER_VERSION,
      charterText: CHARTER_TEXT,
    }
  }

  /**
   * A neighbour signs up; they start pending. The answer is the same whether the address already has an
   * account or not: both get an e-mail, only a new one gets an account.
   */
  async signup(organisationId: string, input: VolunteerSignup) {
    const organisation = await this.organisations.publicOrganisation(organisationId)
    if (!organisation) throw notFound()
    if ((input.latitude == null) !== (input.longitude == null)) {
      throw validationError('latitude', 'Indiquez la latitude et la longitude, ou aucune des deux.')
    }
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
        neighbourhood: input.neighbourhood ?? null,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
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

  async markDone(volunteer: VolunteerSession, needId: string, report: string) {
    this.assertActive(volunteer)
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo.lockNeed(trx, volunteer.organisation_id, needId)
      if (!row || row.volunteer_id !== volunteer.id || row.status !== 'accepted') throw notFound()
      const values = {
        status: 'done' as const,
        report,
        done_at: new Date(),
        senior_name: null,
        senior_address: null,
        senior_phone: null,
      }
      await this.repo.updateNeed(trx, volunteer.organisation_id, needId, values)
      await recordAudit(trx, this.volunteerAuditor(volunteer), {
        action: 'network.need.done',
        entityType: 'network_need',
        entityId: needId,
        personId: row.person_id,
      })
      return this.toVolunteerNeed(volunteer, { ...row, ...values })
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
    if ((input.latitude == null) !== (input.longitude == null)) {
      throw validationError('latitude', 'Indiquez la latitude et la longitude, ou aucune des deux.')
    }
    return this.db.transaction().execute(async (trx) => {
      await this.oneVolunteer(actor, id, trx)
      await this.repo.updateVolunteer(trx, actor.organisationId, id, {
        ...(input.professionalSkill !== undefined ? { professional_skill: input.professionalSkill } : {}),
        ...(input.latitude !== undefined
          ? { latitude: input.latitude, longitude: input.longitude ?? null }
          : {}),
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
      escalationOutcome: row.escalation_outcome,
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
    await this.oneNeed(actor, id, db)
    const row = await this.repo.lockNeed(db, actor.organisationId, id)
    if (!row) throw notFound()
    return row
  }

  private async needOut(actor: Actor, id: string, db: Kysely<Database>) {
    return (await this.toNeeds(actor, [await this.oneNeed(actor, id, db)], db))[0]!
  }

  /** A need for a senior whose file the actor may read; their contact details are copied for the volunteer. */
  async createNeed(actor: Actor, input: z.output<typeof needInputSchema> & NeedInput) {
    assertAllowed(actor, 'network.need.create')
    if ((input.latitude == null) !== (input.longitude == null)) {
      throw validationError('latitude', 'Indiquez la latitude et la longitude, ou aucune des deux.')
    }
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
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        escalate_after_hours: input.escalateAfterHours,
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
  async offer(actor: Actor, id: string, count: number) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const need = await this.lockVisible(actor, id, trx)
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
      await this.repo.updateNeed(trx, actor.organisationId, id, {
        status: 'escalated',
        escalated_at: new Date(),
        escalated_to: input.to,
        escalation_partner: input.partnerName,
        escalation_outcome: input.outcome ?? null,
        senior_name: null,
        senior_address: null,
        senior_phone: null,
      })
      await recordAudit(trx, actor, {
        action: 'network.need.escalate',
        entityType: 'network_need',
        entityId: id,
        personId: need.person_id,
      })
      return this.needOut(actor, id, trx)
    })
  }

  // ----- member reports -----

  private toMemberReport(row: Awaited<ReturnType<NetworkRepository['memberReports']>>[number]) {
    return {
      id: row.id,
      volunteerName: row.volunteer_name,
      about: row.about,
      location: row.location,
      status: row.status,
      closingNote: row.closing_note,
      createdAt: iso(row.created_at)!,
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

  async closeMemberReport(actor: Actor, id: string, closingNote: string | null | undefined) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const result = await this.repo.closeMemberReport(
        trx,
        actor.organisationId,
        id,
        actor.userId,
        closingNote ?? null,
      )
      if (Number(result.numUpdatedRows) === 0) throw notFound()
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
    let seniorsLineCalls: number | null = null
    if (query.teamId && roleAllows(actor.roles, 'indicators.read')) {
      seniorsLineCalls = (
        await this.frontdesk.counts(actor, {
          from: query.from,
          to: query.to,
          teamId: query.teamId,
          groupBy: [],
        })
      ).total
    }
    return {
      volunteersByStatus: share(byStatus, VOLUNTEER_STATUS.labels),
      needsMet: needs.filter((n) => n.status === 'done').length,
      needsMetByKind: share(metByKind, HELP_KIND.labels),
      needsByOutcome: share(byOutcome, NEED_STATUS.labels),
      medianHoursToAcceptance: median(
        needs.filter((n) => n.hours_to_accept !== null).map((n) => Number(n.hours_to_accept)),
      ),
      escalations: needs.filter((n) => n.escalated).length,
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
