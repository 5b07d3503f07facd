import type { Kysely } from 'kysely'
import type { DuplicateDismissal, DuplicatePair, PersonSummary } from '../../../shared/people.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, notFound } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { PeopleRepository, PersonRow } from './people.repository.ts'

type Summaries = (actor: Actor, rows: PersonRow[], db: Kysely<Database>) => Promise<PersonSummary[]>

/**
 * The base-wide list of likely duplicates, for those who merge files: pairs found by the duplicate
 * check's rules across the organisation, each opening the merge screen.
 */
export class PeopleDuplicatesService {
  constructor(
    private readonly repo: PeopleRepository,
    private readonly summaries: Summaries,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  async pairs(actor: Actor, query: { page: number; pageSize: number }) {
    assertAllowed(actor, 'person.merge')
    return this.db.transaction().execute(async (trx) => {
      const rows = await this.repo.likelyDuplicatePairs(actor, query, trx)
      // Past the last page: no row carries the total, which is read from the first.
      const total =
        rows.length > 0
          ? Number(rows[0]!.total)
          : query.page > 1
            ? Number(
                (await this.repo.likelyDuplicatePairs(actor, { page: 1, pageSize: 1 }, trx))[0]?.total ?? 0,
              )
            : 0
      const ids = [...new Set(rows.flatMap((row) => [row.a_id, row.b_id]))]
      const files = await this.repo.findMany(actor, ids, trx)
      const summaries = new Map((await this.summaries(actor, files, trx)).map((s) => [s.id, s]))
      await recordAudit(trx, actor, {
        action: 'person.duplicate_list',
        entityType: 'person',
        personIds: ids,
      })
      const items = rows.flatMap((row): DuplicatePair[] => {
        const kept = summaries.get(row.a_id)
        const duplicate = summaries.get(row.b_id)
        if (!kept || !duplicate) return []
        const reasons: DuplicatePair['reasons'] = []
        if (row.same_names) reasons.push('same_names')
        else if (row.close_names) reasons.push('close_names')
        if (row.sounds_alike && !row.same_names) reasons.push('sounds_alike')
        if (row.same_birth) reasons.push('same_birth_date')
        if (row.same_phone) reasons.push('same_phone')
        return [{ kept, duplicate, reasons, score: Math.round(row.score * 100) / 100 }]
      })
      return { items, total, page: query.page, pageSize: query.pageSize }
    })
  }

  /**
   * « Ce ne sont pas les mêmes personnes » : the pair leaves the list of likely duplicates, for the whole
   * organisation, whichever of its two files comes first. Both files must be ones the actor may see.
   */
  async dismiss(actor: Actor, personIds: [string, string]) {
    assertAllowed(actor, 'person.merge')
    return this.db.transaction().execute(async (trx) => {
      const files = (await this.repo.findMany(actor, personIds, trx)).filter((f) => f.merged_into_id === null)
      if (files.length !== 2) throw notFound()
      const row = await this.repo.insertDuplicateDismissal(trx, actor, personIds)
      if (!row) throw new AppError('DUPLICATE_ALREADY_DISMISSED', 409)
      await recordAudit(trx, actor, {
        action: 'person.duplicate_dismiss',
        entityType: 'person_duplicate_dismissal',
        entityId: row.id,
        personIds,
      })
      const [dismissal] = await this.listed(actor, { page: 1, pageSize: 1 }, trx, row.id)
      return dismissal!
    })
  }

  /** The pairs set aside, the latest first, for those who merge: each can be brought back. */
  async dismissals(actor: Actor, query: { page: number; pageSize: number }) {
    assertAllowed(actor, 'person.merge')
    return this.db.transaction().execute(async (trx) => {
      const { rows, total } = await this.repo.duplicateDismissals(actor, query, trx)
      const items = await this.summarised(actor, rows, trx)
      await recordAudit(trx, actor, {
        action: 'person.duplicate_dismissal_list',
        entityType: 'person_duplicate_dismissal',
        personIds: [...new Set(rows.flatMap((row) => [row.person_a_id, row.person_b_id]))],
      })
      return { items, total, page: query.page, pageSize: query.pageSize }
    })
  }

  /** Undoes a dismissal: the pair is back in the list if the rules still find it. */
  async restore(actor: Actor, id: string) {
    assertAllowed(actor, 'person.merge')
    return this.db.transaction().execute(async (trx) => {
      const [dismissal] = await this.listed(actor, { page: 1, pageSize: 1 }, trx, id)
      if (!dismissal) throw notFound()
      await this.repo.deleteDuplicateDismissal(trx, actor.organisationId, id)
      await recordAudit(trx, actor, {
        action: 'person.duplicate_restore',
        entityType: 'person_duplicate_dismissal',
        entityId: id,
        personIds: dismissal.people.map((p) => p.id),
      })
      return { ok: true as const }
    })
  }

  private async listed(
    actor: Actor,
    page: { page: number; pageSize: number },
    db: Kysely<Database>,
    id: string,
  ) {
    const { rows } = await this.repo.duplicateDismissals(actor, page, db, id)
    return this.summarised(actor, rows, db)
  }

  private async summarised(
    actor: Actor,
    rows: Awaited<ReturnType<PeopleRepository['duplicateDismissals']>>['rows'],
    db: Kysely<Database>,
  ) {
    const ids = [...new Set(rows.flatMap((row) => [row.person_a_id, row.person_b_id]))]
    const files = await this.repo.findMany(actor, ids, db)
    const summaries = new Map((await this.summaries(actor, files, db)).map((s) => [s.id, s]))
    return rows.flatMap((row): DuplicateDismissal[] => {
      const a = summaries.get(row.person_a_id)
      const b = summaries.get(row.person_b_id)
      if (!a || !b) return []
      return [
        {
          id: row.id,
          people: [a, b],
          dismissedAt: new Date(row.dismissed_at).toISOString(),
          dismissedBy: row.dismissed_by,
        },
      ]
    })
  }
}
