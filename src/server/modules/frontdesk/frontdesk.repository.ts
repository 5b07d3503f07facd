import { type Insertable, type Kysely, type RawBuilder, type Selectable, sql, type Updateable } from 'kysely'
import type { AuditAction } from '../../../shared/audit.ts'
import { PREPARED } from '../../db/database.ts'
import type { ContactTable, Database } from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'
import { inActiveBase } from '../../platform/retention.ts'
import type { RecordFile } from '../people/people.service.ts'

export type ContactRow = Selectable<ContactTable>
export type ContactValues = Omit<Insertable<ContactTable>, 'id' | 'organisation_id' | 'created_by'>

/** Writers of one counts row spread over this many rows, so concurrent contacts don't queue on one lock. */
const COUNT_SHARDS = 8

/** Dimensions of `contact_counts` and how each is read and labelled. */
const DIMENSION_SQL = {
  month: sql<string>`to_char(k.day, 'YYYY-MM')`,
  year: sql<string>`to_char(k.day, 'YYYY')`,
  site: sql<string>`k.site_id::text`,
  team: sql<string>`k.team_id::text`,
  channel: sql<string>`k.channel`,
  reason: sql<string>`k.reason_id::text`,
} as const

/**
 * Contacts of a confidential team are for its members and the director only; `c` is the contact and
 * `t` its team (left-joined).
 */
function visibleContact(actor: Actor) {
  if (actor.roles.includes('director')) return sql<boolean>`true`
  const ownTeams = actor.teamIds.length > 0 ? sql` or c.team_id in (${sql.join(actor.teamIds)})` : sql``
  return sql<boolean>`(c.team_id is null or t.confidential = false${ownTeams})`
}

/** The references a contact may carry, all of the organisation. */
interface ContactReferences {
  siteId?: string | null
  teamId?: string | null
  orientationTeamId?: string | null
  serviceId?: string | null
}

/** What `referenceChecks` finds: which references exist (and are active), and the names shown with a contact. */
interface ReferenceCheck {
  site: boolean
  team_confidential: boolean | null
  orientation_team: boolean
  service_name: string | null
  reasons: string[]
  author_name: string
}

/** The select list that checks a contact's references in the organisation, in one round trip. */
function referenceChecks(actor: Actor, refs: ContactReferences) {
  const none = '00000000-0000-0000-0000-000000000000'
  const org = actor.organisationId
  return sql`exists (select 1 from sites where organisation_id = ${org} and id = ${refs.siteId ?? none}::uuid) as site,
    (select confidential from teams
      where organisation_id = ${org} and id = ${refs.teamId ?? none}::uuid and active) as team_confidential,
    exists (select 1 from teams
      where organisation_id = ${org} and id = ${refs.orientationTeamId ?? none}::uuid and active) as orientation_team,
    (select p.name || ' — ' || s.name from partner_services s join partners p on p.id = s.partner_id
      where s.organisation_id = ${org} and s.id = ${refs.serviceId ?? none}::uuid and s.active) as service_name,
    array(select id::text from contact_reasons where organisation_id = ${org} and active) as reasons,
    (select name from users where id = ${actor.userId}) as author_name`
}

export class FrontdeskRepository {
  constructor(readonly db: Kysely<Database>) {}

  reasons(organisationId: string, db = this.db) {
    return db
      .selectFrom('contact_reasons')
      .select(['id', 'label', 'active'])
      .where('organisation_id', '=', organisationId)
      .orderBy('position')
      .orderBy('label')
      .execute()
  }

  /** An organisation starts with the usual list; it is created the first time someone needs it. */
  async ensureReasons(db: Kysely<Database>, organisationId: string, labels: string[]) {
    await db
      .insertInto('contact_reasons')
      .values(labels.map((label, position) => ({ organisation_id: organisationId, label, position })))
      .onConflict((oc) => oc.doNothing())
      .execute()
  }

  async saveReasons(
    db: Kysely<Database>,
    organisationId: string,
    items: { id?: string; label: string; active: boolean }[],
  ) {
    const before = await db
      .selectFrom('contact_reasons')
      .select(['id', 'label', 'position'])
      .where('organisation_id', '=', organisationId)
      .execute()
    // Labels are unique among active reasons: park them first so that two reasons can swap labels.
    await db
      .updateTable('contact_reasons')
      .set({ label: sql`id::text` })
      .where('organisation_id', '=', organisationId)
      .execute()
    const kept = new Set<string>()
    for (const [position, item] of items.entries()) {
      if (item.id) {
        const updated = await db
          .updateTable('contact_reasons')
          .set({ label: item.label, active: item.active, position })
          .where('organisation_id', '=', organisationId)
          .where('id', '=', item.id)
          .returning('id')
          .executeTakeFirst()
        if (!updated) return { unknownIndex: position }
        kept.add(item.id)
      } else {
        const { id } = await db
          .insertInto('contact_reasons')
          .values({ organisation_id: organisationId, label: item.label, active: item.active, position })
          .returning('id')
          .executeTakeFirstOrThrow()
        kept.add(id)
      }
    }
    // Reasons left out of the list are retired with their label, never deleted: past contacts refer to them.
    for (const reason of before.filter((r) => !kept.has(r.id))) {
      await db
        .updateTable('contact_reasons')
        .set({ active: false, label: reason.label, position: 1000 + reason.position })
        .where('id', '=', reason.id)
        .execute()
    }
    return { unknownIndex: null }
  }

