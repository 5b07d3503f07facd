import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'
import { inPeriod, visibleTeam } from '../outreach/outreach.sql.ts'

/** Roles whose holders receive people by appointment. */
export const PROFESSIONAL_ROLES = ['director', 'social_worker', 'nurse', 'educator', 'psychologist']

/** Appointments, slots and calendar feeds. */
/** How many reminders are read at once; the job reads the next batch until none is left. */
export const REMINDER_BATCH = 500

export class AppointmentsRepository {
  constructor(readonly db: Kysely<Database>) {}

  /** The appointments with what their answer shows, within the organisation. */
  private appointmentsQuery(db: Kysely<Database>, organisationId: string) {
    return db
      .selectFrom('appointments as a')
      .innerJoin('people as p', 'p.id', 'a.person_id')
      .innerJoin('users as u', 'u.id', 'a.professional_id')
      .leftJoin('teams as t', 't.id', 'a.team_id')
      .selectAll('a')
      .select([
        'p.last_name',
        'p.usage_name',
        'p.first_names',
        'p.description',
        'p.aliases',
        'u.name as professional_name',
        't.name as team_name',
      ])
      .where('a.organisation_id', '=', organisationId)
  }

  /** Appointments the actor may see: neither the appointment's team nor the person's is a confidential one of others. */
  visible(actor: Actor, db: Kysely<Database> = this.db) {
    return this.appointmentsQuery(db, actor.organisationId)
      .where(visibleTeam(actor, 'a'))
      .where(visibleTeam(actor, 'p'))
  }

  appointment(actor: Actor, id: string, db: Kysely<Database>, forUpdate = false) {
    const query = this.visible(actor, db).where('a.id', '=', id)
    return (forUpdate ? query.forUpdate(['a']) : query).executeTakeFirst()
  }

