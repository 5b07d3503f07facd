import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely'
import type { VolunteerNeedSection } from '../../../shared/network.ts'
import type {
  Database,
  NetworkMemberReportTable,
  NetworkNeedTable,
  NetworkNeighbourhoodTable,
  NetworkSettingsTable,
  VolunteerTable,
} from '../../db/schema.ts'

export type VolunteerRow = Selectable<VolunteerTable>
export type NeedRow = Selectable<NetworkNeedTable>

/** Needs a volunteer holds and has not finished: their current load. */
const activeNeedsSql = sql<string>`(select count(*) from network_needs n where n.volunteer_id = v.id and n.status = 'accepted')`

/** Needs a volunteer gave back in the last 7 days, from the audit trail; `v` is the volunteer. */
const releasedThisWeekSql = sql<number>`(select count(*)::int from audit_log a where a.organisation_id = v.organisation_id and a.volunteer_id = v.id and a.action = 'network.need.release' and a.at > now() - interval '7 days')`

/** A need open or offered for longer than its escalation delay; `n` is the need. */
const overdueSql = sql<boolean>`(n.status in ('open', 'offered') and n.waiting_since < now() - make_interval(hours => n.escalate_after_hours))`

/** One page of a list: the one pagination shape (`pageQuerySchema`). */
interface Page {
  page: number
  pageSize: number
}

/** The slice of a list-shaped query that `limit`/`offset` narrow down. */
interface Pageable<Row> {
  execute(): Promise<Row[]>
  limit(n: number): Pageable<Row>
  offset(n: number): Pageable<Row>
}

/** One page of the list with its total, or every row when no page is asked (matching, the portal). */
async function pageOrAll<Row>(query: Pageable<Row>, page: Page | undefined, total: () => Promise<number>) {
  if (!page) return { rows: await query.execute(), total: null }
  const rows = await query
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute()
  return { rows, total: await total() }
}

/** All SQL of the neighbour network. */
export class NetworkRepository {
  constructor(readonly db: Kysely<Database>) {}

  // ----- volunteers -----

  /** Gives back every need a volunteer holds (suspended, refused): open again, waiting from now. */
  releaseAllOf(db: Kysely<Database>, organisationId: string, volunteerId: string) {
    return db
      .updateTable('network_needs')
      .set({
        status: 'open',
        volunteer_id: null,
        accepted_at: null,
        waiting_since: sql`now()`,
        coordinator_alerted_at: null,
      })
      .where('organisation_id', '=', organisationId)
      .where('volunteer_id', '=', volunteerId)
      .where('status', '=', 'accepted')
      .returning(['id', 'person_id'])
      .execute()
  }

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

  private volunteersWhere(
    organisationId: string,
    filters: { id?: string; status?: string },
    db: Kysely<Database>,
  ) {
    let query = db.selectFrom('volunteers as v').where('v.organisation_id', '=', organisationId)
    if (filters.id) query = query.where('v.id', '=', filters.id)
    // Volunteers the retention sweeper erased are nobody any more: out of the coordinator's list.
    else query = query.where('v.erased_at', 'is', null)
    if (filters.status) query = query.where('v.status', '=', filters.status as VolunteerRow['status'])
    return query
  }

