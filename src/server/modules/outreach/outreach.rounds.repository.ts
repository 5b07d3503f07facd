import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely'
import type { Database, OutreachRoundTable } from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'
import { visibleTeam } from './outreach.sql.ts'

export type RoundRow = Selectable<OutreachRoundTable>
type Owned = 'id' | 'organisation_id' | 'created_by' | 'created_at' | 'updated_at'

export type RoundValues = Omit<Insertable<OutreachRoundTable>, Owned>

/** Rounds: the sheet, its agents and the handouts of its closing report. */
export class OutreachRoundRepository {
  constructor(readonly db: Kysely<Database>) {}

  insertRound(db: Kysely<Database>, actor: Actor, values: RoundValues) {
    return db
      .insertInto('outreach_rounds')
      .values({ ...values, organisation_id: actor.organisationId, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  async updateRound(db: Kysely<Database>, actor: Actor, id: string, values: Updateable<OutreachRoundTable>) {
    await db
      .updateTable('outreach_rounds')
      .set({ ...values, updated_at: sql`now()` })
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', id)
      .execute()
  }

  async replaceRoundAgents(db: Kysely<Database>, actor: Actor, roundId: string, userIds: string[]) {
    await db.deleteFrom('outreach_round_agents').where('round_id', '=', roundId).execute()
    if (userIds.length === 0) return
    await db
      .insertInto('outreach_round_agents')
      .values(
        [...new Set(userIds)].map((user_id) => ({
          organisation_id: actor.organisationId,
          round_id: roundId,
          user_id,
        })),
      )
      .execute()
  }

  async replaceHandouts(
    db: Kysely<Database>,
    actor: Actor,
    roundId: string,
    handouts: { itemId: string; quantity: number }[],
  ) {
    await db.deleteFrom('outreach_round_handouts').where('round_id', '=', roundId).execute()
    if (handouts.length === 0) return
    await db
      .insertInto('outreach_round_handouts')
      .values(
        handouts.map((h) => ({
          organisation_id: actor.organisationId,
          round_id: roundId,
          item_id: h.itemId,
          quantity: h.quantity,
        })),
      )
      .execute()
  }

  /** Rounds with what a reader needs beside them; a confidential team's rounds only for its members. */
  rounds(
    actor: Actor,
    filters: {
      id?: string
      from?: string
      to?: string
      teamId?: string
      zoneId?: string
      status?: string
    },
    limit: number,
    db = this.db,
  ) {
    let query = db
      .selectFrom('outreach_rounds as r')
      .leftJoin('teams as t', 't.id', 'r.team_id')
      .leftJoin('outreach_zones as z', 'z.id', 'r.zone_id')
      .leftJoin('users as lead', 'lead.id', 'r.lead_user_id')
      .selectAll('r')
      .select([
        't.name as team_name',
        'z.name as zone_name',
        'lead.name as lead_name',
        sql<
          { id: string; name: string }[]
        >`coalesce((select json_agg(json_build_object('id', u.id, 'name', u.name) order by u.name)
          from outreach_round_agents a join users u on u.id = a.user_id where a.round_id = r.id), '[]')`.as(
          'agents',
        ),
        sql<
          { itemId: string; label: string; quantity: number }[]
        >`coalesce((select json_agg(json_build_object(
            'itemId', h.item_id, 'label', i.label, 'quantity', h.quantity) order by i.position, i.label)
          from outreach_round_handouts h join outreach_handout_items i on i.id = h.item_id where h.round_id = r.id), '[]')`.as(
          'handouts',
        ),
        sql<number>`(select count(*)::int from outreach_encounters e where e.round_id = r.id)`.as(
          'encounter_count',
        ),
      ])
      .where('r.organisation_id', '=', actor.organisationId)
      .where(visibleTeam(actor, 'r'))
    if (filters.id) query = query.where('r.id', '=', filters.id)
    if (filters.from) query = query.where('r.round_date', '>=', filters.from)
    if (filters.to) query = query.where('r.round_date', '<=', filters.to)
    if (filters.teamId) query = query.where('r.team_id', '=', filters.teamId)
    if (filters.zoneId) query = query.where('r.zone_id', '=', filters.zoneId)
    if (filters.status) query = query.where('r.status', '=', filters.status as RoundRow['status'])
    return query
      .orderBy('r.round_date', 'desc')
      .orderBy('r.start_time', 'desc')
      .orderBy('r.created_at', 'desc')
      .limit(limit)
      .execute()
  }

  /** Locks a round against a concurrent close or change; null when absent or out of the actor's reach. */
  lockRound(db: Kysely<Database>, actor: Actor, id: string) {
    return db
      .selectFrom('outreach_rounds as r')
      .select(['r.id', 'r.status', 'r.team_id', 'r.zone_id', 'r.start_time', 'r.end_time'])
      .where('r.organisation_id', '=', actor.organisationId)
      .where('r.id', '=', id)
      .where(visibleTeam(actor, 'r'))
      .forUpdate()
      .executeTakeFirst()
  }
}
