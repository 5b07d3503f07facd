import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { pgliteDatabase, postgresDatabase } from '../../src/server/db/database.ts'
import { migrateToLatest } from '../../src/server/db/migrate.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseKind: 'pglite' | 'postgres'
    /** PGlite: path of a dumped, migrated data directory. PostgreSQL: name of the template database. */
    databaseTemplate: string
    postgresUrl: string
  }
}

/** Migrates once into a template; every test file then starts from its own copy. */
export default async function setup(project: TestProject) {
  const kind = project.config.env?.TRAME_TEST_DB === 'postgres' ? 'postgres' : 'pglite'
  if (kind === 'pglite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'trame-template-'))
    const handle = await pgliteDatabase()
    await migrateToLatest(handle.db)
    const dump = await handle.dump!()
    const file = path.join(dir, 'template.tar.gz')
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
    await handle.close()
    project.provide('databaseKind', 'pglite')
    project.provide('databaseTemplate', file)
    project.provide('postgresUrl', '')
    return () => rmSync(dir, { recursive: true, force: true })
  }

  const url = process.env.TEST_DATABASE_URL
  if (!url) {
    throw new Error(
      'TEST_DATABASE_URL is required for the PostgreSQL test run (postgres://user:password@host/database).',
    )
  }
  const template = `trame_template_${process.pid}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`drop database if exists ${template}`)
  await admin.query(`create database ${template}`)
  const handle = postgresDatabase(withDatabase(url, template), 1)
  await migrateToLatest(handle.db)
  await handle.close()
  project.provide('databaseKind', 'postgres')
  project.provide('databaseTemplate', template)
  project.provide('postgresUrl', url)
  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      // Only this run's databases: another run on the same server keeps its own.
      `select datname from pg_database where starts_with(datname, $1 || '_') or datname = $1`,
      [template],
    )
    for (const row of rows) await admin.query(`drop database if exists ${row.datname} with (force)`)
    await admin.end()
  }
}

export function withDatabase(url: string, database: string) {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}
