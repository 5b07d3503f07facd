import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely'
import type { Database, SupportGoalTable, SupportRecordTable } from '../../db/schema.ts'
import { type ListTable, saveList } from '../../platform/configurable-list.ts'
import type { Actor } from '../../platform/permissions.ts'
import { visibleRecord } from './followup.sql.ts'

/** The organisation's support types: a configurable list with a `legal` flag. */
const SUPPORT_TYPES: ListTable = { table: 'support_types', column: 'label' }

export type RecordRow = Selectable<SupportRecordTable> & {
  type_label: string
  type_legal: boolean
  team_name: string | null
}

export interface RecordFilters {
  id?: string
  personIds?: string[]
  householdId?: string
  status?: string
  /** Records this user is a current referent of. */
  referentId?: string
}

/** Support types, records, their referents and goals: all the SQL of follow-up records. */
export class FollowupRepository {
  constructor(readonly db: Kysely<Database>) {}

  // ----- support types -----

  types(organisationId: string, db = this.db) {
    return db
      .selectFrom('support_types')
      .select(['id', 'label', 'legal', 'active'])
      .where('organisation_id', '=', organisationId)
      .orderBy('position')
      .orderBy('label')
      .execute()
  }

  async ensureTypes(
    db: Kysely<Database>,
    organisationId: string,
    types: { label: string; legal: boolean }[],
  ) {
    await db
      .insertInto('support_types')
      .values(types.map((type, position) => ({ organisation_id: organisationId, ...type, position })))
      .onConflict((oc) => oc.doNothing())
      .execute()
  }

  /** Saves the whole list; types left out are retired (past records refer to them), never deleted. */
  async saveTypes(
    db: Kysely<Database>,
    organisationId: string,
    items: { id?: string; label: string; legal: boolean; active: boolean }[],
  ) {
    const saved = await saveList(db, SUPPORT_TYPES, organisationId, items)
    if (saved.unknownIndex !== null) return saved
    // A type's one column beyond a configurable list's: whether it is a legal duty. The list keeps
    // each saved entry at its index as position.
    for (const [position, item] of items.entries()) {
      await db
        .updateTable('support_types')
        .set({ legal: item.legal })
        .where('organisation_id', '=', organisationId)
        .where('position', '=', position)
        .execute()
    }
    return saved
  }

  // ----- records -----

  private recordQuery(actor: Actor, db: Kysely<Database>) {
    return db
      .selectFrom('support_records as r')
      .innerJoin('support_types as st', 'st.id', 'r.type_id')
      .leftJoin('teams as t', 't.id', 'r.team_id')
      .selectAll('r')
      .select(['st.label as type_label', 'st.legal as type_legal', 't.name as team_name'])
      .where(visibleRecord(actor))
  }

