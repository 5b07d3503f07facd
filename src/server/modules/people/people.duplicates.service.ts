import type { Kysely } from 'kysely'
import type { DuplicatePair, PersonSummary } from '../../../shared/people.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
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
}
