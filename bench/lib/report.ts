/** The bench's results: the dated JSON with every detail, the `latest-<db>.json` summary, a Markdown table. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AccommodationFigures } from './accommodation.ts'
import type { AidFigures } from './aid.ts'
import type { FirstLoadFigures } from './first-load.ts'
import type { FollowupFigures } from './followup.ts'
import type { HttpFigures } from './http.ts'
import type { MachineDetails } from './machine.ts'
import type { MailFigures } from './mail.ts'
import type { baselineScenario, dedupeScenario, indicatorScenario, SearchResult } from './scenarios.ts'
import { type ClassFigures, FULL_NAME_CLASSES } from './search-classes.ts'
import { round } from './stats.ts'
import type { UploadFigures } from './upload.ts'

export type DbKind = 'pglite' | 'postgres'

export interface BenchResults {
  date: string
  smoke: boolean
  db: DbKind
  machine: string
  machine_details: MachineDetails
  scale: { persons: number; contacts: number }
  options: { queries: number; baseline_queries: number; http_seconds: number; connections: number }
  scenarios: {
    search?: SearchResult & { baseline?: Awaited<ReturnType<typeof baselineScenario>>; speedup_p95?: number }
    dedupe?: Awaited<ReturnType<typeof dedupeScenario>>
    ceiling_http?: HttpFigures
    contact_http?: HttpFigures
    person_http?: HttpFigures
    indicators?: Awaited<ReturnType<typeof indicatorScenario>>
    /** Issue 21: each class of queries at the repository, through HTTP, and by the field's search. */
    search_classes?: {
      repository: Record<string, ClassFigures>
      http?: Record<string, ClassFigures>
      baseline: Record<string, ClassFigures>
      unindexed: Record<string, ClassFigures>
      created_through_api: { created: number; share: number }
    }
    /** The database's own ceiling for the contact write, without HTTP. */
    contact_db_ceiling?: { rps: number; connections: number; writes: number }
    /** Issue 12: a 20 MB document uploaded and downloaded, the server's memory meanwhile. */
    document_upload?: UploadFigures
    /** Issue 13: domiciled people's mail, logged and looked up through the API. */
    domiciliation_mail?: MailFigures
    /** Issue 20: the front desk's first load on a 3G phone. */
    first_load?: FirstLoadFigures
    /** Issue 14: a commission agenda opened by a member, a fund's consumption, among years of requests. */
    aid?: AidFigures
    accommodation?: AccommodationFigures
    /** Issue 12: a professional's worklist and a followed person's file among the CCAS's casework. */
    followup?: FollowupFigures
  }
  rss: { idle_mb: number | undefined; load_mb: number | undefined }
  targets: Target[]
}

export interface Target {
  name: string
  target: string
  value: string
  met: boolean | null
}

/** The summary kept as `latest-<db>.json`, in the exact shape of issue 6. */
export function latestShape(r: BenchResults) {
  const s = r.scenarios
  return {
    machine: r.machine,
    db: r.db,
    scale: r.scale,
    scenarios: {
      search: {
        p50_ms: s.search?.latency.p50_ms ?? null,
        p95_ms: s.search?.latency.p95_ms ?? null,
        p99_ms: s.search?.latency.p99_ms ?? null,
        recall_at_10: s.search?.recall_at_10 ?? null,
        baseline_p95_ms: s.search?.baseline?.latency.p95_ms ?? null,
        baseline_recall_at_10: s.search?.baseline?.recall_at_10 ?? null,
      },
      search_classes: Object.fromEntries(
        Object.entries(s.search_classes?.repository ?? {}).map(([cls, f]) => [
          cls,
          {
            recall_at_1: f.recall_at_1,
            recall_at_10: f.recall_at_10,
            http_p95_ms: s.search_classes?.http?.[cls]?.latency.p95_ms ?? null,
            repository_p95_ms: f.latency.p95_ms,
            baseline_trgm_recall_at_10: s.search_classes?.baseline[cls]?.recall_at_10 ?? null,
            baseline_trgm_p95_ms: s.search_classes?.baseline[cls]?.latency.p95_ms ?? null,
          },
        ]),
      ),
      dedupe: { p95_ms: s.dedupe?.latency.p95_ms ?? null },
      contact_http: {
        rps: s.contact_http?.rps ?? null,
        p99_ms: s.contact_http?.p99_ms ?? null,
        errors: s.contact_http?.errors ?? null,
        ceiling_rps: s.ceiling_http?.rps ?? null,
        db_ceiling_rps: s.contact_db_ceiling?.rps ?? null,
      },
      person_http: { rps: s.person_http?.rps ?? null, p99_ms: s.person_http?.p99_ms ?? null },
      indicators: { p95_ms: s.indicators?.latency.p95_ms ?? null },
    },
    rss_mb: r.rss.load_mb ?? null,
  }
}

