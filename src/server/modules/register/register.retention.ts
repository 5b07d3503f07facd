import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'
import type { RetentionPurge } from '../../platform/retention.ts'

/** Closed plans whose calls are still kept, closed before `before`. */
const plansToPurge = (db: Kysely<Database>, organisationId: string, before: Date) =>
  db
    .selectFrom('alert_plans')
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'closed')
    .where('closed_at', '<', before)
    .where('calls_purged_at', 'is', null)

/**
 * The calls of an alert plan serve the season only (CASF R121-8): some months after the plan closed
 * (the organisation's period), who was called, when and what they said go. The plan keeps its board's
 * counts (called, reached, escalated…), so last summer's figures stay. One plan per batch.
 */
export const alertCallsPurge: RetentionPurge = {
  kind: 'alert_calls',
  async count(db, organisationId, before) {
    const row = await db
      .selectFrom('alert_calls')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organisation_id', '=', organisationId)
      .where('plan_id', 'in', plansToPurge(db, organisationId, before).select('id'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  },
  async purgeBatch(db, organisationId, before) {
    const plan = await plansToPurge(db, organisationId, before)
      .select('id')
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst()
    if (!plan) return null
    // The board as it stood, kept on the plan: the same counts its page showed.
    const { rows } = await sql<{ counts: object; n: number }>`
      select json_build_object(
          'total', count(*), 'to_call', count(*) filter (where status = 'to_call'),
          'retry', count(*) filter (where status = 'retry'),
          'home_visit', count(*) filter (where status = 'home_visit'),
          'reached', count(*) filter (where status = 'reached'),
          'escalated', count(*) filter (where status = 'escalated'),
          'called', count(*) filter (where attempts > 0)) as counts,
        count(*)::int as n
      from alert_calls where organisation_id = ${organisationId} and plan_id = ${plan.id}`.execute(db)
    const { counts, n } = rows[0]!
    await db
      .deleteFrom('alert_call_attempts')
      .where('organisation_id', '=', organisationId)
      .where('call_id', 'in', db.selectFrom('alert_calls').select('id').where('plan_id', '=', plan.id))
      .execute()
    await db
      .deleteFrom('alert_calls')
      .where('organisation_id', '=', organisationId)
      .where('plan_id', '=', plan.id)
      .execute()
    await db
      .updateTable('alert_plans')
      .set({ calls_purged_at: new Date(), purged_counts: JSON.stringify(counts) })
      .where('id', '=', plan.id)
      .execute()
    return n
  },
}
