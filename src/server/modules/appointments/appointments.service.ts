import ical from 'ical-generator'
import type { Kysely } from 'kysely'
import type { z } from 'zod'
import {
  APPOINTMENT_STATUS,
  type Appointment,
  type AppointmentStatus,
  type appointmentInputSchema,
  type appointmentListQuerySchema,
  type appointmentStatusInputSchema,
  BOOKING_DAYS_AHEAD,
  BOOKING_DAYS_BACK,
  type countsQuerySchema,
  MAX_APPOINTMENT_MINUTES,
  OUTCOME_STATUSES,
  type slotInputSchema,
  type Week,
  type weekQuerySchema,
} from '../../../shared/appointments.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import { personDisplayName, type TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, notFound, validationError } from '../../platform/errors.ts'
import { enqueueEmail } from '../../platform/outbox.ts'
import { type Actor, assertAllowed, canSeeConfidentialTeam } from '../../platform/permissions.ts'
import type { TimelineSource } from '../../platform/timeline.ts'
import { hashToken, newToken } from '../../platform/tokens.ts'
import type { PeopleService } from '../people/people.service.ts'
import { appointmentReminderEmail } from './appointments.emails.ts'
import { type AppointmentsRepository, PROFESSIONAL_ROLES, REMINDER_BATCH } from './appointments.repository.ts'

type AppointmentRow = NonNullable<Awaited<ReturnType<AppointmentsRepository['appointment']>>>
const iso = (d: Date | string) => new Date(d).toISOString()
const DAY_MS = 86_400_000

/** The Monday (YYYY-MM-DD) of the week holding `day`. */
export function mondayOf(day: string) {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay()
  return addDays(day, -((weekday + 6) % 7))
}

/**
 * Appointments of people with professionals: booked from the front desk or the person's file, on a
 * slot the professional opened or at a free time; planned → honoured / missed / excused / cancelled;
 * the day-before reminder; the professional's week and calendar feed; counts for the indicators.
 */
export class AppointmentsService {
  constructor(
    private readonly repo: AppointmentsRepository,
    private readonly people: PeopleService,
    private readonly publicUrl: string,
  ) {}

  private get db(): Db {
    return this.repo.db as Db
  }

  toAppointment(row: AppointmentRow): Appointment {
    return {
      id: row.id,
      personId: row.person_id,
      displayName: personDisplayName({
        lastName: row.last_name,
        usageName: row.usage_name,
        firstNames: row.first_names,
        description: row.description,
        aliases: row.aliases,
      }),
      professionalId: row.professional_id,
      professionalName: row.professional_name,
      teamId: row.team_id,
      teamName: row.team_name,
      startsAt: iso(row.starts_at),
      endsAt: iso(row.ends_at),
      place: row.place,
      purpose: row.purpose,
      status: row.status as AppointmentStatus,
      statusNote: row.status_note,
      bookedFrom: row.booked_from as Appointment['bookedFrom'],
      reminderSentAt: row.reminder_sent_at ? iso(row.reminder_sent_at) : null,
    }
  }

  /** Times that make sense: the end after the start, at most 8 hours, not far in the past nor future. */
  private checkTimes(startsAt: string, endsAt: string, now = new Date()) {
    const start = new Date(startsAt).getTime()
    const end = new Date(endsAt).getTime()
    if (end <= start) throw validationError('endsAt', 'La fin doit suivre le début.')
    if (end - start > MAX_APPOINTMENT_MINUTES * 60_000) {
      throw validationError('endsAt', 'Un rendez-vous dure 8 heures au plus.')
    }
    if (start < now.getTime() - BOOKING_DAYS_BACK * DAY_MS) {
      throw validationError('startsAt', 'Cette date est trop ancienne pour un rendez-vous.')
    }
    if (start > now.getTime() + BOOKING_DAYS_AHEAD * DAY_MS) {
      throw validationError('startsAt', 'Cette date est trop lointaine : deux ans au plus.')
    }
  }

  private async checkTeam(actor: Actor, teamId: string | null | undefined, db: Kysely<Database>) {
    if (!teamId) return
    const team = await this.repo.team(actor.organisationId, teamId, db)
    if (!team || (team.confidential && !canSeeConfidentialTeam(actor, teamId))) {
      throw validationError('teamId', 'Équipe inconnue.')
    }
  }

