/**
 * `npm run test:failover`: two Trame instances behind HAProxy on a PostgreSQL replicated by
 * pg_auto_failover (monitor, primary, synchronous standby), all on loopback with the Debian packages
 * (`postgresql-15-auto-failover`, `pg-auto-failover-cli`, `haproxy`). Under a bounded load of front-desk
 * contacts and person reads, the primary is killed (`kill -9`), then one Trame instance. It checks the
 * standby is promoted, the load serves again within 30 s, no acknowledged contact is lost or doubled,
 * every failure was a clean retryable 503 in French, each periodic job ran once and the e-mail was sent
 * once, a logout on one instance applies on the other, an upload through one downloads through the
 * other. Prints the figures; exits non-zero on any failed check or missing package (never a skip).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import {
  chownSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { loadConfig } from '../../src/server/config.ts'
import { postgresDatabase } from '../../src/server/db/database.ts'
import { migrateToLatest } from '../../src/server/db/migrate.ts'
import { SessionStore } from '../../src/server/platform/sessions.ts'
import { createBarePerson, createOrganisation, createUser } from '../support/factories.ts'
import { startMailbox } from '../support/mailbox.ts'
import { multipartBody, SAMPLE_FILES } from '../support/multipart.ts'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const ROOT = path.resolve(HERE, '../..')
const PG_BIN = '/usr/lib/postgresql/15/bin'
const RECOVERY_LIMIT_MS = 30_000
const LOAD_WORKERS = 4
const JOB_NAMES_MIN = 5

const started = Date.now()
const since = () => `${((Date.now() - started) / 1000).toFixed(1)} s`
const say = (line: string) => process.stdout.write(`[failover ${since()}] ${line}\n`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const failures: string[] = []
function check(ok: boolean, what: string) {
  say(`${ok ? 'OK  ' : 'FAIL'} ${what}`)
  if (!ok) failures.push(what)
}

// ---------------------------------------------------------------------------------------------------
// Processes: each in its own process group, its output in the run's folder, all stopped at the end.

const tmp = mkdtempSync('/tmp/trame-failover-')
const children: { name: string; child: ChildProcess }[] = []
const asRoot = process.getuid?.() === 0

/** A command as the postgres user when run as root (PostgreSQL refuses to run as root). */
function postgresCommand(args: string[]) {
  const env = [`PATH=${PG_BIN}:${process.env.PATH}`, `XDG_CONFIG_HOME=${tmp}/xdg`, `XDG_DATA_HOME=${tmp}/xdg`]
  return asRoot ? ['runuser', '-u', 'postgres', '--', 'env', ...env, ...args] : ['env', ...env, ...args]
}

function start(name: string, command: string[], env: Record<string, string> = {}) {
  const log = createWriteStream(path.join(tmp, `${name}.log`))
  const child = spawn(command[0]!, command.slice(1), {
    cwd: tmp,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.pipe(log)
  child.stderr?.pipe(log)
  children.push({ name, child })
  return child
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (child.pid) process.kill(-child.pid, signal)
  } catch {
    // Already gone.
  }
}

async function stopAll() {
  for (const { child } of children.reverse()) killGroup(child, 'SIGTERM')
  await sleep(1_500)
  for (const { child } of children) killGroup(child, 'SIGKILL')
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false>) {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  while (Date.now() < deadline) {
    try {
      const value = await probe()
      if (value) return value
    } catch (error) {
      lastError = error
    }
    await sleep(250)
  }
  throw new Error(`timed out waiting for ${what}${lastError ? ` (${String(lastError)})` : ''}`)
}

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 })
  await client.connect()
  try {
    return (await client.query<T>(text, values)).rows
  } finally {
    await client.end()
  }
}

// ---------------------------------------------------------------------------------------------------

