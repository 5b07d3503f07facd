import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely'
import type { Database, NetworkNeedTable, VolunteerTable } from '../../db/schema.ts'

export type VolunteerRow = Selectable<VolunteerTable>
export type NeedRow = Selectable<NetworkNeedTable>

/** Needs a volunteer holds and has not finished: their current load. */
const activeNeedsSql = sql<string>`(select count(*) from network_needs n where n.volunteer_id = v.id and n.status = 'accepted')`

/** A need open or offered for longer than its escalation delay; `n` is the need. */
const overdueSql = sql<boolean>`(n.status in ('open', 'offered') and n.created_at < now() - make_interval(hours => n.escalate_after_hours))`

/** All SQL of the neighbour network. */
export class NetworkRepository {
  constructor(readonly db: Kysely<Database>) {}

  // ----- volunteers -----

  insertVolunteer(db: Kysely<Database>, values: Insertable<VolunteerTable>) {
    return db
      .insertInto('volunteers')
      .values(values)
      .onConflict((oc) => oc.columns(['organisation_id', 'email']).doNothing())
      .returningAll()
      .executeTakeFirst()
  }

  volunteerByEmail(organisationId: string, email: string, db = this.db) {
    return db
      .selectFrom('volunteers')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('email', '=', email)
      .executeTakeFirst()
  }

  volunteers(organisationId: string, filters: { id?: string; status?: string }, db = this.db) {
    let query = db
      .selectFrom('volunteers as v')
      .selectAll('v')
      .select(activeNeedsSql.as('active_needs'))
      .where('v.organisation_id', '=', organisationId)
    if (filters.id) query = query.where('v.id', '=', filters.id)
    if (filters.status) query = query.where('v.status', '=', filters.status as VolunteerRow['status'])
    return query.orderBy('v.created_at', 'desc').limit(2000).execute()
  }

