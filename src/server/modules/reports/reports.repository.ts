import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely'
import { roleAllows } from '../../../shared/permissions.ts'
import type { ReportConcern } from '../../../shared/reports.ts'
import { ROLES } from '../../../shared/roles.ts'
import type { Database, ReportEventTable, ReportTable } from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'

/** Only those who can act on reports are given one (the permission table says who triages). */
const TRIAGE_ROLES = ROLES.filter((role) => roleAllows([role], 'report.triage'))

export type ReportRow = Selectable<ReportTable>
export type ReportValues = Omit<Insertable<ReportTable>, 'id' | 'reference'>

/** Reports still waiting for someone to act: new, or assigned but not yet visited. */
const WAITING = ['new', 'assigned'] as const

/**
 * An open report of the triage queue whose last triage action is older than the delay; `r` is the
 * report. A report about someone isolated at home waits in the neighbour network's queue, not here.
 */
const overdueSql = (delayDays: number) =>
  sql<boolean>`(r.concern = 'street' and r.status in ('new', 'assigned') and r.status_changed_at < now() - make_interval(days => ${delayDays}::int))`

/** What a report may point at in other modules' tables; each is checked against the organisation. */
export interface ReportReferences {
  partnerServiceId?: string | null
  zoneId?: string | null
  assignedTo?: string | null
  roundId?: string | null
  encounterId?: string | null
}

export interface ReportFilters {
  id?: string
  /** Reports about the street (the triage queue) unless told otherwise. */
  concern?: ReportConcern | 'any'
  personIds?: string[]
  status?: 'open' | 'new' | 'assigned' | 'visited' | 'closed' | 'all'
  zoneId?: string
  assignedTo?: string
  overdue?: boolean
}

/**
 * All SQL of the reports module. Names of zones, rounds and encounters' teams are read from the
 * outreach tables by their organisation-scoped keys (the outreach service offers no lookup by id).
 */
export class ReportsRepository {
  constructor(readonly db: Kysely<Database>) {}

  async triageDelayDays(organisationId: string, db = this.db) {
    const row = await db
      .selectFrom('report_settings')
      .select('triage_delay_days')
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst()
    return row?.triage_delay_days
  }

  async saveTriageDelay(db: Kysely<Database>, actor: Actor, days: number) {
    await db
      .insertInto('report_settings')
      .values({ organisation_id: actor.organisationId, triage_delay_days: days, updated_by: actor.userId })
      .onConflict((oc) =>
        oc.column('organisation_id').doUpdateSet({
          triage_delay_days: days,
          updated_by: actor.userId,
          updated_at: sql`now()`,
        }),
      )
      .execute()
  }

  /**
   * The next number of the year for the organisation. The upsert locks the counter row until the
   * transaction ends, so two reports sent at the same instant get two numbers, and a report that
   * fails gives its number back.
   */
  async nextNumber(db: Kysely<Database>, organisationId: string, year: number) {
    const row = await db
      .insertInto('report_counters')
      .values({ organisation_id: organisationId, year, last_value: 1 })
      .onConflict((oc) =>
        oc
          .columns(['organisation_id', 'year'])
          .doUpdateSet({ last_value: sql`report_counters.last_value + 1` }),
      )
      .returning('last_value')
      .executeTakeFirstOrThrow()
    return row.last_value
  }

  insert(db: Kysely<Database>, values: ReportValues & { reference: string }) {
    return db.insertInto('reports').values(values).returningAll().executeTakeFirstOrThrow()
  }

  update(db: Kysely<Database>, actor: Actor, id: string, values: Updateable<ReportTable>) {
    return db
      .updateTable('reports')
      .set({ ...values, updated_at: sql`now()` })
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', id)
      .execute()
  }

  addEvent(db: Kysely<Database>, values: Omit<Insertable<ReportEventTable>, 'id' | 'at'>) {
    return db.insertInto('report_events').values(values).execute()
  }

  /**
   * Which of the given references belong to the organisation, in one round trip; for an encounter,
   * whether its team is confidential (then only the team's members and the director may link it).
   */
  async references(db: Kysely<Database>, actor: Actor, refs: ReportReferences) {
    const none = '00000000-0000-0000-0000-000000000000'
    const org = actor.organisationId
    const { rows } = await sql<{
      service: boolean
      zone: boolean
      assignee: boolean
      round: boolean
      encounter_team: string | null
      encounter_confidential: boolean | null
      encounter_at: Date | null
    }>`select
        exists (select 1 from partner_services where organisation_id = ${org} and id = ${refs.partnerServiceId ?? none}::uuid and active) as service,
        exists (select 1 from outreach_zones where organisation_id = ${org} and id = ${refs.zoneId ?? none}::uuid and active) as zone,
        exists (select 1 from users where organisation_id = ${org} and id = ${refs.assignedTo ?? none}::uuid and status = 'active'
          and roles && ${TRIAGE_ROLES}::text[]) as assignee,
        exists (select 1 from outreach_rounds where organisation_id = ${org} and id = ${refs.roundId ?? none}::uuid and status <> 'cancelled') as round,
        (select e.team_id::text from outreach_encounters e where e.organisation_id = ${org} and e.id = ${refs.encounterId ?? none}::uuid) as encounter_team,
        (select coalesce(t.confidential, false) from outreach_encounters e left join teams t on t.id = e.team_id
          where e.organisation_id = ${org} and e.id = ${refs.encounterId ?? none}::uuid) as encounter_confidential,
        (select e.occurred_at from outreach_encounters e where e.organisation_id = ${org} and e.id = ${refs.encounterId ?? none}::uuid) as encounter_at`.execute(
      db,
    )
    return rows[0]!
  }

