import type { Kysely } from 'kysely'
import type { RetentionKind, SweepCounts } from '../../../shared/privacy.ts'
import { ROLES } from '../../../shared/roles.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import type { Actor } from '../../platform/permissions.ts'
import type { PersonErasers, RetentionPurges } from '../../platform/retention.ts'
import type { TimelineRegistry } from '../../platform/timeline.ts'
import { PrivacyRepository } from './privacy.repository.ts'
import { effectiveRules } from './privacy.rules.ts'

/** The moment `months` months before `now`. */
export function monthsBefore(now: Date, months: number): Date {
  const at = new Date(now)
  at.setUTCMonth(at.getUTCMonth() - months)
  return at
}

const NOBODY = '00000000-0000-0000-0000-000000000000'

export const emptyCounts = (): SweepCounts => ({
  person_archive: 0,
  person_anonymise: 0,
  report_reporter: 0,
  alert_calls: 0,
  network_volunteer: 0,
  rights_requests: 0,
  partner_contact: 0,
  sessions: 0,
  audit_trail: 0,
  held: 0,
})

/**
 * The nightly retention sweeper of one organisation. The same walk serves the preview (nothing
 * written) and the run. Each file is archived or anonymised in a transaction of its own, with its
 * audit row: after a crash every file is either untouched or fully processed, and the next run
 * picks up the rest (processed files no longer match). Batches are bounded by keyset pages.
 */
export class PrivacySweeper {
  constructor(
    private readonly timeline: TimelineRegistry,
    private readonly erasers: PersonErasers,
    private readonly purges: RetentionPurges,
  ) {}

  async sweep(db: Kysely<Database>, organisationId: string, now: Date, write: boolean): Promise<SweepCounts> {
    const repo = new PrivacyRepository(db)
    const rules = effectiveRules(await repo.rules(organisationId, db))
    const months = (kind: RetentionKind) => rules.get(kind)!
    const counts = emptyCounts()
    const afterCommit: (() => Promise<void>)[] = []

    // Every module's activity counts as contact: the sweeper reads it as someone of every role in
    // every team would (a confidential team's interview is a contact too), through their timelines.
    const reader: Actor = {
      userId: NOBODY,
      organisationId,
      sessionId: NOBODY,
      roles: [...ROLES],
      teamIds: await repo.teamIds(db, organisationId),
      ip: null,
    }

    const person = months('person_file')
    const archiveBefore = monthsBefore(now, person.activeMonths)
    // Anonymised at the end of the archive period, counted from the last contact.
    const anonymiseBefore = monthsBefore(now, person.activeMonths + person.archiveMonths)
    for (let afterId: string | null = null; ; ) {
      const batch = await repo.archiveCandidates(db, organisationId, archiveBefore, afterId)
      if (batch.length === 0) break
      afterId = batch.at(-1)!.id
      const ids = batch.map((row) => row.id)
      const latest = await this.timeline.latest(db, reader, ids, now)
      const held = await repo.held(db, organisationId, ids)
      for (const row of batch) {
        const lastContact = [new Date(row.touched_at), latest.get(row.id)].reduce<Date>(
          (a, b) => (b && b > a! ? b : a!),
          new Date(row.touched_at),
        )
        if (lastContact >= archiveBefore) continue
        if (held.has(row.id)) {
          counts.held++
          continue
        }
        if (!write) {
          counts.person_archive++
          // The run anonymises at once a file whose archive period is over too.
          if (lastContact < anonymiseBefore) counts.person_anonymise++
          continue
        }
        const done = await db.transaction().execute(async (trx) => {
          // A hold placed while the batch was read still stops it.
          if ((await repo.held(trx, organisationId, [row.id])).size > 0) return false
          if (!(await repo.archive(trx, organisationId, row.id, lastContact, now))) return false
          await recordAudit(
            trx,
            { organisationId, userId: null, ip: null },
            {
              action: 'privacy.archive',
              entityType: 'person',
              entityId: row.id,
              personId: row.id,
              details: { activeMonths: person.activeMonths },
            },
          )
          return true
        })
        if (done) counts.person_archive++
      }
    }

    for (let afterId: string | null = null; ; ) {
      const batch = await repo.anonymiseCandidates(db, organisationId, anonymiseBefore, afterId)
      if (batch.length === 0) break
      afterId = batch.at(-1)!.id
      const held = await repo.held(
        db,
        organisationId,
        batch.map((row) => row.id),
      )
      for (const { id } of batch) {
        if (held.has(id)) {
          counts.held++
          continue
        }
        if (!write) {
          counts.person_anonymise++
          continue
        }
        const then = await db.transaction().execute(async (trx) => {
          if ((await repo.held(trx, organisationId, [id])).size > 0) return null
          if (!(await repo.markAnonymised(trx, organisationId, id, now))) return null
          const work = await this.erasers.anonymise(trx, organisationId, [id])
          await recordAudit(
            trx,
            { organisationId, userId: null, ip: null },
            {
              action: 'privacy.anonymise',
              entityType: 'person',
              entityId: id,
              personId: id,
              details: { erased: this.erasers.kinds() },
            },
          )
          return work
        })
        if (then) {
          counts.person_anonymise++
          afterCommit.push(...then)
        }
      }
    }
    // Files (documents) go from the disk only once their rows are gone for good.
    for (const work of afterCommit) await work()

    const reporters = monthsBefore(now, months('report_reporter').activeMonths)
    if (!write) counts.report_reporter = await repo.countReportersToErase(db, organisationId, reporters)
    while (write) {
      const batch = await repo.reportersToErase(db, organisationId, reporters)
      if (batch.length === 0) break
      const ids = batch.map((row) => row.id)
      await db.transaction().execute((trx) => repo.eraseReporters(trx, organisationId, ids))
      counts.report_reporter += batch.length
    }

    // Each module's own records with a rule of their own (the register's calls, the volunteers).
    for (const purge of this.purges.list()) {
      const before = monthsBefore(now, months(purge.kind).activeMonths)
      if (!write) {
        counts[purge.kind] = await purge.count(db, organisationId, before)
        continue
      }
      for (;;) {
        const done = await db.transaction().execute((trx) => purge.purgeBatch(trx, organisationId, before))
        if (done === null) break
        counts[purge.kind] += done
      }
    }

    const sessionsBefore = monthsBefore(now, months('sessions').activeMonths)
    counts.sessions = await repo.expiredSessions(db, organisationId, sessionsBefore, write)

    const auditBefore = monthsBefore(now, months('audit_trail').activeMonths)
    counts.audit_trail = await repo.purgeAudit(db, organisationId, auditBefore, write)
    return counts
  }

  /** The nightly run over every organisation, with a report per organisation (counts only). */
  async run(db: Kysely<Database>, now: Date): Promise<number> {
    const repo = new PrivacyRepository(db)
    let total = 0
    for (const { id } of await repo.organisationIds(db)) {
      const run = await repo.startRun(db, id, now)
      // An interrupted run keeps no end: its report says so, and the next night finishes the work.
      const counts = await this.sweep(db, id, now, true)
      await repo.finishRun(db, run.id, counts)
      total += Object.values(counts).reduce((a, b) => a + b, 0) - counts.held
    }
    return total
  }
}
