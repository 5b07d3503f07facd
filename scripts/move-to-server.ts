/**
 * `npm run move-to-server -- --from <data folder> --to <postgres://…>`: moves an embedded Trame (its
 * PGlite data folder, Trame stopped) to a PostgreSQL server. The target database must be empty: its
 * schema is brought to the same migration as the source, then every table is copied in the order of
 * its foreign keys, in batches, within one transaction on the target, and each table's row count and
 * checksum are compared on both sides before it commits. Anything wrong rolls it all back.
 * The documents stay where they are (DOCUMENTS_DIR): every instance must reach that folder.
 */
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { type RawBuilder, sql } from 'kysely'
import pg from 'pg'
import { type Db, pgliteDatabase, postgresDatabase } from '../src/server/db/database.ts'
import { migrateToLatest } from '../src/server/db/migrate.ts'
import { answers, backupSocketPath } from '../src/server/platform/live-backup.ts'
import {
  MIGRATION_TABLES,
  nonEmptyTables,
  onClient,
  onDb,
  quoteIdent,
  type RunSql,
  schemaVersion,
  tablesOf,
} from './operations/database-tables.ts'
import { OperationError } from './operations/operation-error.ts'

/** Rows sent to the server per statement. */
const BATCH = 500

interface ForeignKey {
  table: string
  parent: string
  name: string
}

async function foreignKeys(run: RunSql): Promise<ForeignKey[]> {
  const rows = await run(`
    select child.relname as table, parent.relname as parent, c.conname as name
    from pg_constraint c
    join pg_class child on child.oid = c.conrelid
    join pg_class parent on parent.oid = c.confrelid
    where c.contype = 'f' and c.connamespace = 'public'::regnamespace`)
  return rows.map((row) => ({ table: String(row.table), parent: String(row.parent), name: String(row.name) }))
}

/** Parents before children (Kahn's algorithm); a table referring to itself is handled apart. */
export function dependencyOrder(tables: readonly string[], keys: readonly ForeignKey[]): string[] {
  const parents = new Map(tables.map((table) => [table, new Set<string>()]))
  for (const key of keys) {
    if (key.table !== key.parent && parents.has(key.table) && parents.has(key.parent)) {
      parents.get(key.table)!.add(key.parent)
    }
  }
  const order: string[] = []
  const placed = new Set<string>()
  while (order.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p)))
    if (ready.length === 0) {
      const rest = tables.filter((t) => !placed.has(t))
      throw new OperationError(
        `Dépendances circulaires entre les tables ${rest.join(', ')} : transfert impossible.`,
      )
    }
    for (const table of ready) {
      order.push(table)
      placed.add(table)
    }
  }
  return order
}

/** The columns a row is written with: generated ones are computed again by the server. */
async function writableColumns(run: RunSql, table: string) {
  const rows = await run(`
    select attname as name, attgenerated <> '' as generated from pg_attribute
    where attrelid = 'public.${quoteIdent(table)}'::regclass and attnum > 0 and not attisdropped
    order by attnum`)
  return {
    writable: rows.filter((row) => !row.generated).map((row) => String(row.name)),
    generated: rows.filter((row) => row.generated).map((row) => String(row.name)),
  }
}

/** The primary key's columns, in the key's order; none for a table without one. */
async function primaryKey(run: RunSql, table: string) {
  const rows = await run(`
    select a.attname as name from pg_index i
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey::int2[])
    where i.indrelid = 'public.${quoteIdent(table)}'::regclass and i.indisprimary
    order by array_position(i.indkey::int2[], a.attnum)`)
  return rows.map((row) => String(row.name))
}

/**
 * Rows and a checksum of a table's content, whatever order the rows lie in: the MD5 of the sorted MD5s
 * of each row as JSON (timestamps in UTC), generated columns left out.
 */
function checksumQuery(table: string, generated: readonly string[]) {
  const row = generated.length
    ? `to_jsonb(t) - array[${generated.map((c) => `'${c}'`).join(', ')}]::text[]`
    : 'to_jsonb(t)'
  return `select count(*)::int as count, md5(coalesce(string_agg(h, '' order by h), '')) as checksum
    from (select md5((${row})::text) as h from public.${quoteIdent(table)} t) rows`
}

export interface MovedTable {
  table: string
  rows: number
  checksum: string
}

