import type { Kysely } from 'kysely'
import type { TimelineEntry } from '../../shared/people.ts'
import type { Database } from '../db/schema.ts'
import type { Actor } from './permissions.ts'

/**
 * What a module shows on a person's timeline. The people module asks every registered source for
 * the records of a file (and of the files merged into it) instead of reaching into each module.
 * A source applies its own visibility rules (confidential teams…) for the actor.
 */
export interface TimelineSource {
  kind: string
  /** What the records are, in French: a section title of the access-request export. */
  label: string
  entries(db: Kysely<Database>, actor: Actor, personIds: string[]): Promise<TimelineEntry[]>
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

  async entries(db: Kysely<Database>, actor: Actor, personIds: string[]) {
    if (personIds.length === 0) return []
    const lists = []
    // One at a time: inside a PGlite transaction there is a single connection.
    for (const source of this.sources) lists.push(await source.entries(db, actor, personIds))
    return lists.flat().sort((a, b) => b.at.localeCompare(a.at))
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
