/**
 * One organisation's whole data as a ZIP file (format in docs/organisation-export.md):
 * - `manifest.json`: format and version, Trame's version, the schema's last migration, the
 *   organisation, rows and SHA-256 of every table's file, size and SHA-256 of every document;
 * - `tables/<table>.jsonl`: one JSON object per row (PostgreSQL's own JSON of each column);
 * - `documents/<organisation id>/…`: the documents' files, as they lie in the documents' folder.
 * The import checks all of it, then writes everything in one transaction, or nothing.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import { AppError } from '../../platform/errors.ts'
import { DERIVED_TABLES, exportedTables, selfReferencesFirst, type TableInfo } from './operator.tables.ts'

export const EXPORT_FORMAT = 'trame-organisation-export'
const FORMAT_VERSION = 1
const MANIFEST = 'manifest.json'
const INSERT_BATCH = 500

export interface ExportManifest {
  format: typeof EXPORT_FORMAT
  formatVersion: typeof FORMAT_VERSION
  trameVersion: string
  createdAt: string
  /** The last migration applied where it was exported: an import needs a Trame at the same one. */
  schemaVersion: string | null
  organisation: { id: string; name: string }
  tables: Record<string, { file: string; rows: number; sha256: string }>
  documents: { path: string; bytes: number; sha256: string }[]
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

function trameVersion(): string {
  const file = new URL('../../../../package.json', import.meta.url)
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
}

async function schemaVersion(db: Db): Promise<string | null> {
  const { rows } = await sql<{ name: string }>`
    select name from kysely_migration order by name desc limit 1`.execute(db)
  return rows[0]?.name ?? null
}

function filesUnder(dir: string, relative = ''): string[] {
  const here = path.join(dir, relative)
  if (!existsSync(here)) return []
  return readdirSync(here, { withFileTypes: true })
    .flatMap((entry) => {
      const child = relative ? `${relative}/${entry.name}` : entry.name
      if (entry.isDirectory()) return filesUnder(dir, child)
      return entry.isFile() ? [child] : []
    })
    .sort()
}

function rowsQuery(table: TableInfo, organisationId: string) {
  const t = sql.table(table.name)
  switch (table.scope.kind) {
    case 'self':
      return sql<{
        row: Record<string, unknown>
      }>`select to_jsonb(t) as row from ${t} t where t.id = ${organisationId}`
    case 'organisation':
      return sql<{ row: Record<string, unknown> }>`
        select to_jsonb(t) as row from ${t} t where t.organisation_id = ${organisationId}`
    case 'child':
      return sql<{ row: Record<string, unknown> }>`
        select to_jsonb(t) as row from ${t} t
         where t.${sql.ref(table.scope.column)} in
               (select p.id from ${sql.table(table.scope.parent)} p where p.organisation_id = ${organisationId})`
  }
}

/** The whole export of one organisation, read in one snapshot. */
export async function exportOrganisation(
  db: Db,
  documentsDir: string,
  organisationId: string,
): Promise<{ manifest: ExportManifest; zip: Uint8Array }> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const organisation = await trx
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where('id', '=', organisationId)
        .executeTakeFirst()
      if (!organisation) throw new AppError('NOT_FOUND', 404)
      const files: Record<string, Uint8Array> = {}
      const tables: ExportManifest['tables'] = {}
      for (const table of await exportedTables(trx)) {
        const { rows } = await rowsQuery(table, organisationId).execute(trx)
        const file = `tables/${table.name}.jsonl`
        const data = strToU8(rows.map((row) => `${JSON.stringify(row.row)}\n`).join(''))
        files[file] = data
        tables[table.name] = { file, rows: rows.length, sha256: sha256(data) }
      }
      const documents: ExportManifest['documents'] = []
      const ownDir = path.join(documentsDir, organisationId)
      for (const relative of filesUnder(ownDir)) {
        const data = new Uint8Array(readFileSync(path.join(ownDir, relative)))
        const entry = `documents/${organisationId}/${relative}`
        files[entry] = data
        documents.push({ path: entry, bytes: data.length, sha256: sha256(data) })
      }
      const manifest: ExportManifest = {
        format: EXPORT_FORMAT,
        formatVersion: FORMAT_VERSION,
        trameVersion: trameVersion(),
        createdAt: new Date().toISOString(),
        schemaVersion: await schemaVersion(trx),
        organisation,
        tables,
        documents,
      }
      files[MANIFEST] = strToU8(`${JSON.stringify(manifest, null, 2)}\n`)
      return { manifest, zip: zipSync(files, { level: 6 }) }
    })
}

const invalid = (reason: string) =>
  new AppError(
    'EXPORT_INVALID',
    400,
    `Ce fichier n’est pas un export d’organisation Trame valide : ${reason}`,
  )

