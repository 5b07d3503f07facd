/**
 * What the operations commands (backup, restore, move to a server) read of a database's tables,
 * through whatever runs SQL: Kysely on Trame's database, or a bare `pg` client.
 */
import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import type pg from 'pg'
import type { Db } from '../../src/server/db/database.ts'

export type RunSql = (text: string) => Promise<Record<string, unknown>[]>

export const onDb =
  (db: Db): RunSql =>
  async (text) =>
    (await sql.raw<Record<string, unknown>>(text).execute(db)).rows

export const onClient =
  (client: pg.Client | pg.PoolClient): RunSql =>
  async (text) =>
    (await client.query(text)).rows

/** Kysely's own bookkeeping: written by the migrations of each database, never copied. */
export const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock']

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`

/** The tables of Trame's schema, by name. */
export async function tablesOf(run: RunSql): Promise<string[]> {
  const rows = await run(`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`)
  return rows.map((row) => String(row.name))
}

/** Rows per table, migration bookkeeping included (a restore must bring it back as it was). */
export async function rowCounts(run: RunSql, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of tables) {
    const [row] = await run(`select count(*)::int as count from ${quoteIdent(table)}`)
    counts[table] = Number(row?.count ?? 0)
  }
  return counts
}

/** The last migration applied: the schema the data belongs to. */
export async function schemaVersion(run: RunSql): Promise<string | null> {
  const tables = await tablesOf(run)
  if (!tables.includes('kysely_migration')) return null
  const [row] = await run('select name from kysely_migration order by name desc limit 1')
  return row ? String(row.name) : null
}

/** The tables holding Trame's data (not the migrations' own) that have at least one row. */
export async function nonEmptyTables(run: RunSql): Promise<string[]> {
  const tables = (await tablesOf(run)).filter((table) => !MIGRATION_TABLES.includes(table))
  const filled: string[] = []
  for (const table of tables) {
    const rows = await run(`select 1 from ${quoteIdent(table)} limit 1`)
    if (rows.length > 0) filled.push(table)
  }
  return filled
}

export function trameVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
  return pkg.version
}
