import { randomBytes } from 'node:crypto'
import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { pgliteDatabase, postgresDatabase } from '../src/server/db/database.ts'
import { backupSocketPath, requestLiveBackup, serveLiveBackups } from '../src/server/platform/live-backup.ts'
import { withDatabase } from '../tests/support/global-setup.ts'
import { createTestContext, type TestContext } from '../tests/support/test-app.ts'
import { type BackupSource, backup } from './backup.ts'
import { onDb, rowCounts, tablesOf } from './operations/database-tables.ts'
import { listFiles, sha256Of } from './operations/document-files.ts'
import { populate } from './operations/populated-instance.ts'
import { type RestoreTarget, restore } from './restore.ts'

// The backup of a populated Trame, restored into a fresh one: every table's rows and every document's
// file found again; and the refusals that keep a restore from overwriting anything.

let ctx: TestContext
let work: string
let source: BackupSource
beforeAll(async () => {
  ctx = await createTestContext()
  work = mkdtempSync(path.join(tmpdir(), 'trame-backup-test-'))
  await populate(ctx)
  if (ctx.database.kind === 'pglite') {
    source = { kind: 'pglite', dump: ctx.database.dump! }
  } else {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(ctx.db)
    source = { kind: 'postgres', url: withDatabase(inject('postgresUrl'), rows[0]!.name) }
  }
}, 120_000)
afterAll(async () => {
  await ctx.close()
  rmSync(work, { recursive: true, force: true })
})

/** A fresh, empty target of the same kind: a data folder, or a new database on the server. */
async function freshTarget(): Promise<RestoreTarget> {
  if (ctx.database.kind === 'pglite')
    return { kind: 'pglite', dataDir: path.join(work, `data-${randomBytes(3).toString('hex')}`) }
  // Named after the run's template, so the run's teardown drops it whatever happens here.
  const name = `${inject('databaseTemplate')}_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: inject('postgresUrl') })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  return { kind: 'postgres', url: withDatabase(inject('postgresUrl'), name) }
}

async function countsIn(target: RestoreTarget) {
  const database =
    target.kind === 'pglite'
      ? await pgliteDatabase({ dataDir: target.dataDir })
      : postgresDatabase(target.url, 1)
  try {
    const run = onDb(database.db)
    return await rowCounts(run, await tablesOf(run))
  } finally {
    await database.close()
  }
}

async function filesWithChecksums(dir: string) {
  return Promise.all(
    listFiles(dir).map(async (file) => ({ file, ...(await sha256Of(path.join(dir, file))) })),
  )
}

describe('npm run backup, then npm run restore into a fresh instance', () => {
  it('finds every row of every table and every document', { timeout: 180_000 }, async () => {
    const run = onDb(ctx.db)
    const before = await rowCounts(run, await tablesOf(run))
    expect(before.people).toBe(3)
    expect(before.documents).toBe(3)
    expect(before.contacts).toBe(3)
    const documentsBefore = await filesWithChecksums(ctx.config.documents.dir)
    expect(documentsBefore).toHaveLength(3)

    const out = path.join(work, 'backup')
    const manifest = await backup(source, ctx.config.documents.dir, out)
    expect(manifest).toMatchObject({
      format: 'trame-backup',
      database: { kind: ctx.database.kind },
      tables: before,
      schemaVersion: expect.any(String),
    })
    expect(manifest.documents.map(({ path, sha256 }) => ({ path, sha256 }))).toEqual(
      documentsBefore.map(({ file, sha256 }) => ({ path: file, sha256 })),
    )

    const target = await freshTarget()
    const documentsDir = path.join(work, 'restored-documents')
    await restore(out, target, documentsDir)
    expect(await countsIn(target)).toEqual(before)
    expect(await filesWithChecksums(documentsDir)).toEqual(documentsBefore)

    // A second restore onto what is now a populated instance is refused, nothing touched.
    await expect(restore(out, target, path.join(work, 'other-documents'))).rejects.toThrow(
      ctx.database.kind === 'pglite'
        ? /Le dossier de données .* n’est pas vide : la restauration se fait dans un dossier neuf/
        : /La base cible contient déjà \d+ table\(s\) : la restauration se fait dans une base neuve et vide/,
    )
    await expect(restore(out, await freshTarget(), documentsDir)).rejects.toThrow(
      /Le dossier des documents .* contient déjà 3 fichier\(s\)/,
    )
    expect(await countsIn(target)).toEqual(before)
  })

  it('refuses a backup into a folder that is not empty, and a damaged backup', {
    timeout: 120_000,
  }, async () => {
    const out = path.join(work, 'backup')
    await expect(backup(source, ctx.config.documents.dir, out)).rejects.toThrow(
      /n’est pas vide : la sauvegarde va dans un dossier neuf/,
    )
    const damaged = path.join(work, 'damaged')
    cpSync(out, damaged, { recursive: true })
    const [first] = listFiles(path.join(damaged, 'documents'))
    writeFileSync(path.join(damaged, 'documents', first!), 'altéré')
    const target = await freshTarget()
    await expect(restore(damaged, target, path.join(work, 'damaged-documents'))).rejects.toThrow(
      /Sauvegarde abîmée : 1 fichier\(s\) absent\(s\) ou modifié\(s\) depuis la sauvegarde \(documents\//,
    )
    rmSync(path.join(damaged, 'manifest.json'))
    await expect(restore(damaged, target, path.join(work, 'damaged-documents'))).rejects.toThrow(
      /pas une sauvegarde de Trame terminée/,
    )
  })
})

describe.skipIf(inject('databaseKind') !== 'pglite')(
  'a backup of the embedded database while Trame runs',
  () => {
    it('is the running process’s dump, over a socket only the folder’s owner reaches, and restores whole', {
      timeout: 180_000,
    }, async () => {
      const socket = backupSocketPath(path.join(work, 'data'))
      const serving = await serveLiveBackups(socket, ctx.database.dump!)
      try {
        expect(statSync(socket).mode & 0o077).toBe(0)
        // A second Trame on the same folder is refused: the embedded database opens in one process.
        await expect(serveLiveBackups(socket, ctx.database.dump!)).rejects.toThrow(
          'un autre processus Trame utilise déjà ce dossier de données',
        )
        const live = await requestLiveBackup(socket)
        // Trame keeps serving meanwhile.
        expect((await ctx.app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200)
        const out = path.join(work, 'live-backup')
        const manifest = await backup(
          { kind: 'pglite', dump: async () => new Blob([new Uint8Array(live!)]) },
          ctx.config.documents.dir,
          out,
        )
        const target = await freshTarget()
        await restore(out, target, path.join(work, 'live-documents'))
        expect(await countsIn(target)).toEqual(manifest.tables)
        expect(manifest.tables.people).toBe(3)
      } finally {
        await serving.close()
      }
      // Stopped: nobody answers, the command opens the folder itself.
      expect(await requestLiveBackup(socket)).toBeNull()
    })
  },
)