  /** Reports with the names a reader needs beside them, the overdue flag computed against the delay. */
  list(actor: Actor, filters: ReportFilters, delayDays: number, limit: number, db = this.db) {
    let query = db
      .selectFrom('reports as r')
      .leftJoin('partner_services as s', 's.id', 'r.partner_service_id')
      .leftJoin('partners as sp', 'sp.id', 's.partner_id')
      .leftJoin('outreach_zones as z', 'z.id', 'r.zone_id')
      .leftJoin('users as assignee', 'assignee.id', 'r.assigned_to')
      .leftJoin('outreach_rounds as round', 'round.id', 'r.round_id')
      .leftJoin('outreach_zones as rz', 'rz.id', 'round.zone_id')
      .leftJoin('users as author', 'author.id', 'r.created_by')
      .selectAll('r')
      .select([
        sql<string | null>`case when s.id is null then null else sp.name || ' — ' || s.name end`.as(
          'service_name',
        ),
        'z.name as zone_name',
        'assignee.name as assignee_name',
        sql<string | null>`to_char(round.round_date, 'YYYY-MM-DD')`.as('round_date'),
        'rz.name as round_zone_name',
        'author.name as author_name',
        overdueSql(delayDays).as('overdue'),
      ])
      .where('r.organisation_id', '=', actor.organisationId)
    const concern = filters.concern ?? 'street'
    if (concern !== 'any') query = query.where('r.concern', '=', concern)
    if (filters.id) query = query.where('r.id', '=', filters.id)
    if (filters.personIds) query = query.where('r.person_id', 'in', filters.personIds)
    if (filters.zoneId) query = query.where('r.zone_id', '=', filters.zoneId)
    if (filters.assignedTo) query = query.where('r.assigned_to', '=', filters.assignedTo)
    if (filters.overdue) query = query.where(overdueSql(delayDays))
    const status = filters.status ?? 'all'
    if (status === 'open') query = query.where('r.status', '<>', 'closed')
    else if (status !== 'all') query = query.where('r.status', '=', status)
    if (status === 'open' || (WAITING as readonly string[]).includes(status)) {
      // The queue: urgent first, then the oldest: that is the order a team works through it.
      return query
        .orderBy(sql`r.urgency = 'urgent'`, 'desc')
        .orderBy('r.received_at', 'asc')
        .limit(limit)
        .execute()
    }
    return query.orderBy('r.received_at', 'desc').orderBy('r.id', 'desc').limit(limit).execute()
  }

  /** How many street reports are about the persons (a person's timeline, which shows those). */
  async countOfPeople(actor: Actor, personIds: string[], db = this.db) {
    const row = await db
      .selectFrom('reports as r')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('r.organisation_id', '=', actor.organisationId)
      .where('r.concern', '=', 'street')
      .where('r.person_id', 'in', personIds)
      .executeTakeFirstOrThrow()
    return row.n
  }

  async overdueCount(organisationId: string, delayDays: number, db = this.db) {
    const row = await db
      .selectFrom('reports as r')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('r.organisation_id', '=', organisationId)
      .where('r.concern', '=', 'street')
      .where(overdueSql(delayDays))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  events(organisationId: string, reportId: string, db = this.db) {
    return db
      .selectFrom('report_events as e')
      .leftJoin('users as by', 'by.id', 'e.by_user')
      .leftJoin('users as assignee', 'assignee.id', 'e.assigned_to')
      .leftJoin('outreach_rounds as round', 'round.id', 'e.round_id')
      .leftJoin('outreach_zones as rz', 'rz.id', 'round.zone_id')
      .select([
        'e.status',
        'e.at',
        'e.outcome',
        'e.note',
        'by.name as by_name',
        'assignee.name as assignee_name',
        sql<string | null>`to_char(round.round_date, 'YYYY-MM-DD')`.as('round_date'),
        'rz.name as round_zone_name',
      ])
      .where('e.organisation_id', '=', organisationId)
      .where('e.report_id', '=', reportId)
      .orderBy('e.at')
      .orderBy('e.id')
      .execute()
  }

  /** The street reports still new, and those given to the actor, each with how many are past the delay. */
  async homeCounts(actor: Actor, delayDays: number) {
    const row = await this.db
      .selectFrom('reports as r')
      .select([
        sql<number>`(count(*) filter (where r.status = 'new'))::int`.as('new_count'),
        sql<number>`(count(*) filter (where r.status = 'new' and ${overdueSql(delayDays)}))::int`.as(
          'new_late',
        ),
        sql<number>`(count(*) filter (where r.status = 'assigned' and r.assigned_to = ${actor.userId}))::int`.as(
          'mine_count',
        ),
        sql<number>`(count(*) filter (where r.status = 'assigned' and r.assigned_to = ${actor.userId} and ${overdueSql(delayDays)}))::int`.as(
          'mine_late',
        ),
      ])
      .where('r.organisation_id', '=', actor.organisationId)
      .where('r.concern', '=', 'street')
      .executeTakeFirstOrThrow()
    return row
  }

  async settingsSaved(organisationId: string) {
    const row = await this.db
      .selectFrom('report_settings')
      .select('organisation_id')
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst()
    return row !== undefined
  }
}
