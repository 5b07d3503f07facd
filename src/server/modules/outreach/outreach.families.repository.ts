import { type Kysely, sql, type Updateable } from 'kysely'
import type { Database, OutreachFamilyTable } from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'
import { visibleTeam } from './outreach.sql.ts'

/**
 * Families with incomplete rights (their rights are the household's, their referrals the follow-up's
 * partner referrals: both in followup).
 */
export class OutreachFamilyRepository {
  constructor(readonly db: Kysely<Database>) {}

  insertFamily(
    db: Kysely<Database>,
    actor: Actor,
    values: { household_id: string; team_id: string | null; flagged_on: string; note: string | null },
  ) {
    return db
      .insertInto('outreach_families')
      .values({ ...values, organisation_id: actor.organisationId, created_by: actor.userId })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst()
  }

  async updateFamily(db: Kysely<Database>, id: string, values: Updateable<OutreachFamilyTable>) {
    await db
      .updateTable('outreach_families')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute()
  }

  families(actor: Actor, filters: { id: string; forUpdate?: boolean }, db = this.db) {
    const query = this.listed(actor, filters, db)
    return filters.forUpdate ? query.forUpdate(['f']).execute() : query.execute()
  }

  /** One page of the families, newest flag first, with the total of the whole list. */
  async familyPage(
    actor: Actor,
    filters: { teamId?: string; includeUnflagged?: boolean; page: number; pageSize: number },
    db = this.db,
  ) {
    const listed = this.listed(actor, filters, db)
    const { total } = await listed
      .clearSelect()
      .select(sql<number>`count(*)::int`.as('total'))
      .executeTakeFirstOrThrow()
    const rows = await listed
      .orderBy('f.flagged_on', 'desc')
      .orderBy('f.id')
      .limit(filters.pageSize)
      .offset((filters.page - 1) * filters.pageSize)
      .execute()
    return { rows, total }
  }

  private listed(
    actor: Actor,
    filters: { id?: string; teamId?: string; includeUnflagged?: boolean },
    db: Kysely<Database>,
  ) {
    let query = db
      .selectFrom('outreach_families as f')
      .leftJoin('teams as t', 't.id', 'f.team_id')
      .selectAll('f')
      .select('t.name as team_name')
      .where('f.organisation_id', '=', actor.organisationId)
      .where(visibleTeam(actor, 'f'))
    if (filters.id) query = query.where('f.id', '=', filters.id)
    if (filters.teamId) query = query.where('f.team_id', '=', filters.teamId)
    if (!filters.includeUnflagged && !filters.id) query = query.where('f.flagged', '=', true)
    return query
  }
}