const pct = (v: number | undefined) => (v === undefined ? '—' : `${(100 * v).toFixed(1)} %`)
const ms = (v: number | undefined) => (v === undefined ? '—' : `${v} ms`)

/** Each target of issues 3 and 6 against the figure of this run. */
export function evaluateTargets(r: BenchResults): Target[] {
  const s = r.scenarios
  const onPostgres = r.db === 'postgres'
  const targets: Target[] = []
  const add = (name: string, target: string, value: string, met: boolean | null | undefined) =>
    targets.push({ name, target, value, met: met ?? null })
  if (s.first_load) {
    const f = s.first_load
    add(
      'front desk first load, compressed',
      '≤ 250 kB',
      `${f.bytes_to_first_heading_kb} kB`,
      f.bytes_to_first_heading_kb <= 250,
    )
    add('front desk first heading, Fast 3G', '< 3 s', `${f.first_heading_ms} ms`, f.first_heading_ms < 3000)
  }
  if (s.document_upload) {
    const growth = s.document_upload.rss_growth_upload_mb
    add(
      `RSS growth, ${s.document_upload.size_mb} MB upload`,
      '< 30 MB',
      growth === undefined ? '?' : `${growth} MB`,
      growth === undefined ? null : growth < 30,
    )
  }
  if (s.domiciliation_mail) {
    const m = s.domiciliation_mail
    add(
      'mail entry through the API',
      '≥ 20 items/s',
      `${m.entry_items_per_s} items/s`,
      m.entry_items_per_s >= 20,
    )
    const worst = Math.max(m.lookup_by_name.p95_ms, m.lookup_by_number.p95_ms)
    add('find a domiciled person + waiting mail p95', '< 30 ms', ms(worst), worst < 30)
  }
  if (s.aid) {
    const a = s.aid
    add(
      `commission agenda of ${a.agenda_items} among ${a.requests.toLocaleString('en')} requests p95`,
      onPostgres ? '< 300 ms' : '(PostgreSQL target)',
      ms(a.agenda.p95_ms),
      onPostgres ? a.agenda.p95_ms < 300 : null,
    )
    add(
      'fund consumption for the year p95',
      onPostgres ? '< 50 ms' : '(PostgreSQL target)',
      ms(a.fund_consumption.p95_ms),
      onPostgres ? a.fund_consumption.p95_ms < 50 : null,
    )
  }
  if (s.followup) {
    const f = s.followup
    add(
      `professional's worklist (${f.records.toLocaleString('en')} records) p95`,
      onPostgres ? '< 50 ms' : '(PostgreSQL target)',
      ms(f.worklist.p95_ms),
      onPostgres ? f.worklist.p95_ms < 50 : null,
    )
    add(
      `person's file with its follow-up (${f.interviews.toLocaleString('en')} interviews) p95`,
      onPostgres ? '< 50 ms' : '(PostgreSQL target)',
      ms(f.person_file.p95_ms),
      onPostgres ? f.person_file.p95_ms < 50 : null,
    )
  }
  if (s.accommodation) {
    const a = s.accommodation
    add(
      `occupancy board of a structure (${a.stays.toLocaleString('en')} stays) p95`,
      onPostgres ? '< 50 ms' : '(PostgreSQL target)',
      ms(a.board.p95_ms),
      onPostgres ? a.board.p95_ms < 50 : null,
    )
    add(
      `yearly statistics of ${a.structures} structures p95`,
      onPostgres ? '< 300 ms' : '(PostgreSQL target)',
      ms(a.yearly_statistics.p95_ms),
      onPostgres ? a.yearly_statistics.p95_ms < 300 : null,
    )
  }
  if (s.search) {
    const p95 = s.search.latency.p95_ms
    add('search p95', '< 30 ms', ms(p95), p95 < 30)
    if (!onPostgres) add('search p95 (PGlite, issue 6)', '< 50 ms', ms(p95), p95 < 50)
    add('search recall@10', '≥ 98 %', pct(s.search.recall_at_10), s.search.recall_at_10 >= 0.98)
    if (s.search.speedup_p95 !== undefined) {
      add(
        'search speed-up vs ILIKE (p95)',
        onPostgres ? '≥ 20×' : '(PostgreSQL target)',
        `${s.search.speedup_p95}×`,
        onPostgres ? s.search.speedup_p95 >= 20 : null,
      )
    }
  }
  if (s.search_classes) {
    const c = s.search_classes
    for (const [cls, f] of Object.entries(c.repository)) {
      const needed =
        cls === 'name_birth_date' ? 0.99 : FULL_NAME_CLASSES.includes(cls as never) ? 0.98 : undefined
      if (needed !== undefined) {
        add(`${cls} recall@10`, `≥ ${needed * 100} %`, pct(f.recall_at_10), f.recall_at_10 >= needed)
      }
    }
    const httpAll = Object.values(c.http ?? {}).flatMap((f) => [f.latency.p95_ms])
    if (httpAll.length > 0) {
      const worst = Math.max(...httpAll)
      const limit = onPostgres ? 30 : 50
      add('search p95 through HTTP, worst class', `< ${limit} ms`, ms(worst), worst < limit)
    }
  }
  if (s.contact_http && s.contact_db_ceiling) {
    const ratio = s.contact_http.rps / Math.max(1, s.contact_db_ceiling.rps)
    add('contact logging / database ceiling', '≥ 60 %', pct(ratio), ratio >= 0.6)
  }
  if (s.contact_http) {
    const c = s.contact_http
    add(
      'contact logging',
      onPostgres ? '≥ 1,500 req/s' : '(PostgreSQL target)',
      `${c.rps} req/s`,
      onPostgres ? c.rps >= 1500 : null,
    )
    add(
      'contact logging p99',
      onPostgres ? '< 50 ms' : '(PostgreSQL target)',
      ms(c.p99_ms),
      onPostgres ? c.p99_ms < 50 : null,
    )
    add('contact errors', '0', String(c.errors), c.errors === 0)
    if (s.ceiling_http) {
      const ratio = c.rps / Math.max(1, s.ceiling_http.rps)
      add(
        'contact / ceiling',
        onPostgres ? '≥ 25 %' : '(PostgreSQL target)',
        pct(ratio),
        onPostgres ? ratio >= 0.25 : null,
      )
    }
  }
  if (s.indicators) {
    add(
      'indicator month×team×reason p95',
      onPostgres ? '< 300 ms' : '(PostgreSQL target)',
      ms(s.indicators.latency.p95_ms),
      onPostgres ? s.indicators.latency.p95_ms < 300 : null,
    )
  }
  if (r.rss.load_mb !== undefined) {
    add(
      'server RSS under load',
      onPostgres ? '< 400 MB' : '(PostgreSQL target)',
      `${r.rss.load_mb} MB`,
      onPostgres ? r.rss.load_mb < 400 : null,
    )
  }
  return targets
}