function requirePackages() {
  const missing = [
    ['pg_autoctl', 'pg-auto-failover-cli'],
    ['haproxy', 'haproxy'],
  ].filter(([command]) => {
    try {
      execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' })
      return false
    } catch {
      return true
    }
  })
  if (
    !existsSync(`${PG_BIN}/pg_ctl`) ||
    !existsSync('/usr/share/postgresql/15/extension/pgautofailover.control')
  )
    missing.push(['pgautofailover', 'postgresql-15-auto-failover'])
  if (missing.length > 0) {
    throw new Error(
      `missing Debian packages: ${missing.map(([, pkg]) => pkg).join(', ')} (apt-get install -y postgresql-15-auto-failover pg-auto-failover-cli haproxy)`,
    )
  }
}

interface Cluster {
  monitorUrl: string
  nodeUrl: (node: 1 | 2) => string
  databaseUrl: string
  nodes: Record<1 | 2, ChildProcess>
  states: () => Promise<Record<string, string>>
}

async function startCluster(): Promise<Cluster> {
  if (asRoot) chownSync(tmp, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), 0)
  const [monitorPort, port1, port2] = [await freePort(), await freePort(), await freePort()]
  const monitorUrl = `postgres://postgres@127.0.0.1:${monitorPort}/pg_auto_failover`
  const autoctlMonitor = `postgres://autoctl_node@127.0.0.1:${monitorPort}/pg_auto_failover?sslmode=disable`
  const common = ['--hostname', '127.0.0.1', '--auth', 'trust', '--no-ssl', '--pgctl', `${PG_BIN}/pg_ctl`]
  start(
    'monitor',
    postgresCommand([
      'pg_autoctl',
      'create',
      'monitor',
      '--pgdata',
      `${tmp}/monitor`,
      '--pgport',
      String(monitorPort),
      '--listen',
      '127.0.0.1',
      ...common,
      '--run',
    ]),
  )
  await waitFor('the monitor', 60_000, async () => (await query(monitorUrl, 'select 1 as up')).length > 0)
  // Detect a lost primary in seconds, not the default half-minute (loopback: no network hiccups to ride out).
  const client = new pg.Client({ connectionString: monitorUrl })
  await client.connect()
  for (const [setting, value] of [
    ['health_check_period', 1000],
    ['health_check_timeout', 1000],
    ['health_check_max_retries', 1],
    ['health_check_retry_delay', 500],
    ['node_considered_unhealthy_timeout', 3000],
    ['primary_demote_timeout', 3000],
  ] as const) {
    await client.query(`alter system set pgautofailover.${setting} = ${value}`)
  }
  await client.query('select pg_reload_conf()')
  await client.end()

  const node = (n: 1 | 2, port: number) =>
    start(
      `node${n}`,
      postgresCommand([
        'pg_autoctl',
        'create',
        'postgres',
        '--pgdata',
        `${tmp}/node${n}`,
        '--pgport',
        String(port),
        '--listen',
        '127.0.0.1',
        '--name',
        `node${n}`,
        '--dbname',
        'trame',
        '--monitor',
        autoctlMonitor,
        ...common,
        '--run',
      ]),
    )
  const states = async () =>
    Object.fromEntries(
      (
        await query<{ nodename: string; reportedstate: string }>(
          monitorUrl,
          'select nodename, reportedstate from pgautofailover.node',
        )
      ).map((row) => [row.nodename, row.reportedstate]),
    )
  const nodeUrl = (n: 1 | 2) => `postgres://postgres@127.0.0.1:${n === 1 ? port1 : port2}/trame`
  const node1 = node(1, port1)
  await waitFor('the first node as primary', 90_000, async () => (await states()).node1 === 'single')
  const node2 = node(2, port2)
  // The standby's base backup waits for a checkpoint on the primary: ask for it now rather than spread.
  await waitFor('the standby', 120_000, async () => {
    const now = await states()
    if (now.node1 === 'primary' && now.node2 === 'secondary') return true
    await query(nodeUrl(1), 'checkpoint').catch(() => undefined)
    return false
  })
  const [sync] = await query<{ names: string }>(
    nodeUrl(1),
    "select current_setting('synchronous_standby_names') as names",
  )
  check(
    Boolean(sync?.names),
    `synchronous replication on the primary (synchronous_standby_names = ${sync?.names})`,
  )
  // Trame's own role, owner of its database, as operations.md asks.
  await query(nodeUrl(1), "create role trame login password 'trame'")
  await query(nodeUrl(1), 'alter database trame owner to trame')
  const [command, ...args] = postgresCommand([
    'pg_autoctl',
    'show',
    'uri',
    '--pgdata',
    `${tmp}/monitor`,
    '--formation',
    'default',
  ])
  say(`pg_autoctl show uri: ${execFileSync(command!, args, { cwd: tmp }).toString().trim()}`)
  const databaseUrl = `postgres://trame:trame@127.0.0.1:${port1},127.0.0.1:${port2}/trame?target_session_attrs=read-write`
  return { monitorUrl, nodeUrl, databaseUrl, nodes: { 1: node1, 2: node2 }, states }
}

