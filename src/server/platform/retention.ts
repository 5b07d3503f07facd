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

/**
 * What a required (NOT NULL) free text becomes when its content is erased: the row keeps its place
 * in the counts, the text says it was erased, never what it was.
 */
export const ERASED_TEXT = '[effacé]'

/** The ids of `table`'s rows about the persons (`person_id`), for a part naming rows by another key. */
export const rowsAbout =
  (table: string, column = 'person_id') =>
  (personIds: readonly string[]) =>
    sql`select id from ${sql.table(table)} where ${sql.ref(column)} in (${sql.join(personIds.map((id) => sql`${id}::uuid`))})`

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

/**
 * Where a file stands in its retention, as the privacy sweeper left it: archived (read-only, out of
 * searches) since when and from which last contact, anonymised or not. No row: in the active base.
 */
export async function fileArchiveStates(
  db: Kysely<Database>,
  organisationId: string,
  personIds: readonly string[],
) {
  if (personIds.length === 0) return new Map<string, FileArchiveState>()
  const rows = await db
    .selectFrom('privacy_file_states')
    .select(['person_id', 'archived_at', 'last_contact_at', 'anonymised_at'])
    .where('organisation_id', '=', organisationId)
    .where('person_id', 'in', personIds)
    .execute()
  return new Map(
    rows.map((row) => [
      row.person_id,
      {
        archivedAt: new Date(row.archived_at),
        lastContactAt: new Date(row.last_contact_at),
        anonymisedAt: row.anonymised_at ? new Date(row.anonymised_at) : null,
      },
    ]),
  )
}
export interface FileArchiveState {
  archivedAt: Date
  lastContactAt: Date
  anonymisedAt: Date | null
}

/**
 * A file brought back to the active base (the person came back): its archive marker goes, so its
 * active period counts again from the new contact. An anonymised file keeps its marker: it is never
 * brought back. Returns false when the file was anonymised.
 */
export async function leaveArchive(db: Kysely<Database>, organisationId: string, personId: string) {
  // The delete locks the marker: a sweeper anonymising the file at the same moment finds it gone,
  // or has anonymised it first and the marker stays.
  await db
    .deleteFrom('privacy_file_states')
    .where('organisation_id', '=', organisationId)
    .where('person_id', '=', personId)
    .where('anonymised_at', 'is', null)
    .execute()
  const left = await db
    .selectFrom('privacy_file_states')
    .select('person_id')
    .where('organisation_id', '=', organisationId)
    .where('person_id', '=', personId)
    .executeTakeFirst()
  return left === undefined
}

/**
 * A module's own retention purge, for one kind of record of the retention rules (the register's call
 * logs, the network's volunteers): the nightly sweeper gives it the moment before which the rule's
 * period is over, and counts (preview) or processes the records in bounded batches, each batch in a
 * transaction of its own. A processed record no longer matches, so a run resumes where one stopped.
 */
/** How many records a purge processes in one transaction. */
export const SWEEP_BATCH_SIZE = 200

export interface RetentionPurge {
  kind: 'alert_calls' | 'network_volunteer' | 'rights_requests' | 'partner_contact'
  count(db: Kysely<Database>, organisationId: string, before: Date): Promise<number>
  /** Processes one batch in `db` (a transaction): how many records it processed; null when none is left. */
  purgeBatch(db: Kysely<Database>, organisationId: string, before: Date): Promise<number | null>
}

export class RetentionPurges {
  private readonly purges: RetentionPurge[] = []

  register(purge: RetentionPurge) {
    if (this.purges.some((p) => p.kind === purge.kind)) {
      throw new Error(`Retention purge "${purge.kind}" registered twice`)
    }
    this.purges.push(purge)
  }

  list(): readonly RetentionPurge[] {
    return this.purges
  }
}

/**
 * SQL true unless the file whose id is in `column` is archived by the retention sweeper. An archived
 * file is out of the active base: the modules' lists across people (worklists, queues, waiting lists,
 * their counts on the home page) keep it out; its history stays on the file itself, for those allowed
 * to read it. A null column (an anonymous passage, a household's record) is kept.
 */
export function inActiveBase(column: string) {
  return sql<boolean>`not exists (select 1 from people archived_file
    where archived_file.id = ${sql.ref(column)} and archived_file.status = 'archived')`
}

/** `visible` (a module's reach) narrowed to the active base: the predicate of a list across people. */
export function andInActiveBase(visible: RawBuilder<boolean>, column: string) {
  return sql<boolean>`(${visible} and ${inActiveBase(column)})`
}
