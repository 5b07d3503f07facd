import type { Kysely, Updateable } from 'kysely'
import type { z } from 'zod'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import {
  CHARTER_TEXT,
  CHARTER_VERSION,
  type HelpKind,
  type memberReportInputSchema,
  type VolunteerMe,
  type VolunteerNeed,
  type VolunteerNeedSection,
  type VolunteerSignup,
} from '../../../shared/network.ts'
import type { Db } from '../../db/database.ts'
import type { Database, NetworkNeedTable } from '../../db/schema.ts'
import { type AuditActor, recordAudit } from '../../platform/audit.ts'
import { AppError, notFound } from '../../platform/errors.ts'
import type { LoginThrottle } from '../../platform/login-throttle.ts'
import { enqueueEmail } from '../../platform/outbox.ts'
import { hashPassword, verifyPassword } from '../../platform/passwords.ts'
import { hashToken, newToken } from '../../platform/tokens.ts'
import type { OrganisationService } from '../organisation/organisation.service.ts'
import { COORDINATOR_ROLES, distanceKm } from './network.common.ts'
import { signupReceivedEmail, weeklyReleaseLimitEmail } from './network.emails.ts'
import type { NeedRow, NetworkRepository, VolunteerRow } from './network.repository.ts'
import type { NetworkSettingsService } from './network.settings.service.ts'

const SESSION_HOURS = 12

/** A signed-in volunteer, resolved from their own session cookie, and the address they act from. */
export type VolunteerSession = VolunteerRow & { session_id: string; csrf_token: string; ip?: string | null }

/** Which of a senior's contact details a need shows its volunteer (the names of the fields, not them). */
function revealedDetails(row: Pick<NeedRow, 'senior_name' | 'senior_address' | 'senior_phone'>) {
  const shown = { name: row.senior_name, address: row.senior_address, phone: row.senior_phone }
  return Object.entries(shown).flatMap(([field, value]) => (value ? [field] : []))
}

const weekAgo = () => new Date(Date.now() - 7 * 86_400_000)

/** "2026-12-13" → "13/12/2026", as the portal shows dates. */
const formatFrenchDate = (date: string) => date.split('-').reverse().join('/')

