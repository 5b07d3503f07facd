import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GroundTruth } from '../../scripts/synth.ts'
import { pgliteDatabase } from '../../src/server/db/database.ts'
import { migrateToLatest } from '../../src/server/db/migrate.ts'
import {
  generatedLine,
  writeDomifaFile,
} from '../../src/server/modules/domiciliation/domiciliation.import.test-files.ts'
import { startServer, stopServer } from './http.ts'
import { rssMb } from './machine.ts'
import { round } from './stats.ts'

export interface DomifaImportFigures {
  rows: number
  file_mb: number
  /** Upload and check of every cell (the preview), then the import itself, through the API. */
  check_seconds: number
  import_seconds: number
  rows_per_s: number
  rss_before_mb: number | undefined
  rss_peak_mb: number | undefined
  created_people: number
}

/**
 * Issue 13: a DomiFa file of 50,000 lines (2,000 in smoke) imported through the API into an empty
 * CCAS on PGlite: the time to check it, the time to write it, and the server's peak RSS (< 400 MB).
 */
export async function domifaImportScenario(
  options: { logLevel: string; log: (line: string) => void; nodeArgs?: string[] },
  rows: number,
): Promise<DomifaImportFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'trame-bench-domifa-'))
  const dataDir = join(dir, 'data')
  try {
    const handle = await pgliteDatabase({ dataDir })
    let truth: GroundTruth
    try {
      await migrateToLatest(handle.db)
      const org = await handle.db
        .insertInto('organisations')
        .values({ name: 'CCAS du banc d’essai' })
        .returning('id')
        .executeTakeFirstOrThrow()
      const user = await handle.db
        .insertInto('users')
        .values({
          organisation_id: org.id,
          email: 'domiciliation@banc.test',
          name: 'Domiciliation du banc',
          roles: ['social_worker'],
          status: 'active',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      truth = { organisationId: org.id, users: { social_worker: { id: user.id } } } as unknown as GroundTruth
    } finally {
      await handle.close()
    }
    const filePath = join(dir, 'domifa.xlsx')
    await writeDomifaFile(filePath, rows, generatedLine)
    const content = readFileSync(filePath)
    options.log(`  fichier DomiFa de ${rows} lignes : ${round(content.length / 1024 / 1024, 1)} Mo`)
    const { child, ready } = await startServer(
      {
        dataDir,
        truth,
        connections: 1,
        durationSeconds: 1,
        warmUpSeconds: 0,
        logLevel: options.logLevel,
        nodeArgs: options.nodeArgs ?? [],
        log: options.log,
        documentsDir: join(dir, 'documents'),
      },
      'social_worker',
    )
    const pid = child.pid!
    let peak: number | undefined
    const sampler = setInterval(() => {
      const now = rssMb(pid)
      if (now !== undefined && (peak === undefined || now > peak)) peak = now
    }, 50)
    try {
      const base = `http://127.0.0.1:${ready.port}`
      const headers = { cookie: ready.cookie, 'x-csrf-token': ready.csrfToken }
      const before = rssMb(pid)
      const form = new FormData()
      form.append('file', new Blob([content]), 'domifa.xlsx')
      const checkStarted = performance.now()
      const uploaded = await fetch(`${base}/api/domiciliation-imports`, {
        method: 'POST',
        headers,
        body: form,
      })
      const preview = (await uploaded.json()) as { id: string; status: string; errorCount: number }
      if (uploaded.status !== 201 || preview.status !== 'valid')
        throw new Error(`upload answered ${uploaded.status}: ${JSON.stringify(preview).slice(0, 300)}`)
      const checkSeconds = (performance.now() - checkStarted) / 1000
      options.log(`  vérifié en ${round(checkSeconds, 1)} s`)
      const importStarted = performance.now()
      const started = await fetch(`${base}/api/domiciliation-imports/${preview.id}/start`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{}',
      })
      if (started.status !== 202) throw new Error(`start answered ${started.status}`)
      let view: { status: string; processedRows: number; createdPeople: number }
      for (;;) {
        view = (await (
          await fetch(`${base}/api/domiciliation-imports/${preview.id}`, { headers })
        ).json()) as typeof view
        if (view.status !== 'importing') break
        await new Promise((resolve) => setTimeout(resolve, 500))
      }
      if (view.status !== 'done') throw new Error(`import ended ${view.status}`)
      const importSeconds = (performance.now() - importStarted) / 1000
      return {
        rows,
        file_mb: round(content.length / 1024 / 1024, 1),
        check_seconds: round(checkSeconds, 1),
        import_seconds: round(importSeconds, 1),
        rows_per_s: Math.round(rows / (checkSeconds + importSeconds)),
        rss_before_mb: before,
        rss_peak_mb: peak,
        created_people: view.createdPeople,
      }
    } finally {
      clearInterval(sampler)
      await stopServer(child)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
