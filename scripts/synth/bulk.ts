/**
 * Bulk loading into PostgreSQL or PGlite with `COPY … FROM STDIN` (text format).
 *
 * - PostgreSQL: the COPY sub-protocol is driven directly on a `pg` client connection (a tiny
 *   "submittable", what pg-copy-streams does, without the extra package), with back-pressure.
 * - PGlite: `COPY … FROM '/dev/blob'` with the rows handed over as a Blob, a few megabytes at a time.
 */
import { once } from 'node:events'
import type { PGlite } from '@electric-sql/pglite'
import type pg from 'pg'

/** One row in COPY text format; `null` and `undefined` become \N. */
export function copyLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  let line = ''
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (i > 0) line += '\t'
    if (v === null || v === undefined) line += '\\N'
    else if (typeof v === 'string') line += escapeCopy(v)
    else line += String(v)
  }
  return `${line}\n`
}

function escapeCopy(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value
}

/** A PostgreSQL array literal of simple tokens (uuids, codes). */
export function arrayLiteral(items: readonly string[]): string {
  return `{${items.join(',')}}`
}

export interface BulkDatabase {
  kind: 'pglite' | 'postgres'
  exec(sql: string): Promise<void>
  query<R>(sql: string, params?: unknown[]): Promise<R[]>
  /** Streams the chunks (many lines each) into `table (columns)`; returns the number of rows. */
  copy(table: string, columns: readonly string[], chunks: Iterable<string>): Promise<number>
}

/** Minimal COPY FROM STDIN on a pg connection. */
class CopyFromStdin {
  private error: Error | undefined
  rowCount = 0
  readonly done: Promise<number>
  private settle!: { resolve: (n: number) => void; reject: (e: Error) => void }

  constructor(
    private readonly text: string,
    private readonly chunks: Iterable<string>,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject }
    })
  }

  submit(connection: { query(text: string): void }) {
    connection.query(this.text)
  }

  handleCopyInResponse(connection: {
    sendCopyFromChunk(chunk: Buffer): void
    endCopyFrom(): void
    sendCopyFail(message: string): void
    stream: NodeJS.WritableStream & { writableNeedDrain?: boolean }
  }) {
    const pump = async () => {
      try {
        for (const chunk of this.chunks) {
          if (this.error) return
          connection.sendCopyFromChunk(Buffer.from(chunk, 'utf8'))
          if (connection.stream.writableNeedDrain) await once(connection.stream, 'drain')
        }
        connection.endCopyFrom()
      } catch (error) {
        connection.sendCopyFail(error instanceof Error ? error.message : String(error))
      }
    }
    void pump()
  }

  handleCommandComplete(message: { text?: string }) {
    const match = /COPY (\d+)/.exec(message.text ?? '')
    if (match) this.rowCount = Number(match[1])
  }

  handleError(error: Error) {
    this.error = error
  }

  handleReadyForQuery() {
    if (this.error) this.settle.reject(this.error)
    else this.settle.resolve(this.rowCount)
  }

  // The rest of the submittable interface: COPY FROM returns no rows.
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyData() {}
}

export function postgresBulk(client: pg.Client): BulkDatabase {
  return {
    kind: 'postgres',
    exec: async (sql) => {
      await client.query(sql)
    },
    query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
    copy: async (table, columns, chunks) => {
      const copy = new CopyFromStdin(`copy ${table} (${columns.join(', ')}) from stdin`, chunks)
      // pg accepts any object with submit() (a "submittable"); its types only know Query configs.
      ;(client as unknown as { query(submittable: CopyFromStdin): unknown }).query(copy)
      return copy.done
    },
  }
}

/** PGlite reads the COPY input from a Blob; chunks are grouped into blobs of about `blobBytes`. */
export function pgliteBulk(pglite: PGlite, blobBytes = 16_000_000): BulkDatabase {
  return {
    kind: 'pglite',
    exec: async (sql) => {
      await pglite.exec(sql)
    },
    query: async <R>(sql: string, params?: unknown[]) =>
      (await pglite.query<R>(sql, params as unknown[] | undefined)).rows,
    copy: async (table, columns, chunks) => {
      let rows = 0
      let parts: string[] = []
      let size = 0
      const flush = async () => {
        if (parts.length === 0) return
        const result = await pglite.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], {
          blob: new Blob(parts),
        })
        rows += result.affectedRows ?? 0
        parts = []
        size = 0
      }
      for (const chunk of chunks) {
        parts.push(chunk)
        size += chunk.length
        if (size >= blobBytes) await flush()
      }
      await flush()
      return rows
    },
  }
}

/**
 * Secondary indexes and foreign keys of the given tables, so a bulk load can drop them and build
 * them once at the end (the definitions are read from the catalogue: exactly what the migrations made).
 */
export async function secondaryStructures(db: BulkDatabase, tables: string[]) {
  const list = tables.map((t) => `'${t}'`).join(', ')
  const indexes = await db.query<{ name: string; definition: string }>(
    `select i.relname as name, pg_get_indexdef(i.oid) as definition
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = current_schema() and t.relname in (${list})
        and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
      order by i.relname`,
  )
  const foreignKeys = await db.query<{ table: string; name: string; definition: string }>(
    `select t.relname as table, c.conname as name, pg_get_constraintdef(c.oid) as definition
       from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
      where c.contype = 'f' and n.nspname = current_schema() and t.relname in (${list})
      order by t.relname, c.conname`,
  )
  return { indexes, foreignKeys }
}
