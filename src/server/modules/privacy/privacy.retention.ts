import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.ts'
import { type RetentionPurge, SWEEP_BATCH_SIZE } from '../../platform/retention.ts'

/** Requests answered before `before` (the day of the answer, in France, is what starts the period). */
const answeredBefore = (db: Kysely<Database>, organisationId: string, before: Date) =>
  db
    .selectFrom('privacy_requests')
    .where('organisation_id', '=', organisationId)
    .where('answered_on', 'is not', null)
    .where('answered_on', '<', before.toISOString().slice(0, 10))

/**
 * The requests register keeps the trace of an answered request for the organisation's period (five
 * years by default: the time a claim may be brought), then the row goes. A request not answered yet
 * is never deleted: its deadline still runs.
 */
export const rightsRequestsPurge: RetentionPurge = {
  kind: 'rights_requests',
  async count(db, organisationId, before) {
    const row = await answeredBefore(db, organisationId, before)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  },
  async purgeBatch(db, organisationId, before) {
    const rows = await answeredBefore(db, organisationId, before)
      .select('id')
      .orderBy('id')
      .limit(SWEEP_BATCH_SIZE)
      .forUpdate()
      .skipLocked()
      .execute()
    if (rows.length === 0) return null
    await db
      .deleteFrom('privacy_requests')
      .where('organisation_id', '=', organisationId)
      .where(
        'id',
        'in',
        rows.map((row) => row.id),
      )
      .execute()
    return rows.length
  },
}