  updateVolunteer(
    db: Kysely<Database>,
    organisationId: string,
    id: string,
    values: Updateable<VolunteerTable>,
  ) {
    return db
      .updateTable('volunteers')
      .set({ ...values, updated_at: sql`now()` })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  /** Approved volunteers offering a kind of help, with their load: the candidates of a need. */
  candidates(organisationId: string, kind: string, charterVersion: string, db = this.db) {
    return db
      .selectFrom('volunteers as v')
      .select([
        'v.id',
        'v.first_name',
        'v.last_name',
        'v.email',
        'v.latitude',
        'v.longitude',
        'v.availability',
        'v.max_distance_km',
        'v.professional_skill',
        activeNeedsSql.as('active_needs'),
      ])
      .where('v.organisation_id', '=', organisationId)
      .where('v.status', '=', 'approved')
      .where('v.charter_version', '=', charterVersion)
      .where(sql<boolean>`${kind} = any(v.help_kinds)`)
      .execute()
  }

  // ----- volunteer sessions -----

  insertSession(
    db: Kysely<Database>,
    values: { token_hash: string; csrf_token: string; volunteer_id: string; expires_at: Date },
  ) {
    return db.insertInto('volunteer_sessions').values(values).execute()
  }

  /** The volunteer behind a live session token hash. */
  /** The volunteer of a live session: not revoked, not past its lifetime, used within `idleMinutes`. */
  sessionVolunteer(tokenHash: string, idleMinutes: number, db = this.db) {
    return db
      .selectFrom('volunteer_sessions as s')
      .innerJoin('volunteers as v', 'v.id', 's.volunteer_id')
      .selectAll('v')
      .select(['s.id as session_id', 's.csrf_token', 's.last_seen_at'])
      .where('s.token_hash', '=', tokenHash)
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', sql<Date>`now()`)
      .where('s.last_seen_at', '>', sql<Date>`now() - ${`${idleMinutes} minutes`}::interval`)
      .executeTakeFirst()
  }

  async touchSession(sessionId: string, db = this.db) {
    await db
      .updateTable('volunteer_sessions')
      .set({ last_seen_at: sql`now()` })
      .where('id', '=', sessionId)
      .execute()
  }

  revokeSession(db: Kysely<Database>, sessionId: string) {
    return db
      .updateTable('volunteer_sessions')
      .set({ revoked_at: sql`now()` })
      .where('id', '=', sessionId)
      .execute()
  }

  // ----- needs -----

  insertNeed(db: Kysely<Database>, values: Insertable<NetworkNeedTable>) {
    return db.insertInto('network_needs').values(values).returning('id').executeTakeFirstOrThrow()
  }

  needs(
    organisationId: string,
    filters: { id?: string; status?: string; overdue?: boolean; personIds?: string[] },
    db = this.db,
  ) {
    let query = db
      .selectFrom('network_needs as n')
      .leftJoin('volunteers as v', 'v.id', 'n.volunteer_id')
      .selectAll('n')
      .select([
        sql<string | null>`case when v.id is null then null else v.first_name || ' ' || v.last_name end`.as(
          'volunteer_name',
        ),
        sql<string>`(select count(*) from network_offers o where o.need_id = n.id)`.as('offered_count'),
        overdueSql.as('overdue'),
      ])
      .where('n.organisation_id', '=', organisationId)
    if (filters.id) query = query.where('n.id', '=', filters.id)
    if (filters.personIds) query = query.where('n.person_id', 'in', filters.personIds)
    if (filters.status) query = query.where('n.status', '=', filters.status as NeedRow['status'])
    if (filters.overdue !== undefined)
      query = query.where(filters.overdue ? overdueSql : sql<boolean>`not ${overdueSql}`)
    return query
      .orderBy(sql`n.urgency = 'urgent'`, 'desc')
      .orderBy('n.created_at', 'desc')
      .limit(2000)
      .execute()
  }

  lockNeed(db: Kysely<Database>, organisationId: string, id: string) {
    return db
      .selectFrom('network_needs')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
  }

  updateNeed(db: Kysely<Database>, organisationId: string, id: string, values: Updateable<NetworkNeedTable>) {
    return db
      .updateTable('network_needs')
      .set(values)
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute()
  }

  addOffers(db: Kysely<Database>, organisationId: string, needId: string, volunteerIds: string[]) {
    if (volunteerIds.length === 0) return Promise.resolve([])
    return db
      .insertInto('network_offers')
      .values(
        volunteerIds.map((volunteer_id) => ({
          organisation_id: organisationId,
          need_id: needId,
          volunteer_id,
        })),
      )
      .onConflict((oc) => oc.columns(['need_id', 'volunteer_id']).doNothing())
      .execute()
  }

  /**
   * What a volunteer may see: needs still waiting for someone, those offered to them (taken or not),
   * and those they accepted.
   */
  volunteerNeeds(organisationId: string, volunteerId: string, db = this.db) {
    return (
      db
        .selectFrom('network_needs as n')
        .selectAll('n')
        .where('n.organisation_id', '=', organisationId)
        // A cancelled or escalated need is no one's any more.
        .where('n.status', 'not in', ['cancelled', 'escalated'])
        .where((eb) =>
          eb.or([
            eb('n.status', 'in', ['open', 'offered']),
            eb('n.volunteer_id', '=', volunteerId),
            eb.exists(
              eb
                .selectFrom('network_offers as o')
                .select('o.need_id')
                .whereRef('o.need_id', '=', 'n.id')
                .where('o.volunteer_id', '=', volunteerId),
            ),
          ]),
        )
        .orderBy(sql`n.urgency = 'urgent'`, 'desc')
        .orderBy('n.created_at', 'desc')
        .limit(500)
        .execute()
    )
  }

  // ----- member reports -----

  insertMemberReport(
    db: Kysely<Database>,
    values: { organisation_id: string; volunteer_id: string; about: string; location: string | null },
  ) {
    return db.insertInto('network_member_reports').values(values).returning('id').executeTakeFirstOrThrow()
  }

  memberReports(organisationId: string, id?: string, db = this.db) {
    let query = db
      .selectFrom('network_member_reports as r')
      .leftJoin('volunteers as v', 'v.id', 'r.volunteer_id')
      .selectAll('r')
      .select(
        sql<string | null>`case when v.id is null then null else v.first_name || ' ' || v.last_name end`.as(
          'volunteer_name',
        ),
      )
      .where('r.organisation_id', '=', organisationId)
    if (id) query = query.where('r.id', '=', id)
    return query.orderBy(sql`r.status = 'new'`, 'desc').orderBy('r.created_at', 'desc').limit(1000).execute()
  }

  closeMemberReport(
    db: Kysely<Database>,
    organisationId: string,
    id: string,
    userId: string,
    note: string | null,
  ) {
    return db
      .updateTable('network_member_reports')
      .set({ status: 'closed', closing_note: note, closed_by: userId })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  // ----- dashboard -----

  async volunteersByStatus(organisationId: string, db = this.db) {
    return db
      .selectFrom('volunteers')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('organisation_id', '=', organisationId)
      .groupBy('status')
      .execute()
  }

  /** Needs created in the period, by kind and status, with the hours each waited to be accepted. */
  needsInPeriod(organisationId: string, from: string, to: string, db = this.db) {
    return db
      .selectFrom('network_needs')
      .select([
        'kind',
        'status',
        sql<boolean>`escalated_at is not null`.as('escalated'),
        sql<number | null>`extract(epoch from (accepted_at - created_at)) / 3600.0`.as('hours_to_accept'),
      ])
      .where('organisation_id', '=', organisationId)
      .where(
        sql<boolean>`(created_at at time zone 'Europe/Paris')::date between ${from}::date and ${to}::date`,
      )
      .execute()
  }
}
