/**
 * `npm run restore -- --from <backup folder>`: puts a backup made by `npm run backup` back into the
 * database and documents' folder of the configuration (the same as `npm start`), which must be empty:
 * a new data folder for the embedded database, a new database on a server. Checks the backup's
 * checksums before touching anything, then finds every table's row count and every file again.
 */
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs, promisify } from 'node:util'
import pg from 'pg'
import { loadConfig } from '../src/server/config.ts'
import { pgliteDatabase } from '../src/server/db/database.ts'
import { BACKUP_FORMAT, type BackupManifest, MANIFEST } from './backup.ts'
import { onClient, onDb, type RunSql, rowCounts, tablesOf } from './operations/database-tables.ts'
import { copyFiles, listFiles, sha256Of } from './operations/document-files.ts'
import { OperationError, postgresToolTarget } from './operations/operation-error.ts'

export type RestoreTarget = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string }

const run = promisify(execFile)

function readManifest(from: string): BackupManifest {
  const file = path.join(from, MANIFEST)
  if (!existsSync(file)) {
    throw new OperationError(
      `${from} n’est pas une sauvegarde de Trame terminée (pas de ${MANIFEST}) : une sauvegarde interrompue ne se restaure pas.`,
    )
  }
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as BackupManifest
  if (manifest.format !== BACKUP_FORMAT || manifest.formatVersion !== 1) {
    throw new OperationError(`${file} n’est pas un manifeste de sauvegarde de Trame connu.`)
  }
  return manifest
}

/** Every file of the backup as it was written: nothing is restored from a damaged backup. */
async function checkBackup(from: string, manifest: BackupManifest) {
  const damaged: string[] = []
  const expected = [
    { path: manifest.database.file, sha256: manifest.database.sha256 },
    ...manifest.documents.map((d) => ({ path: `documents/${d.path}`, sha256: d.sha256 })),
  ]
  for (const file of expected) {
    const full = path.join(from, file.path)
    if (!existsSync(full) || (await sha256Of(full)).sha256 !== file.sha256) damaged.push(file.path)
  }
  if (damaged.length > 0) {
    throw new OperationError(
      `Sauvegarde abîmée : ${damaged.length} fichier(s) absent(s) ou modifié(s) depuis la sauvegarde (${damaged.slice(0, 5).join(', ')}${damaged.length > 5 ? '…' : ''}). Rien n’a été restauré.`,
    )
  }
}

/** The tables found differing from the manifest's counts, as readable lines. */
function countDifferences(expected: Record<string, number>, found: Record<string, number>) {
  const tables = new Set([...Object.keys(expected), ...Object.keys(found)])
  return [...tables]
    .filter((table) => expected[table] !== found[table])
    .map(
      (table) =>
        `${table} : ${expected[table] ?? 'absente'} attendues, ${found[table] ?? 'absente'} trouvées`,
    )
}

async function restorePglite(from: string, manifest: BackupManifest, dataDir: string) {
  const dump = readFileSync(path.join(from, manifest.database.file))
  const database = await pgliteDatabase({ dataDir, loadDataDir: new Blob([dump]) })
  try {
    const sql = onDb(database.db)
    return await rowCounts(sql, await tablesOf(sql))
  } finally {
    await database.close()
  }
}

async function withClient<T>(url: string, work: (sql: RunSql) => Promise<T>) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(onClient(client))
  } finally {
    await client.end()
  }
}

async function restorePostgres(from: string, manifest: BackupManifest, url: string) {
  const existing = await withClient(url, tablesOf)
  if (existing.length > 0) {
    throw new OperationError(
      `La base cible contient déjà ${existing.length} table(s) : la restauration se fait dans une base neuve et vide (créez-la avec CREATE DATABASE), pour ne rien écraser.`,
    )
  }
  const target = postgresToolTarget(url)
  try {
    await run(
      'pg_restore',
      [
        '--no-owner',
        '--no-privileges',
        '--no-comments',
        '--exit-on-error',
        '--single-transaction',
        `--dbname=${target.url}`,
        path.join(from, manifest.database.file),
      ],
      { env: target.env, maxBuffer: 16 * 1024 * 1024 },
    )
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim()
    throw new OperationError(
      `pg_restore a échoué, la base cible est restée vide${stderr ? ` : ${stderr}` : ''}.`,
    )
  }
  return withClient(url, async (sql) => rowCounts(sql, await tablesOf(sql)))
}

/** Restores `from` into `target` and `documentsDir`; returns the manifest once everything is found again. */
export async function restore(from: string, target: RestoreTarget, documentsDir: string) {
  const manifest = readManifest(from)
  if (manifest.database.kind !== target.kind) {
    throw new OperationError(
      manifest.database.kind === 'pglite'
        ? 'Cette sauvegarde est celle d’une base embarquée et la configuration désigne un serveur PostgreSQL (DATABASE_URL) : restaurez-la dans un dossier (TRAME_DATA_DIR, sans DATABASE_URL), puis passez au serveur avec npm run move-to-server.'
        : 'Cette sauvegarde est celle d’un serveur PostgreSQL : indiquez la base où la restaurer avec DATABASE_URL.',
    )
  }
  await checkBackup(from, manifest)
  if (target.kind === 'pglite' && existsSync(target.dataDir) && readdirSync(target.dataDir).length > 0) {
    throw new OperationError(
      `Le dossier de données ${target.dataDir} n’est pas vide : la restauration se fait dans un dossier neuf (TRAME_DATA_DIR), pour ne rien écraser.`,
    )
  }
  const documentsPresent = listFiles(documentsDir)
  // The default documents' folder lies inside the embedded database's folder: a new one is empty too.
  if (documentsPresent.length > 0) {
    throw new OperationError(
      `Le dossier des documents ${documentsDir} contient déjà ${documentsPresent.length} fichier(s) : la restauration se fait dans un dossier vide (DOCUMENTS_DIR), pour ne rien écraser.`,
    )
  }
  const found =
    target.kind === 'pglite'
      ? await restorePglite(from, manifest, target.dataDir)
      : await restorePostgres(from, manifest, target.url)
  const differences = countDifferences(manifest.tables, found)
  if (differences.length > 0) {
    throw new OperationError(
      `Restauration incomplète : les lignes ne correspondent pas à la sauvegarde.\n  ${differences.join('\n  ')}`,
    )
  }
  const copied = await copyFiles(path.join(from, 'documents'), documentsDir)
  const bySha = new Map(copied.map((file) => [file.path, file.sha256]))
  const missing = manifest.documents.filter((file) => bySha.get(file.path) !== file.sha256)
  if (missing.length > 0) {
    throw new OperationError(`Restauration incomplète : ${missing.length} document(s) mal copié(s).`)
  }
  return manifest
}

const USAGE = 'Usage : npm run restore -- --from <dossier de sauvegarde>'

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let code = 1
  try {
    const { values } = parseArgs({ options: { from: { type: 'string' } } })
    if (!values.from) throw new OperationError(USAGE)
    const config = loadConfig()
    const target: RestoreTarget = config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl }
      : { kind: 'pglite', dataDir: config.dataDir }
    const manifest = await restore(values.from, target, config.documents.dir)
    const rows = Object.values(manifest.tables).reduce((sum, count) => sum + count, 0)
    process.stdout.write(
      `Restauration terminée : ${Object.keys(manifest.tables).length} tables, ${rows} lignes et ${manifest.documents.length} documents retrouvés (sauvegarde du ${manifest.createdAt}).\n`,
    )
    code = 0
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  }
  process.exit(code)
}
