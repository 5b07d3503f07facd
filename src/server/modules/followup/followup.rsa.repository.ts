import { type Kysely, sql, type Updateable } from 'kysely'
import type { RsaApplicationTable } from '../../db/schema.casework.ts'
import type { Database } from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'
import { visibleTeam } from '../outreach/outreach.sql.ts'

/** RSA applications instructed at the CCAS. */
export class FollowupRsaRepository {
  constructor(readonly db: Kysely<Database>) {}

  /** Applications the actor may see: neither their team nor the person's is a confidential one of others. */
  private visible(actor: Actor, db: Kysely<Database>) {
    return db
      .selectFrom('rsa_applications as a')
      .innerJoin('people as p', 'p.id', 'a.person_id')
      .selectAll('a')
      .where('a.organisation_id', '=', actor.organisationId)
      .where(visibleTeam(actor, 'a'))
      .where(visibleTeam(actor, 'p'))
  }

  application(actor: Actor, id: string, db: Kysely<Database>, forUpdate = false) {
    const query = this.visible(actor, db).where('a.id', '=', id)
    return (forUpdate ? query.forUpdate(['a']) : query).executeTakeFirst()
  }

  /** The persons' applications the actor sees, the latest received first (at most `limit`). */
  ofPeople(actor: Actor, personIds: string[], db: Kysely<Database>, limit?: number) {
    if (personIds.length === 0) return Promise.resolve([])
    const query = this.visible(actor, db)
      .where('a.person_id', 'in', personIds)
      .orderBy('a.received_on', 'desc')
      .orderBy('a.id', 'desc')
    return (limit === undefined ? query : query.limit(limit)).execute()
  }

  async countOfPeople(actor: Actor, personIds: string[], db: Kysely<Database>) {
    const row = await this.visible(actor, db)
      .clearSelect()
      .select(sql<number>`count(*)::int`.as('n'))
      .where('a.person_id', 'in', personIds)
      .executeTakeFirstOrThrow()
    return row.n
  }

  team(organisationId: string, teamId: string, db: Kysely<Database>) {
    return db
      .selectFrom('teams')
      .select(['id', 'confidential'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', teamId)
      .where('active', '=', true)
      .executeTakeFirst()
  }

  /** The support record, when it is the organisation's and about this person. */
  supportRecord(organisationId: string, id: string, personId: string, db: Kysely<Database>) {
    return db
      .selectFrom('support_records')
      .select(['id', 'team_id'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .where('person_id', '=', personId)
      .executeTakeFirst()
  }

  insert(
    db: Kysely<Database>,
    actor: Actor,
    values: {
      person_id: string
      team_id: string | null
      support_record_id: string | null
      status: string
      received_on: string
      missing_documents: string[]
    },
  ) {
    return db
      .insertInto('rsa_applications')
      .values({ ...values, organisation_id: actor.organisationId, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  async update(db: Kysely<Database>, id: string, values: Updateable<RsaApplicationTable>) {
    await db
      .updateTable('rsa_applications')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute()
  }

  /** Each step counted on its own date within the period, per team: no person, no name. */
  async counts(
    organisationId: string,
    from: string,
    to: string,
    teamId: string | undefined,
    db: Kysely<Database>,
  ) {
    const within = (column: string) =>
      sql<number>`count(*) filter (where ${sql.ref(column)} between ${from} and ${to})`
    let query = db
      .selectFrom('rsa_applications as a')
      .leftJoin('teams as t', 't.id', 'a.team_id')
      .select([
        'a.team_id',
        't.name as team_name',
        within('a.received_on').as('received'),
        within('a.sent_on').as('sent_to_caf'),
        sql<number>`count(*) filter (where a.decision = 'granted' and a.decided_on between ${from} and ${to})`.as(
          'granted',
        ),
        sql<number>`count(*) filter (where a.decision = 'refused' and a.decided_on between ${from} and ${to})`.as(
          'refused',
        ),
        within('a.contract_signed_on').as('contracts'),
      ])
      .where('a.organisation_id', '=', organisationId)
      .groupBy(['a.team_id', 't.name'])
    if (teamId) query = query.where('a.team_id', '=', teamId)
    return query.execute()
  }
}
