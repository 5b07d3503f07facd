import { createHash } from 'node:crypto'
import { fsyncSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './schema.ts'

export type Db = Kysely<Database>

const DATE_OID = 1082

// Dates of birth stay calendar dates ("1987-02-03"), never shifted by a time zone.
pg.types.setTypeParser(DATE_OID, (value: string) => value)

export const PGLITE_EXTENSIONS = { pg_trgm, unaccent, fuzzystrmatch }

export interface PoolStats {
  total: number
  idle: number
  waiting: number
}

export interface DatabaseHandle {
  db: Db
  kind: 'pglite' | 'postgres'
  close(): Promise<void>
  /**
   * PostgreSQL only: who hears of a connection lost outside a query (a server restart, a terminated
   * backend). Until set, a line without personal data goes to stderr.
   */
  onConnectionLost?: (listener: (error: Error) => void) => void
  /** PostgreSQL only: the connection pool's state now, for `/metrics`. */
  poolStats?: () => PoolStats
  /** PGlite only: the whole data directory as a gzipped tarball (a test template, a backup). */
  dump?: () => Promise<Blob>
}

/**
 * Marks a statement run on every request of a hot path (logging a contact): on PostgreSQL it becomes a
 * named prepared statement, parsed and planned once per connection instead of at every call, which is
 * half of its cost. Put it first in the SQL; the text must not vary with the values (use parameters).
 */
export const PREPARED = '/* prepared */'

const preparedNames = new Map<string, string>()
function preparedName(text: string) {
  let name = preparedNames.get(text)
  if (!name) {
    name = `trame_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`
    preparedNames.set(text, name)
  }
  return name
}

/** Sends the statements marked `PREPARED` as named prepared statements; the others as they come. */
function prepareMarkedStatements(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown
  client.query = ((text: unknown, ...rest: unknown[]) =>
    typeof text === 'string' && text.startsWith(PREPARED)
      ? query({ name: preparedName(text), text, values: rest[0] }, ...rest.slice(1))
      : query(text, ...rest)) as typeof client.query
}

/**
 * The hosts of a connection string, libpq style: `postgres://u:p@h1:5432,h2:5433/base?target_session_attrs=read-write`.
 * One connection string per host (node-postgres takes a single host), and whether a connection must
 * accept writes (`read-write`, `primary`) to be kept.
 */
export function splitHosts(connectionString: string): { urls: string[]; readWrite: boolean } {
  const match = /^(postgres(?:ql)?:\/\/)([^@/?#]*@)?([^/?#]*)(.*)$/.exec(connectionString)
  if (!match) return { urls: [connectionString], readWrite: false }
  const [, scheme = '', auth = '', hostList = '', rest = ''] = match
  const [path = '', query = ''] = rest.split('?', 2)
  const params = new URLSearchParams(query)
  const attrs = params.get('target_session_attrs') ?? 'any'
  params.delete('target_session_attrs')
  const tail = `${path}${params.size > 0 ? `?${params}` : ''}`
  const hosts = hostList.split(',').filter((host) => host !== '')
  return {
    urls: hosts.length > 0 ? hosts.map((host) => `${scheme}${auth}${host}${tail}`) : [connectionString],
    readWrite: attrs === 'read-write' || attrs === 'primary',
  }
}

/** No host of a multi-host connection string answered as asked: counted as the database out of reach. */
export class NoUsableHost extends Error {
  readonly code = '08001' // sqlclient_unable_to_establish_sqlconnection
  constructor(readonly reasons: string[]) {
    super(`no usable database host (${reasons.join(', ')})`)
  }
}

/**
 * The pool Kysely draws from when the connection string names several hosts: one node-postgres pool per
 * host, and the host that last gave a good connection is asked first. A new connection is kept only if
 * it accepts writes when `target_session_attrs=read-write` (a standby, or a primary being demoted, is
 * left for the next host), as libpq does. After a failover, the old primary's connections break, the
 * next request finds the promoted standby; until then requests answer 503 (see platform/errors.ts).
 */
class HostRotatingPool {
  #current = 0
  readonly #checked = new WeakSet<pg.PoolClient>()

  constructor(
    readonly pools: pg.Pool[],
    private readonly readWrite: boolean,
  ) {}

  /** What Kysely needs to cancel a query (a control connection): the host connections come from now. */
  readonly Client = pg.Client
  get options() {
    return this.pools[this.#current]!.options
  }

  async connect(): Promise<pg.PoolClient> {
    const reasons: string[] = []
    for (let attempt = 0; attempt < this.pools.length; attempt++) {
      const index = (this.#current + attempt) % this.pools.length
      let client: pg.PoolClient
      try {
        client = await this.pools[index]!.connect()
      } catch (error) {
        reasons.push(`host ${index + 1}: ${(error as { code?: string }).code ?? 'unreachable'}`)
        continue
      }
      if (this.readWrite && !this.#checked.has(client)) {
        try {
          const { rows } = await client.query<{ recovery: boolean; read_only: string }>(
            "select pg_is_in_recovery() as recovery, current_setting('transaction_read_only') as read_only",
          )
          if (rows[0]?.recovery || rows[0]?.read_only === 'on') {
            client.release(true)
            reasons.push(`host ${index + 1}: read-only`)
            continue
          }
        } catch (error) {
          client.release(true)
          reasons.push(`host ${index + 1}: ${(error as { code?: string }).code ?? 'unreachable'}`)
          continue
        }
        this.#checked.add(client)
      }
      this.#current = index
      return client
    }
    throw new NoUsableHost(reasons)
  }

  async end() {
    await Promise.all(this.pools.map((pool) => pool.end()))
  }
}

export function postgresDatabase(connectionString: string, poolSize = 10): DatabaseHandle {
  const { urls, readWrite } = splitHosts(connectionString)
  const pools = urls.map((url) => new pg.Pool({ connectionString: url, max: poolSize }))
  let report = (error: Error) => {
    const code = (error as { code?: string }).code ?? ''
    process.stderr.write(`${JSON.stringify({ level: 40, msg: 'database connection lost', code })}\n`)
  }
  for (const pool of pools) {
    // An error event without a listener ends the process. The pool drops the broken connection and opens
    // a new one at the next query; meanwhile requests answer 503 (see platform/errors.ts).
    pool.on('error', () => {
      // Already reported by the connection's own listener below.
    })
    pool.on('connect', (client) => {
      client.on('error', (error) => report(error))
      prepareMarkedStatements(client)
    })
  }
  // One host: node-postgres's pool as it is. Several: the host-rotating pool above.
  const pool = pools.length === 1 && !readWrite ? pools[0]! : new HostRotatingPool(pools, readWrite)
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  const sum = (count: (pool: pg.Pool) => number) => pools.reduce((total, p) => total + count(p), 0)
  return {
    db,
    kind: 'postgres',
    close: () => db.destroy(),
    poolStats: () => ({
      total: sum((p) => p.totalCount),
      idle: sum((p) => p.idleCount),
      waiting: sum((p) => p.waitingCount),
    }),
    onConnectionLost: (listener) => {
      report = listener
    },
  }
}

/** An embedded PostgreSQL (PGlite). `dataDir` undefined keeps it in memory; `loadDataDir` starts from a dump. */
export async function pgliteDatabase(
  options: { dataDir?: string; loadDataDir?: Blob } = {},
): Promise<DatabaseHandle> {
  if (options.dataDir) mkdirSync(resolve(options.dataDir), { recursive: true })
  const pglite = await PGlite.create({
    dataDir: options.dataDir ? resolve(options.dataDir) : undefined,
    loadDataDir: options.loadDataDir,
    extensions: PGLITE_EXTENSIONS,
    parsers: { [DATE_OID]: (value: string) => value },
    // On disk, as durable as PGlite allows: fsync on (PGlite starts with -F, fsync off) and through
    // fsync() itself, the one call that reaches the host below (see flushToDisk).
    startParams: options.dataDir
      ? [...PGlite.defaultStartParams.filter((param) => param !== '-F'), '-c', 'wal_sync_method=fsync']
      : undefined,
  })
  if (options.dataDir) flushToDisk(pglite)
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) })
  return { db, kind: 'pglite', close: () => db.destroy(), dump: () => pglite.dumpDataDir('gzip') }
}

/**
 * Emscripten's Node file system (NODEFS, under PGlite's data folder) answers fsync() without asking
 * the host: a commit then reaches the operating system's cache, not the disk. Its streams hold the
 * host's file descriptor: fsync() now flushes it to the disk, as PostgreSQL expects at each commit.
 */
function flushToDisk(pglite: PGlite) {
  type Stream = { nfd?: number }
  const { NODEFS } = pglite.Module as unknown as {
    NODEFS: { stream_ops: { fsync?: (stream: Stream) => void } }
  }
  NODEFS.stream_ops.fsync = (stream) => {
    if (typeof stream.nfd === 'number') fsyncSync(stream.nfd)
  }
}

export async function openDatabase(config: { databaseUrl: string | undefined; dataDir: string }) {
  return config.databaseUrl
    ? postgresDatabase(config.databaseUrl)
    : pgliteDatabase({ dataDir: config.dataDir })
}