/** Reads and checks an export: its manifest, the version of the schema, every file's checksum. */
export function readExport(zip: Uint8Array, targetSchemaVersion: string | null) {
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(zip)
  } catch {
    throw invalid('ce n’est pas une archive ZIP lisible.')
  }
  const manifestFile = files[MANIFEST]
  if (!manifestFile) throw invalid('le manifeste (manifest.json) manque.')
  let manifest: ExportManifest
  try {
    manifest = JSON.parse(strFromU8(manifestFile)) as ExportManifest
  } catch {
    throw invalid('le manifeste n’est pas du JSON lisible.')
  }
  if (manifest.format !== EXPORT_FORMAT || manifest.formatVersion !== FORMAT_VERSION) {
    throw invalid('format inconnu.')
  }
  if (
    !manifest.organisation?.id ||
    typeof manifest.tables !== 'object' ||
    !Array.isArray(manifest.documents)
  ) {
    throw invalid('manifeste incomplet.')
  }
  if (manifest.schemaVersion !== targetSchemaVersion) {
    throw invalid(
      `il a été fait au schéma ${manifest.schemaVersion ?? '—'}, ce Trame est au schéma ${targetSchemaVersion ?? '—'}. Mettez les deux à la même version de Trame.`,
    )
  }
  const rows: Record<string, Record<string, unknown>[]> = {}
  for (const [table, entry] of Object.entries(manifest.tables)) {
    const data = files[entry.file]
    if (!data || sha256(data) !== entry.sha256) throw invalid(`le fichier ${entry.file} manque ou a changé.`)
    const lines = strFromU8(data)
      .split('\n')
      .filter((line) => line !== '')
    if (lines.length !== entry.rows)
      throw invalid(`le fichier ${entry.file} n’a pas le nombre de lignes annoncé.`)
    rows[table] = lines.map((line) => JSON.parse(line) as Record<string, unknown>)
  }
  const prefix = `documents/${manifest.organisation.id}/`
  for (const document of manifest.documents) {
    const data = files[document.path]
    if (!document.path.startsWith(prefix) || document.path.includes('..')) {
      throw invalid(`chemin de document inattendu.`)
    }
    if (!data || data.length !== document.bytes || sha256(data) !== document.sha256) {
      throw invalid(`le document ${document.path} manque ou a changé.`)
    }
  }
  return { manifest, rows, files }
}

export interface ImportResult {
  organisation: { id: string; name: string }
  tables: Record<string, number>
  documents: number
}

/**
 * Imports an export into this Trame: refused if the organisation is already here or anything fails
 * to check; its rows in one transaction, its documents written first and removed if that fails.
 */
export async function importOrganisation(
  db: Db,
  documentsDir: string,
  zip: Uint8Array,
): Promise<ImportResult> {
  const { manifest, rows, files } = readExport(zip, await schemaVersion(db))
  const organisationId = manifest.organisation.id
  const already = await db
    .selectFrom('organisations')
    .select('id')
    .where('id', '=', organisationId)
    .executeTakeFirst()
  const ownDir = path.join(documentsDir, organisationId)
  if (already || filesUnder(ownDir).length > 0) throw new AppError('ORGANISATION_EXISTS', 409)

  const tables = await exportedTables(db)
  const known = new Set(tables.map((table) => table.name))
  const unknown = Object.keys(rows).filter((table) => !known.has(table))
  if (unknown.length > 0) throw invalid(`tables inconnues ici : ${unknown.join(', ')}.`)

  for (const document of manifest.documents) {
    const target = path.join(documentsDir, document.path.slice('documents/'.length))
    await mkdir(path.dirname(target), { recursive: true })
    await writeFile(target, files[document.path]!)
  }
  try {
    await db.transaction().execute(async (trx) => {
      for (const table of tables) {
        const tableRows = selfReferencesFirst(table, rows[table.name] ?? [])
        const columns = sql.join(table.columns.map((column) => sql.ref(column)))
        const conflict = DERIVED_TABLES.has(table.name) ? sql` on conflict do nothing` : sql``
        for (let start = 0; start < tableRows.length; start += INSERT_BATCH) {
          const batch = JSON.stringify(tableRows.slice(start, start + INSERT_BATCH))
          await sql`insert into ${sql.table(table.name)} (${columns})
                    select ${columns} from jsonb_populate_recordset(null::${sql.table(table.name)}, ${batch}::jsonb)${conflict}`.execute(
            trx,
          )
        }
      }
    })
  } catch (error) {
    await rm(ownDir, { recursive: true, force: true })
    if (error instanceof AppError) throw error
    const code = String((error as { code?: string }).code ?? '')
    // A row already here (an identifier taken in this Trame): nothing was written.
    if (code === '23505') {
      throw new AppError(
        'ORGANISATION_EXISTS',
        409,
        'Une partie de cet export existe déjà dans ce Trame : rien n’a été importé.',
      )
    }
    // Rows that do not hold together (a reference to a row absent from the export, a value refused).
    if (code.startsWith('23') || code.startsWith('22'))
      throw invalid('ses données ne tiennent pas ensemble ; rien n’a été importé.')
    throw error
  }
  return {
    organisation: manifest.organisation,
    tables: Object.fromEntries(Object.entries(manifest.tables).map(([table, entry]) => [table, entry.rows])),
    documents: manifest.documents.length,
  }
}
