/**
 * HTTP scenarios against the real server in a child process (bench/server.ts), with autocannon:
 * the ceiling (an empty authenticated route), logging a contact, opening a person's file; and the
 * server's resident memory at idle and under load.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'
import autocannon, { type Request, type Result } from 'autocannon'
import { Random } from '../../scripts/synth/random.ts'
import type { GroundTruth } from '../../scripts/synth.ts'
import type { ServerReady } from '../server.ts'
import { cpuSeconds, postgresCpuSeconds, rssMb } from './machine.ts'
import { type ClassFigures, type ClassQuery, createdPersonBody, measureClasses } from './search-classes.ts'
import { round } from './stats.ts'

export interface HttpFigures {
  rps: number
  p50_ms: number
  p99_ms: number
  /** Connection errors (timeouts included) and non-2xx answers. */
  errors: number
  timeouts: number
  non2xx: number
  requests: number
  duration_s: number
  /** Peak resident memory of the server during this run. */
  rss_peak_mb: number | undefined
  /**
   * CPU time per request of the server process and of PostgreSQL's processes (whatever else runs on the
   * machine, these do not move much, unlike requests/s on a shared machine). Undefined off Linux.
   */
  server_cpu_ms_per_request?: number
  db_cpu_ms_per_request?: number
}

export interface HttpResults {
  /** The search classes through GET /api/people?q=, one request at a time (an agent's browser). */
  search?: Record<string, ClassFigures>
  ceiling: HttpFigures
  contact: HttpFigures
  person: HttpFigures
  rss_idle_mb: number | undefined
  rss_load_mb: number | undefined
}

export interface HttpOptions {
  databaseUrl?: string
  dataDir: string
  truth: GroundTruth
  connections: number
  durationSeconds: number
  warmUpSeconds: number
  logLevel: string
  /** Extra node flags for the server, e.g. --cpu-prof. */
  nodeArgs: string[]
  log: (line: string) => void
  /** Search queries to time through the route before the load scenarios. */
  searchQueries?: ClassQuery[]
  /** Where the server keeps uploaded documents (the upload scenario uses a folder of its own). */
  documentsDir?: string
}

/**
 * Persons created through POST /api/people (a few at a time), so the search is measured with whatever
 * the product does after such writes, not after a bulk load. A social worker creates them: the bench
 * marks them with a tag, a part of the file the front desk may not write.
 */
export async function createPersonsThroughApi(options: HttpOptions, count: number) {
  const { child, ready } = await startServer(options, 'social_worker')
  try {
    const url = `http://127.0.0.1:${ready.port}/api/people`
    const headers = {
      cookie: ready.cookie,
      'x-csrf-token': ready.csrfToken,
      'content-type': 'application/json',
    }
    const random = new Random(`created:${options.truth.seed}:${count}`)
    let next = 0
    const started = performance.now()
    const worker = async () => {
      while (next < count) {
        const i = next++
        const response = await fetch(url, {
          method: 'POST',
          headers,
          body: JSON.stringify(createdPersonBody(random, i + (Date.now() % 1_000_000))),
        })
        if (response.status !== 201)
          throw new Error(`POST /api/people answered ${response.status}: ${await response.text()}`)
      }
    }
    await Promise.all(Array.from({ length: 4 }, worker))
    return { created: count, seconds: round((performance.now() - started) / 1000, 1) }
  } finally {
    await stopServer(child)
  }
}