  /** The volunteers matching the filters, the latest signed up first: one page with the total. */
  async volunteers(
    organisationId: string,
    filters: { id?: string; status?: string },
    db = this.db,
    page?: Page,
  ) {
    const base = this.volunteersWhere(organisationId, filters, db)
    const query = base
      .selectAll('v')
      .select(activeNeedsSql.as('active_needs'))
      .select(releasedThisWeekSql.as('released_this_week'))
      .orderBy('v.created_at', 'desc')
      .orderBy('v.id', 'desc')
    return pageOrAll(query, page, async () =>
      Number((await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
    )
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
      .where('v.erased_at', 'is', null)
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

  private needsWhere(
    organisationId: string,
    filters: { id?: string; status?: string; overdue?: boolean; personIds?: string[] },
    db: Kysely<Database>,
  ) {
    let query = db.selectFrom('network_needs as n').where('n.organisation_id', '=', organisationId)
    if (filters.id) query = query.where('n.id', '=', filters.id)
    if (filters.personIds) query = query.where('n.person_id', 'in', filters.personIds)
    if (filters.status) query = query.where('n.status', '=', filters.status as NeedRow['status'])
    if (filters.overdue !== undefined)
      query = query.where(filters.overdue ? overdueSql : sql<boolean>`not ${overdueSql}`)
    return query
  }

  /** The needs matching the filters, the urgent first then the latest: one page with the total. */
  async needs(
    organisationId: string,
    filters: { id?: string; status?: string; overdue?: boolean; personIds?: string[] },
    db = this.db,
    page?: Page,
  ) {
    const base = this.needsWhere(organisationId, filters, db)
    const query = base
      .leftJoin('volunteers as v', 'v.id', 'n.volunteer_id')
      .selectAll('n')
      .select([
        sql<string | null>`case when v.id is null then null else v.first_name || ' ' || v.last_name end`.as(
          'volunteer_name',
        ),
        sql<string>`(select count(*) from network_offers o where o.need_id = n.id)`.as('offered_count'),
        overdueSql.as('overdue'),
      ])
      .orderBy(sql`n.urgency = 'urgent'`, 'desc')
      .orderBy('n.created_at', 'desc')
      .orderBy('n.id', 'desc')
    return pageOrAll(query, page, async () =>
      Number((await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
    )
  }

  /** The persons' needs, the latest created first, at most `limit` (a person's timeline). */
  latestNeedsOfPeople(organisationId: string, personIds: string[], limit: number, db = this.db) {
    return db
      .selectFrom('network_needs as n')
      .selectAll('n')
      .where('n.organisation_id', '=', organisationId)
      .where('n.person_id', 'in', personIds)
      .orderBy('n.created_at', 'desc')
      .orderBy('n.id', 'desc')
      .limit(limit)
      .execute()
  }

  async needCountOfPeople(organisationId: string, personIds: string[], db = this.db) {
    const row = await db
      .selectFrom('network_needs as n')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('n.organisation_id', '=', organisationId)
      .where('n.person_id', 'in', personIds)
      .executeTakeFirstOrThrow()
    return row.n
  }

  /** Serialises one volunteer's actions on needs (accept, done, give back) for the weekly count. */
  async lockVolunteer(db: Kysely<Database>, organisationId: string, id: string) {
    await db
      .selectFrom('volunteers')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .forUpdate()
      .execute()
  }

  /** How many needs the volunteer gave back since then, from the audit trail, and when the first was. */
  async releasesSince(db: Kysely<Database>, organisationId: string, volunteerId: string, since: Date) {
    const row = await db
      .selectFrom('audit_log')
      .select([sql<number>`count(*)::int`.as('count'), sql<Date | null>`min(at)`.as('oldest')])
      .where('organisation_id', '=', organisationId)
      .where('volunteer_id', '=', volunteerId)
      .where('action', '=', 'network.need.release')
      .where('at', '>', since)
      .executeTakeFirstOrThrow()
    return { count: row.count, oldest: row.oldest === null ? null : new Date(row.oldest) }
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
  /**
   * The needs a volunteer sees, one section of the portal at a time (or all of them), urgent ones first
   * then the latest: one page with the total, so no section stops silently at N rows.
   */
  async volunteerNeeds(
    organisationId: string,
    volunteerId: string,
    section: VolunteerNeedSection | undefined,
    page: Page,
    db = this.db,
  ) {
    const base = db
      .selectFrom('network_needs as n')
      .where('n.organisation_id', '=', organisationId)
      // A cancelled or escalated need is no one's any more.
      .where('n.status', 'not in', ['cancelled', 'escalated'])
      .where((eb) => {
        const mine = eb('n.volunteer_id', '=', volunteerId)
        const offeredToMe = eb.exists(
          eb
            .selectFrom('network_offers as o')
            .select('o.need_id')
            .whereRef('o.need_id', '=', 'n.id')
            .where('o.volunteer_id', '=', volunteerId),
        )
        const available = eb('n.status', 'in', ['open', 'offered'])
        if (section === 'mine') return eb.and([mine, eb('n.status', '=', 'accepted')])
        if (section === 'done') return eb.and([mine, eb('n.status', '=', 'done')])
        // The neighbourhood: what can be taken, and what was offered to them but another took first.
        const seen = eb.or([available, mine, offeredToMe])
        if (section === 'neighbourhood') {
          return eb.and([seen, eb.or([available, eb.not(mine), eb('n.volunteer_id', 'is', null)])])
        }
        return seen
      })
    const query = base
      .selectAll('n')
      .orderBy(sql`n.urgency = 'urgent'`, 'desc')
      .orderBy('n.created_at', 'desc')
      .orderBy('n.id', 'desc')
    const { rows, total } = await pageOrAll(query, page, async () =>
      Number((await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
    )
    return { rows, total: total ?? rows.length }
  }

  // ----- member reports -----

  insertMemberReport(db: Kysely<Database>, values: Insertable<NetworkMemberReportTable>) {
    return db.insertInto('network_member_reports').values(values).returning('id').executeTakeFirstOrThrow()
  }

  /** The volunteers' reports, the new ones first then the latest: one page with the total. */
  async memberReports(
    organisationId: string,
    id?: string,
    db = this.db,
    page?: Page,
    status?: 'new' | 'closed',
  ) {
    let base = db.selectFrom('network_member_reports as r').where('r.organisation_id', '=', organisationId)
    if (id) base = base.where('r.id', '=', id)
    if (status) base = base.where('r.status', '=', status)
    const query = base
      .leftJoin('volunteers as v', 'v.id', 'r.volunteer_id')
      .leftJoin('reports as c', 'c.id', 'r.citizen_report_id')
      .selectAll('r')
      .select([
        sql<string | null>`case when v.id is null then null else v.first_name || ' ' || v.last_name end`.as(
          'volunteer_name',
        ),
        'c.reference as citizen_reference',
      ])
      .orderBy(sql`r.status = 'new'`, 'desc')
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id', 'desc')
    return pageOrAll(query, page, async () =>
      Number((await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
    )
  }

  /** Closes a report still new; returns nothing when it is unknown or already closed. */
  closeMemberReport(
    db: Kysely<Database>,
    organisationId: string,
    id: string,
    values: Pick<Updateable<NetworkMemberReportTable>, 'outcome' | 'closing_note' | 'closed_by'>,
  ) {
    return db
      .updateTable('network_member_reports')
      .set({ ...values, status: 'closed', closed_at: sql`now()` })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .where('status', '=', 'new')
      .returning(['id', 'about', 'location'])
      .executeTakeFirst()
  }

  // ----- settings and neighbourhoods -----

  /** The settings; defaults when never saved. */
  async settings(organisationId: string, db = this.db) {
    const row = await db
      .selectFrom('network_settings')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst()
    return (
      row ?? {
        organisation_id: organisationId,
        escalate_after_hours: 48,
        escalation_partner_id: null,
        escalation_team_id: null,
        seniors_line_team_id: null,
        offer_count: 3,
        weekly_release_limit: 3,
        updated_at: null,
      }
    )
  }

  saveSettings(db: Kysely<Database>, values: Insertable<NetworkSettingsTable>) {
    const { organisation_id: _, ...changes } = values
    return db
      .insertInto('network_settings')
      .values(values)
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ ...changes, updated_at: sql`now()` }))
      .execute()
  }

  /** A partner association or a team of the organisation, by id: its name, and its e-mail for a partner. */
  async escalationTarget(
    organisationId: string,
    target: { partnerId?: string | null; teamId?: string | null },
    db = this.db,
  ) {
    if (target.partnerId) {
      return db
        .selectFrom('partners')
        .select(['name', 'email'])
        .where('organisation_id', '=', organisationId)
        .where('id', '=', target.partnerId)
        .executeTakeFirst()
    }
    if (target.teamId) {
      return (
        db
          .selectFrom('teams')
          .select(['name', sql<string | null>`null`.as('email')])
          .where('organisation_id', '=', organisationId)
          .where('id', '=', target.teamId)
          // A team closed since it was chosen receives nothing: the coordinators are told instead.
          .where('active', '=', true)
          .executeTakeFirst()
      )
    }
    return undefined
  }

  neighbourhoods(organisationId: string, db = this.db) {
    return db
      .selectFrom('network_neighbourhoods')
      .select(['id', 'name', 'latitude', 'longitude'])
      .where('organisation_id', '=', organisationId)
      .orderBy('name')
      .execute()
  }

  neighbourhood(organisationId: string, id: string, db = this.db) {
    return db
      .selectFrom('network_neighbourhoods')
      .select(['id', 'name', 'latitude', 'longitude'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  insertNeighbourhood(db: Kysely<Database>, values: Insertable<NetworkNeighbourhoodTable>) {
    return db
      .insertInto('network_neighbourhoods')
      .values(values)
      .onConflict((oc) => oc.columns(['organisation_id', 'name']).doNothing())
      .returning('id')
      .executeTakeFirst()
  }

  deleteNeighbourhood(db: Kysely<Database>, organisationId: string, id: string) {
    return db
      .deleteFrom('network_neighbourhoods')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  // ----- the escalation sweep -----

  /**
   * Needs still waiting for a volunteer past their delay, all organisations, locked and skipped when
   * another sweep holds them; with the organisation's escalation target.
   */
  waitingPastDelay(db: Kysely<Database>, now: Date, limit: number) {
    return (
      db
        .selectFrom('network_needs as n')
        .leftJoin('network_settings as s', 's.organisation_id', 'n.organisation_id')
        .select([
          'n.id',
          'n.organisation_id',
          'n.person_id',
          'n.kind',
          'n.urgency',
          'n.coordinator_alerted_at',
          's.escalation_partner_id',
          's.escalation_team_id',
        ])
        .where('n.status', 'in', ['open', 'offered'])
        .where(
          'n.waiting_since',
          '<',
          sql<Date>`${now}::timestamptz - make_interval(hours => n.escalate_after_hours)`,
        )
        // Without a target, a need is announced to the coordinators once; with one, it is escalated.
        .where((eb) =>
          eb.or([
            eb('n.coordinator_alerted_at', 'is', null),
            eb('s.escalation_partner_id', 'is not', null),
            eb('s.escalation_team_id', 'is not', null),
          ]),
        )
        .orderBy('n.waiting_since')
        .limit(limit)
        .forUpdate('n')
        .skipLocked()
        .execute()
    )
  }

  /** Marks the reports no coordinator was told of yet, all organisations; returns them. */
  announceNewReports(db: Kysely<Database>, now: Date, limit: number) {
    return db
      .updateTable('network_member_reports')
      .set({ coordinator_alerted_at: now })
      .where(
        'id',
        'in',
        db
          .selectFrom('network_member_reports')
          .select('id')
          .where('coordinator_alerted_at', 'is', null)
          .orderBy('created_at')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .returning(['id', 'organisation_id', 'source'])
      .execute()
  }

  /** The needs the coordinators were just told about (escalated or still waiting). */
  async markCoordinatorsAlerted(db: Kysely<Database>, ids: string[], now: Date) {
    if (ids.length === 0) return
    await db
      .updateTable('network_needs')
      .set({ coordinator_alerted_at: now })
      .where('id', 'in', ids)
      .execute()
  }

  /** Active staff of an organisation whose role lets them coordinate the network. */
  coordinatorEmails(organisationId: string, roles: readonly string[], db = this.db) {
    return db
      .selectFrom('users')
      .select('email')
      .where('organisation_id', '=', organisationId)
      .where('status', '=', 'active')
      .where(sql<boolean>`roles && ${sql.val([...roles])}::text[]`)
      .execute()
  }

  /** Active members of a team: told when a need is escalated to their team. */
  teamEmails(organisationId: string, teamId: string, db = this.db) {
    return db
      .selectFrom('users as u')
      .innerJoin('user_teams as ut', 'ut.user_id', 'u.id')
      .select('u.email')
      .where('u.organisation_id', '=', organisationId)
      .where('ut.team_id', '=', teamId)
      .where('u.status', '=', 'active')
      .execute()
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
        'escalated_automatically',
        // A weekly need's next occurrence is accepted as it is created: it says nothing of the wait.
        sql<
          number | null
        >`case when previous_need_id is null then extract(epoch from (accepted_at - created_at)) / 3600.0 end`.as(
          'hours_to_accept',
        ),
      ])
      .where('organisation_id', '=', organisationId)
      .where(
        sql<boolean>`(created_at at time zone 'Europe/Paris')::date between ${from}::date and ${to}::date`,
      )
      .execute()
  }

  /** What waits for the coordinator: volunteers to vet, needs without a volunteer, escalations, reports. */
  async homeCounts(organisationId: string) {
    const result = await sql<{
      volunteers: number
      volunteers_late: number
      needs: number
      needs_late: number
      escalations: number
      reports: number
    }>`
      select
        (select count(*)::int from volunteers where organisation_id = ${organisationId}
          and status = 'pending') as volunteers,
        (select count(*)::int from volunteers where organisation_id = ${organisationId}
          and status = 'pending' and status_changed_at < now() - interval '7 days') as volunteers_late,
        (select count(*)::int from network_needs where organisation_id = ${organisationId}
          and status in ('open', 'offered')) as needs,
        (select count(*)::int from network_needs where organisation_id = ${organisationId}
          and status in ('open', 'offered')
          and waiting_since < now() - make_interval(hours => escalate_after_hours)) as needs_late,
        (select count(*)::int from network_needs where organisation_id = ${organisationId}
          and status = 'escalated' and escalation_outcome is null) as escalations,
        (select count(*)::int from network_member_reports where organisation_id = ${organisationId}
          and status = 'new') as reports`.execute(this.db)
    return result.rows[0]!
  }
}
