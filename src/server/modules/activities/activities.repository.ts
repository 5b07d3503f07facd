import { type Insertable, type Kysely, type RawBuilder, sql, type Updateable } from 'kysely'
import type { ActivitySessionTable, ActivityTable } from '../../db/schema.activities.ts'
import type { Database } from '../../db/schema.ts'

export interface ActivityFilter {
  kindId?: string
  audience?: string
  teamId?: string
  q?: string
  archived?: boolean
}

/** An activity with its kind's label, its team's name and its sessions' count and last day. */
export type ActivityRow = {
  id: string
  kind_id: string
  kind_label: string
  title: string
  description: string | null
  team_id: string | null
  team_name: string | null
  audience: string
  place_kind: string
  place_label: string | null
  place_address: string | null
  archived: boolean
  session_count: number
  last_session_on: string | null
}

export type SessionRow = {
  id: string
  activity_id: string
  held_on: string
  starts_at: string | null
  ends_at: string | null
  capacity: number | null
  facilitators: string[]
  note: string | null
  registered: number
  present: number
  absent: number
  excused: number
  anonymous_total: number
}

const activityColumns = sql`a.id, a.kind_id, k.label as kind_label, a.title, a.description, a.team_id,
  t.name as team_name, a.audience, a.place_kind, a.place_label, a.place_address, a.archived,
  (select count(*)::int from activity_sessions s where s.activity_id = a.id) as session_count,
  (select to_char(max(s.held_on), 'YYYY-MM-DD') from activity_sessions s where s.activity_id = a.id) as last_session_on`

const sessionColumns = sql`s.id, s.activity_id, to_char(s.held_on, 'YYYY-MM-DD') as held_on,
  to_char(s.starts_at, 'HH24:MI') as starts_at, to_char(s.ends_at, 'HH24:MI') as ends_at, s.capacity,
  s.facilitators, s.note,
  (select count(*)::int from activity_participants p where p.session_id = s.id) as registered,
  (select count(*)::int from activity_participants p where p.session_id = s.id and p.status = 'present') as present,
  (select count(*)::int from activity_participants p where p.session_id = s.id and p.status = 'absent') as absent,
  (select count(*)::int from activity_participants p where p.session_id = s.id and p.status = 'excused') as excused,
  (select coalesce(sum(c.count), 0)::int from activity_session_counts c where c.session_id = s.id) as anonymous_total`

/** All SQL of group activities. */
export class ActivitiesRepository {
  constructor(readonly db: Kysely<Database>) {}

  kinds(organisationId: string, db = this.db) {
    return db
      .selectFrom('activity_kinds')
      .select(['id', 'label', 'active'])
      .where('organisation_id', '=', organisationId)
      .orderBy(sql`lower(label)`)
      .execute()
  }

