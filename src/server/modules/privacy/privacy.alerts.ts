import { type Kysely, sql } from 'kysely'
import { READING_ALERT_DEFAULT_FILES_PER_HOUR, type ReadingAlertSettings } from '../../../shared/privacy.ts'
import type { Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'

const HOUR = 3600_000
/** How far back each run looks: a job that did not run for a day still raises what happened. */
const LOOK_BACK_HOURS = 24

/**
 * Watching access: every hour, from the audit trail, the users who read more distinct persons' files
 * in one hour than their organisation's threshold. A reading is any audit row of a `.read` action
 * naming a person (a file, its history, a stay, a request…). One alert per user and hour, whatever the
 * number of runs: the job is idempotent and catches up on the hours it missed.
 */
export class ReadingAlerts {
  constructor(private readonly db: Kysely<Database>) {}

  private async filesPerHour(organisationId: string, db: Kysely<Database> = this.db) {
    const row = await db
      .selectFrom('privacy_alert_settings')
      .select('files_per_hour')
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst()
    return row?.files_per_hour ?? READING_ALERT_DEFAULT_FILES_PER_HOUR
  }

  /** The hourly job: raises the alerts of the hours ended within the look-back; how many it raised. */
  async run(now: Date, db: Kysely<Database>) {
    const until = new Date(Math.floor(now.getTime() / HOUR) * HOUR)
    const from = new Date(until.getTime() - LOOK_BACK_HOURS * HOUR)
    const { rows } = await sql<{ n: number }>`
      with readings as (
        select a.organisation_id, a.user_id, date_trunc('hour', a.at) as hour_start,
          count(distinct a.person_id)::int as distinct_files
        from audit_log a
        where a.at >= ${from} and a.at < ${until}
          and a.user_id is not null and a.person_id is not null and a.action like '%.read'
        group by 1, 2, 3
      ), inserted as (
        insert into privacy_reading_alerts (organisation_id, user_id, hour_start, distinct_files, threshold)
        select r.organisation_id, r.user_id, r.hour_start, r.distinct_files,
          coalesce(s.files_per_hour, ${READING_ALERT_DEFAULT_FILES_PER_HOUR})
        from readings r
        join users u on u.id = r.user_id and u.organisation_id = r.organisation_id
        left join privacy_alert_settings s on s.organisation_id = r.organisation_id
        where r.distinct_files > coalesce(s.files_per_hour, ${READING_ALERT_DEFAULT_FILES_PER_HOUR})
        on conflict (organisation_id, user_id, hour_start) do nothing
        returning 1
      )
      select count(*)::int as n from inserted`.execute(db)
    return Number(rows[0]?.n ?? 0)
  }

  /** The organisation's alerts, the latest hour first, with the threshold in force; the reading audited. */
  async list(actor: Actor, page: { page: number; pageSize: number }) {
    assertAllowed(actor, 'privacy.alerts')
    return this.db.transaction().execute(async (trx) => {
      const base = trx
        .selectFrom('privacy_reading_alerts as a')
        .innerJoin('users as u', 'u.id', 'a.user_id')
        .where('a.organisation_id', '=', actor.organisationId)
      const items = await base
        .select(['a.id', 'a.user_id', 'u.name', 'a.hour_start', 'a.distinct_files', 'a.threshold'])
        .orderBy('a.hour_start', 'desc')
        .orderBy('a.id')
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize)
        .execute()
      const total = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
      await recordAudit(trx, actor, {
        action: 'privacy.reading_alerts_list',
        entityType: 'privacy_reading_alert',
        details: { count: items.length },
      })
      return {
        items: items.map((row) => ({
          id: row.id,
          userId: row.user_id,
          userName: row.name,
          hourStart: isoTimestamp(row.hour_start)!,
          distinctFiles: row.distinct_files,
          threshold: row.threshold,
        })),
        total: Number(total.n),
        ...page,
        filesPerHour: await this.filesPerHour(actor.organisationId, trx),
      }
    })
  }

  async saveSettings(actor: Actor, input: ReadingAlertSettings) {
    assertAllowed(actor, 'privacy.configure')
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('privacy_alert_settings')
        .values({
          organisation_id: actor.organisationId,
          files_per_hour: input.filesPerHour,
          updated_by: actor.userId,
        })
        .onConflict((oc) =>
          oc.column('organisation_id').doUpdateSet({
            files_per_hour: input.filesPerHour,
            updated_by: actor.userId,
            updated_at: new Date(),
          }),
        )
        .execute()
      await recordAudit(trx, actor, {
        action: 'privacy.reading_alerts_configure',
        entityType: 'privacy_alert_settings',
        details: { filesPerHour: input.filesPerHour },
      })
    })
    return { filesPerHour: input.filesPerHour }
  }
}