// ---------------------------------------------------------------------------------------------------

interface Outcome {
  at: number
  kind: 'contact' | 'read'
  status: number
  marker?: string
  id?: string
  clean: boolean
  detail?: string
}

async function main() {
  requirePackages()
  say(`working folder ${tmp}`)
  const cluster = await startCluster()
  say('pg_auto_failover: monitor, primary node1, synchronous standby node2')

  // Schema and a small CCAS, written through the same multi-host connection Trame uses.
  const seedDb = postgresDatabase(cluster.databaseUrl, 2)
  await migrateToLatest(seedDb.db)
  const target = { db: seedDb.db }
  const org = await createOrganisation(target, 'CCAS de Bascule')
  const deskAgent = await createUser(target, org.id, { roles: ['front_desk_agent'], teamIds: [org.teamId] })
  const worker = await createUser(target, org.id, { roles: ['social_worker'], teamIds: [org.teamId] })
  const people = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      createBarePerson(seedDb.db, org.id, { lastName: `Bascule${i}`, teamId: org.teamId }),
    ),
  )
  const sessions = new SessionStore(seedDb.db, loadConfig({}).session)
  const newSession = async (user: { id: string }) => {
    const session = await sessions.create(seedDb.db, {
      userId: user.id,
      organisationId: org.id,
      state: 'active',
      ip: '127.0.0.1',
      userAgent: 'failover-test',
    })
    return { cookie: `trame_session=${session.token}`, csrf: session.csrfToken }
  }
  const desk = await newSession(deskAgent)
  const reader = await newSession(worker)
  const leaving = await newSession(worker)
  await seedDb.close()

  // Two Trame instances: the real entry point, the same database and a shared documents folder.
  const mailbox = await startMailbox()
  const documentsDir = path.join(tmp, 'documents')
  mkdirSync(documentsDir)
  const [trame1Port, trame2Port, proxyPort] = [await freePort(), await freePort(), await freePort()]
  const proxyUrl = `http://127.0.0.1:${proxyPort}`
  const metricsToken = randomUUID().replaceAll('-', '')
  const trame = (n: 1 | 2, port: number) =>
    start(`trame${n}`, [path.join(ROOT, 'node_modules/.bin/tsx'), path.join(ROOT, 'src/server/main.ts')], {
      DATABASE_URL: cluster.databaseUrl,
      DOCUMENTS_DIR: documentsDir,
      TRAME_DATA_DIR: path.join(tmp, `data${n}`),
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: proxyUrl,
      SMTP_URL: mailbox.url,
      OUTBOX_INTERVAL_SECONDS: '1',
      SESSION_CACHE_SECONDS: '2',
      TRUST_PROXY: '1',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      METRICS_TOKEN: metricsToken,
    })
  const trame1 = trame(1, trame1Port)
  trame(2, trame2Port)
  const direct = (n: 1 | 2) => `http://127.0.0.1:${n === 1 ? trame1Port : trame2Port}`
  for (const n of [1, 2] as const) {
    await waitFor(`Trame ${n}`, 120_000, async () => (await fetch(`${direct(n)}/ready`)).status === 200)
  }
  say('two Trame instances ready')

  const haproxyConfig = readFileSync(path.join(HERE, 'haproxy/trame.cfg'), 'utf8')
    .replaceAll('@@ERRORS@@', path.join(HERE, 'haproxy'))
    .replace('@@BIND@@', `127.0.0.1:${proxyPort}`)
    .replace('@@TRAME1@@', `127.0.0.1:${trame1Port}`)
    .replace('@@TRAME2@@', `127.0.0.1:${trame2Port}`)
  writeFileSync(path.join(tmp, 'haproxy.cfg'), haproxyConfig)
  execFileSync('haproxy', ['-c', '-q', '-f', path.join(tmp, 'haproxy.cfg')])
  start('haproxy', ['haproxy', '-db', '-f', path.join(tmp, 'haproxy.cfg')])
  await waitFor('HAProxy', 30_000, async () => (await fetch(`${proxyUrl}/ready`)).status === 200)
  say('HAProxy in front of both')

  const api = (
    base: string,
    who: { cookie: string; csrf: string },
    method: string,
    url: string,
    body?: unknown,
  ) =>
    fetch(`${base}${url}`, {
      method,
      headers: {
        cookie: who.cookie,
        ...(method === 'GET' ? {} : { 'x-csrf-token': who.csrf }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    })

  // --- Several instances: documents, logout, e-mail --------------------------------------------------
  const types = (await (await api(direct(1), reader, 'GET', '/api/document-types')).json()) as {
    items: { id: string; label: string }[]
  }
  const { payload, headers } = multipartBody(
    { personId: people[0]!, typeId: types.items[0]!.id },
    { name: 'attestation.pdf', content: SAMPLE_FILES.pdf, type: 'application/pdf' },
  )
  const uploaded = await fetch(`${direct(1)}/api/documents`, {
    method: 'POST',
    headers: { cookie: reader.cookie, 'x-csrf-token': reader.csrf, ...headers },
    body: payload,
  })
  const documentId = ((await uploaded.json()) as { id: string }).id
  const downloaded = await fetch(`${direct(2)}/api/documents/${documentId}/file`, {
    headers: { cookie: reader.cookie },
  })
  const bytes = Buffer.from(await downloaded.arrayBuffer())
  check(
    uploaded.status === 201 && downloaded.status === 200 && bytes.equals(SAMPLE_FILES.pdf),
    `an upload through instance 1 (${uploaded.status}) downloads through instance 2 (${downloaded.status}, same bytes)`,
  )

  const before = await api(direct(2), leaving, 'GET', '/api/auth/me')
  const logout = await api(direct(1), leaving, 'POST', '/api/auth/logout', {})
  const loggedOutAt = Date.now()
  await waitFor(
    'the logout on instance 2',
    10_000,
    async () => (await api(direct(2), leaving, 'GET', '/api/auth/me')).status === 401,
  )
  const logoutDelay = Date.now() - loggedOutAt
  check(
    before.status === 200 && logout.status === 204 && logoutDelay <= 3_000,
    `a logout on instance 1 applies on instance 2 after ${(logoutDelay / 1000).toFixed(1)} s (SESSION_CACHE_SECONDS=2)`,
  )

  const resetFor = deskAgent.email
  const reset = await fetch(`${proxyUrl}/api/auth/password-reset/request`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: resetFor }),
  })
  await waitFor('the password reset e-mail', 20_000, async () =>
    mailbox.received.some((m) => m.to === resetFor),
  )
  check(
    reset.status === 202,
    'a password reset asked through HAProxy (202), its e-mail delivered by the outbox',
  )

  // Every periodic job ran at each instance's start-up; wait for all of them before the load.
  const jobRuns = async () => {
    const db = postgresDatabase(cluster.databaseUrl, 1)
    try {
      return await db.db.selectFrom('periodic_job_runs').select(['name', 'runs']).execute()
    } finally {
      await db.close()
    }
  }
  await waitFor('every periodic job to run once', 60_000, async () => {
    const rows = await jobRuns()
    if (rows.length < JOB_NAMES_MIN) return false
    await sleep(3_000)
    return (await jobRuns()).length === rows.length
  })

  // --- The load, the primary killed, then an instance --------------------------------------------------
  const outcomes: Outcome[] = []
  let stop = false
  let sequence = 0
  const loadStart = Date.now()
  async function worker_(index: number) {
    while (!stop) {
      const marker = `charge-${index}-${sequence++}`
      const at = Date.now()
      try {
        const response = await api(proxyUrl, desk, 'POST', '/api/contacts', {
          channel: 'walk_in',
          siteId: org.siteId,
          teamId: org.teamId,
          anonymousDescription: 'Passage au guichet',
          note: marker,
        })
        outcomes.push(await outcome(response, 'contact', at, marker))
      } catch (error) {
        outcomes.push({ at, kind: 'contact', status: 0, marker, clean: false, detail: describe(error) })
      }
      const readAt = Date.now()
      try {
        const person = people[sequence % people.length]!
        outcomes.push(
          await outcome(await api(proxyUrl, reader, 'GET', `/api/people/${person}`), 'read', readAt),
        )
      } catch (error) {
        outcomes.push({ at: readAt, kind: 'read', status: 0, clean: false, detail: describe(error) })
      }
      await sleep(20)
    }
  }
  const workers = Array.from({ length: LOAD_WORKERS }, (_, i) => worker_(i))

  await sleep(5_000)
  const primaryKilledAt = Date.now()
  killGroup(cluster.nodes[1], 'SIGKILL')
  say('kill -9 on the primary (node1: pg_autoctl and PostgreSQL)')
  const promoted = await waitFor('the standby promoted', 60_000, async () => {
    const states = await cluster.states()
    if (!['wait_primary', 'primary'].includes(states.node2 ?? '')) return false
    const [row] = await query<{ recovery: boolean }>(
      cluster.nodeUrl(2),
      'select pg_is_in_recovery() as recovery',
    )
    return row && !row.recovery ? Date.now() : false
  })
  say(`standby promoted after ${((promoted - primaryKilledAt) / 1000).toFixed(1)} s`)
  const servedAgain = await waitFor('the load served again', 60_000, async () => {
    const ok = outcomes.find((o) => o.kind === 'contact' && o.status === 201 && o.at > primaryKilledAt)
    return ok ? ok.at : false
  })
  await sleep(3_000)
  const instanceKilledAt = Date.now()
  killGroup(trame1, 'SIGKILL')
  say('kill -9 on Trame instance 1')
  await sleep(8_000)
  stop = true
  await Promise.all(workers)
  const loadEnd = Date.now()

  // --- What the load saw ---------------------------------------------------------------------------
  const contacts = outcomes.filter((o) => o.kind === 'contact')
  const acknowledged = contacts.filter((o) => o.status === 201)
  const reads = outcomes.filter((o) => o.kind === 'read')
  const failed = outcomes.filter((o) => o.status !== 200 && o.status !== 201)
  const servedAfterInstance = outcomes.find(
    (o) => o.at > instanceKilledAt && (o.status === 200 || o.status === 201),
  )
  const longestGap = (() => {
    const served = outcomes
      .filter((o) => o.status === 200 || o.status === 201)
      .map((o) => o.at)
      .sort((a, b) => a - b)
    let gap = 0
    for (let i = 1; i < served.length; i++) gap = Math.max(gap, served[i]! - served[i - 1]!)
    return gap
  })()
  const failover = servedAgain - primaryKilledAt

  const after = postgresDatabase(cluster.databaseUrl, 2)
  const rows = await after.db
    .selectFrom('contacts')
    .select(['id', 'note'])
    .where('organisation_id', '=', org.id)
    .where('note', 'like', 'charge-%')
    .execute()
  const foundIds = new Set(rows.map((r) => r.id))
  const lost = acknowledged.filter((o) => !foundIds.has(o.id!))
  const perMarker = new Map<string, number>()
  for (const row of rows) perMarker.set(row.note!, (perMarker.get(row.note!) ?? 0) + 1)
  const duplicates = [...perMarker.values()].filter((count) => count > 1).length
  const committedUnacknowledged = rows.length - acknowledged.length

  // E-mails: the outbox delivered each once, across the failover and the lost instance.
  await sleep(3_000)
  const resetMails = mailbox.received.filter((m) => m.to === resetFor)
  const outboxLeft = await after.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '!=', 'done')
    .executeTakeFirstOrThrow()
  const jobs = await after.db
    .selectFrom('periodic_job_runs')
    .select(['name', 'runs'])
    .orderBy('name')
    .execute()
  const metrics = await (
    await fetch(`${direct(2)}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })
  ).text()
  const jobsInMetrics = metrics
    .split('\n')
    .filter((l) => l.startsWith('trame_periodic_job_last_success_timestamp_seconds{'))
  await after.close()
  await mailbox.close()

  // Trame's own logs: no 500, no unhandled error; database losses logged by their code only.
  const logs = [1, 2].flatMap((n) =>
    readFileSync(path.join(tmp, `trame${n}.log`), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg?: string; res?: { statusCode?: number } }),
  )
  const serverErrors = logs.filter(
    (l) => l.res?.statusCode !== undefined && l.res.statusCode >= 500 && l.res.statusCode !== 503,
  )
  const unhandled = logs.filter((l) => l.msg === 'unhandled error')
  const errorLines = logs.filter((l) => l.level >= 50)
  const errorKinds = [...new Set(errorLines.map((l) => l.msg))]

  // --- Checks and figures --------------------------------------------------------------------------
  check(promoted > primaryKilledAt, 'the standby (node2) promoted by pg_auto_failover')
  check(
    failover <= RECOVERY_LIMIT_MS,
    `front-desk contacts served again ${(failover / 1000).toFixed(1)} s after the primary was killed (limit 30 s)`,
  )
  check(Boolean(servedAfterInstance), 'the load kept being served after Trame instance 1 was killed')
  check(
    lost.length === 0,
    `0 acknowledged contacts lost (${acknowledged.length} acknowledged, ${acknowledged.length - lost.length} found)`,
  )
  check(
    duplicates === 0,
    `0 duplicated contacts (${rows.length} in the database for ${perMarker.size} attempts)`,
  )
  // A request the killed instance was handling gets no answer at all: HAProxy closes the client's
  // keep-alive connection, as the instance would have (RFC 9110 §9.2.2: a client may retry a read, not a
  // write). The web app says « Le serveur ne répond pas… réessayez » in French. Only then, and only for
  // the requests in flight at that moment; any other failure must be a 503 problem in French.
  const cut = failed.filter((o) => !o.clean && o.status === 0 && Math.abs(o.at - instanceKilledAt) <= 2_000)
  const unclean = failed.filter((o) => !o.clean && !cut.includes(o))
  check(
    unclean.length === 0,
    `every failed request was a retryable 503 problem in French (${failed.length} failures: ${summarise(failed)}), but ${cut.length} in flight on the killed instance, cut without an answer`,
  )
  const warnings = summariseLogs(logs.filter((l) => l.level === 40))
  check(
    serverErrors.length === 0 && unhandled.length === 0 && errorLines.length === 0,
    `no 500, no unhandled error, no error line in Trame's logs (${errorLines.length}: ${errorKinds.join(', ') || 'none'}; warnings: ${warnings})`,
  )
  check(
    resetMails.length === 1 && Number(outboxLeft.n) === 0,
    `the password reset e-mail sent once (${resetMails.length}), nothing left in the outbox (${outboxLeft.n})`,
  )
  check(
    jobs.length >= JOB_NAMES_MIN && jobs.every((job) => job.runs === 1),
    `each periodic job ran once across both instances: ${jobs.map((j) => `${j.name}=${j.runs}`).join(', ')}`,
  )
  check(
    jobsInMetrics.length === jobs.length,
    `instance 2's /metrics shows every job's last success, shared (${jobsInMetrics.length})`,
  )

  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  for (const o of unclean) {
    say(
      `unclean ${o.kind} ${o.status} ${o.detail}: ${seconds(o.at - primaryKilledAt)} after the primary's loss, ${seconds(o.at - instanceKilledAt)} after the instance's`,
    )
  }
  process.stdout.write(`
Figures
  load                          ${seconds(loadEnd - loadStart)}, ${LOAD_WORKERS} clients through HAProxy
  contacts sent                 ${contacts.length}
  contacts acknowledged (201)   ${acknowledged.length}
  acknowledged found after      ${acknowledged.length - lost.length}   (lost: ${lost.length})
  duplicates                    ${duplicates}
  committed, not acknowledged   ${committedUnacknowledged}
  person reads                  ${reads.length} (${reads.filter((o) => o.status === 200).length} served)
  failed requests               ${failed.length} (${summarise(failed)})
  cut with the killed instance  ${cut.length}
  standby promoted after        ${seconds(promoted - primaryKilledAt)}
  failover (kill -9 → 201)      ${seconds(failover)}
  longest gap without service   ${seconds(longestGap)}
  logout seen by the other      ${seconds(logoutDelay)}
  e-mails sent for the reset    ${resetMails.length}
  total run time                ${since()}
`)
}