  kind(organisationId: string, id: string, db = this.db) {
    return db
      .selectFrom('activity_kinds')
      .select(['id', 'label', 'active'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  kindByLabel(organisationId: string, label: string, db = this.db) {
    return db
      .selectFrom('activity_kinds')
      .select(['id'])
      .where('organisation_id', '=', organisationId)
      .where(sql`lower(label)`, '=', label.toLowerCase())
      .executeTakeFirst()
  }

  insertKind(organisationId: string, values: { label: string; active: boolean }, db: Kysely<Database>) {
    return db
      .insertInto('activity_kinds')
      .values({ organisation_id: organisationId, ...values })
      .returning(['id', 'label', 'active'])
      .executeTakeFirstOrThrow()
  }

  updateKind(
    organisationId: string,
    id: string,
    values: { label: string; active: boolean },
    db: Kysely<Database>,
  ) {
    return db
      .updateTable('activity_kinds')
      .set(values)
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .returning(['id', 'label', 'active'])
      .executeTakeFirst()
  }

  /** The team if it belongs to the organisation, with whether it keeps its records to itself. */
  team(organisationId: string, id: string, db = this.db) {
    return db
      .selectFrom('teams')
      .select(['id', 'confidential'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  async partnersExist(organisationId: string, ids: string[], db = this.db) {
    if (ids.length === 0) return true
    const rows = await db
      .selectFrom('partners')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('id', 'in', ids)
      .execute()
    return rows.length === new Set(ids).size
  }

  /** Activities the actor may see (`visible`: SQL over `a.team_id`). */
  private activities(organisationId: string, visible: RawBuilder<boolean>, db: Kysely<Database>) {
    return db
      .selectFrom('activities as a')
      .innerJoin('activity_kinds as k', 'k.id', 'a.kind_id')
      .leftJoin('teams as t', 't.id', 'a.team_id')
      .where('a.organisation_id', '=', organisationId)
      .where(visible)
  }

  /** Activities the actor may see, the latest held first, one page with the total. */
  async page(
    organisationId: string,
    filter: ActivityFilter,
    visible: RawBuilder<boolean>,
    page: { page: number; pageSize: number },
    db = this.db,
  ) {
    let base = this.activities(organisationId, visible, db)
    if (filter.kindId) base = base.where('a.kind_id', '=', filter.kindId)
    if (filter.audience) base = base.where('a.audience', '=', filter.audience)
    if (filter.teamId) base = base.where('a.team_id', '=', filter.teamId)
    if (filter.archived !== undefined) base = base.where('a.archived', '=', filter.archived)
    if (filter.q) {
      const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      base = base.where((eb) =>
        eb.or([
          eb('a.title', 'ilike', like),
          eb('a.place_label', 'ilike', like),
          eb('k.label', 'ilike', like),
        ]),
      )
    }
    const [items, total] = await Promise.all([
      base
        .select(activityColumns as never)
        .orderBy(
          sql`(select max(s.held_on) from activity_sessions s where s.activity_id = a.id) desc nulls last`,
        )
        .orderBy('a.title')
        .orderBy('a.id')
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ])
    return { items: items as unknown as ActivityRow[], total: Number(total.n) }
  }

  async find(organisationId: string, id: string, visible: RawBuilder<boolean>, db = this.db) {
    const row = await this.activities(organisationId, visible, db)
      .select(activityColumns as never)
      .where('a.id', '=', id)
      .executeTakeFirst()
    return row as unknown as ActivityRow | undefined
  }

  partnersOf(activityIds: string[], db = this.db) {
    if (activityIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('activity_partners as ap')
      .innerJoin('partners as p', 'p.id', 'ap.partner_id')
      .select(['ap.activity_id', 'p.id', 'p.name'])
      .where('ap.activity_id', 'in', activityIds)
      .orderBy('p.name')
      .execute()
  }

  insert(values: Insertable<ActivityTable>, db: Kysely<Database>) {
    return db.insertInto('activities').values(values).returning('id').executeTakeFirstOrThrow()
  }

  update(organisationId: string, id: string, values: Updateable<ActivityTable>, db: Kysely<Database>) {
    return db
      .updateTable('activities')
      .set({ ...values, updated_at: new Date() })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute()
  }

  async setPartners(organisationId: string, activityId: string, partnerIds: string[], db: Kysely<Database>) {
    await db.deleteFrom('activity_partners').where('activity_id', '=', activityId).execute()
    if (partnerIds.length === 0) return
    await db
      .insertInto('activity_partners')
      .values(
        [...new Set(partnerIds)].map((partner_id) => ({
          organisation_id: organisationId,
          activity_id: activityId,
          partner_id,
        })),
      )
      .execute()
  }

  /** An activity's sessions, latest first, one page with the total. */
  async sessionPage(activityId: string, page: { page: number; pageSize: number }, db = this.db) {
    const offset = (page.page - 1) * page.pageSize
    const [{ rows }, total] = await Promise.all([
      sql<SessionRow>`select ${sessionColumns} from activity_sessions s where s.activity_id = ${activityId}
        order by s.held_on desc, s.starts_at desc nulls last, s.id limit ${page.pageSize} offset ${offset}`.execute(
        db,
      ),
      db
        .selectFrom('activity_sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('activity_id', '=', activityId)
        .executeTakeFirstOrThrow(),
    ])
    return { items: rows, total: Number(total.n) }
  }

  async session(organisationId: string, id: string, db = this.db) {
    const { rows } = await sql<SessionRow>`select ${sessionColumns} from activity_sessions s
      where s.organisation_id = ${organisationId} and s.id = ${id}`.execute(db)
    return rows[0]
  }

  lockSession(organisationId: string, id: string, db: Kysely<Database>) {
    return db
      .selectFrom('activity_sessions')
      .select(['id', 'activity_id', sql<string>`to_char(held_on, 'YYYY-MM-DD')`.as('held_on')])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
  }

  insertSession(values: Insertable<ActivitySessionTable>, db: Kysely<Database>) {
    return db.insertInto('activity_sessions').values(values).returning('id').executeTakeFirstOrThrow()
  }

  updateSession(id: string, values: Updateable<ActivitySessionTable>, db: Kysely<Database>) {
    return db
      .updateTable('activity_sessions')
      .set({ ...values, updated_at: new Date() })
      .where('id', '=', id)
      .execute()
  }

  /** Named participants of a session whose file the actor may see (`visible`: SQL over `ap.person_id`). */
  participants(sessionId: string, visible: RawBuilder<boolean>, db = this.db) {
    return db
      .selectFrom('activity_participants as ap')
      .innerJoin('people as p', 'p.id', 'ap.person_id')
      .select([
        'ap.id',
        'ap.person_id',
        'ap.status',
        'p.last_name',
        'p.usage_name',
        'p.first_names',
        'p.description',
        sql<string | null>`to_char(p.birth_date, 'YYYY-MM-DD')`.as('birth_date'),
      ])
      .where('ap.session_id', '=', sessionId)
      .where(visible)
      .orderBy(sql`lower(coalesce(p.usage_name, p.last_name, p.description, ''))`)
      .orderBy(sql`lower(coalesce(p.first_names, ''))`)
      .orderBy('ap.id')
      .execute()
  }

  participant(sessionId: string, personId: string, db: Kysely<Database>) {
    return db
      .selectFrom('activity_participants')
      .select(['id', 'person_id', 'status'])
      .where('session_id', '=', sessionId)
      .where('person_id', '=', personId)
      .forUpdate()
      .executeTakeFirst()
  }

  insertParticipant(
    values: {
      organisation_id: string
      session_id: string
      person_id: string
      status: string
      recorded_by: string
    },
    db: Kysely<Database>,
  ) {
    return db.insertInto('activity_participants').values(values).returning('id').executeTakeFirstOrThrow()
  }

  updateParticipant(id: string, values: { status: string; recorded_by: string }, db: Kysely<Database>) {
    return db
      .updateTable('activity_participants')
      .set({ ...values, updated_at: new Date() })
      .where('id', '=', id)
      .execute()
  }

  deleteParticipant(id: string, db: Kysely<Database>) {
    return db.deleteFrom('activity_participants').where('id', '=', id).execute()
  }

  counts(sessionId: string, db = this.db) {
    return db
      .selectFrom('activity_session_counts')
      .select(['category', 'count'])
      .where('session_id', '=', sessionId)
      .execute()
  }

  async replaceCounts(
    organisationId: string,
    sessionId: string,
    counts: { category: string; count: number }[],
    db: Kysely<Database>,
  ) {
    await db.deleteFrom('activity_session_counts').where('session_id', '=', sessionId).execute()
    const kept = counts.filter((c) => c.count > 0)
    if (kept.length === 0) return
    await db
      .insertInto('activity_session_counts')
      .values(kept.map((c) => ({ organisation_id: organisationId, session_id: sessionId, ...c })))
      .execute()
  }

  /**
   * The figures of a period over the activities chosen, organisation-wide (a count names no one, so
   * confidential teams count too): sessions held, people named as present counted once each — a file
   * merged into another (however many times) counts as the file it now lives in —, attendance marks,
   * and the anonymous counts per category (only `categories` when an audience is asked).
   */
  async figures(
    organisationId: string,
    filter: {
      from: string
      to: string
      audience?: string
      categories: string[]
      kindId?: string
      teamId?: string
      activityId?: string
    },
    db = this.db,
  ) {
    const chosen = sql`select s.id from activity_sessions s join activities a on a.id = s.activity_id
      where s.organisation_id = ${organisationId}
      and s.held_on between ${filter.from}::date and ${filter.to}::date
      ${filter.audience ? sql`and a.audience = ${filter.audience}` : sql``}
      ${filter.kindId ? sql`and a.kind_id = ${filter.kindId}::uuid` : sql``}
      ${filter.teamId ? sql`and a.team_id = ${filter.teamId}::uuid` : sql``}
      ${filter.activityId ? sql`and a.id = ${filter.activityId}::uuid` : sql``}`
    const { rows: head } = await sql<{ sessions: number; present: number; absent: number; excused: number }>`
      select (select count(*)::int from (${chosen}) x) as sessions,
        count(*) filter (where ap.status = 'present')::int as present,
        count(*) filter (where ap.status = 'absent')::int as absent,
        count(*) filter (where ap.status = 'excused')::int as excused
      from activity_participants ap where ap.session_id in (${chosen})`.execute(db)
    const { rows: named } = await sql<{ n: number }>`
      with recursive attended as (
        select distinct ap.person_id from activity_participants ap
        where ap.status = 'present' and ap.session_id in (${chosen})
      ), chain (person_id, file_id, depth) as (
        select person_id, person_id, 0 from attended
        union all
        select c.person_id, p.merged_into_id, c.depth + 1 from chain c
        join people p on p.id = c.file_id
        where p.merged_into_id is not null and c.depth < 20
      )
      select count(distinct c.file_id)::int as n from chain c
      join people p on p.id = c.file_id where p.merged_into_id is null`.execute(db)
    const { rows: counts } = await sql<{ category: string; n: number }>`
      select c.category, sum(c.count)::int as n from activity_session_counts c
      where c.session_id in (${chosen})
      ${filter.audience ? sql`and c.category in (${sql.join(filter.categories)})` : sql``}
      group by c.category`.execute(db)
    return { head: head[0]!, named: named[0]?.n ?? 0, counts }
  }

  /** A person's participations with their session and activity, for the timeline and the access export. */
  private participations(personIds: string[], db: Kysely<Database>) {
    return db
      .selectFrom('activity_participants as ap')
      .innerJoin('activity_sessions as s', 's.id', 'ap.session_id')
      .innerJoin('activities as a', 'a.id', 's.activity_id')
      .innerJoin('activity_kinds as k', 'k.id', 'a.kind_id')
      .leftJoin('teams as t', 't.id', 'a.team_id')
      .select([
        'ap.id',
        'ap.person_id',
        'ap.status',
        'ap.updated_at',
        's.id as session_id',
        sql<string>`to_char(s.held_on, 'YYYY-MM-DD')`.as('held_on'),
        sql<string | null>`to_char(s.starts_at, 'HH24:MI')`.as('starts_at'),
        'a.title',
        'a.team_id',
        't.confidential as team_confidential',
        'k.label as kind_label',
      ])
      .where('ap.person_id', 'in', personIds)
  }

  ofPeople(personIds: string[], db: Kysely<Database>) {
    if (personIds.length === 0) return Promise.resolve([])
    return this.participations(personIds, db).orderBy('s.held_on', 'desc').execute()
  }

  /**
   * The persons' participations the reader sees (a confidential team's activities for its members and
   * the director), the latest session first, at most `limit`: a person's timeline.
   */
  latestOfPeople(
    personIds: string[],
    visibleTeams: { all: boolean; teamIds: string[] },
    limit: number,
    db: Kysely<Database>,
  ) {
    return this.participations(personIds, db)
      .where(seenBy(visibleTeams))
      .orderBy('s.held_on', 'desc')
      .orderBy(sql`coalesce(s.starts_at, '12:00')`, 'desc')
      .orderBy('ap.id', 'desc')
      .limit(limit)
      .execute()
  }

  async countOfPeople(
    personIds: string[],
    visibleTeams: { all: boolean; teamIds: string[] },
    db: Kysely<Database>,
  ) {
    const row = await db
      .selectFrom('activity_participants as ap')
      .innerJoin('activity_sessions as s', 's.id', 'ap.session_id')
      .innerJoin('activities as a', 'a.id', 's.activity_id')
      .leftJoin('teams as t', 't.id', 'a.team_id')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('ap.person_id', 'in', personIds)
      .where(seenBy(visibleTeams))
      .executeTakeFirstOrThrow()
    return row.n
  }
}

/** Activities of no team, of a team that is not confidential, or of a confidential team the reader sees. */
function seenBy(visibleTeams: { all: boolean; teamIds: string[] }) {
  if (visibleTeams.all) return sql<boolean>`true`
  const own = visibleTeams.teamIds.length ? sql` or a.team_id in (${sql.join(visibleTeams.teamIds)})` : sql``
  return sql<boolean>`(a.team_id is null or not coalesce(t.confidential, false)${own})`
}