  private async professional(actor: Actor, userId: string, db: Kysely<Database>) {
    const found = await this.repo.lockProfessional(actor.organisationId, userId, db)
    if (!found?.roles.some((role) => PROFESSIONAL_ROLES.includes(role)))
      throw validationError('professionalId', 'Professionnel·le inconnu·e ou compte désactivé.')
    return found
  }

  private async read(actor: Actor, id: string, db: Kysely<Database>, forUpdate = false) {
    const row = await this.repo.appointment(actor, id, db, forUpdate)
    if (!row) throw notFound()
    return row
  }

  async book(actor: Actor, input: z.infer<typeof appointmentInputSchema>) {
    assertAllowed(actor, 'appointment.write')
    return this.db.transaction().execute(async (trx) => {
      const file = await this.people.recordFileOrFail(actor, input.personId, trx)
      let times: {
        professionalId: string
        teamId: string | null
        startsAt: string
        endsAt: string
        place: string | null
      }
      if (input.slotId) {
        const slot = await this.repo.slot(actor.organisationId, input.slotId, trx)
        if (!slot) throw validationError('slotId', 'Créneau inconnu.')
        times = {
          professionalId: slot.professional_id,
          teamId: slot.team_id,
          startsAt: iso(slot.starts_at),
          endsAt: iso(slot.ends_at),
          place: input.place ?? slot.place,
        }
      } else {
        if (!input.professionalId)
          throw validationError('professionalId', 'Choisissez le ou la professionnel·le.')
        if (!input.startsAt) throw validationError('startsAt', 'Indiquez la date et l’heure du rendez-vous.')
        if (!input.endsAt) throw validationError('endsAt', 'Indiquez l’heure de fin du rendez-vous.')
        times = {
          professionalId: input.professionalId,
          teamId: input.teamId ?? null,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          place: input.place ?? null,
        }
      }
      this.checkTimes(times.startsAt, times.endsAt)
      await this.checkTeam(actor, times.teamId, trx)
      // One booking of a professional at a time: the overlap check and the insert see the same calendar.
      await this.professional(actor, times.professionalId, trx)
      if (await this.repo.overlaps(times.professionalId, times.startsAt, times.endsAt, trx)) {
        throw new AppError(
          'SLOT_TAKEN',
          409,
          'Ce ou cette professionnel·le a déjà un rendez-vous à ce moment : choisissez une autre heure.',
        )
      }
      const { id } = await this.repo.insertAppointment(trx, actor, {
        person_id: file.id,
        professional_id: times.professionalId,
        team_id: times.teamId,
        slot_id: input.slotId ?? null,
        starts_at: times.startsAt,
        ends_at: times.endsAt,
        place: times.place,
        purpose: input.purpose ?? null,
        booked_from: input.bookedFrom,
      })
      await recordAudit(trx, actor, {
        action: 'appointment.book',
        entityType: 'appointment',
        entityId: id,
        personId: file.id,
      })
      return this.toAppointment(await this.read(actor, id, trx))
    })
  }

