import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { inject } from 'vitest'
import { buildApp } from '../../src/server/app.ts'
import { loadConfig } from '../../src/server/config.ts'
import { type DatabaseHandle, pgliteDatabase, postgresDatabase } from '../../src/server/db/database.ts'
import { smtpMailer } from '../../src/server/platform/mail.ts'
import { withDatabase } from './global-setup.ts'
import { startMailbox } from './mailbox.ts'

/** A fresh copy of the migrated template database, for one test file. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  if (inject('databaseKind') === 'pglite') {
    const dump = readFileSync(inject('databaseTemplate'))
    return pgliteDatabase({ loadDataDir: new Blob([dump]) })
  }
  const url = inject('postgresUrl')
  const name = `${inject('databaseTemplate')}_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name} template ${inject('databaseTemplate')}`)
  await admin.end()
  const handle = postgresDatabase(withDatabase(url, name), 5)
  return {
    ...handle,
    close: async () => {
      await handle.close()
      const cleanup = new pg.Client({ connectionString: url })
      await cleanup.connect()
      // The pool's connections may still be closing: wait for them rather than kill them, since a
      // killed connection raises an error in whatever test runs next in this worker.
      for (let attempt = 0; ; attempt++) {
        try {
          await cleanup.query(`drop database if exists ${name}${attempt < 50 ? '' : ' with (force)'}`)
          break
        } catch (error) {
          if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
      }
      await cleanup.end()
    },
  }
}

export type TestContext = Awaited<ReturnType<typeof createTestContext>>

/** The whole app on its own database, with a real SMTP server, and its log lines captured. */
export async function createTestContext(env: Record<string, string> = {}) {
  const database = await openTestDatabase()
  const mailbox = await startMailbox()
  const logs: string[] = []
  // Documents uploaded by the file's tests, removed with the context.
  const documentsDir = mkdtempSync(path.join(tmpdir(), 'trame-documents-'))
  const config = loadConfig({
    TRAME_DATA_DIR: '/nonexistent',
    DOCUMENTS_DIR: documentsDir,
    PUBLIC_URL: 'http://trame.test',
    SMTP_URL: mailbox.url,
    LOG_LEVEL: 'info',
    ...env,
  })
  const mailer = smtpMailer(mailbox.url, config.mailFrom)
  const { app, sweeper, jobs, authService, routes } = await buildApp({
    config,
    db: database.db,
    database,
    mailer,
    logStream: { write: (line: string) => void logs.push(line) },
  })
  await app.ready()
  return {
    app,
    db: database.db,
    database,
    mailbox,
    logs,
    sweeper,
    authService,
    routes,
    config,
    /** Runs the outbox once, as the background sweeper would. */
    deliverEmails: () => sweeper.runOnce(),
    /** Runs a periodic job once, as the background timer would, at `now`. */
    runJob: (name: string, now?: Date) => jobs.runOnce(name, now),
    async close() {
      await sweeper.stop()
      await app.close()
      mailer.close()
      await mailbox.close()
      await database.close()
      rmSync(documentsDir, { recursive: true, force: true })
    },
  }
}
