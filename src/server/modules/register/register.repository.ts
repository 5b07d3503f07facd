import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely'
import type { AlertCallTable, Database, RegisterEntryTable, RegisterReferralTable } from '../../db/schema.ts'

export type RegisterEntryRow = Selectable<RegisterEntryTable>
export type RegisterReferralRow = Selectable<RegisterReferralTable>
export type RegisterEntryValues = Omit<Insertable<RegisterEntryTable>, 'id' | 'organisation_id'>

/** All SQL of the register: entries, their count over time, alert plans and their calls. */
export class RegisterRepository {
  constructor(readonly db: Kysely<Database>) {}

  settings(organisationId: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('register_settings')
      .select(['team_id', 'retry_delay_minutes', 'max_attempts'])
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst()
  }

  teamExists(organisationId: string, teamId: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('teams')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', teamId)
      .where('active', '=', true)
      .executeTakeFirst()
  }

  async saveSettings(
    db: Kysely<Database>,
    organisationId: string,
    userId: string,
    values: { team_id: string | null; retry_delay_minutes: number; max_attempts: number },
  ) {
    await db
      .insertInto('register_settings')
      .values({ organisation_id: organisationId, updated_by: userId, ...values })
      .onConflict((oc) =>
        oc.column('organisation_id').doUpdateSet({ ...values, updated_by: userId, updated_at: new Date() }),
      )
      .execute()
  }

  entries(
    organisationId: string,
    filters: { id?: string; personIds?: string[]; reviewDueBy?: string; registeredOnly?: boolean },
    db: Kysely<Database> = this.db,
  ) {
    let query = db.selectFrom('register_entries').selectAll().where('organisation_id', '=', organisationId)
    if (filters.id) query = query.where('id', '=', filters.id)
    if (filters.personIds) {
      if (filters.personIds.length === 0) return Promise.resolve([])
      query = query.where('person_id', 'in', filters.personIds)
    }
    if (filters.reviewDueBy) query = query.where('review_due', '<=', filters.reviewDueBy)
    if (filters.registeredOnly) query = query.where('status', '=', 'registered')
    return query.orderBy('created_at', 'desc').execute()
  }

  /** The persons' register entries, the latest first, at most `limit` (a person's timeline). */
  latestOfPeople(organisationId: string, personIds: string[], limit: number, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('register_entries')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('person_id', 'in', personIds)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
  }

  async countOfPeople(organisationId: string, personIds: string[], db: Kysely<Database> = this.db) {
    const row = await db
      .selectFrom('register_entries')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('organisation_id', '=', organisationId)
      .where('person_id', 'in', personIds)
      .executeTakeFirstOrThrow()
    return row.n
  }

  insertEntry(db: Kysely<Database>, organisationId: string, values: RegisterEntryValues) {
    return db
      .insertInto('register_entries')
      .values({ ...values, organisation_id: organisationId })
      .onConflict((oc) => oc.columns(['organisation_id', 'person_id']).doNothing())
      .returningAll()
      .executeTakeFirst()
  }