const mark = (met: boolean | null) => (met === null ? '' : met ? '✅' : '❌')

/** Display width as Biome counts it: emoji such as ✅ take two columns. */
const displayWidth = (text: string) =>
  [...text].reduce((w, c) => w + (/\p{Emoji_Presentation}/u.test(c) ? 2 : 1), 0)

/** A Markdown table with aligned columns, as Biome formats Markdown (so `npm run lint` passes). */
export function markdownRows(header: string[], rows: string[][]): string[] {
  const width = header.map((h, i) => Math.max(3, ...[h, ...rows.map((r) => r[i] ?? '')].map(displayWidth)))
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat(width[i]! - displayWidth(c))).join(' | ')} |`
  return [line(header), line(width.map((w) => '-'.repeat(w))), ...rows.map(line)]
}

export function markdownTable(r: BenchResults): string {
  const s = r.scenarios
  const rows: string[][] = []
  const row = (
    name: string,
    l: { p50_ms: number; p95_ms: number; p99_ms: number } | undefined,
    other: string,
  ) => rows.push([name, ms(l?.p50_ms), ms(l?.p95_ms), ms(l?.p99_ms), other])
  if (s.search) {
    row(
      `Person search, ${s.search.latency.n} one-typo queries (trigram)`,
      s.search.latency,
      `recall@10 ${pct(s.search.recall_at_10)} (${pct(s.search.recall_at_10_distinguishable)} on the ${s.search.distinguishable_queries} queries with < 10 exact homonyms)`,
    )
    if (s.search.baseline) {
      const b = s.search.baseline
      row(
        `Baseline: \`ILIKE '%word%'\` on name columns`,
        b.latency,
        `recall@10 ${pct(b.recall_at_10)}; our speed-up (p95) ×${s.search.speedup_p95 ?? '—'}, recall ratio ${
          b.recall_at_10 > 0
            ? `×${round(s.search.recall_at_10 / b.recall_at_10, 1)}`
            : '∞ (baseline finds none)'
        }`,
      )
    }
  }
  if (s.contact_db_ceiling) {
    rows.push([
      `Database ceiling: the contact write without HTTP (${s.contact_db_ceiling.connections} connections)`,
      '—',
      '—',
      '—',
      `**${s.contact_db_ceiling.rps.toLocaleString('en')} writes/s**`,
    ])
  }
  if (s.dedupe) {
    row(
      `Duplicate check at creation, ${s.dedupe.pairs} duplicate files`,
      s.dedupe.latency,
      `the original file among the 5 shown: ${pct(s.dedupe.found_rate)}`,
    )
  }
  if (s.indicators) {
    row(
      'Indicator: contacts by month × team × reason, all contacts',
      s.indicators.latency,
      `${s.indicators.rows.toLocaleString('en')} rows, ${s.indicators.total.toLocaleString('en')} contacts`,
    )
  }
  if (s.aid) {
    row(
      `Aid: a commission member opens an agenda of ${s.aid.agenda_items} (${s.aid.requests.toLocaleString('en')} requests over five years)`,
      s.aid.agenda,
      'pseudonymised, audited as in the product',
    )
    row(
      'Aid: a fund’s consumption for the year (voted, committed, paid by month)',
      s.aid.fund_consumption,
      '',
    )
  }
  if (s.followup) {
    const f = s.followup
    row(
      `Follow-up: a social worker's worklist, every section (${f.caseload} running records of theirs among ${f.records.toLocaleString('en')})`,
      f.worklist,
      'through HTTP (injected)',
    )
    row(
      `Follow-up: a followed person's file — file, timeline, records, documents, referrals (${f.interviews.toLocaleString('en')} interviews, ${f.documents.toLocaleString('en')} documents)`,
      f.person_file,
      'five requests together, as the page asks them',
    )
    row('Follow-up: a record’s interviews, first page', f.record_interviews, '')
  }
  if (s.accommodation) {
    const a = s.accommodation
    row(
      `Accommodation: the director's occupancy board of one structure (${a.places.toLocaleString('en')} places, ${a.stays.toLocaleString('en')} stays)`,
      a.board,
      'names included, audited as in the product',
    )
    row(`Accommodation: the statistics of one year, ${a.structures} structures`, a.yearly_statistics, '')
  }
  const http = (name: string, f: HttpFigures | undefined, extra = '') => {
    if (!f) return
    rows.push([
      name,
      ms(f.p50_ms),
      '—',
      ms(f.p99_ms),
      `**${f.rps.toLocaleString('en')} req/s**, ${f.errors} errors${extra}`,
    ])
  }
  const c = r.options.connections
  http(`HTTP ceiling: empty authenticated route (${c} connections)`, s.ceiling_http)
  http(
    `HTTP POST /api/contacts (${c} connections)`,
    s.contact_http,
    s.ceiling_http && s.contact_http
      ? `, ${pct(s.contact_http.rps / Math.max(1, s.ceiling_http.rps))} of the ceiling`
      : '',
  )
  http(`HTTP GET /api/people/:id (${c} connections)`, s.person_http)
  rows.push([
    'Server RSS',
    '—',
    '—',
    '—',
    `idle ${r.rss.idle_mb ?? '—'} MB, under load ${r.rss.load_mb ?? '—'} MB`,
  ])
  const classRows = Object.entries(s.search_classes?.repository ?? {}).map(([cls, f]) => {
    const h = s.search_classes?.http?.[cls]
    const b = s.search_classes?.baseline[cls]
    const u = s.search_classes?.unindexed[cls]
    return [
      cls,
      String(f.queries),
      pct(f.recall_at_1),
      pct(f.recall_at_10),
      String(f.empty),
      h ? `${h.latency.p50_ms} / ${h.latency.p95_ms} ms` : '—',
      `${f.latency.p50_ms} / ${f.latency.p95_ms} ms`,
      b ? `${pct(b.recall_at_10)}, ${b.latency.p95_ms} ms` : '—',
      u ? `${u.latency.p95_ms} ms` : '—',
    ]
  })
  const classTable =
    classRows.length > 0
      ? [
          '',
          `Search by class of query (issue 21), after ${s.search_classes!.created_through_api.created.toLocaleString('en')} persons (${pct(s.search_classes!.created_through_api.share)}) were created through the API, no VACUUM:`,
          '',
          ...markdownRows(
            [
              'Class',
              'Queries',
              'recall@1',
              'recall@10',
              'Empty',
              'HTTP p50 / p95',
              'Repository p50 / p95',
              'ILIKE + trigram index: recall@10, p95',
              'ILIKE unindexed p95',
            ],
            classRows,
          ),
        ]
      : []
  const lines = [
    `**${r.db === 'postgres' ? 'PostgreSQL' : 'PGlite'}** — ${r.scale.persons.toLocaleString('en')} persons, ${r.scale.contacts.toLocaleString('en')} contacts — ${r.date}${r.smoke ? ' (smoke)' : ''}`,
    '',
    `Machine: ${r.machine}`,
    '',
    ...markdownRows(['Scenario', 'p50', 'p95', 'p99', 'Other figures'], rows),
    ...classTable,
    '',
    ...markdownRows(
      ['Target', 'Figure', ''],
      r.targets.map((t) => [`${t.name} ${t.target}`, t.value, mark(t.met)]),
    ),
  ]
  return `${lines.join('\n')}\n`
}