/** A response of the load: clean when served, or a retryable 503 problem+json in French. */
async function outcome(
  response: Response,
  kind: Outcome['kind'],
  at: number,
  marker?: string,
): Promise<Outcome> {
  const text = await response.text()
  if (response.status === 200 || response.status === 201) {
    return {
      at,
      kind,
      status: response.status,
      marker,
      id: kind === 'contact' ? JSON.parse(text).id : undefined,
      clean: true,
    }
  }
  let body: { code?: string; detail?: string } = {}
  try {
    body = JSON.parse(text)
  } catch {
    // Not JSON: not clean.
  }
  const clean =
    response.status === 503 &&
    (response.headers.get('content-type') ?? '').includes('application/problem+json') &&
    response.headers.get('retry-after') !== null &&
    /indisponible/.test(body.detail ?? '')
  return { at, kind, status: response.status, marker, clean, detail: body.code ?? text.slice(0, 80) }
}

/** A request that got no answer at all: its low-level cause (a reset connection, a timeout). */
function describe(error: unknown) {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  return `no answer: ${cause?.code ?? cause?.message ?? String(error)}`
}

function summariseLogs(lines: { msg?: string }[]) {
  const counts = new Map<string, number>()
  for (const line of lines) counts.set(line.msg ?? '', (counts.get(line.msg ?? '') ?? 0) + 1)
  return [...counts].map(([msg, n]) => `${n} × ${msg}`).join(', ') || 'none'
}

function summarise(outcomes: Outcome[]) {
  const counts = new Map<string, number>()
  for (const o of outcomes) {
    const key = `${o.status} ${o.detail ?? ''}`.trim()
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].map(([key, n]) => `${n} × ${key}`).join(', ') || 'none'
}

try {
  await main()
} catch (error) {
  failures.push(String(error instanceof Error ? error.message : error))
  say(`FAIL ${failures.at(-1)}`)
} finally {
  await stopAll()
  if (failures.length === 0 || process.env.KEEP_FAILOVER_DIR !== '1')
    rmSync(tmp, { recursive: true, force: true })
  else say(`logs kept in ${tmp}`)
}
if (failures.length > 0) {
  process.stdout.write(`\nnpm run test:failover: ${failures.length} check(s) failed\n`)
  process.exit(1)
}
process.stdout.write('\nnpm run test:failover: every check passed\n')
process.exit(0)
