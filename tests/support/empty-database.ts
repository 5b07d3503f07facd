import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { pgliteDatabase, postgresDatabase } from '../../src/server/db/database.ts'
import { withDatabase } from './global-setup.ts'

/** An empty database of the run's kind (no migration run), for tests that migrate step by step. */
export async function emptyDatabase(prefix: string) {
  if (inject('databaseKind') === 'pglite') return pgliteDatabase()
  const url = inject('postgresUrl')
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const handle = postgresDatabase(withDatabase(url, name), 2)
  return {
    ...handle,
    close: async () => {
      await handle.close()
      const cleanup = new pg.Client({ connectionString: url })
      await cleanup.connect()
      await cleanup.query(`drop database if exists ${name} with (force)`)
      await cleanup.end()
    },
  }
}
