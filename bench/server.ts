/**
 * The server under test, in its own process so that its memory is its own: the real app from
 * `buildApp`, plus — in this process only — an empty authenticated route, the "ceiling" the real
 * endpoints are compared with. It signs the bench user in (a session, as the login would create) and
 * tells the parent where it listens through the IPC channel.
 *
 * Environment: BENCH_DATABASE_URL or BENCH_DATA_DIR, BENCH_USER_ID, BENCH_ORGANISATION_ID, BENCH_LOG_LEVEL,
 * BENCH_DOCUMENTS_DIR.
 */
import { createWriteStream } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { buildApp } from '../src/server/app.ts'
import { loadConfig } from '../src/server/config.ts'
import { openDatabase } from '../src/server/db/database.ts'
import { migrateToLatest } from '../src/server/db/migrate.ts'
import { consoleMailer } from '../src/server/platform/mail.ts'
import { SessionStore } from '../src/server/platform/sessions.ts'

export interface ServerReady {
  port: number
  cookie: string
  csrfToken: string
}

const env = process.env
const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: env.BENCH_LOG_LEVEL ?? 'info',
  DATABASE_URL: env.BENCH_DATABASE_URL,
  TRAME_DATA_DIR: env.BENCH_DATA_DIR ?? './data',
  DOCUMENTS_DIR: env.BENCH_DOCUMENTS_DIR,
})
const database = await openDatabase(config)
await migrateToLatest(database.db)
// Logs are produced as in production (level `info`: one line per request) and thrown away.
const { app } = await buildApp({
  config,
  db: database.db,
  mailer: consoleMailer(() => {}),
  logStream: createWriteStream('/dev/null'),
})

// The ceiling: the same onRequest hook resolves the session, then nothing else happens.
app.get('/api/bench/ceiling', { schema: { hide: true } }, async () => ({ ok: true }))

await app.listen({ port: config.port, host: config.host })
const session = await new SessionStore(database.db, config.session).create(database.db, {
  userId: env.BENCH_USER_ID!,
  organisationId: env.BENCH_ORGANISATION_ID!,
  state: 'active',
  ip: '127.0.0.1',
  userAgent: 'trame-bench',
})
const ready: ServerReady = {
  port: (app.server.address() as AddressInfo).port,
  cookie: `trame_session=${session.token}`,
  csrfToken: session.csrfToken,
}
process.send?.({ type: 'ready', ...ready })

const stop = async () => {
  await app.close()
  await database.close()
  process.exit(0)
}
process.on('message', (message: { type?: string }) => {
  if (message?.type === 'stop') void stop()
})
process.once('SIGTERM', () => void stop())
process.once('disconnect', () => void stop())
