/**
 * Which of Trame's tables hold an organisation's data, and how an export finds its rows: by their
 * `organisation_id`, or through the parent row they belong to. A table that is neither, nor listed
 * below as global or left out, stops the export: a new table must say where it belongs
 * (docs/organisation-export.md keeps the same lists).
 */
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'

/** Tables without `organisation_id` whose rows belong to an organisation through a parent row. */
export const CHILD_TABLES: Record<string, { column: string; parent: string }> = {
  aid_request_documents: { column: 'request_id', parent: 'aid_requests' },
  aid_session_members: { column: 'session_id', parent: 'aid_commission_sessions' },
}

/**
 * Tables never exported. The instance's own (migrations, set-up, sign-in throttling, its periodic jobs' runs, the operator),
 * and an organisation's credentials and queues that mean nothing on another Trame: sessions and
 * one-time links (people sign in again; a pending invitation is sent again), the e-mails' outbox.
 */
export const LEFT_OUT_TABLES = new Set([
  'kysely_migration',
  'kysely_migration_lock',
  'setup_tokens',
  'login_attempts',
  'periodic_job_runs',
  'platform_operators',
  'platform_operator_sessions',
  'platform_operator_log',
  'sessions',
  'one_time_tokens',
  'outbox',
  'volunteer_sessions',
  'partner_contact_sessions',
  'partner_contact_tokens',
])

/** Kept up by triggers on `people` from names: imported without complaint where a trigger wrote first. */
export const DERIVED_TABLES = new Set(['person_name_vocabulary', 'person_name_word_deletions'])

export interface ForeignKey {
  columns: string[]
  references: string
  referencedColumns: string[]
}

export interface TableInfo {
  name: string
  /** Columns written by an import (generated ones are computed again). */
  columns: string[]
  /** How the export selects the organisation's rows. */
  scope: { kind: 'organisation' } | { kind: 'self' } | { kind: 'child'; column: string; parent: string }
  foreignKeys: ForeignKey[]
}

/** The exported tables, parents before children (rows referring to their own table sorted later). */
export async function exportedTables(db: Db): Promise<TableInfo[]> {
  const { rows: columns } = await sql<{ table: string; column: string; generated: string }>`
    select c.relname as table, a.attname as column, a.attgenerated as generated
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
     order by c.relname, a.attnum`.execute(db)
  const { rows: keys } = await sql<{ table: string; references: string; columns: string[]; refs: string[] }>`
    select c.relname as table, f.relname as references,
           array(select a.attname from unnest(co.conkey) with ordinality k(n, i)
                   join pg_attribute a on a.attrelid = co.conrelid and a.attnum = k.n order by k.i)::text[] as columns,
           array(select a.attname from unnest(co.confkey) with ordinality k(n, i)
                   join pg_attribute a on a.attrelid = co.confrelid and a.attnum = k.n order by k.i)::text[] as refs
      from pg_constraint co join pg_class c on c.oid = co.conrelid join pg_class f on f.oid = co.confrelid
      join pg_namespace n on n.oid = c.relnamespace
     where co.contype = 'f' and n.nspname = 'public'`.execute(db)

  const byTable = new Map<string, { all: string[]; written: string[] }>()
  for (const row of columns) {
    const entry = byTable.get(row.table) ?? { all: [], written: [] }
    entry.all.push(row.column)
    if (!row.generated) entry.written.push(row.column)
    byTable.set(row.table, entry)
  }
  const tables: TableInfo[] = []
  const unknown: string[] = []
  for (const [name, entry] of byTable) {
    if (LEFT_OUT_TABLES.has(name)) continue
    let scope: TableInfo['scope']
    if (name === 'organisations') scope = { kind: 'self' }
    else if (entry.all.includes('organisation_id')) scope = { kind: 'organisation' }
    else if (CHILD_TABLES[name]) scope = { kind: 'child', ...CHILD_TABLES[name] }
    else {
      unknown.push(name)
      continue
    }
    const foreignKeys = keys
      .filter((key) => key.table === name)
      .map((key) => ({ columns: key.columns, references: key.references, referencedColumns: key.refs }))
    tables.push({ name, columns: entry.written, scope, foreignKeys })
  }
  if (unknown.length > 0) {
    throw new Error(
      `Tables not classified for the organisation export: ${unknown.join(', ')} (see operator.tables.ts)`,
    )
  }
  return parentsFirst(tables)
}

/** Orders tables so that each comes after those it refers to; a cycle between tables is refused. */
function parentsFirst(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((table) => [table.name, table]))
  const done = new Set<string>()
  const visiting = new Set<string>()
  const ordered: TableInfo[] = []
  const visit = (table: TableInfo) => {
    if (done.has(table.name)) return
    if (visiting.has(table.name)) throw new Error(`Foreign keys form a cycle through ${table.name}`)
    visiting.add(table.name)
    for (const key of table.foreignKeys) {
      const parent = byName.get(key.references)
      if (parent && parent.name !== table.name) visit(parent)
    }
    visiting.delete(table.name)
    done.add(table.name)
    ordered.push(table)
  }
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(table)
  return ordered
}

type Row = Record<string, unknown>

/** Rows of a table referring to other rows of the same table: each after the one it refers to. */
export function selfReferencesFirst(table: TableInfo, rows: Row[]): Row[] {
  const selfKeys = table.foreignKeys.filter((key) => key.references === table.name)
  if (selfKeys.length === 0) return rows
  const keyOf = (row: Row, columns: string[]) => {
    const values = columns.map((column) => row[column])
    return values.some((value) => value === null || value === undefined) ? null : JSON.stringify(values)
  }
  const providers = selfKeys.map((key) => {
    const map = new Map<string, Row>()
    for (const row of rows) {
      const provided = keyOf(row, key.referencedColumns)
      if (provided) map.set(provided, row)
    }
    return map
  })
  const placed = new Set<Row>()
  const ordered: Row[] = []
  const place = (row: Row, depth: number) => {
    if (placed.has(row) || depth > rows.length) return
    placed.add(row)
    selfKeys.forEach((key, index) => {
      const wanted = keyOf(row, key.columns)
      const parent = wanted ? providers[index]!.get(wanted) : undefined
      if (parent && parent !== row) place(parent, depth + 1)
    })
    ordered.push(row)
  }
  for (const row of rows) place(row, 0)
  return ordered
}