  async ofPerson(
    actor: Actor,
    personIds: string[],
    page: { limit: number; offset: number },
    db: Kysely<Database>,
  ) {
    if (personIds.length === 0) return { rows: [], total: 0 }
    const base = this.visible(actor, db).where('a.person_id', 'in', personIds)
    const total = await db
      .selectFrom(base.as('x'))
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    const rows = await base
      .orderBy('a.starts_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute()
    return { rows, total: Number(total.n) }
  }

  /** A professional's appointments of a period, all of them: the service hides those the reader may not see. */
  ofProfessional(
    organisationId: string,
    professionalId: string,
    from: string,
    to: string,
    db: Kysely<Database>,
  ) {
    return this.appointmentsQuery(db, organisationId)
      .select([
        sql<boolean>`coalesce(t.confidential, false)`.as('team_confidential'),
        sql<boolean>`exists (select 1 from teams pt where pt.id = p.team_id and pt.confidential)`.as(
          'person_confidential',
        ),
        'p.team_id as person_team_id',
      ])
      .where('a.professional_id', '=', professionalId)
      .where(inPeriod('a.starts_at', from, to))
      .where('a.status', '<>', 'cancelled')
      .orderBy('a.starts_at')
      .execute()
  }

  slotsOf(organisationId: string, professionalId: string, from: string, to: string, db: Kysely<Database>) {
    return db
      .selectFrom('appointment_slots as s')
      .selectAll('s')
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('appointments as b')
              .select('b.id')
              .whereRef('b.slot_id', '=', 's.id')
              .where('b.status', '<>', 'cancelled'),
          )
          .as('booked'),
      )
      .where('s.organisation_id', '=', organisationId)
      .where('s.professional_id', '=', professionalId)
      .where(inPeriod('s.starts_at', from, to))
      .orderBy('s.starts_at')
      .execute()
  }

  slot(organisationId: string, id: string, db: Kysely<Database>) {
    return db
      .selectFrom('appointment_slots')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
  }

  /** Locks the professional's row: bookings of one professional are checked one after the other. */
  lockProfessional(organisationId: string, userId: string, db: Kysely<Database>) {
    return db
      .selectFrom('users')
      .select(['id', 'name', 'roles'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', userId)
      .where('status', '=', 'active')
      .forUpdate()
      .executeTakeFirst()
  }

  /** Whether the professional has an appointment (not cancelled) overlapping the times. */
  async overlaps(professionalId: string, startsAt: string, endsAt: string, db: Kysely<Database>) {
    const row = await db
      .selectFrom('appointments')
      .select('id')
      .where('professional_id', '=', professionalId)
      .where('status', '<>', 'cancelled')
      .where('starts_at', '<', new Date(endsAt))
      .where('ends_at', '>', new Date(startsAt))
      .executeTakeFirst()
    return Boolean(row)
  }

  team(organisationId: string, teamId: string, db: Kysely<Database>) {
    return db
      .selectFrom('teams')
      .select(['id', 'confidential'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', teamId)
      .where('active', '=', true)
      .executeTakeFirst()
  }

  insertAppointment(
    db: Kysely<Database>,
    actor: Actor,
    values: {
      person_id: string
      professional_id: string
      team_id: string | null
      slot_id: string | null
      starts_at: string
      ends_at: string
      place: string | null
      purpose: string | null
      booked_from: string
    },
  ) {
    return db
      .insertInto('appointments')
      .values({ ...values, organisation_id: actor.organisationId, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  async setStatus(db: Kysely<Database>, actor: Actor, id: string, status: string, note: string | null) {
    await db
      .updateTable('appointments')
      .set({
        status,
        status_note: note,
        status_changed_at: sql`now()`,
        status_changed_by: actor.userId,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute()
  }

  insertSlot(
    db: Kysely<Database>,
    actor: Actor,
    values: {
      professional_id: string
      team_id: string | null
      starts_at: string
      ends_at: string
      place: string | null
    },
  ) {
    return db
      .insertInto('appointment_slots')
      .values({ ...values, organisation_id: actor.organisationId, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  async slotOverlaps(professionalId: string, startsAt: string, endsAt: string, db: Kysely<Database>) {
    const row = await db
      .selectFrom('appointment_slots')
      .select('id')
      .where('professional_id', '=', professionalId)
      .where('starts_at', '<', new Date(endsAt))
      .where('ends_at', '>', new Date(startsAt))
      .executeTakeFirst()
    return Boolean(row)
  }

  async slotBooked(slotId: string, db: Kysely<Database>) {
    const row = await db
      .selectFrom('appointments')
      .select('id')
      .where('slot_id', '=', slotId)
      .executeTakeFirst()
    return Boolean(row)
  }

  async deleteSlot(db: Kysely<Database>, slotId: string) {
    await db.deleteFrom('appointment_slots').where('id', '=', slotId).execute()
  }

  professionals(organisationId: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('users as u')
      .select([
        'u.id',
        'u.name',
        sql<
          string[]
        >`coalesce((select array_agg(ut.team_id) from user_teams ut where ut.user_id = u.id), '{}')`.as(
          'team_ids',
        ),
      ])
      .where('u.organisation_id', '=', organisationId)
      .where('u.status', '=', 'active')
      .where(sql<boolean>`u.roles && ${sql.val(PROFESSIONAL_ROLES)}::text[]`)
      .orderBy('u.name')
      .execute()
  }

  /**
   * Planned appointments of `day` (in France) whose reminder is not sent, with the person's e-mail
   * when their latest answer about being contacted by message is yes.
   */
  dueReminders(day: string, db: Kysely<Database>) {
    return db
      .selectFrom('appointments as a')
      .innerJoin('people as p', 'p.id', 'a.person_id')
      .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
      .select([
        'a.id',
        'a.organisation_id',
        'a.starts_at',
        'a.place',
        'p.email',
        'o.name as organisation_name',
      ])
      .where('a.status', '=', 'planned')
      .where('a.reminder_sent_at', 'is', null)
      .where(inPeriod('a.starts_at', day, day))
      .where('p.email', 'is not', null)
      .where(
        sql<boolean>`(select c.given from person_consents c
          where c.person_id = p.id and c.scope = 'contact_by_message'
          order by c.given_on desc, c.recorded_at desc limit 1)`,
      )
      .orderBy('a.starts_at')
      .limit(REMINDER_BATCH)
      .execute()
  }

  /** Marks the reminder sent, once: false when another run already did. */
  async markReminded(id: string, db: Kysely<Database>) {
    const row = await db
      .updateTable('appointments')
      .set({ reminder_sent_at: sql`now()` })
      .where('id', '=', id)
      .where('reminder_sent_at', 'is', null)
      .returning('id')
      .executeTakeFirst()
    return Boolean(row)
  }

  counts(organisationId: string, from: string, to: string, teamId: string | undefined, db: Kysely<Database>) {
    let query = db
      .selectFrom('appointments as a')
      .leftJoin('teams as t', 't.id', 'a.team_id')
      .select(['a.team_id', 't.name as team_name', 'a.status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('a.organisation_id', '=', organisationId)
      .where(inPeriod('a.starts_at', from, to))
      .groupBy(['a.team_id', 't.name', 'a.status'])
    if (teamId) query = query.where('a.team_id', '=', teamId)
    return query.execute()
  }

  feed(userId: string, db: Kysely<Database> = this.db) {
    return db.selectFrom('calendar_feeds').selectAll().where('user_id', '=', userId).executeTakeFirst()
  }

  async saveFeed(db: Kysely<Database>, actor: Actor, tokenHash: string) {
    await db
      .insertInto('calendar_feeds')
      .values({ user_id: actor.userId, organisation_id: actor.organisationId, token_hash: tokenHash })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ token_hash: tokenHash, created_at: sql`now()` }))
      .execute()
  }

  async deleteFeed(db: Kysely<Database>, userId: string) {
    await db.deleteFrom('calendar_feeds').where('user_id', '=', userId).execute()
  }

  /** The feed of a secret link, if its owner is still an active user. */
  feedByHash(tokenHash: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('calendar_feeds as f')
      .innerJoin('users as u', 'u.id', 'f.user_id')
      .select(['f.user_id', 'f.organisation_id'])
      .where('f.token_hash', '=', tokenHash)
      .where('u.status', '=', 'active')
      .executeTakeFirst()
  }

  /** Times and places only: what the calendar feed carries. */
  feedEvents(userId: string, from: Date, to: Date, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('appointments')
      .select(['id', 'starts_at', 'ends_at', 'place', 'status'])
      .where('professional_id', '=', userId)
      .where('status', 'in', ['planned', 'honoured'])
      .where('starts_at', '>=', from)
      .where('starts_at', '<', to)
      .orderBy('starts_at')
      .limit(2000)
      .execute()
  }
}