  async get(actor: Actor, id: string) {
    assertAllowed(actor, 'appointment.read')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.read(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'appointment.read',
        entityType: 'appointment',
        entityId: id,
        personId: row.person_id,
      })
      return this.toAppointment(row)
    })
  }

  /** planned → honoured / missed / excused / cancelled, once; what happened is said from its day on. */
  async setStatus(actor: Actor, id: string, input: z.infer<typeof appointmentStatusInputSchema>) {
    assertAllowed(actor, 'appointment.write')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.read(actor, id, trx, true)
      if (row.status !== 'planned') {
        const label = APPOINTMENT_STATUS.labels[row.status as AppointmentStatus].toLowerCase()
        throw validationError(
          'status',
          `Ce rendez-vous est déjà clos (${label}) : son statut ne change plus.`,
        )
      }
      if (
        OUTCOME_STATUSES.includes(input.status) &&
        todayInFrance(new Date(row.starts_at)) > todayInFrance()
      ) {
        throw validationError(
          'status',
          'Ce rendez-vous n’a pas encore eu lieu : annulez-le ou excusez la personne.',
        )
      }
      await this.repo.setStatus(trx, actor, id, input.status, input.note ?? null)
      await recordAudit(trx, actor, {
        action: `appointment.${input.status}`,
        entityType: 'appointment',
        entityId: id,
        personId: row.person_id,
      })
      return this.toAppointment(await this.read(actor, id, trx))
    })
  }

  async ofPerson(actor: Actor, query: z.infer<typeof appointmentListQuerySchema>) {
    assertAllowed(actor, 'appointment.read')
    return this.db.transaction().execute(async (trx) => {
      const person = (await this.people.visiblePeople(actor, [query.personId], trx)).get(query.personId)
      if (!person) throw notFound()
      const { rows, total } = await this.repo.ofPerson(
        actor,
        [query.personId],
        { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'appointment.list',
        entityType: 'appointment',
        personId: query.personId,
      })
      return {
        items: rows.map((r) => this.toAppointment(r)),
        total,
        page: query.page,
        pageSize: query.pageSize,
      }
    })
  }

  // The professional's week ----------------------------------------------------------------------

  async professionals(actor: Actor) {
    assertAllowed(actor, 'appointment.read')
    const rows = await this.repo.professionals(actor.organisationId)
    return { items: rows.map((r) => ({ id: r.id, name: r.name, teamIds: r.team_ids })) }
  }

  /** Whether the reader may see who an appointment is with (its team and the person's file). */
  private reachable(
    actor: Actor,
    row: {
      team_confidential: boolean
      team_id: string | null
      person_confidential: boolean
      person_team_id: string | null
    },
  ) {
    return (
      (!row.team_confidential || canSeeConfidentialTeam(actor, row.team_id!)) &&
      (!row.person_confidential || canSeeConfidentialTeam(actor, row.person_team_id!))
    )
  }

  /** The reader's own planned appointments from one day to another, for their worklist (audited like the week). */
  async plannedOf(actor: Actor, from: string, to: string, db: Kysely<Database>): Promise<Appointment[]> {
    assertAllowed(actor, 'appointment.read')
    const rows = (await this.repo.ofProfessional(actor.organisationId, actor.userId, from, to, db)).filter(
      (row) => row.status === 'planned' && this.reachable(actor, row),
    )
    await recordAudit(db, actor, {
      action: 'appointment.week',
      entityType: 'appointment',
      entityId: actor.userId,
      personIds: rows.map((r) => r.person_id),
    })
    return rows.map((r) => this.toAppointment(r))
  }

  /**
   * One professional's week: appointments the reader may see with names, those of a confidential team
   * or file out of their reach as busy times only, and the slots.
   */
  async week(actor: Actor, query: z.infer<typeof weekQuerySchema>): Promise<Week> {
    assertAllowed(actor, 'appointment.read')
    const professionalId = query.professionalId ?? actor.userId
    const from = mondayOf(query.day ?? todayInFrance())
    const to = addDays(from, 6)
    return this.db.transaction().execute(async (trx) => {
      const professional = (await this.repo.professionals(actor.organisationId, trx)).find(
        (p) => p.id === professionalId,
      )
      if (!professional) throw notFound()
      const rows = await this.repo.ofProfessional(actor.organisationId, professionalId, from, to, trx)
      const reachable = (row: (typeof rows)[number]) => this.reachable(actor, row)
      const shown = rows.filter(reachable)
      const slots = await this.repo.slotsOf(actor.organisationId, professionalId, from, to, trx)
      await recordAudit(trx, actor, {
        action: 'appointment.week',
        entityType: 'appointment',
        entityId: professionalId,
        personIds: shown.map((r) => r.person_id),
      })
      return {
        professionalId,
        professionalName: professional.name,
        from,
        to,
        appointments: shown.map((r) => this.toAppointment(r)),
        busy: rows
          .filter((r) => !reachable(r))
          .map((r) => ({ startsAt: iso(r.starts_at), endsAt: iso(r.ends_at) })),
        slots: slots.map((s) => ({
          id: s.id,
          professionalId: s.professional_id,
          teamId: s.team_id,
          startsAt: iso(s.starts_at),
          endsAt: iso(s.ends_at),
          place: s.place,
          booked: Boolean(s.booked),
        })),
      }
    })
  }

  async addSlot(actor: Actor, input: z.infer<typeof slotInputSchema>) {
    assertAllowed(actor, 'appointment.write')
    const professionalId = input.professionalId ?? actor.userId
    if (professionalId !== actor.userId && !actor.roles.includes('director')) {
      throw validationError(
        'professionalId',
        'Vous ouvrez des créneaux pour vous-même ; la direction pour tous.',
      )
    }
    this.checkTimes(input.startsAt, input.endsAt)
    if (new Date(input.startsAt).getTime() < Date.now()) {
      throw validationError('startsAt', 'Un créneau s’ouvre dans le futur.')
    }
    return this.db.transaction().execute(async (trx) => {
      await this.checkTeam(actor, input.teamId, trx)
      await this.professional(actor, professionalId, trx)
      if (await this.repo.slotOverlaps(professionalId, input.startsAt, input.endsAt, trx)) {
        throw validationError('startsAt', 'Un autre créneau occupe déjà ce moment.')
      }
      const { id } = await this.repo.insertSlot(trx, actor, {
        professional_id: professionalId,
        team_id: input.teamId ?? null,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        place: input.place ?? null,
      })
      await recordAudit(trx, actor, {
        action: 'appointment.slot_create',
        entityType: 'appointment_slot',
        entityId: id,
      })
      return {
        id,
        professionalId,
        teamId: input.teamId ?? null,
        startsAt: iso(input.startsAt),
        endsAt: iso(input.endsAt),
        place: input.place ?? null,
        booked: false,
      }
    })
  }

  async deleteSlot(actor: Actor, id: string) {
    assertAllowed(actor, 'appointment.write')
    return this.db.transaction().execute(async (trx) => {
      const slot = await this.repo.slot(actor.organisationId, id, trx)
      if (!slot || (slot.professional_id !== actor.userId && !actor.roles.includes('director')))
        throw notFound()
      if (await this.repo.slotBooked(id, trx)) {
        throw validationError('id', 'Ce créneau a un rendez-vous : annulez d’abord le rendez-vous.')
      }
      await this.repo.deleteSlot(trx, id)
      await recordAudit(trx, actor, {
        action: 'appointment.slot_delete',
        entityType: 'appointment_slot',
        entityId: id,
      })
      return { ok: true as const }
    })
  }

  // Counts, reminders, calendar feed -------------------------------------------------------------

  /** Appointments by status over a period, per team: figures only. */
  async counts(actor: Actor, query: z.infer<typeof countsQuerySchema>) {
    assertAllowed(actor, 'indicators.read')
    const rows = await this.repo.counts(actor.organisationId, query.from, query.to, query.teamId, this.db)
    const empty = () => ({ planned: 0, honoured: 0, missed: 0, excused: 0, cancelled: 0 })
    const total = empty()
    const teams = new Map<
      string,
      { teamId: string | null; teamName: string | null } & ReturnType<typeof empty>
    >()
    for (const row of rows) {
      const key = row.team_id ?? ''
      const team = teams.get(key) ?? { teamId: row.team_id, teamName: row.team_name, ...empty() }
      const status = row.status as AppointmentStatus
      team[status] += Number(row.n)
      total[status] += Number(row.n)
      teams.set(key, team)
    }
    return { from: query.from, to: query.to, total, byTeam: [...teams.values()] }
  }

  /**
   * The day before, an e-mail to each person who said yes to messages and has an address; each
   * appointment's reminder leaves once, in the transaction that marks it sent.
   */
  async sendReminders(now: Date, db: Kysely<Database>) {
    const tomorrow = addDays(todayInFrance(now), 1)
    let sent = 0
    // By batches until none is left: a busy day's reminders all leave, however many.
    for (let batch = await this.repo.dueReminders(tomorrow, db); batch.length > 0; ) {
      const before = sent
      sent += await this.sendBatch(batch, db)
      if (batch.length < REMINDER_BATCH || sent === before) break
      batch = await this.repo.dueReminders(tomorrow, db)
    }
    return sent
  }

  private async sendBatch(
    batch: Awaited<ReturnType<AppointmentsRepository['dueReminders']>>,
    db: Kysely<Database>,
  ) {
    let sent = 0
    for (const due of batch) {
      sent += await db.transaction().execute(async (trx) => {
        if (!(await this.repo.markReminded(due.id, trx))) return 0
        await enqueueEmail(
          trx,
          appointmentReminderEmail(due.email!, {
            startsAt: new Date(due.starts_at),
            place: due.place,
            organisationName: due.organisation_name,
          }),
          due.organisation_id,
        )
        return 1
      })
    }
    return sent
  }

  async feed(actor: Actor) {
    assertAllowed(actor, 'appointment.read')
    const feed = await this.repo.feed(actor.userId)
    return { active: Boolean(feed), createdAt: feed ? iso(feed.created_at) : null, url: null }
  }

  /** A new secret link (the previous one stops working): given once, only its hash is kept. */
  async renewFeed(actor: Actor) {
    assertAllowed(actor, 'appointment.read')
    const token = newToken()
    return this.db.transaction().execute(async (trx) => {
      await this.repo.saveFeed(trx, actor, hashToken(token))
      await recordAudit(trx, actor, {
        action: 'appointment.feed_renew',
        entityType: 'calendar_feed',
        entityId: actor.userId,
      })
      return {
        active: true,
        createdAt: new Date().toISOString(),
        url: `${this.publicUrl}/api/public/calendar.ics?token=${token}`,
      }
    })
  }

  async revokeFeed(actor: Actor) {
    assertAllowed(actor, 'appointment.read')
    return this.db.transaction().execute(async (trx) => {
      await this.repo.deleteFeed(trx, actor.userId)
      await recordAudit(trx, actor, {
        action: 'appointment.feed_revoke',
        entityType: 'calendar_feed',
        entityId: actor.userId,
      })
      return { active: false, createdAt: null, url: null }
    })
  }

  /** The calendar of a secret link: times and places only, never a name nor a purpose. Null: no such link. */
  async calendar(token: string) {
    const feed = await this.repo.feedByHash(hashToken(token))
    if (!feed) return null
    const now = Date.now()
    const events = await this.repo.feedEvents(
      feed.user_id,
      new Date(now - 31 * DAY_MS),
      new Date(now + 366 * DAY_MS),
    )
    const calendar = ical({ name: 'Rendez-vous (Trame)', timezone: 'Europe/Paris' })
    for (const event of events) {
      calendar.createEvent({
        id: `${event.id}@trame`,
        start: new Date(event.starts_at),
        end: new Date(event.ends_at),
        summary: 'Rendez-vous',
        location: event.place ?? null,
      })
    }
    return calendar.toString()
  }

  timelineSource(): TimelineSource {
    const readable = (actor: Actor) => roleAllows(actor.roles, 'appointment.read')
    const entries = async (db: Kysely<Database>, actor: Actor, personIds: string[], limit = 100_000) => {
      if (!readable(actor)) return []
      return (await this.repo.ofPerson(actor, personIds, { limit, offset: 0 }, db)).rows.map((row) =>
        this.toAppointment(row),
      )
    }
    return {
      kind: 'appointments',
      label: 'Rendez-vous',
      entries: async (db, actor, personIds, { limit }) =>
        (await entries(db, actor, personIds, limit)).map(
          (a): TimelineEntry => ({
            kind: 'appointments',
            kindLabel: 'Rendez-vous',
            id: a.id,
            at: a.startsAt,
            title: `Rendez-vous avec ${a.professionalName} — ${APPOINTMENT_STATUS.labels[a.status]}`,
            detail: [a.place, a.purpose, a.statusNote].filter(Boolean).join(' · ') || null,
            personId: a.personId,
          }),
        ),
      count: async (db, actor, personIds) =>
        readable(actor) ? (await this.repo.ofPerson(actor, personIds, { limit: 0, offset: 0 }, db)).total : 0,
      latest: async () => new Map(),
      export: async (db, actor, personIds) => entries(db, actor, personIds),
    }
  }
}
