import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Database } from '../db/schema.ts'

/**
 * What a module removes from its own records when a person's file is anonymised at the end of its
 * retention: names, contact details, identifiers, free texts, documents. Rows stay, with their
 * dates, kinds and amounts, so counts and last year's indicators do not change. The privacy sweeper
 * asks every registered eraser, in one transaction per file, instead of reaching into each module.
 */
export interface PersonEraser {
  kind: string
  /**
   * Erases, in the caller's transaction, what identifies the persons in this module's records.
   * Returns work to do once the transaction committed (files to remove from the disk), if any.
   */
  anonymise(
    db: Kysely<Database>,
    organisationId: string,
    personIds: readonly string[],
  ): Promise<(() => Promise<void>) | undefined>
}

export class PersonErasers {
  private readonly erasers: PersonEraser[] = []

  register(eraser: PersonEraser) {
    if (this.erasers.some((e) => e.kind === eraser.kind)) {
      throw new Error(`Person eraser "${eraser.kind}" registered twice`)
    }
    this.erasers.push(eraser)
  }

  kinds() {
    return this.erasers.map((e) => e.kind)
  }

  /** Runs every eraser in `db` (a transaction); returns what to do after the commit. */
  async anonymise(db: Kysely<Database>, organisationId: string, personIds: readonly string[]) {
    const afterCommit: (() => Promise<void>)[] = []
    if (personIds.length === 0) return afterCommit
    // One at a time: inside a PGlite transaction there is a single connection.
    for (const eraser of this.erasers) {
      const then = await eraser.anonymise(db, organisationId, personIds)
      if (then) afterCommit.push(then)
    }
    return afterCommit
  }
}

/** One table's part of an erasure: columns set to null (or to a value) on the persons' rows. */
export interface ClearedColumns {
  table: string
  set: Record<string, null | string>
  /** The column naming the person (`person_id` unless told), or a sub-query of ids given the persons. */
  person?: string | { column: string; ids: (personIds: readonly string[]) => RawBuilder<unknown> }
}

/** An eraser that clears columns of a module's own tables: the common case, declared, not written. */
export function clearingEraser(kind: string, parts: ClearedColumns[]): PersonEraser {
  return {
    kind,
    async anonymise(db, organisationId, personIds) {
      const ids = sql.join(personIds.map((id) => sql`${id}::uuid`))
      for (const part of parts) {
        const assignments = sql.join(
          Object.entries(part.set).map(([column, value]) => sql`${sql.ref(column)} = ${value}`),
        )
        const person = part.person ?? 'person_id'
        const where =
          typeof person === 'string'
            ? sql`${sql.ref(person)} in (${ids})`
            : sql`${sql.ref(person.column)} in (${person.ids(personIds)})`
        await sql`update ${sql.table(part.table)} set ${assignments}
          where organisation_id = ${organisationId} and ${where}`.execute(db)
      }
      return undefined
    },
  }
}
