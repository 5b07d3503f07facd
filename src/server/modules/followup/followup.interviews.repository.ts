import { type Insertable, type Kysely, sql, type Updateable } from 'kysely'
import type { Database, SupportInterviewTable } from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'
import { visibleRecord } from './followup.sql.ts'

/**
 * The interviews of support records. Two texts are guarded here, in the queries, not only in the
 * service or the screen:
 * - the private synthesis is selected only when its author is the reader (never for a colleague, the
 *   director, an administrator, the audit log or an export);
 * - a psychologist's session note only when the reader is its author, or a psychologist of the
 *   record's team.
 */
export class FollowupInterviewsRepository {
  constructor(readonly db: Kysely<Database>) {}

  private readable(actor: Actor, db: Kysely<Database>) {
    const psychologist = actor.roles.includes('psychologist')
    return db
      .selectFrom('support_interviews as i')
      .innerJoin('support_records as r', 'r.id', 'i.record_id')
      .innerJoin('users as author', 'author.id', 'i.author_id')
      .select([
        'i.id',
        'i.record_id',
        'i.occurred_at',
        'i.duration_minutes',
        'i.medium',
        'i.participants',
        'i.domains',
        'i.psychologist_session',
        'i.author_id',
        'i.created_at',
        'i.updated_at',
        'author.name as author_name',
        'r.person_id',
        'r.household_id',
        sql<boolean>`i.note is not null`.as('has_note'),
        sql<string | null>`case when not i.psychologist_session or i.author_id = ${actor.userId}
          or (${psychologist}::boolean and r.team_id = any(${actor.teamIds}::uuid[]))
          then i.note end`.as('note'),
        // The author's working note: for its author, nobody else.
        sql<string | null>`case when i.author_id = ${actor.userId} then i.private_synthesis end`.as(
          'private_synthesis',
        ),
      ])
      .where(visibleRecord(actor))
  }

  /** One page of a record's interviews, the latest first, with the total. */
  async page(actor: Actor, recordId: string, page: { page: number; pageSize: number }, db = this.db) {
    const { total } = await db
      .selectFrom('support_interviews')
      .select(sql<number>`count(*)::int`.as('total'))
      .where('record_id', '=', recordId)
      .where('organisation_id', '=', actor.organisationId)
      .executeTakeFirstOrThrow()
    const rows = await this.readable(actor, db)
      .where('i.record_id', '=', recordId)
      .orderBy('i.occurred_at', 'desc')
      .orderBy('i.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
    return { rows, total }
  }

  /** The interviews of the records of these persons (timeline, export), latest first. */
  ofPeople(actor: Actor, personIds: string[], limit: number, db = this.db) {
    return this.readable(actor, db)
      .innerJoin('support_types as st', 'st.id', 'r.type_id')
      .select('st.label as type_label')
      .where('r.person_id', 'in', personIds)
      .orderBy('i.occurred_at', 'desc')
      .orderBy('i.id', 'desc')
      .limit(limit)
      .execute()
  }

  /** How many interviews of these persons' records the actor reads (timeline). */
  async countOfPeople(actor: Actor, personIds: string[], db = this.db) {
    const { total } = await this.readable(actor, db)
      .clearSelect()
      .select(sql<number>`count(*)::int`.as('total'))
      .where('r.person_id', 'in', personIds)
      .executeTakeFirstOrThrow()
    return total
  }

  /** The latest interview per person, for search results ("last contact"). */
  latest(actor: Actor, personIds: string[], db = this.db) {
    return db
      .selectFrom('support_interviews as i')
      .innerJoin('support_records as r', 'r.id', 'i.record_id')
      .select(['r.person_id', (eb) => eb.fn.max('i.occurred_at').as('at')])
      .where('r.person_id', 'in', personIds)
      .where(visibleRecord(actor))
      .groupBy('r.person_id')
      .execute()
  }

  one(actor: Actor, id: string, db = this.db) {
    return this.readable(actor, db).where('i.id', '=', id).executeTakeFirst()
  }

  /** The interview as stored, for its author only: what a correction starts from (locked). */
  authored(actor: Actor, id: string, recordId: string, db: Kysely<Database>) {
    return db
      .selectFrom('support_interviews')
      .select(['id', 'author_id', 'medium', 'occurred_at', 'contact_id'])
      .where('id', '=', id)
      .where('record_id', '=', recordId)
      .where('organisation_id', '=', actor.organisationId)
      .forUpdate()
      .executeTakeFirst()
  }

  /** A correction: the author's own interview only, whatever the caller checked before. */
  correct(db: Kysely<Database>, actor: Actor, id: string, values: Updateable<SupportInterviewTable>) {
    return db
      .updateTable('support_interviews')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('organisation_id', '=', actor.organisationId)
      .where('author_id', '=', actor.userId)
      .executeTakeFirstOrThrow()
  }

  insert(db: Kysely<Database>, values: Insertable<SupportInterviewTable>) {
    return db.insertInto('support_interviews').values(values).returning('id').executeTakeFirstOrThrow()
  }
}