/** The volunteer portal: sign-up, the volunteer's own session, the needs they see, take, finish or give back. */
export class NetworkPortalService {
  constructor(
    private readonly repo: NetworkRepository,
    private readonly organisations: Pick<OrganisationService, 'publicOrganisation'>,
    private readonly settings: NetworkSettingsService,
    /** The staff sign-in's guard against password guessing, per account and per address. */
    private readonly throttle: Pick<LoginThrottle, 'attempt'>,
    /** A volunteer's session ends after this long without activity, like a staff one. */
    private readonly sessionPolicy: { idleMinutes: number },
    /** Without a trailing slash, as the configuration gives it. */
    private readonly publicUrl: string,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

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
   * A neighbour signs up; they start pending. The answer is the same whether the address already has an
   * account or not: both get an e-mail, only a new one gets an account.
   */
  async signup(organisationId: string, input: VolunteerSignup) {
    const organisation = await this.organisations.publicOrganisation(organisationId)
    if (!organisation) throw notFound()
    const place = await this.settings.placeOf(organisationId, input, input.address ?? null, this.db)
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
          { organisationId, userId: null, volunteerId: row.id, ip: null },
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
    const attempt = await this.throttle.attempt(account, ip)
    const volunteer = await this.repo.volunteerByEmail(input.organisationId, input.email)
    const valid = await verifyPassword(volunteer?.password_hash ?? null, input.password)
    if (!volunteer || !valid) throw new AppError('INVALID_CREDENTIALS', 401)
    await attempt.succeeded()
    const token = newToken()
    const csrfToken = newToken(24)
    await this.db.transaction().execute(async (trx) => {
      await this.repo.insertSession(trx, {
        token_hash: hashToken(token),
        csrf_token: csrfToken,
        volunteer_id: volunteer.id,
        expires_at: new Date(Date.now() + SESSION_HOURS * 3_600_000),
      })
      await recordAudit(trx, this.volunteerAuditor({ ...volunteer, ip }), {
        action: 'volunteer.login',
        entityType: 'volunteer',
        entityId: volunteer.id,
      })
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
    return this.db.transaction().execute(async (trx) => {
      await this.repo.revokeSession(trx, volunteer.session_id)
      await recordAudit(trx, this.volunteerAuditor(volunteer), {
        action: 'volunteer.logout',
        entityType: 'volunteer',
        entityId: volunteer.id,
      })
    })
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

  /** A volunteer is not a staff user: the trail names them in `volunteer_id`, with their address. */
  private volunteerAuditor(volunteer: Pick<VolunteerSession, 'id' | 'organisation_id' | 'ip'>): AuditActor {
    return {
      organisationId: volunteer.organisation_id,
      userId: null,
      volunteerId: volunteer.id,
      ip: volunteer.ip ?? null,
    }
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
          ? {
              name: row.senior_name,
              address: row.senior_address,
              phone: row.senior_phone,
              contact:
                row.contact_name && row.contact_phone
                  ? { name: row.contact_name, phone: row.contact_phone }
                  : null,
              ccasIntroduces: row.ccas_introduces,
            }
          : null,
    }
  }

  /** What the volunteer sees; the seniors whose details it shows are in the trail. */
  async volunteerNeeds(
    volunteer: VolunteerSession,
    query: { section?: VolunteerNeedSection; page: number; pageSize: number },
  ) {
    this.assertActive(volunteer)
    const page = { page: query.page, pageSize: query.pageSize }
    return this.db.transaction().execute(async (trx) => {
      const { rows, total } = await this.repo.volunteerNeeds(
        volunteer.organisation_id,
        volunteer.id,
        query.section,
        page,
        trx,
      )
      const needs = rows.map((row) => this.toVolunteerNeed(volunteer, row))
      const shown = rows.filter((_, i) => needs[i]!.senior !== null)
      if (shown.length > 0) {
        await recordAudit(trx, this.volunteerAuditor(volunteer), {
          action: 'network.need.list',
          entityType: 'network_need',
          personIds: shown.map((row) => row.person_id),
          details: { needs: shown.map((row) => ({ needId: row.id, revealed: revealedDetails(row) })) },
        })
      }
      return { items: needs, total, ...page }
    })
  }

  /**
   * The first volunteer to accept gets the need; the others see it taken. Accepting shows the senior's
   * name, address and phone: a volunteer who gave back as many needs as the weekly limit within 7 days
   * accepts no more until the oldest of them is a week old.
   */
  async accept(volunteer: VolunteerSession, needId: string) {
    this.assertActive(volunteer)
    const refusal = await this.db.transaction().execute(async (trx) => {
      await this.repo.lockVolunteer(trx, volunteer.organisation_id, volunteer.id)
      const limit = (await this.repo.settings(volunteer.organisation_id, trx)).weekly_release_limit
      const released = await this.repo.releasesSince(trx, volunteer.organisation_id, volunteer.id, weekAgo())
      if (released.count < limit) return null
      await recordAudit(trx, this.volunteerAuditor(volunteer), {
        action: 'network.need.accept_refused',
        entityType: 'network_need',
        entityId: needId,
        details: { releasedThisWeek: released.count, limit },
      })
      return { count: released.count, until: addDays(todayInFrance(released.oldest!), 7) }
    })
    if (refusal) {
      throw new AppError(
        'WEEKLY_LIMIT_REACHED',
        429,
        `Vous avez rendu ${refusal.count} besoin${refusal.count > 1 ? 's' : ''} ces 7 derniers jours : pour protéger les personnes aidées, vous pourrez de nouveau en accepter à partir du ${formatFrenchDate(refusal.until)}. La coordination du réseau en est informée.`,
      )
    }
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
        details: { revealed: revealedDetails(row) },
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
      // One action of a volunteer at a time: the week's count of needs given back stays exact.
      await this.repo.lockVolunteer(trx, volunteer.organisation_id, volunteer.id)
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
      contact_name: null,
      contact_phone: null,
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
      contact_name: row.contact_name,
      contact_phone: row.contact_phone,
      ccas_introduces: row.ccas_introduces,
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
      details: { revealed: revealedDetails(row) },
    })
  }

  /**
   * A volunteer who can no longer help gives the need back: it is open again for the others, and the
   * senior's details leave this volunteer's view.
   */
  release(volunteer: VolunteerSession, needId: string) {
    // It waits again from now, and the coordinators will be told again if nobody takes it.
    const values = {
      status: 'open' as const,
      volunteer_id: null,
      accepted_at: null,
      waiting_since: new Date(),
      coordinator_alerted_at: null,
    }
    return this.changeMine(volunteer, needId, 'network.need.release', values, (trx) =>
      this.warnAtWeeklyLimit(trx, volunteer),
    )
  }

  /** The give-back that reaches the weekly limit tells the coordinators, by count, once. */
  private async warnAtWeeklyLimit(trx: Kysely<Database>, volunteer: VolunteerSession) {
    const organisationId = volunteer.organisation_id
    const limit = (await this.repo.settings(organisationId, trx)).weekly_release_limit
    const released = await this.repo.releasesSince(trx, organisationId, volunteer.id, weekAgo())
    if (released.count !== limit) return
    const link = `${this.publicUrl}/reseau/benevoles`
    for (const { email } of await this.repo.coordinatorEmails(organisationId, COORDINATOR_ROLES, trx)) {
      await enqueueEmail(trx, weeklyReleaseLimitEmail(email, released.count, link), organisationId)
    }
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
}