  /**
   * Which of the given references belong to the organisation, in one round trip: logging a contact
   * must stay fast at the desk.
   */
  async references(db: Kysely<Database>, actor: Actor, refs: ContactReferences) {
    const { rows } = await sql<ReferenceCheck>`select ${referenceChecks(actor, refs)}`.execute(db)
    return rows[0]!
  }

  /**
   * Logs a contact in one statement: its references are checked, and only if all hold is the contact
   * inserted, counted in the day's and the month's roll-ups and audited. One statement is atomic
   * without BEGIN/COMMIT and is planned once per connection (`PREPARED`): contacts are logged all day.
   * Answers what the checks found, and the contact when it was written.
   */
  async insertChecked(
    db: Kysely<Database>,
    actor: Actor,
    values: Omit<ContactValues, 'reason_ids' | 'person_id'> & { reason_ids: string[] },
    /** The file the contact goes to, from the people service (null if not visible); absent if anonymous. */
    recordFile: RawBuilder<RecordFile | null> | null,
    audit: { action: AuditAction; ip: string | null },
    /** Whether the actor may use `team_id` should it be a confidential team. */
    mayUseConfidentialTeam: boolean,
  ) {
    const org = actor.organisationId
    const shard = Math.floor(Math.random() * COUNT_SHARDS)
    const { rows } = await sql<
      ContactRow &
        ReferenceCheck & {
          record_file: RecordFile | null
          written: boolean
        }
    >`${sql.raw(PREPARED)}
      with checks as (
        select
          ${referenceChecks(actor, {
            siteId: values.site_id,
            teamId: values.team_id,
            orientationTeamId: values.orientation_team_id,
            serviceId: values.orientation_partner_service_id,
          })},
          ${recordFile ?? sql`null::json`} as record_file
      ),
      inserted as (
        insert into contacts (organisation_id, created_by, occurred_at, channel, site_id, team_id, person_id,
          anonymous_description, reason_ids, note, orientation_team_id, orientation_partner_service_id, follow_up_status)
        select ${org}, ${actor.userId}, ${values.occurred_at}::timestamptz, ${values.channel}, ${values.site_id}::uuid,
          ${values.team_id}::uuid, (record_file->>'id')::uuid, ${values.anonymous_description}::text,
          ${values.reason_ids}::uuid[], ${values.note}::text, ${values.orientation_team_id}::uuid,
          ${values.orientation_partner_service_id}::uuid, ${values.follow_up_status}::text
        from checks
        where (${values.site_id}::uuid is null or site)
          and (${values.team_id}::uuid is null or (team_confidential is not null
            and (not team_confidential or ${mayUseConfidentialTeam}::boolean)))
          and (${values.orientation_team_id}::uuid is null or orientation_team)
          and (${values.orientation_partner_service_id}::uuid is null or service_name is not null)
          and reasons @> ${values.reason_ids}::text[]
          and (${recordFile === null}::boolean or (record_file is not null
            and not coalesce((record_file->>'archived')::boolean, false)))
        returning *
      ),
      counted as (
        select c.organisation_id, (c.occurred_at at time zone 'Europe/Paris')::date as day, c.site_id, c.team_id,
          c.channel, reason_id, ${shard}::smallint as shard
        from inserted c cross join unnest(array[null]::uuid[] || c.reason_ids) as reason_id
      ),
      daily as (
        insert into contact_counts (organisation_id, day, site_id, team_id, channel, reason_id, shard, contacts)
        select *, 1 from counted
        on conflict (organisation_id, day, site_id, team_id, channel, reason_id, shard)
        do update set contacts = contact_counts.contacts + 1
      ),
      monthly as (
        insert into contact_counts_monthly (organisation_id, day, site_id, team_id, channel, reason_id, shard, contacts)
        select organisation_id, date_trunc('month', day)::date, site_id, team_id, channel, reason_id, shard, 1
        from counted
        on conflict (organisation_id, day, site_id, team_id, channel, reason_id, shard)
        do update set contacts = contact_counts_monthly.contacts + 1
      ),
      audited as (
        insert into audit_log (organisation_id, user_id, action, entity_type, entity_id, person_id, ip)
        select organisation_id, created_by, ${audit.action}, 'contact', id, person_id, ${audit.ip}::text from inserted
      )
      select checks.*, inserted.*, inserted.id is not null as written from checks left join inserted on true`.execute(
      db,
    )
    return rows[0]!
  }

