/**
 * `npm run backup -- --out <folder>`: a backup of Trame's database and documents, with the same
 * configuration as `npm start`, into a new folder:
 * - `database.tar.gz` (embedded database: PGlite's dump of its data folder) or `database.pgdump`
 *   (PostgreSQL server: `pg_dump -Fc`, in the snapshot the row counts were read in);
 * - `documents/`: a copy of the documents' folder;
 * - `manifest.json`, written last: Trame's version, the schema's last migration, rows per table,
 *   size and SHA-256 of the database file and of every document.
 * The embedded database opens in one process at a time: while Trame runs, the running process makes
 * the dump (see platform/live-backup.ts); stopped, the command opens the folder itself.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs, promisify } from 'node:util'
import pg from 'pg'
import { loadConfig } from '../src/server/config.ts'
import { pgliteDatabase } from '../src/server/db/database.ts'
import { backupSocketPath, requestLiveBackup } from '../src/server/platform/live-backup.ts'
import {
  onClient,
  onDb,
  rowCounts,
  schemaVersion,
  tablesOf,
  trameVersion,
} from './operations/database-tables.ts'
import { copyFiles, type FileEntry, sha256Of } from './operations/document-files.ts'
import { OperationError, postgresToolTarget } from './operations/operation-error.ts'

export const MANIFEST = 'manifest.json'
export const BACKUP_FORMAT = 'trame-backup'

export interface BackupManifest {
  format: typeof BACKUP_FORMAT
  formatVersion: 1
  trameVersion: string
  createdAt: string
  /** The last migration applied: a restore needs a Trame that knows it. */
  schemaVersion: string | null
  database: { kind: 'pglite' | 'postgres'; file: string; bytes: number; sha256: string }
  tables: Record<string, number>
  documents: FileEntry[]
}

export type BackupSource = { kind: 'pglite'; dump: () => Promise<Blob> } | { kind: 'postgres'; url: string }

const run = promisify(execFile)

/** The embedded database: its dump, then that dump loaded apart and counted (a backup restored once). */
async function backupPglite(source: () => Promise<Blob>, out: string) {
  const dump = Buffer.from(await (await source()).arrayBuffer())
  const file = 'database.tar.gz'
  writeFileSync(path.join(out, file), dump)
  const copy = await pgliteDatabase({ loadDataDir: new Blob([dump]) })
  try {
    const sql = onDb(copy.db)
    return { file, tables: await rowCounts(sql, await tablesOf(sql)), version: await schemaVersion(sql) }
  } finally {
    await copy.close()
  }
}

/** A server: the rows counted and pg_dump run in one exported snapshot, so both see the same data. */
async function backupPostgres(url: string, out: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('begin isolation level repeatable read read only')
    const snapshot = (await client.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0]!.id
    const sql = onClient(client)
    const tables = await rowCounts(sql, await tablesOf(sql))
    const version = await schemaVersion(sql)
    const file = 'database.pgdump'
    const target = postgresToolTarget(url)
    try {
      await run(
        'pg_dump',
        [
          '--format=custom',
          `--snapshot=${snapshot}`,
          `--file=${path.join(out, file)}`,
          `--dbname=${target.url}`,
        ],
        { env: target.env, maxBuffer: 16 * 1024 * 1024 },
      )
    } catch (error) {
      const stderr = String((error as { stderr?: string }).stderr ?? '').trim()
      throw new OperationError(
        `pg_dump a échoué${stderr ? ` : ${stderr}` : ''}. Il faut le client PostgreSQL (paquet postgresql-client) d’une version au moins égale à celle du serveur.`,
      )
    }
    await client.query('commit')
    return { file, tables, version }
  } finally {
    await client.end()
  }
}

/** Writes a whole backup into `out` (absent or empty); returns its manifest. */
export async function backup(
  source: BackupSource,
  documentsDir: string,
  out: string,
): Promise<BackupManifest> {
  if (existsSync(out) && readdirSync(out).length > 0) {
    throw new OperationError(
      `Le dossier ${out} n’est pas vide : la sauvegarde va dans un dossier neuf, pour ne rien écraser.`,
    )
  }
  mkdirSync(out, { recursive: true })
  const createdAt = new Date().toISOString()
  const dumped =
    source.kind === 'pglite' ? await backupPglite(source.dump, out) : await backupPostgres(source.url, out)
  // After the database: a document uploaded meanwhile is an extra file, never a row without its file…
  // unless it was deleted meanwhile, which the restore reports.
  const documents = await copyFiles(documentsDir, path.join(out, 'documents'))
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: 1,
    trameVersion: trameVersion(),
    createdAt,
    schemaVersion: dumped.version,
    database: { kind: source.kind, file: dumped.file, ...(await sha256Of(path.join(out, dumped.file))) },
    tables: dumped.tables,
    documents,
  }
  // Last: a folder with a manifest is a finished backup.
  writeFileSync(path.join(out, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}

const USAGE = 'Usage : npm run backup -- --out <dossier neuf>'

export function describeBackup(manifest: BackupManifest, out: string) {
  const rows = Object.values(manifest.tables).reduce((sum, count) => sum + count, 0)
  return [
    `Sauvegarde terminée dans ${out} :`,
    `  base ${manifest.database.kind === 'pglite' ? 'embarquée' : 'PostgreSQL'} : ${Object.keys(manifest.tables).length} tables, ${rows} lignes (${manifest.database.file})`,
    `  documents : ${manifest.documents.length} fichiers`,
    `  schéma : ${manifest.schemaVersion ?? '—'} ; Trame ${manifest.trameVersion}`,
  ].join('\n')
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let code = 1
  try {
    const { values } = parseArgs({ options: { out: { type: 'string' } } })
    if (!values.out) throw new OperationError(USAGE)
    const config = loadConfig()
    let manifest: BackupManifest
    if (config.databaseUrl) {
      manifest = await backup({ kind: 'postgres', url: config.databaseUrl }, config.documents.dir, values.out)
    } else {
      if (!existsSync(config.dataDir))
        throw new OperationError(`Aucune base embarquée dans ${config.dataDir}.`)
      const live = await requestLiveBackup(backupSocketPath(config.dataDir))
      if (live) {
        process.stdout.write('Trame est en marche : copie de la base demandée au processus en cours.\n')
        manifest = await backup(
          { kind: 'pglite', dump: async () => new Blob([new Uint8Array(live)]) },
          config.documents.dir,
          values.out,
        )
      } else {
        const database = await pgliteDatabase({ dataDir: config.dataDir })
        try {
          manifest = await backup(
            { kind: 'pglite', dump: () => database.dump!() },
            config.documents.dir,
            values.out,
          )
        } finally {
          await database.close()
        }
      }
    }
    process.stdout.write(`${describeBackup(manifest, values.out)}\n`)
    code = 0
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  }
  process.exit(code)
}
