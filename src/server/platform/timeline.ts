import type { Kysely } from 'kysely'
import type { TimelineEntry } from '../../shared/people.ts'
import type { Database } from '../db/schema.ts'
import type { Actor } from './permissions.ts'

/** How many of its newest entries a source is asked for. */
export interface TimelineLimit {
  limit: number
}

/**
 * What a module shows on a person's timeline. The people module asks every registered source for
 * the records of a file (and of the files merged into it) instead of reaching into each module.
 * A source applies its own visibility rules (confidential teams…) for the actor, and answers a page
 * in SQL: a file with hundreds of records never loads them all.
 */
export interface TimelineSource {
  kind: string
  /** What the records are, in French: a section title of the access-request export. */
  label: string
  /**
   * The source's `limit` newest entries about the persons, newest first (`at`, then `id`, both
   * descending: see `newestFirst`), limited in the database.
   */
  entries(
    db: Kysely<Database>,
    actor: Actor,
    personIds: string[],
    page: TimelineLimit,
  ): Promise<TimelineEntry[]>
  /** How many entries the source holds about the persons for this actor: the page's total and the filter. */
  count(db: Kysely<Database>, actor: Actor, personIds: string[]): Promise<number>
  /**
   * The latest record per person, for search results ("last contact") and the retention sweeper. A
   * record still running (a stay) is a contact every day: it answers `now` (the sweeper's clock).
   */
  latest(db: Kysely<Database>, actor: Actor, personIds: string[], now: Date): Promise<Map<string, Date>>
  /** Everything this source holds about the persons, for an access request export. */
  export(db: Kysely<Database>, actor: Actor, personIds: string[]): Promise<unknown[]>
}

export class TimelineRegistry {
  private readonly sources: TimelineSource[] = []

  register(source: TimelineSource) {
    if (this.sources.some((s) => s.kind === source.kind)) {
      throw new Error(`Timeline source "${source.kind}" registered twice`)
    }
    this.sources.push(source)
  }

  /**
   * One page of the persons' timeline, newest first, with how many entries each source holds (the
   * filters). Each source answers its count and its newest page × pageSize entries in SQL; the
   * merge of those lists holds the page. With `kind`, only that source is read.
   */
  async page(
    db: Kysely<Database>,
    actor: Actor,
    personIds: string[],
    query: { page: number; pageSize: number; kind?: string | undefined },
  ) {
    const kinds: { kind: string; label: string; count: number }[] = []
    const counted: { source: TimelineSource; count: number }[] = []
    // One at a time: inside a PGlite transaction there is a single connection.
    for (const source of personIds.length ? this.sources : []) {
      const count = await source.count(db, actor, personIds)
      if (count === 0) continue
      kinds.push({ kind: source.kind, label: source.label, count })
      if (!query.kind || query.kind === source.kind) counted.push({ source, count })
    }
    const start = (query.page - 1) * query.pageSize
    const limit = start + query.pageSize
    // Sources with nothing for these persons were left out above.
    const lists: TimelineEntry[][] = []
    for (const { source } of counted) lists.push(await source.entries(db, actor, personIds, { limit }))
    return {
      items: newestFirst(lists.flat(), limit).slice(start),
      total: counted.reduce((sum, { count }) => sum + count, 0),
      page: query.page,
      pageSize: query.pageSize,
      kinds,
    }
  }

  async latest(db: Kysely<Database>, actor: Actor, personIds: string[], now = new Date()) {
    const latest = new Map<string, Date>()
    if (personIds.length === 0) return latest
    for (const source of this.sources) {
      for (const [personId, at] of await source.latest(db, actor, personIds, now)) {
        const known = latest.get(personId)
        if (!known || known < at) latest.set(personId, at)
      }
    }
    return latest
  }

  /** Each source's French label, by kind. */
  labels(): Record<string, string> {
    return Object.fromEntries(this.sources.map((source) => [source.kind, source.label]))
  }

  async export(db: Kysely<Database>, actor: Actor, personIds: string[]) {
    const sections: Record<string, unknown[]> = {}
    for (const source of this.sources) sections[source.kind] = await source.export(db, actor, personIds)
    return sections
  }
}

/** Entries newest first — by `at`, then by `id` so that equal dates page steadily — at most `limit`. */
export function newestFirst(entries: TimelineEntry[], limit = entries.length) {
  return entries
    .sort((a, b) => {
      const at = Date.parse(b.at) - Date.parse(a.at)
      return at !== 0 ? at : b.id < a.id ? -1 : b.id > a.id ? 1 : 0
    })
    .slice(0, limit)
}
