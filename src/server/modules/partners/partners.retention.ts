import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'
import { ERASED_TEXT, type RetentionPurge, SWEEP_BATCH_SIZE } from '../../platform/retention.ts'

/** Partner contacts disabled before `before`, not yet anonymised. */
const gone = (db: Kysely<Database>, organisationId: string, before: Date) =>
  db
    .selectFrom('partner_contacts as c')
    .where('c.organisation_id', '=', organisationId)
    .where('c.erased_at', 'is', null)
    .where('c.disabled_at', '<', before)

/**
 * A partner's contact whose account staff disabled longer ago than the organisation's period: their
 * name, address and password go, with their sessions and links; the row stays, nameless, so the trail
 * and the answers they gave still point at someone.
 */
export const partnerContactsPurge: RetentionPurge = {
  kind: 'partner_contact',
  async count(db, organisationId, before) {
    const row = await gone(db, organisationId, before)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  },
  async purgeBatch(db, organisationId, before) {
    const rows = await gone(db, organisationId, before)
      .select('c.id')
      .orderBy('c.id')
      .limit(SWEEP_BATCH_SIZE)
      .forUpdate()
      .skipLocked()
      .execute()
    if (rows.length === 0) return null
    const ids = rows.map((row) => row.id)
    await db.deleteFrom('partner_contact_sessions').where('contact_id', 'in', ids).execute()
    await db.deleteFrom('partner_contact_tokens').where('contact_id', 'in', ids).execute()
    await db
      .updateTable('partner_contacts')
      .set({
        // The address is unique per organisation: each erased row keeps one of its own, unreachable.
        email: sql`'efface-' || id || '@invalid'`,
        name: ERASED_TEXT,
        password_hash: null,
        erased_at: new Date(),
      })
      .where('organisation_id', '=', organisationId)
      .where('id', 'in', ids)
      .execute()
    return ids.length
  },
}