/** Copies every table of `source` into the empty database at `targetUrl`; returns what it verified. */
export async function moveToServer(
  source: Db,
  targetUrl: string,
  progress: (line: string) => void = () => {},
): Promise<MovedTable[]> {
  const from = onDb(source)
  // The schema as `npm start` would leave it, on both sides.
  await migrateToLatest(source)
  const migrating = postgresDatabase(targetUrl, 1)
  try {
    await migrateToLatest(migrating.db)
  } finally {
    await migrating.close()
  }
  await sql`set timezone to 'UTC'`.execute(source)

  const client = new pg.Client({ connectionString: targetUrl })
  await client.connect()
  const to = onClient(client)
  try {
    await client.query('begin')
    await client.query(`set local timezone to 'UTC'`)
    const [sourceVersion, targetVersion] = [await schemaVersion(from), await schemaVersion(to)]
    if (sourceVersion !== targetVersion) {
      throw new OperationError(
        `Les schémas diffèrent (source ${sourceVersion}, cible ${targetVersion}) : la cible a été mise à jour par une autre version de Trame.`,
      )
    }
    const filled = await nonEmptyTables(to)
    if (filled.length > 0) {
      throw new OperationError(
        `La base cible n’est pas vide (${filled.length} table(s) avec des données, dont ${filled.slice(0, 3).join(', ')}) : le transfert se fait vers une base neuve et vide, pour ne rien mélanger ni écraser. Rien n’a été copié.`,
      )
    }
    const tables = (await tablesOf(to)).filter((table) => !MIGRATION_TABLES.includes(table))
    const sourceTables = new Set(await tablesOf(from))
    const absent = tables.filter((table) => !sourceTables.has(table))
    if (absent.length > 0) {
      throw new OperationError(`Tables absentes de la base embarquée : ${absent.join(', ')}.`)
    }
    const keys = await foreignKeys(to)
    // A table referring to itself (a merged person, a renewed domiciliation) may hold a row before
    // the one it refers to: those keys are checked at the end of the copy, then made immediate again.
    const selfKeys = keys.filter((key) => key.table === key.parent)
    for (const key of selfKeys) {
      await client.query(
        `alter table public.${quoteIdent(key.table)} alter constraint ${quoteIdent(key.name)} deferrable initially deferred`,
      )
    }

    // Triggers filling derived tables (the names' vocabulary) would write what the copy brings itself.
    for (const table of tables) {
      await client.query(`alter table public.${quoteIdent(table)} disable trigger user`)
    }
    const moved: MovedTable[] = []
    for (const table of dependencyOrder(tables, keys)) {
      const { writable, generated } = await writableColumns(to, table)
      const columns = writable.map(quoteIdent).join(', ')
      const key = (await primaryKey(to, table)).map((column) => `t.${quoteIdent(column)}`).join(', ')
      let last: string | null = null
      let copied = 0
      for (;;) {
        // Keyset pages along the primary key, the last row read giving where the next page starts.
        // A table without one (a roll-up of counts) is read at once.
        const page: RawBuilder<{ row: string }> = key
          ? sql<{ row: string }>`
              select to_jsonb(t)::text as row from ${sql.table(table)} t
              where ${last}::jsonb is null
                 or (${sql.raw(key)}) > (select ${sql.raw(key)} from jsonb_populate_record(null::${sql.table(table)}, ${last}::jsonb) t)
              order by ${sql.raw(key)} limit ${sql.lit(BATCH)}`
          : sql<{ row: string }>`select to_jsonb(t)::text as row from ${sql.table(table)} t`
        const { rows } = await page.execute(source)
        if (rows.length === 0) break
        await client.query(
          `insert into public.${quoteIdent(table)} (${columns})
           select ${columns} from jsonb_populate_recordset(null::public.${quoteIdent(table)}, $1::jsonb)`,
          [`[${rows.map((r) => r.row).join(',')}]`],
        )
        copied += rows.length
        if (!key) break
        last = rows.at(-1)!.row
      }
      const [expected] = await from(checksumQuery(table, generated))
      const [found] = await to(checksumQuery(table, generated))
      if (expected?.count !== found?.count || expected?.checksum !== found?.checksum) {
        throw new OperationError(
          `Vérification échouée pour la table ${table} : ${String(expected?.count)} lignes dans la base embarquée, ${String(found?.count)} copiées${expected?.count === found?.count ? ', contenus différents' : ''}. Rien n’a été enregistré sur le serveur.`,
        )
      }
      moved.push({ table, rows: copied, checksum: String(found?.checksum) })
      if (copied > 0) progress(`  ${table} : ${copied} lignes, identiques`)
    }
    await client.query('set constraints all immediate')
    for (const table of tables) {
      await client.query(`alter table public.${quoteIdent(table)} enable trigger user`)
    }
    for (const key of selfKeys) {
      await client.query(
        `alter table public.${quoteIdent(key.table)} alter constraint ${quoteIdent(key.name)} not deferrable`,
      )
    }
    await client.query('commit')
    return moved
  } catch (error) {
    await client.query('rollback').catch(() => {})
    throw error
  } finally {
    await client.end()
  }
}

const USAGE = 'Usage : npm run move-to-server -- --from <dossier de données> --to <postgres://…>'

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let code = 1
  try {
    const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } })
    if (!values.from || !values.to || !/^postgres(ql)?:\/\//.test(values.to)) throw new OperationError(USAGE)
    if (!existsSync(values.from)) throw new OperationError(`Aucune base embarquée dans ${values.from}.`)
    if (await answers(backupSocketPath(values.from))) {
      throw new OperationError(
        'Trame est en marche sur ce dossier : arrêtez-le avant le transfert (sinon des écritures faites pendant la copie seraient perdues).',
      )
    }
    const database = await pgliteDatabase({ dataDir: values.from })
    try {
      process.stdout.write('Copie des tables, vérifiées une à une :\n')
      const moved = await moveToServer(database.db, values.to, (line) => process.stdout.write(`${line}\n`))
      const rows = moved.reduce((sum, table) => sum + table.rows, 0)
      process.stdout.write(
        `Transfert terminé : ${moved.length} tables, ${rows} lignes, nombres de lignes et sommes de contrôle identiques.\n` +
          'Démarrez maintenant Trame avec DATABASE_URL désignant ce serveur ; les documents restent dans leur dossier (DOCUMENTS_DIR), que chaque instance doit atteindre.\n',
      )
    } finally {
      await database.close()
    }
    code = 0
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  }
  process.exit(code)
}
