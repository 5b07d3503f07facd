import { type Kysely, sql } from 'kysely'
import type { CommissionSessionStatus } from '../../../shared/aid.ts'
import type { Database } from '../../db/schema.ts'

/**
 * SQL of the aid commission: sessions, their members and attendance, their agendas, and the requests
 * as the agenda shows them (with the applicant's name and birth date, which the service pseudonymises).
 */
export class AidSessionsRepository {
  constructor(readonly db: Kysely<Database>) {}

  async list(
    organisationId: string,
    query: { status?: CommissionSessionStatus; page: number; pageSize: number; memberUserId?: string },
    db: Kysely<Database> = this.db,
  ) {
    let base = db.selectFrom('aid_commission_sessions as s').where('s.organisation_id', '=', organisationId)
    if (query.status) base = base.where('s.status', '=', query.status)
    if (query.memberUserId) {
      const userId = query.memberUserId
      base = base.where((eb) =>
        eb.exists(
          eb
            .selectFrom('aid_session_members as m')
            .select('m.user_id')
            .whereRef('m.session_id', '=', 's.id')
            .where('m.user_id', '=', userId),
        ),
      )
    }
    const total = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    const rows = await base
      .select([
        's.id',
        's.held_on',
        's.starts_at',
        's.place',
        's.status',
        sql<number>`(select count(*)::int from aid_session_members m where m.session_id = s.id)`.as(
          'member_count',
        ),
        sql<number>`(select count(*)::int from aid_session_members m where m.session_id = s.id and m.present)`.as(
          'present_count',
        ),
        sql<number>`(select count(*)::int from aid_agenda_items i where i.session_id = s.id)`.as(
          'agenda_count',
        ),
        sql<number>`(select count(*)::int from aid_agenda_items i where i.session_id = s.id and i.outcome is not null)`.as(
          'decided_count',
        ),
      ])
      // Upcoming sessions first (nearest first), then past ones (latest first).
      .orderBy(sql`s.status = 'closed'`)
      .orderBy(sql`case when s.status = 'closed' then null else s.held_on end`, 'asc')
      .orderBy('s.held_on', 'desc')
      .orderBy('s.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute()
    return { rows, total: Number(total.n) }
  }

  find(organisationId: string, id: string, db: Kysely<Database> = this.db, lock = false) {
    let query = db
      .selectFrom('aid_commission_sessions')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
    if (lock) query = query.forUpdate()
    return query.executeTakeFirst()
  }

  async create(
    db: Kysely<Database>,
    values: {
      organisation_id: string
      held_on: string
      starts_at: string | null
      place: string | null
      created_by: string
    },
  ) {
    const row = await db
      .insertInto('aid_commission_sessions')
      .values(values)
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  async update(
    db: Kysely<Database>,
    id: string,
    values: Partial<{
      held_on: string
      starts_at: string | null
      place: string | null
      status: CommissionSessionStatus
      opened_at: Date
      opened_by: string
      closed_at: Date
      closed_by: string
      minutes_note: string | null
    }>,
  ) {
    await db.updateTable('aid_commission_sessions').set(values).where('id', '=', id).execute()
  }

  members(sessionId: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('aid_session_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.user_id', 'm.present', 'u.name', 'u.roles'])
      .where('m.session_id', '=', sessionId)
      .orderBy('u.name')
      .execute()
  }

  async isMember(sessionId: string, userId: string, db: Kysely<Database> = this.db) {
    const row = await db
      .selectFrom('aid_session_members')
      .select('present')
      .where('session_id', '=', sessionId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    return row ? { present: row.present } : null
  }

  /** Active users of the organisation who may be invited: commission members first. */
  invitable(organisationId: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('users')
      .select(['id', 'name', 'roles'])
      .where('organisation_id', '=', organisationId)
      .where('status', '!=', 'deactivated')
      .orderBy(sql`not ('commission_member' = any(roles))`)
      .orderBy('name')
      .execute()
  }

  async existingUsers(organisationId: string, ids: string[], db: Kysely<Database>) {
    if (ids.length === 0) return new Set<string>()
    const rows = await db
      .selectFrom('users')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('status', '!=', 'deactivated')
      .where('id', 'in', ids)
      .execute()
    return new Set(rows.map((row) => row.id))
  }

  /** Invites exactly these users; those staying keep their attendance. */
  async setMembers(db: Kysely<Database>, sessionId: string, userIds: string[]) {
    let removal = db.deleteFrom('aid_session_members').where('session_id', '=', sessionId)
    if (userIds.length) removal = removal.where('user_id', 'not in', userIds)
    await removal.execute()
    if (userIds.length === 0) return
    await db
      .insertInto('aid_session_members')
      .values(userIds.map((userId) => ({ session_id: sessionId, user_id: userId })))
      .onConflict((oc) => oc.columns(['session_id', 'user_id']).doNothing())
      .execute()
  }

  async setAttendance(db: Kysely<Database>, sessionId: string, presentUserIds: string[]) {
    await db
      .updateTable('aid_session_members')
      .set({
        present: presentUserIds.length
          ? sql<boolean>`user_id in (${sql.join(presentUserIds)})`
          : sql<boolean>`false`,
      })
      .where('session_id', '=', sessionId)
      .execute()
  }

  /** The requests on a session's agenda, in order, with what the commission is shown of each. */
  agenda(organisationId: string, sessionId: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('aid_agenda_items as i')
      .innerJoin('aid_requests as r', 'r.id', 'i.request_id')
      .innerJoin('people as p', 'p.id', 'r.person_id')
      .innerJoin('aid_types as t', 't.id', 'r.aid_type_id')
      .leftJoin('aid_decisions as d', (join) =>
        join
          .onRef('d.request_id', '=', 'i.request_id')
          .onRef('d.session_id', '=', 'i.session_id')
          .on(
            'd.decided_at',
            '=',
            sql`(select max(dd.decided_at) from aid_decisions dd where dd.request_id = i.request_id and dd.session_id = i.session_id)`,
          ),
      )
      .select([
        'i.request_id',
        'i.position',
        'i.outcome',
        'r.person_id',
        'r.status',
        'r.requested_on',
        'r.amount_asked_cents',
        'r.purpose',
        'r.budget',
        'r.resources_cents',
        'r.charges_cents',
        'r.household_size',
        'r.consumption_units',
        'r.remaining_per_day_cents',
        'r.remaining_per_unit_day_cents',
        'r.quotient_cents',
        'r.assessment',
        'r.warnings',
        'r.adjournment_reason',
        'p.first_names',
        'p.last_name',
        'p.usage_name',
        'p.birth_date',
        't.label as aid_type_label',
        'd.decision',
        'd.granted_cents',
        'd.payment_form',
        'd.motif',
        'd.derogation',
        sql<boolean>`exists (
          select 1 from aid_decisions dd
          where dd.request_id = i.request_id and dd.decision = 'adjourned'
            and dd.session_id is distinct from i.session_id
        )`.as('carried'),
      ])
      .where('i.organisation_id', '=', organisationId)
      .where('i.session_id', '=', sessionId)
      .orderBy('i.position')
      .execute()
  }

  /** For the home page: open sessions the user sits in, and requests waiting for a session. */
  async homeCounts(organisationId: string, userId: string) {
    const open = await this.db
      .selectFrom('aid_commission_sessions as s')
      .innerJoin('aid_session_members as m', 'm.session_id', 's.id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('s.organisation_id', '=', organisationId)
      .where('s.status', '=', 'open')
      .where('m.user_id', '=', userId)
      .executeTakeFirstOrThrow()
    const waiting = await this.db
      .selectFrom('aid_requests')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organisation_id', '=', organisationId)
      .where('status', 'in', ['submitted', 'adjourned'])
      .executeTakeFirstOrThrow()
    return { open: Number(open.n), waiting: Number(waiting.n) }
  }

  /** Requests waiting for a commission: submitted, or adjourned at an earlier session. */
  candidates(organisationId: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('aid_requests as r')
      .innerJoin('people as p', 'p.id', 'r.person_id')
      .innerJoin('aid_types as t', 't.id', 'r.aid_type_id')
      .select([
        'r.id',
        'r.person_id',
        'r.status',
        'r.requested_on',
        'r.amount_asked_cents',
        'r.adjournment_reason',
        'p.first_names',
        'p.last_name',
        'p.usage_name',
        'p.description',
        'p.aliases',
        't.label as aid_type_label',
      ])
      .where('r.organisation_id', '=', organisationId)
      .where('r.status', 'in', ['submitted', 'adjourned'])
      .orderBy(sql`r.status = 'adjourned'`, 'desc')
      .orderBy('r.requested_on')
      .orderBy('r.id')
      .execute()
  }

  /** The requests to put on an agenda, locked so that two secretaries cannot place one twice. */
  requestsToPlace(organisationId: string, ids: string[], db: Kysely<Database>) {
    return db
      .selectFrom('aid_requests')
      .select(['id', 'status', 'person_id'])
      .where('organisation_id', '=', organisationId)
      .where('id', 'in', ids)
      .forUpdate()
      .execute()
  }

  async addToAgenda(db: Kysely<Database>, organisationId: string, sessionId: string, requestIds: string[]) {
    const last = await db
      .selectFrom('aid_agenda_items')
      .select((eb) => eb.fn.max<number | null>('position').as('position'))
      .where('session_id', '=', sessionId)
      .executeTakeFirst()
    const start = (last?.position ?? 0) + 1
    await db
      .insertInto('aid_agenda_items')
      .values(
        requestIds.map((requestId, index) => ({
          organisation_id: organisationId,
          session_id: sessionId,
          request_id: requestId,
          position: start + index,
        })),
      )
      .execute()
    await db
      .updateTable('aid_requests')
      .set({ status: 'on_agenda', session_id: sessionId, updated_at: sql`now()` })
      .where('organisation_id', '=', organisationId)
      .where('id', 'in', requestIds)
      .execute()
  }

  agendaItem(sessionId: string, requestId: string, db: Kysely<Database>) {
    return db
      .selectFrom('aid_agenda_items as i')
      .innerJoin('aid_requests as r', 'r.id', 'i.request_id')
      .select(['i.id', 'i.outcome', 'r.status', 'r.person_id'])
      .where('i.session_id', '=', sessionId)
      .where('i.request_id', '=', requestId)
      .forUpdate()
      .executeTakeFirst()
  }

  /**
   * Takes an undecided request off an agenda: it goes back to where it was, adjourned (at its last
   * session) if it had been, otherwise submitted.
   */
  async removeFromAgenda(db: Kysely<Database>, organisationId: string, sessionId: string, requestId: string) {
    await db
      .deleteFrom('aid_agenda_items')
      .where('session_id', '=', sessionId)
      .where('request_id', '=', requestId)
      .execute()
    const adjourned = await db
      .selectFrom('aid_decisions')
      .select('session_id')
      .where('request_id', '=', requestId)
      .where('decision', '=', 'adjourned')
      .orderBy('decided_at', 'desc')
      .limit(1)
      .executeTakeFirst()
    await db
      .updateTable('aid_requests')
      .set({
        status: adjourned ? 'adjourned' : 'submitted',
        session_id: adjourned?.session_id ?? null,
        updated_at: sql`now()`,
      })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', requestId)
      .execute()
  }

  async setOutcome(
    db: Kysely<Database>,
    itemId: string,
    outcome: 'granted' | 'refused' | 'adjourned' | 'dismissed',
  ) {
    await db.updateTable('aid_agenda_items').set({ outcome }).where('id', '=', itemId).execute()
  }
}