  updateEntry(
    db: Kysely<Database>,
    organisationId: string,
    id: string,
    values: Updateable<RegisterEntryTable>,
  ) {
    return db
      .updateTable('register_entries')
      .set({ ...values, updated_at: new Date() })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  /** Deletes an entry, and the calls still to make for that person in the plans under way. */
  async deleteEntry(db: Kysely<Database>, organisationId: string, entry: RegisterEntryRow) {
    const open = db
      .selectFrom('alert_calls as c')
      .innerJoin('alert_plans as p', 'p.id', 'c.plan_id')
      .select('c.id')
      .where('c.organisation_id', '=', organisationId)
      .where('c.person_id', '=', entry.person_id)
      .where('p.status', '=', 'active')
    await db.deleteFrom('alert_call_attempts').where('call_id', 'in', open).execute()
    await db.deleteFrom('alert_calls').where('id', 'in', open).execute()
    // The report that led to the entry describes the person: it goes with the entry.
    await db
      .deleteFrom('register_referrals')
      .where('organisation_id', '=', organisationId)
      .where('entry_id', '=', entry.id)
      .execute()
    await db
      .deleteFrom('register_entries')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', entry.id)
      .execute()
  }

  async recordMovement(db: Kysely<Database>, organisationId: string, delta: 1 | -1) {
    await db.insertInto('register_movements').values({ organisation_id: organisationId, delta }).execute()
  }

  /** The number registered at the end of each month that saw a movement, in the order of months. */
  async monthlyCounts(organisationId: string, db: Kysely<Database> = this.db) {
    const { rows } = await sql<{ month: string; registered: string }>`
      select month, sum(delta) over (order by month) as registered
      from (
        select to_char(date_trunc('month', at at time zone 'Europe/Paris'), 'YYYY-MM') as month,
               sum(delta) as delta
        from register_movements where organisation_id = ${organisationId}
        group by 1
      ) m
      order by month`.execute(db)
    return rows.map((r) => ({ month: r.month, registered: Number(r.registered) }))
  }

  // Alert plans

  plans(organisationId: string, filters: { id?: string }, db: Kysely<Database> = this.db) {
    let query = db
      .selectFrom('alert_plans as p')
      .leftJoin('alert_calls as c', 'c.plan_id', 'p.id')
      .selectAll('p')
      .select((eb) => [
        eb.fn.countAll<string>().filterWhere('c.id', 'is not', null).as('total'),
        eb.fn.countAll<string>().filterWhere('c.status', '=', 'to_call').as('to_call'),
        eb.fn.countAll<string>().filterWhere('c.status', '=', 'retry').as('retry'),
        eb.fn.countAll<string>().filterWhere('c.status', '=', 'home_visit').as('home_visit'),
        eb.fn.countAll<string>().filterWhere('c.status', '=', 'reached').as('reached'),
        eb.fn.countAll<string>().filterWhere('c.status', '=', 'escalated').as('escalated'),
        eb.fn.countAll<string>().filterWhere('c.attempts', '>', 0).as('called'),
      ])
      .where('p.organisation_id', '=', organisationId)
      .groupBy('p.id')
    if (filters.id) query = query.where('p.id', '=', filters.id)
    return query.orderBy('p.activated_at', 'desc').execute()
  }

  insertPlan(
    db: Kysely<Database>,
    values: Pick<
      Insertable<Database['alert_plans']>,
      'organisation_id' | 'kind' | 'label' | 'starts_on' | 'ends_on' | 'activated_by'
    >,
  ) {
    return db.insertInto('alert_plans').values(values).returning('id').executeTakeFirstOrThrow()
  }

  closePlan(db: Kysely<Database>, organisationId: string, id: string, userId: string) {
    return db
      .updateTable('alert_plans')
      .set({ status: 'closed', closed_at: new Date(), closed_by: userId })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute()
  }

  /** Active users of the register team whose role may make the calls. */
  callers(organisationId: string, teamId: string | null, roles: string[], db: Kysely<Database> = this.db) {
    if (!teamId) return Promise.resolve([])
    return db
      .selectFrom('users as u')
      .innerJoin('user_teams as ut', 'ut.user_id', 'u.id')
      .select('u.id')
      .where('u.organisation_id', '=', organisationId)
      .where('ut.team_id', '=', teamId)
      .where('u.status', '=', 'active')
      .where(sql<boolean>`u.roles && ${sql.val(roles)}::text[]`)
      .orderBy('u.name')
      .execute()
  }

  async insertCalls(db: Kysely<Database>, values: Insertable<AlertCallTable>[]) {
    for (let i = 0; i < values.length; i += 500) {
      await db
        .insertInto('alert_calls')
        .values(values.slice(i, i + 500))
        .execute()
    }
  }

  calls(
    organisationId: string,
    filters: { planId?: string; id?: string; callerId?: string; dueOnly?: boolean },
    db: Kysely<Database> = this.db,
  ) {
    let query = db
      .selectFrom('alert_calls as c')
      .innerJoin('alert_plans as p', 'p.id', 'c.plan_id')
      .leftJoin('register_entries as e', (join) =>
        join.onRef('e.person_id', '=', 'c.person_id').onRef('e.organisation_id', '=', 'c.organisation_id'),
      )
      .leftJoin('users as u', 'u.id', 'c.caller_id')
      .selectAll('c')
      .select([
        'p.status as plan_status',
        'e.phone',
        'e.address',
        'e.lives_alone',
        'e.power_medical_devices',
        'e.best_call_times',
        'e.emergency_contacts',
        'e.autonomy',
        'e.attending_services',
        'u.name as caller_name',
      ])
      .where('c.organisation_id', '=', organisationId)
    if (filters.planId) query = query.where('c.plan_id', '=', filters.planId)
    if (filters.id) query = query.where('c.id', '=', filters.id)
    if (filters.callerId) query = query.where('c.caller_id', '=', filters.callerId)
    if (filters.dueOnly) {
      query = query.where((eb) =>
        eb.or([
          eb('c.status', 'in', ['to_call', 'home_visit']),
          eb.and([eb('c.status', '=', 'retry'), eb('c.next_attempt_at', '<=', new Date())]),
        ]),
      )
    }
    return query.orderBy('c.rank').execute()
  }

  /**
   * One page of the outcomes logged (newest first), for a plan or over a period of days in France, of
   * one outcome if asked, with the total; `dayFrom`/`dayTo` inclusive.
   */
  async callLog(
    organisationId: string,
    filters: { planId?: string; dayFrom?: string; dayTo?: string; outcome?: string },
    page: { page: number; pageSize: number },
    db: Kysely<Database> = this.db,
  ) {
    let base = db
      .selectFrom('alert_call_attempts as a')
      .innerJoin('alert_calls as c', 'c.id', 'a.call_id')
      .where('a.organisation_id', '=', organisationId)
    if (filters.planId) base = base.where('c.plan_id', '=', filters.planId)
    if (filters.outcome) base = base.where('a.outcome', '=', filters.outcome as 'all_fine')
    if (filters.dayFrom)
      base = base.where(
        sql<boolean>`a.at >= (${filters.dayFrom}::date::timestamp at time zone 'Europe/Paris')`,
      )
    if (filters.dayTo)
      base = base.where(
        sql<boolean>`a.at < ((${filters.dayTo}::date + 1)::timestamp at time zone 'Europe/Paris')`,
      )
    const count = await base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow()
    const items = await base
      .innerJoin('alert_plans as p', 'p.id', 'c.plan_id')
      .leftJoin('register_entries as e', (join) =>
        join.onRef('e.person_id', '=', 'c.person_id').onRef('e.organisation_id', '=', 'c.organisation_id'),
      )
      .leftJoin('users as u', 'u.id', 'a.by_user')
      .select([
        'a.id',
        'a.call_id',
        'a.at',
        'a.outcome',
        'a.note',
        'c.plan_id',
        'c.person_id',
        'p.kind as plan_kind',
        'p.label as plan_label',
        'e.phone',
        'u.name as by_name',
      ])
      .orderBy('a.at', 'desc')
      .orderBy('a.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
    return { total: Number(count.total), items }
  }

  /** Updates a call still as it was read (`attempts`): false when another outcome came first. */
  async updateCall(
    db: Kysely<Database>,
    organisationId: string,
    id: string,
    attempts: number,
    values: Updateable<AlertCallTable>,
  ) {
    const result = await db
      .updateTable('alert_calls')
      .set({ ...values, updated_at: new Date() })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .where('attempts', '=', attempts)
      .executeTakeFirst()
    return Number(result.numUpdatedRows) === 1
  }

  async insertAttempt(db: Kysely<Database>, values: Insertable<Database['alert_call_attempts']>) {
    await db.insertInto('alert_call_attempts').values(values).execute()
  }

  // Referrals from the neighbour network

  /** A report sent on by the coordinator; sent twice, it stays one referral. */
  async insertReferral(
    db: Kysely<Database>,
    values: Pick<
      Insertable<RegisterReferralTable>,
      'organisation_id' | 'member_report_id' | 'about' | 'location'
    >,
  ) {
    await db
      .insertInto('register_referrals')
      .values(values)
      .onConflict((oc) => oc.column('member_report_id').doNothing())
      .execute()
  }

  referrals(
    organisationId: string,
    filters: { id?: string; status?: RegisterReferralRow['status'] },
    db: Kysely<Database> = this.db,
  ) {
    let query = db
      .selectFrom('register_referrals as r')
      .leftJoin('users as u', 'u.id', 'r.handled_by')
      .selectAll('r')
      .select('u.name as handled_by_name')
      .where('r.organisation_id', '=', organisationId)
    if (filters.id) query = query.where('r.id', '=', filters.id)
    if (filters.status) query = query.where('r.status', '=', filters.status)
    // The queue oldest first; the history newest first.
    return query
      .orderBy('r.created_at', filters.status === 'new' ? 'asc' : 'desc')
      .orderBy('r.id')
      .execute()
  }

  /** Registers or dismisses a referral still new; undefined when it is unknown or already handled. */
  handleReferral(
    db: Kysely<Database>,
    organisationId: string,
    id: string,
    values: Pick<Updateable<RegisterReferralTable>, 'status' | 'dismiss_reason' | 'entry_id' | 'handled_by'>,
  ) {
    return db
      .updateTable('register_referrals')
      .set({ ...values, handled_at: new Date() })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .where('status', '=', 'new')
      .returning('id')
      .executeTakeFirst()
  }

  // The yearly review reminder

  /** Per organisation, the registered entries whose review falls on or before `by`, and those before `today`. */
  async reviewsDue(by: string, today: string, db: Kysely<Database> = this.db) {
    const rows = await db
      .selectFrom('register_entries')
      .select((eb) => [
        'organisation_id',
        eb.fn.countAll<string>().as('due'),
        eb.fn.countAll<string>().filterWhere('review_due', '<', today).as('overdue'),
      ])
      .where('status', '=', 'registered')
      .where('review_due', '<=', by)
      .groupBy('organisation_id')
      .orderBy('organisation_id')
      .execute()
    return rows.map((r) => ({
      organisationId: r.organisation_id,
      due: Number(r.due),
      overdue: Number(r.overdue),
    }))
  }

  /** The active members of the register team whose role keeps entries, and the directors. */
  reminderRecipients(
    organisationId: string,
    teamId: string | null,
    writerRoles: string[],
    db: Kysely<Database> = this.db,
  ) {
    return db
      .selectFrom('users as u')
      .select('u.email')
      .distinct()
      .where('u.organisation_id', '=', organisationId)
      .where('u.status', '=', 'active')
      .where((eb) =>
        eb.or([
          sql<boolean>`'director' = any(u.roles)`,
          ...(teamId
            ? [
                eb.and([
                  sql<boolean>`u.roles && ${sql.val(writerRoles)}::text[]`,
                  eb.exists(
                    eb
                      .selectFrom('user_teams as ut')
                      .select('ut.user_id')
                      .whereRef('ut.user_id', '=', 'u.id')
                      .where('ut.team_id', '=', teamId),
                  ),
                ]),
              ]
            : []),
        ]),
      )
      .orderBy('u.email')
      .execute()
  }

  /** The week's reminder marker: true for the one run that writes it, false for any other. */
  async markReminder(db: Kysely<Database>, organisationId: string, weekOf: string, dueCount: number) {
    const row = await db
      .insertInto('register_review_reminders')
      .values({ organisation_id: organisationId, week_of: weekOf, due_count: dueCount })
      .onConflict((oc) => oc.columns(['organisation_id', 'week_of']).doNothing())
      .returning('organisation_id')
      .executeTakeFirst()
    return row !== undefined
  }

  /** Reviews due by `today`, calls to make now in the active plans (and retries past their time), new referrals. */
  async homeCounts(organisationId: string, today: string) {
    const result = await sql<{
      reviews: number
      reviews_late: number
      calls: number
      calls_late: number
      referrals: number
    }>`
      select
        (select count(*)::int from register_entries where organisation_id = ${organisationId}
          and status = 'registered' and review_due <= ${today}) as reviews,
        (select count(*)::int from register_entries where organisation_id = ${organisationId}
          and status = 'registered' and review_due < ${today}) as reviews_late,
        (select count(*)::int from alert_calls c join alert_plans p on p.id = c.plan_id
          where c.organisation_id = ${organisationId} and p.status = 'active'
            and (c.status in ('to_call', 'home_visit') or (c.status = 'retry' and c.next_attempt_at <= now()))) as calls,
        (select count(*)::int from alert_calls c join alert_plans p on p.id = c.plan_id
          where c.organisation_id = ${organisationId} and p.status = 'active'
            and c.status = 'retry' and c.next_attempt_at <= now()) as calls_late,
        (select count(*)::int from register_referrals where organisation_id = ${organisationId}
          and status = 'new') as referrals`.execute(this.db)
    return result.rows[0]!
  }
}