/** JSON as Biome formats it (short arrays of numbers or strings on one line), so `npm run lint` passes. */
export function formatJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2).replace(
    /^( *)(.*)\[\n([^[\]{}]*?)\n *\]/gm,
    (match, indent: string, prefix: string, body: string) => {
      const line = `${indent}${prefix}[${body
        .split(',\n')
        .map((item) => item.trim())
        .join(', ')}]`
      return line.length <= 110 ? line : match
    },
  )
  return `${text}\n`
}

/** Writes the dated JSON and Markdown, and (full runs only) `latest-<db>.json` and the docs table. */
export function writeResults(
  r: BenchResults,
  outDir: string,
  { latest: writeLatest, docsFile }: { latest: boolean; docsFile: string | undefined },
) {
  mkdirSync(outDir, { recursive: true })
  const stem = `${r.date}-${r.db}`
  const files = [join(outDir, `${stem}.json`), join(outDir, `${stem}.md`)]
  writeFileSync(files[0]!, formatJson(r))
  const table = markdownTable(r)
  writeFileSync(files[1]!, table)
  if (writeLatest) {
    const latest = join(outDir, `latest-${r.db}.json`)
    writeFileSync(latest, formatJson(latestShape(r)))
    files.push(latest)
    if (docsFile && existsSync(docsFile)) {
      const start = `<!-- bench:${r.db}:start -->`
      const end = `<!-- bench:${r.db}:end -->`
      const doc = readFileSync(docsFile, 'utf8')
      const i = doc.indexOf(start)
      const j = doc.indexOf(end)
      if (i >= 0 && j > i) {
        writeFileSync(docsFile, `${doc.slice(0, i + start.length)}\n${table}${doc.slice(j)}`)
        files.push(docsFile)
      }
    }
  }
  return { files, table }
}
