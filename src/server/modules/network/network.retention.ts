import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'
import { ERASED_TEXT, type RetentionPurge, SWEEP_BATCH_SIZE } from '../../platform/retention.ts'

/**
 * A volunteer's last activity in the network: their own changes, the coordinator's decision on them,
 * a sign-in to the portal, a need taken, done or given back, a person they reported.
 */
const lastActivity = sql<Date>`greatest(v.created_at, v.updated_at, v.status_changed_at,
  (select max(s.last_seen_at) from volunteer_sessions s where s.volunteer_id = v.id),
  (select max(greatest(n.accepted_at, n.done_at, n.cancelled_at)) from network_needs n
    where n.organisation_id = v.organisation_id and n.volunteer_id = v.id),
  (select max(r.created_at) from network_member_reports r
    where r.organisation_id = v.organisation_id and r.volunteer_id = v.id))`

/** Volunteers not yet erased whose last activity is older than `before`, holding no need under way. */
const gone = (db: Kysely<Database>, organisationId: string, before: Date) =>
  db
    .selectFrom('volunteers as v')
    .where('v.organisation_id', '=', organisationId)
    .where('v.erased_at', 'is', null)
    .where(sql<boolean>`${lastActivity} < ${before}`)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('network_needs as n')
            .select('n.id')
            .whereRef('n.volunteer_id', '=', 'v.id')
            .where('n.status', 'in', ['offered', 'accepted']),
        ),
      ),
    )

/**
 * A volunteer without any activity in the network for the organisation's period (two years by the
 * référentiel): who they are and how to reach them go, their portal sessions too; the row stays,
 * nameless and suspended, so the needs they met still count.
 */
export const volunteersPurge: RetentionPurge = {
  kind: 'network_volunteer',
  async count(db, organisationId, before) {
    const row = await gone(db, organisationId, before)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  },
  async purgeBatch(db, organisationId, before) {
    const rows = await gone(db, organisationId, before)
      .select('v.id')
      .orderBy('v.id')
      .limit(SWEEP_BATCH_SIZE)
      .forUpdate()
      .skipLocked()
      .execute()
    if (rows.length === 0) return null
    const ids = rows.map((row) => row.id)
    await db.deleteFrom('volunteer_sessions').where('volunteer_id', 'in', ids).execute()
    await db
      .updateTable('volunteers')
      .set({
        // The e-mail is unique per organisation: each erased row keeps one of its own, unreachable.
        email: sql`'efface-' || id || '@invalid'`,
        password_hash: ERASED_TEXT,
        first_name: ERASED_TEXT,
        last_name: ERASED_TEXT,
        phone: ERASED_TEXT,
        address: null,
        neighbourhood: null,
        latitude: null,
        longitude: null,
        professional_skill: null,
        status_reason: null,
        status: 'suspended',
        erased_at: new Date(),
      })
      .where('organisation_id', '=', organisationId)
      .where('id', 'in', ids)
      .execute()
    return ids.length
  },
}