  update(db: Kysely<Database>, actor: Actor, id: string, values: Updateable<ContactTable>) {
    return db
      .updateTable('contacts')
      .set({ ...values, updated_at: sql`now()` })
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  /** Contacts with what a reader needs beside them; confidential teams' contacts only for their members. */
  list(
    actor: Actor,
    filters: { id?: string; personIds?: string[]; teamId?: string; queue?: boolean; assignedTo?: string },
    limit: number,
    db = this.db,
  ) {
    let query = db
      .selectFrom('contacts as c')
      .leftJoin('partner_services as s', 's.id', 'c.orientation_partner_service_id')
      .leftJoin('partners as sp', 'sp.id', 's.partner_id')
      .leftJoin('users as assignee', 'assignee.id', 'c.assigned_to')
      .innerJoin('users as author', 'author.id', 'c.created_by')
      .leftJoin('teams as t', 't.id', 'c.team_id')
      .selectAll('c')
      .select([
        sql<string | null>`case when s.id is null then null else sp.name || ' — ' || s.name end`.as(
          'service_name',
        ),
        'assignee.name as assignee_name',
        'author.name as author_name',
        't.name as team_name',
        sql<
          string[]
        >`array(select r.label from contact_reasons r where r.id = any(c.reason_ids) order by r.position)`.as(
          'reason_labels',
        ),
      ])
      .where('c.organisation_id', '=', actor.organisationId)
    query = query.where(visibleContact(actor))
    if (filters.id) query = query.where('c.id', '=', filters.id)
    if (filters.personIds) query = query.where('c.person_id', 'in', filters.personIds)
    if (filters.teamId) query = query.where('c.team_id', '=', filters.teamId)
    if (filters.assignedTo) query = query.where('c.assigned_to', '=', filters.assignedTo)
    if (filters.queue) {
      // The oldest waiting first: that is the order a team works through its queue, of the active base.
      return query
        .where('c.follow_up_status', '=', 'pending')
        .where(inActiveBase('c.person_id'))
        .orderBy('c.occurred_at', 'asc')
        .limit(limit)
        .execute()
    }
    return query.orderBy('c.occurred_at', 'desc').orderBy('c.id', 'desc').limit(limit).execute()
  }

  /** How many contacts of the persons the actor reads (confidential teams' only for their members). */
  async countOfPeople(actor: Actor, personIds: string[], db = this.db) {
    const row = await db
      .selectFrom('contacts as c')
      .leftJoin('teams as t', 't.id', 'c.team_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('c.organisation_id', '=', actor.organisationId)
      .where('c.person_id', 'in', personIds)
      .where(visibleContact(actor))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  /** The latest contact per person, for search results. */
  async latest(actor: Actor, personIds: string[], db = this.db) {
    const rows = await db
      .selectFrom('contacts as c')
      .leftJoin('teams as t', 't.id', 'c.team_id')
      .select(['c.person_id', (eb) => eb.fn.max('c.occurred_at').as('at')])
      .where('c.organisation_id', '=', actor.organisationId)
      .where('c.person_id', 'in', personIds)
      .where(visibleContact(actor))
      .groupBy('c.person_id')
      .execute()
    return rows
  }

  userInOrganisation(organisationId: string, userId: string, db = this.db) {
    return db
      .selectFrom('users')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', userId)
      .where('status', '=', 'active')
      .executeTakeFirst()
  }

  /**
   * Sums of the counts for the period, filtered and grouped by up to three dimensions. Whole months
   * are read from the monthly table, the days before and after them from the daily one.
   */
  async counts(
    organisationId: string,
    query: {
      from: string
      to: string
      siteId?: string
      teamId?: string
      channel?: string
      reasonId?: string
      groupBy: (keyof typeof DIMENSION_SQL)[]
    },
    db = this.db,
  ) {
    const byReason = query.groupBy.includes('reason') || Boolean(query.reasonId)
    const filters = (reasonRows: boolean) =>
      sql.join(
        [
          sql`k.organisation_id = ${organisationId}`,
          reasonRows ? sql`k.reason_id is not null` : sql`k.reason_id is null`,
          ...(query.siteId ? [sql`k.site_id = ${query.siteId}::uuid`] : []),
          ...(query.teamId ? [sql`k.team_id = ${query.teamId}::uuid`] : []),
          ...(query.channel ? [sql`k.channel = ${query.channel}`] : []),
          ...(query.reasonId ? [sql`k.reason_id = ${query.reasonId}::uuid`] : []),
        ],
        sql` and `,
      )
    const { from, to } = query
    // [firstMonth, afterLastMonth): the whole months inside the period.
    const firstMonth = sql`(date_trunc('month', ${from}::date - 1) + interval '1 month')::date`
    const afterLastMonth = sql`date_trunc('month', ${to}::date + 1)::date`
    const period = (reasonRows: boolean) => sql`(
      select * from contact_counts_monthly k
        where ${filters(reasonRows)} and k.day >= ${firstMonth} and k.day < ${afterLastMonth}
      union all
      select * from contact_counts k
        where ${filters(reasonRows)} and k.day between ${from}::date and ${to}::date
          and (k.day < ${firstMonth} or k.day >= greatest(${afterLastMonth}, ${firstMonth}))
    ) k`
    // The total counts each contact once, whatever its reasons (unless one reason is asked for).
    const { rows: totals } = await sql<{ total: string | null }>`
      select sum(k.contacts) as total from ${period(Boolean(query.reasonId))}`.execute(db)
    const total = Number(totals[0]?.total ?? 0)
    if (query.groupBy.length === 0) return { total, rows: [] }
    const keys = query.groupBy.map((d, i) => sql`${DIMENSION_SQL[d]} as ${sql.ref(`k${i}`)}`)
    const groups = query.groupBy.map((_, i) => sql.ref(`k${i}`))
    const { rows } = await sql<Record<string, string | null>>`
      select ${sql.join(keys)}, sum(k.contacts) as contacts
      from ${period(byReason)}
      group by ${sql.join(groups)} order by ${sql.join(groups)}`.execute(db)
    return {
      total,
      rows: rows.map((row) => ({
        keys: query.groupBy.map((_, i) => row[`k${i}`] ?? null),
        contacts: Number(row.contacts),
      })),
    }
  }

  /** Names of the sites, teams and reasons of the organisation, to label count rows. */
  async dimensionLabels(organisationId: string, db = this.db) {
    const [sites, teams, reasons] = [
      await db
        .selectFrom('sites')
        .select(['id', 'name'])
        .where('organisation_id', '=', organisationId)
        .execute(),
      await db
        .selectFrom('teams')
        .select(['id', 'name'])
        .where('organisation_id', '=', organisationId)
        .execute(),
      await db
        .selectFrom('contact_reasons')
        .select(['id', 'label as name'])
        .where('organisation_id', '=', organisationId)
        .execute(),
    ]
    return {
      site: new Map(sites.map((s) => [s.id, s.name])),
      team: new Map(teams.map((t) => [t.id, t.name])),
      reason: new Map(reasons.map((r) => [r.id, r.name])),
    }
  }

  /**
   * The follow-ups waiting for the actor: given to them, or not given to anyone in one of their teams
   * (all of them for the director); `late` are those waiting longer than `lateDays`.
   */
  async followUpCounts(actor: Actor, lateDays: number) {
    const mine = actor.roles.includes('director')
      ? sql<boolean>`true`
      : actor.teamIds.length > 0
        ? sql<boolean>`(c.assigned_to = ${actor.userId} or (c.assigned_to is null and c.team_id in (${sql.join(actor.teamIds)})))`
        : sql<boolean>`c.assigned_to = ${actor.userId}`
    const row = await this.db
      .selectFrom('contacts as c')
      .leftJoin('teams as t', 't.id', 'c.team_id')
      .select([
        sql<number>`count(*)::int`.as('count'),
        sql<number>`(count(*) filter (where c.occurred_at < now() - make_interval(days => ${lateDays}::int)))::int`.as(
          'late',
        ),
      ])
      .where('c.organisation_id', '=', actor.organisationId)
      .where('c.follow_up_status', '=', 'pending')
      .where(visibleContact(actor))
      .where(inActiveBase('c.person_id'))
      .where(mine)
      .executeTakeFirstOrThrow()
    return row
  }

  /**
   * The active contact reasons, and whether someone reviewed the list: the defaults are put in place on
   * first use, so only a saved list (its audit row) says the organisation made it its own.
   */
  async reasonsReview(organisationId: string) {
    const result = await sql<{ count: number; saved: boolean }>`
      select
        (select count(*)::int from contact_reasons where organisation_id = ${organisationId} and active) as count,
        exists (select 1 from audit_log where organisation_id = ${organisationId}
          and action = 'frontdesk.reasons_update') as saved`.execute(this.db)
    return result.rows[0]!
  }
}
