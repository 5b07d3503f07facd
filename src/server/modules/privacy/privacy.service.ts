import type { Kysely } from 'kysely'
import {
  type LegalHoldInput,
  RETENTION_RULES,
  type RetentionKind,
  type RetentionRuleInput,
  retentionBoundsError,
  sweepCountsSchema,
} from '../../../shared/privacy.ts'
import type { Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { PrivacyRepository } from './privacy.repository.ts'
import { toRetentionRules } from './privacy.rules.ts'
import type { PrivacySweeper } from './privacy.sweeper.ts'
import { emptyCounts } from './privacy.sweeper.ts'

type HoldRow = NonNullable<Awaited<ReturnType<PrivacyRepository['hold']>>>

const toHold = (row: HoldRow) => ({
  id: row.id,
  personId: row.person_id,
  fileNumber: row.file_number,
  reason: row.reason,
  reviewOn: row.review_on,
  createdAt: isoTimestamp(row.created_at),
  releasedAt: isoTimestamp(row.released_at),
})

/**
 * Privacy by default: the retention periods of the organisation, the sweeper's preview and its run
 * reports, legal holds. The DPO reads and acts here without ever opening a person's file.
 */
export class PrivacyService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly repo: PrivacyRepository,
    private readonly sweeper: PrivacySweeper,
  ) {}

  async rules(actor: Actor) {
    assertAllowed(actor, 'privacy.read')
    return { items: toRetentionRules(await this.repo.rules(actor.organisationId)) }
  }

  async saveRule(actor: Actor, kind: RetentionKind, input: RetentionRuleInput) {
    assertAllowed(actor, 'privacy.configure')
    const active = retentionBoundsError(kind, 'active', input.activeMonths)
    if (active) throw validationError('activeMonths', active)
    const archive = retentionBoundsError(kind, 'archive', input.archiveMonths)
    if (archive) throw validationError('archiveMonths', archive)
    await this.db.transaction().execute(async (trx) => {
      await this.repo.saveRule(trx, actor.organisationId, kind, input, actor.userId)
      await recordAudit(trx, actor, {
        action: 'privacy.rules_update',
        entityType: 'retention_rule',
        details: { kind, ...input, defaults: RETENTION_RULES[kind].active.default },
      })
    })
    return this.rules(actor)
  }

  /** What tonight's run would do, counted, nothing written (but the preview itself is audited). */
  async preview(actor: Actor, now = new Date()) {
    assertAllowed(actor, 'privacy.read')
    const counts = await this.sweeper.sweep(this.db, actor.organisationId, now, false)
    await recordAudit(this.db, actor, {
      action: 'privacy.preview',
      entityType: 'privacy_sweep',
      details: counts,
    })
    return { at: now.toISOString(), counts }
  }

  async runs(actor: Actor, page: { page: number; pageSize: number }) {
    assertAllowed(actor, 'privacy.read')
    const { items, total } = await this.repo.runs(actor.organisationId, page)
    return {
      items: items.map((row) => ({
        id: row.id,
        startedAt: isoTimestamp(row.started_at),
        finishedAt: isoTimestamp(row.finished_at),
        counts: sweepCountsSchema.parse({ ...emptyCounts(), ...(row.counts as object) }),
      })),
      total,
      ...page,
    }
  }

  async holds(actor: Actor, page: { page: number; pageSize: number }) {
    assertAllowed(actor, 'privacy.read')
    const { items, total } = await this.repo.holds(actor.organisationId, page)
    return { items: items.map(toHold), total, ...page }
  }

  async placeHold(actor: Actor, input: LegalHoldInput, today: string) {
    assertAllowed(actor, 'privacy.hold')
    if (input.reviewOn <= today) {
      throw validationError('reviewOn', 'La date de réexamen doit être à venir.')
    }
    return this.db.transaction().execute(async (trx) => {
      const person = await this.repo.personByFileNumber(trx, actor.organisationId, input.fileNumber)
      if (!person)
        throw validationError('fileNumber', 'Aucun dossier ne porte ce numéro dans votre organisation.')
      const { id } = await this.repo.placeHold(trx, {
        organisationId: actor.organisationId,
        personId: person.id,
        reason: input.reason,
        reviewOn: input.reviewOn,
        userId: actor.userId,
      })
      // The reason may name the litigation: it stays in the hold, not in the trail.
      await recordAudit(trx, actor, {
        action: 'privacy.hold_place',
        entityType: 'legal_hold',
        entityId: id,
        personId: person.id,
        details: { reviewOn: input.reviewOn },
      })
      return toHold((await this.repo.hold(trx, actor.organisationId, id))!)
    })
  }

  async releaseHold(actor: Actor, id: string) {
    assertAllowed(actor, 'privacy.hold')
    return this.db.transaction().execute(async (trx) => {
      const released = await this.repo.releaseHold(trx, actor.organisationId, id, actor.userId)
      if (!released) throw notFound()
      await recordAudit(trx, actor, {
        action: 'privacy.hold_release',
        entityType: 'legal_hold',
        entityId: id,
        personId: released.person_id,
      })
      return toHold((await this.repo.hold(trx, actor.organisationId, id))!)
    })
  }

  /** The nightly job. */
  run(now: Date, db: Kysely<Database>) {
    return this.sweeper.run(db, now)
  }
}
