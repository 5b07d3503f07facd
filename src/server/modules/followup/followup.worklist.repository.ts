import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'
import { inActiveBase } from '../../platform/retention.ts'
import { inFrenchPeriod, visibleRecord } from './followup.sql.ts'

interface Page {
  page: number
  pageSize: number
}

/** Records the actor is a current referent of, not closed, within their reach (`r`). */
function myRunningRecords(actor: Actor, db: Kysely<Database>) {
  return (
    db
      .selectFrom('support_records as r')
      .innerJoin('support_record_referents as rr', (join) =>
        join
          .onRef('rr.record_id', '=', 'r.id')
          .on('rr.user_id', '=', actor.userId)
          .on('rr.until_on', 'is', null),
      )
      .innerJoin('support_types as st', 'st.id', 'r.type_id')
      .where('r.status', '<>', 'closed')
      .where(visibleRecord(actor))
      // My worklist is of the active base: an archived file's record waits on the file until it comes back.
      .where(inActiveBase('r.person_id'))
  )
}

const counted = async <T>(
  total: Promise<{ total: number } | undefined>,
  rows: Promise<T[]>,
): Promise<{ rows: T[]; total: number }> => ({ total: (await total)?.total ?? 0, rows: await rows })

/** The SQL of the worklist and of the indicators' counts. */
export class FollowupWorklistRepository {
  constructor(readonly db: Kysely<Database>) {}

  /** My running records, the next review first. */
  myRecords(actor: Actor, page: Page, db = this.db) {
    const base = myRunningRecords(actor, db)
    return counted(
      base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirst(),
      base
        .select([
          'r.id',
          'r.person_id',
          'r.household_id',
          'r.status',
          'r.opened_on',
          'r.next_review_on',
          'st.label as type_label',
        ])
        .orderBy(sql`r.next_review_on nulls last`)
        .orderBy('r.opened_on', 'desc')
        .orderBy('r.id')
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize)
        .execute(),
    )
  }

  /** Goals of my running records that are not reached and due by `until` (overdue ones included). */
  goalsDue(actor: Actor, until: string, page: Page, db = this.db) {
    const base = myRunningRecords(actor, db)
      .innerJoin('support_goals as g', 'g.record_id', 'r.id')
      .where('g.status', 'in', ['planned', 'in_progress'])
      .where('g.target_on', '<=', until)
    return counted(
      base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirst(),
      base
        .select([
          'g.id',
          'g.label',
          'g.target_on',
          'r.id as record_id',
          'r.person_id',
          'r.household_id',
          'st.label as type_label',
        ])
        .orderBy('g.target_on')
        .orderBy('g.id')
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize)
        .execute(),
    )
  }

  /** My open records whose review is due by `until`. */
  reviewsDue(actor: Actor, until: string, page: Page, db = this.db) {
    const base = myRunningRecords(actor, db)
      .where('r.status', '=', 'open')
      .where('r.next_review_on', '<=', until)
    return counted(
      base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirst(),
      base
        .select(['r.id', 'r.person_id', 'r.household_id', 'r.next_review_on', 'st.label as type_label'])
        .orderBy('r.next_review_on')
        .orderBy('r.id')
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize)
        .execute(),
    )
  }

  /**
   * Records opened and closed in [from, to], and running at its end, grouped by type and/or team. No
   * name: counts over the whole organisation, whatever the reader's teams (aggregates reveal no file).
   */
  async recordCounts(
    organisationId: string,
    query: { from: string; to: string; teamId?: string; typeId?: string; groupBy: ('type' | 'team')[] },
    db = this.db,
  ) {
    const keys = query.groupBy.map(
      (d, i) => sql`${sql.ref(d === 'type' ? 'r.type_id' : 'r.team_id')}::text as ${sql.ref(`k${i}`)}`,
    )
    const groups = query.groupBy.map((_, i) => sql.ref(`k${i}`))
    const filters = sql.join(
      [
        sql`r.organisation_id = ${organisationId}`,
        ...(query.teamId ? [sql`r.team_id = ${query.teamId}::uuid`] : []),
        ...(query.typeId ? [sql`r.type_id = ${query.typeId}::uuid`] : []),
      ],
      sql` and `,
    )
    const { rows } = await sql<Record<string, string | number | null>>`
      select ${keys.length ? sql`${sql.join(keys)},` : sql``}
        (count(*) filter (where r.opened_on between ${query.from}::date and ${query.to}::date))::int as opened,
        (count(*) filter (where r.closed_on between ${query.from}::date and ${query.to}::date))::int as closed,
        (count(*) filter (where r.opened_on <= ${query.to}::date
          and (r.closed_on is null or r.closed_on > ${query.to}::date)))::int as running
      from support_records r
      where ${filters} and r.opened_on <= ${query.to}::date
        and (r.closed_on is null or r.closed_on >= ${query.from}::date)
      ${groups.length ? sql`group by ${sql.join(groups)} order by ${sql.join(groups)}` : sql``}`.execute(db)
    return rows.map((row) => ({
      keys: query.groupBy.map((_, i) => (row[`k${i}`] as string | null) ?? null),
      opened: Number(row.opened),
      closed: Number(row.closed),
      running: Number(row.running),
    }))
  }

  /** Interviews held in [from, to] per medium. */
  interviewsByMedium(
    organisationId: string,
    query: { from: string; to: string; teamId?: string; typeId?: string },
    db = this.db,
  ) {
    let q = db
      .selectFrom('support_interviews as i')
      .innerJoin('support_records as r', 'r.id', 'i.record_id')
      .select(['i.medium', sql<number>`count(*)::int`.as('interviews')])
      .where('i.organisation_id', '=', organisationId)
      .where(inFrenchPeriod('i.occurred_at', query.from, query.to))
    if (query.teamId) q = q.where('r.team_id', '=', query.teamId)
    if (query.typeId) q = q.where('r.type_id', '=', query.typeId)
    return q.groupBy('i.medium').orderBy('i.medium').execute()
  }

  labels(organisationId: string, db = this.db) {
    return Promise.all([
      db
        .selectFrom('support_types')
        .select(['id', 'label as name'])
        .where('organisation_id', '=', organisationId)
        .execute(),
      db.selectFrom('teams').select(['id', 'name']).where('organisation_id', '=', organisationId).execute(),
    ])
  }
}