  private filtered(actor: Actor, filters: RecordFilters, db: Kysely<Database>) {
    let query = this.recordQuery(actor, db)
    if (filters.id) query = query.where('r.id', '=', filters.id)
    if (filters.personIds) query = query.where('r.person_id', 'in', filters.personIds)
    if (filters.householdId) query = query.where('r.household_id', '=', filters.householdId)
    if (filters.status) query = query.where('r.status', '=', filters.status as RecordRow['status'])
    if (filters.referentId) {
      const referentId = filters.referentId
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('support_record_referents as rr')
            .select('rr.id')
            .whereRef('rr.record_id', '=', 'r.id')
            .where('rr.user_id', '=', referentId)
            .where('rr.until_on', 'is', null),
        ),
      )
    }
    return query
  }

  /** One page of the records the actor may see; running ones first, the latest opened first. */
  async page(actor: Actor, filters: RecordFilters, page: { page: number; pageSize: number }, db = this.db) {
    const { total } = await this.filtered(actor, filters, db)
      .clearSelect()
      .select(sql<number>`count(*)::int`.as('total'))
      .executeTakeFirstOrThrow()
    const rows = await this.filtered(actor, filters, db)
      .orderBy(sql`r.status = 'closed'`)
      .orderBy('r.opened_on', 'desc')
      .orderBy('r.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
    return { rows: rows as RecordRow[], total }
  }

  async list(actor: Actor, filters: RecordFilters, limit: number, db = this.db) {
    return (await this.filtered(actor, filters, db)
      .orderBy('r.opened_on', 'desc')
      .orderBy('r.id', 'desc')
      .limit(limit)
      .execute()) as RecordRow[]
  }

  /** How many records the actor may see match the filters. */
  async count(actor: Actor, filters: RecordFilters, db = this.db) {
    const { total } = await this.filtered(actor, filters, db)
      .clearSelect()
      .select(sql<number>`count(*)::int`.as('total'))
      .executeTakeFirstOrThrow()
    return total
  }

  async find(actor: Actor, id: string, db = this.db, lock = false) {
    let query = this.filtered(actor, { id }, db)
    if (lock) query = query.forUpdate('r')
    return (await query.executeTakeFirst()) as RecordRow | undefined
  }

  /** The running record of this type for the person or household, if any (whoever may see it). */
  running(
    db: Kysely<Database>,
    organisationId: string,
    subject: { personId?: string; householdId?: string },
    typeId: string,
  ) {
    let query = db
      .selectFrom('support_records')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('type_id', '=', typeId)
      .where('status', '<>', 'closed')
    query = subject.personId
      ? query.where('person_id', '=', subject.personId)
      : query.where('household_id', '=', subject.householdId ?? null)
    return query.executeTakeFirst()
  }

  insert(db: Kysely<Database>, values: Insertable<SupportRecordTable>) {
    return db.insertInto('support_records').values(values).returning('id').executeTakeFirstOrThrow()
  }

  update(db: Kysely<Database>, organisationId: string, id: string, values: Updateable<SupportRecordTable>) {
    return db
      .updateTable('support_records')
      .set({ ...values, updated_at: sql`now()` })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute()
  }

  /** Which references of a record exist in the organisation, in one round trip. */
  async references(
    db: Kysely<Database>,
    organisationId: string,
    refs: { typeId?: string; teamId?: string | null; userIds?: string[] },
  ) {
    const none = '00000000-0000-0000-0000-000000000000'
    const { rows } = await sql<{
      type_active: boolean | null
      team_confidential: boolean | null
      users: string[]
    }>`select
      (select active from support_types where organisation_id = ${organisationId} and id = ${refs.typeId ?? none}::uuid) as type_active,
      (select confidential from teams
        where organisation_id = ${organisationId} and id = ${refs.teamId ?? none}::uuid and active) as team_confidential,
      array(select id::text from users where organisation_id = ${organisationId} and status = 'active'
        and id = any(${refs.userIds ?? []}::uuid[])) as users`.execute(db)
    return rows[0]!
  }

  householdInOrganisation(db: Kysely<Database>, organisationId: string, householdId: string) {
    return db
      .selectFrom('households')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', householdId)
      .executeTakeFirst()
  }

  /** Persons of households, to name a household record by its members. */
  householdMembers(db: Kysely<Database>, householdIds: string[]) {
    if (householdIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('household_members')
      .select(['household_id', 'person_id'])
      .where('household_id', 'in', householdIds)
      .execute()
  }

  // ----- referents -----

  /** Current referents of the records, with their names. */
  currentReferents(db: Kysely<Database>, recordIds: string[]) {
    if (recordIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('support_record_referents as rr')
      .innerJoin('users as u', 'u.id', 'rr.user_id')
      .select(['rr.record_id', 'rr.user_id', 'u.name'])
      .where('rr.record_id', 'in', recordIds)
      .where('rr.until_on', 'is', null)
      .orderBy('u.name')
      .execute()
  }

  referentHistory(db: Kysely<Database>, recordId: string) {
    return db
      .selectFrom('support_record_referents as rr')
      .innerJoin('users as u', 'u.id', 'rr.user_id')
      .select(['rr.user_id', 'u.name', 'rr.from_on', 'rr.until_on'])
      .where('rr.record_id', '=', recordId)
      .orderBy('rr.from_on', 'desc')
      .orderBy('u.name')
      .execute()
  }

  /**
   * Makes `userIds` the record's referents from `on`: those leaving get an end date, those arriving a
   * new period; those staying keep theirs.
   */
  async changeReferents(db: Kysely<Database>, actor: Actor, recordId: string, userIds: string[], on: string) {
    const current = await db
      .selectFrom('support_record_referents')
      .select(['id', 'user_id', 'from_on'])
      .where('record_id', '=', recordId)
      .where('until_on', 'is', null)
      .execute()
    const wanted = new Set(userIds)
    const leaving = current.filter((c) => !wanted.has(c.user_id))
    for (const row of leaving) {
      // A referent named by mistake and removed the same day leaves no period behind.
      if (row.from_on >= on) {
        await db.deleteFrom('support_record_referents').where('id', '=', row.id).execute()
      } else {
        await db
          .updateTable('support_record_referents')
          .set({ until_on: on })
          .where('id', '=', row.id)
          .execute()
      }
    }
    const staying = new Set(current.map((c) => c.user_id))
    const arriving = [...wanted].filter((id) => !staying.has(id))
    if (arriving.length > 0) {
      await db
        .insertInto('support_record_referents')
        .values(
          arriving.map((userId) => ({
            organisation_id: actor.organisationId,
            record_id: recordId,
            user_id: userId,
            from_on: on,
            changed_by: actor.userId,
          })),
        )
        .execute()
    }
    return { added: arriving.length, removed: leaving.length }
  }

  // ----- goals -----

  goals(db: Kysely<Database>, recordIds: string[]) {
    if (recordIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('support_goals')
      .selectAll()
      .where('record_id', 'in', recordIds)
      .orderBy(sql`target_on nulls last`)
      .orderBy('created_at')
      .execute()
  }

  insertGoals(db: Kysely<Database>, values: Insertable<SupportGoalTable>[]) {
    if (values.length === 0) return Promise.resolve([])
    return db.insertInto('support_goals').values(values).returning('id').execute()
  }

  updateGoal(db: Kysely<Database>, recordId: string, goalId: string, values: Updateable<SupportGoalTable>) {
    return db
      .updateTable('support_goals')
      .set({ ...values, updated_at: sql`now()` })
      .where('record_id', '=', recordId)
      .where('id', '=', goalId)
      .returning('id')
      .executeTakeFirst()
  }

  goal(db: Kysely<Database>, recordId: string, goalId: string) {
    return db
      .selectFrom('support_goals')
      .selectAll()
      .where('record_id', '=', recordId)
      .where('id', '=', goalId)
      .executeTakeFirst()
  }
}