export async function startServer(
  options: HttpOptions,
  role: 'front_desk_agent' | 'social_worker' = 'front_desk_agent',
): Promise<{ child: ChildProcess; ready: ServerReady }> {
  const child = fork(resolve(import.meta.dirname, '../server.ts'), [], {
    execArgv: ['--import', 'tsx', ...options.nodeArgs],
    env: {
      ...process.env,
      BENCH_DATABASE_URL: options.databaseUrl ?? '',
      BENCH_DATA_DIR: options.dataDir,
      BENCH_USER_ID: options.truth.users[role]!.id,
      BENCH_ORGANISATION_ID: options.truth.organisationId,
      BENCH_LOG_LEVEL: options.logLevel,
      BENCH_DOCUMENTS_DIR: options.documentsDir ?? '',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const ready = await new Promise<ServerReady>((resolvePromise, reject) => {
    child.on('message', (message: ServerReady & { type?: string }) => {
      if (message?.type === 'ready') resolvePromise(message)
    })
    child.once('exit', (code) => reject(new Error(`the bench server exited early (code ${code})`)))
    child.once('error', reject)
  })
  return { child, ready }
}

export async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return
  const exited = once(child, 'exit')
  child.send({ type: 'stop' })
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}

/** Samples the server's RSS while `work` runs; returns the peak. */
async function withRssSampling<T>(pid: number, work: () => Promise<T>) {
  let peak: number | undefined
  const sample = () => {
    const mb = rssMb(pid)
    if (mb !== undefined) peak = Math.max(peak ?? 0, mb)
  }
  const timer = setInterval(sample, 200)
  try {
    const value = await work()
    sample()
    return { value, peak }
  } finally {
    clearInterval(timer)
  }
}

function figures(result: Result, peak: number | undefined): HttpFigures {
  return {
    rps: round(result.requests.average, 1),
    p50_ms: round(result.latency.p50, 1),
    p99_ms: round(result.latency.p99, 1),
    // autocannon's `errors` already include its timeouts (10 s without an answer).
    errors: result.errors + result.non2xx,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
    duration_s: round(result.duration, 1),
    rss_peak_mb: peak,
  }
}

/** Contact bodies as agents send them: walk-ins and calls, named or anonymous, one or two reasons. */
export function contactBodies(truth: GroundTruth, count: number): string[] {
  const r = new Random(`contacts:${truth.seed}`)
  const people = truth.queries.map((q) => q.personId)
  // The bench user (front desk agent) works in these teams; a contact may go to any open team.
  const teams = [
    truth.teams.social_central,
    truth.teams.social_north,
    truth.teams.domiciliation,
    truth.teams.rsa,
  ]
  return Array.from({ length: count }, () => {
    const named = r.chance(0.75) && people.length > 0
    const reasons = r.chance(0.3)
      ? [r.pick(truth.reasonIds), r.pick(truth.reasonIds)]
      : [r.pick(truth.reasonIds)]
    return JSON.stringify({
      channel: r.weighted({ walk_in: 60, phone: 35, email: 5 }),
      siteId: truth.siteIds[0],
      teamId: r.pick(teams),
      ...(named ? { personId: r.pick(people) } : { anonymousDescription: 'Personne de passage, ~40 ans' }),
      reasonIds: [...new Set(reasons)],
      ...(r.chance(0.25) ? { note: 'Demande de rendez-vous avec un travailleur social.' } : {}),
    })
  })
}

export async function httpScenarios(options: HttpOptions): Promise<HttpResults> {
  const { child, ready } = await startServer(options)
  const pid = child.pid!
  try {
    const url = `http://127.0.0.1:${ready.port}`
    const headers = {
      cookie: ready.cookie,
      'x-csrf-token': ready.csrfToken,
      'content-type': 'application/json',
    }
    const bodies = contactBodies(options.truth, 2000)
    const personIds = options.truth.queries.map((q) => q.personId)
    let nextBody = 0
    let nextPerson = 0
    const scenarios = {
      ceiling: [{ method: 'GET', path: '/api/bench/ceiling' }],
      contact: [
        {
          method: 'POST',
          path: '/api/contacts',
          setupRequest: (request: Request) => ({
            ...request,
            body: bodies[nextBody++ % bodies.length],
          }),
        },
      ],
      person: [
        {
          method: 'GET',
          setupRequest: (request: Request) => ({
            ...request,
            // The synthetic CCAS holds files the retention rule archived (no contact for two years): the
            // agent opening one gives the reason its page asks for. An active file ignores it.
            path: `/api/people/${personIds[nextPerson++ % personIds.length]}?reason=person_returned`,
          }),
        },
      ],
    } satisfies Record<string, Request[]>

    // One check of each endpoint before the load: a broken scenario fails here, with its answer.
    for (const [name, path, init] of [
      ['ceiling', '/api/bench/ceiling', { method: 'GET' }],
      ['contact', '/api/contacts', { method: 'POST', body: bodies[0] }],
      ['person', `/api/people/${personIds[0]}?reason=person_returned`, { method: 'GET' }],
    ] as const) {
      const response = await fetch(`${url}${path}`, { ...init, headers })
      if (!response.ok) {
        throw new Error(
          `${name}: ${init.method} ${path} answered ${response.status}: ${await response.text()}`,
        )
      }
    }
    let search: Record<string, ClassFigures> | undefined
    if (options.searchQueries) {
      search = await measureClasses(
        options.searchQueries,
        async (q) => {
          const response = await fetch(`${url}/api/people?q=${encodeURIComponent(q)}`, { headers })
          if (!response.ok) throw new Error(`GET /api/people?q= answered ${response.status}`)
          return ((await response.json()) as { items: { id: string }[] }).items.map((p) => p.id)
        },
        20,
      )
    }
    await new Promise((r) => setTimeout(r, 2000))
    const rssIdle = rssMb(pid)
    options.log(`  RSS du serveur au repos : ${rssIdle ?? '?'} Mo`)

    const run = async (name: keyof typeof scenarios) => {
      const requests = scenarios[name]
      if (options.warmUpSeconds > 0) {
        await autocannon({
          url,
          connections: options.connections,
          duration: options.warmUpSeconds,
          headers,
          requests,
        })
      }
      const serverCpuBefore = cpuSeconds(pid)
      const dbCpuBefore = postgresCpuSeconds()
      const { value, peak } = await withRssSampling(pid, () =>
        autocannon({
          url,
          connections: options.connections,
          duration: options.durationSeconds,
          headers,
          requests,
        }),
      )
      const f = figures(value, peak)
      const perRequest = (seconds: number) => round((seconds * 1000) / Math.max(1, f.requests), 3)
      const serverCpuAfter = cpuSeconds(pid)
      if (serverCpuBefore !== undefined && serverCpuAfter !== undefined) {
        f.server_cpu_ms_per_request = perRequest(serverCpuAfter - serverCpuBefore)
        if (options.databaseUrl) f.db_cpu_ms_per_request = perRequest(postgresCpuSeconds() - dbCpuBefore)
      }
      const cpu =
        f.server_cpu_ms_per_request === undefined
          ? ''
          : `, CPU par requête : serveur ${f.server_cpu_ms_per_request} ms${f.db_cpu_ms_per_request === undefined ? '' : `, PostgreSQL ${f.db_cpu_ms_per_request} ms`}`
      options.log(
        `  ${name.padEnd(8)} ${f.rps} req/s, p50 ${f.p50_ms} ms, p99 ${f.p99_ms} ms, ${f.errors} erreurs (dont ${f.timeouts} sans réponse en 10 s), RSS max ${f.rss_peak_mb ?? '?'} Mo${cpu}`,
      )
      if (f.non2xx > 0) {
        const codes = Object.entries(value.statusCodeStats)
          .map(([code, s]) => `${code}×${s.count}`)
          .join(', ')
        options.log(`    codes : ${codes}`)
      }
      return f
    }
    const ceiling = await run('ceiling')
    const contact = await run('contact')
    const person = await run('person')
    const peaks = [ceiling, contact, person]
      .map((f) => f.rss_peak_mb)
      .filter((v): v is number => v !== undefined)
    return {
      search,
      ceiling,
      contact,
      person,
      rss_idle_mb: rssIdle,
      rss_load_mb: peaks.length > 0 ? Math.max(...peaks) : undefined,
    }
  } finally {
    await stopServer(child)
  }
}
