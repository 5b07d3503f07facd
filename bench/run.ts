/**
 * `npm run bench` — Trame's benchmarks (issue 6), on PGlite by default (a data directory made by
 * `npm run synth`), on PostgreSQL with DATABASE_URL (or --database-url).
 *
 *   npm run synth -- --persons 100000 --contacts 1000000          # → bench/data/pglite
 *   npm run bench
 *   npm run synth -- --persons 1000000 --contacts 10000000 --database-url postgres://…/trame_bench
 *   DATABASE_URL=postgres://…/trame_bench npm run bench
 *   npm run bench -- --smoke                                      # tiny data set, a few seconds each
 *
 * Options: --data-dir DIR, --truth FILE, --queries N, --baseline-queries N, --duration S (HTTP, default
 * 20), --connections N (50), --warm-up S, --only search,baseline,dedupe,indicators,http,upload,mail,first-load,domifa-import,aid,followup, --out DIR,
 * --cpu-prof (profiles the server), --log-level LEVEL, --seed S (smoke).
 * FIRST_LOAD_DEBUG=1 prints each file of the front desk's first load as it arrives (the waterfall).
 * Exits non-zero when a scenario fails or an HTTP request errs; missed targets are reported, not fatal.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { sql } from 'kysely'
import {
  DEFAULT_PGLITE_DIR,
  databaseName,
  defaultTruthFile,
  type GroundTruth,
  positiveInteger,
  synthesise,
} from '../scripts/synth.ts'
import { type DatabaseHandle, pgliteDatabase, postgresDatabase } from '../src/server/db/database.ts'
import { migrateToLatest } from '../src/server/db/migrate.ts'
import {
  ACCOMMODATION_FULL,
  ACCOMMODATION_SMOKE,
  accommodationDatabase,
  accommodationScenario,
} from './lib/accommodation.ts'
import { aidScenario } from './lib/aid.ts'
import { contactCeiling } from './lib/db-ceiling.ts'
import { domifaImportScenario } from './lib/domifa-import.ts'
import { firstLoadScenario } from './lib/first-load.ts'
import { followupScenario } from './lib/followup.ts'
import { createPersonsThroughApi, type HttpOptions, httpScenarios } from './lib/http.ts'
import { describeMachine } from './lib/machine.ts'
import { mailScenario } from './lib/mail.ts'
import { type BenchResults, evaluateTargets, writeResults } from './lib/report.ts'
import {
  actorFor,
  baselineScenario,
  dedupeScenario,
  indicatorScenario,
  searchScenario,
} from './lib/scenarios.ts'
import {
  baselineSearch,
  type ClassQuery,
  classQueries,
  measureClasses,
  repositorySearch,
  withBaselineIndex,
} from './lib/search-classes.ts'
import { round } from './lib/stats.ts'
import { uploadScenario } from './lib/upload.ts'

const SCENARIOS = [
  'search',
  'baseline',
  'dedupe',
  'indicators',
  'http',
  'upload',
  'mail',
  'first-load',
  'domifa-import',
  'aid',
  'accommodation',
  'followup',
] as const
type Scenario = (typeof SCENARIOS)[number]

function parseArgs(argv: string[]) {
  const args: Record<string, string | true> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (!arg.startsWith('--')) throw new Error(`argument inattendu : ${arg}`)
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined]
    if (inline !== undefined) args[key] = inline
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) args[key] = argv[++i]!
    else args[key] = true
  }
  const known = [
    'smoke',
    'database-url',
    'data-dir',
    'truth',
    'queries',
    'baseline-queries',
    'duration',
    'connections',
    'warm-up',
    'only',
    'out',
    'cpu-prof',
    'log-level',
    'seed',
    'per-class',
    'created-share',
  ]
  const unknown = Object.keys(args).filter((k) => !known.includes(k))
  if (unknown.length > 0) throw new Error(`option inconnue : --${unknown.join(', --')}`)
  return args
}

const log = (line: string) => process.stdout.write(`${line}\n`)
const str = (value: string | true | undefined) => (typeof value === 'string' ? value : undefined)

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2))
  const smoke = args.smoke === true || process.env.BENCH_SMOKE === '1'
  const databaseUrl = str(args['database-url']) ?? (process.env.DATABASE_URL || undefined)
  const kind = databaseUrl ? 'postgres' : 'pglite'
  const only = new Set<Scenario>(
    str(args.only)
      ? (str(args.only)!.split(',') as Scenario[]).filter((s) => {
          if (!SCENARIOS.includes(s)) throw new Error(`--only : scénario inconnu ${s}`)
          return true
        })
      : SCENARIOS,
  )
  if (only.size === 1 && only.has('mail')) return mailOnly(smoke, args)
  if (only.size === 1 && only.has('domifa-import')) return domifaImportOnly(smoke, args)
  const temporary: string[] = []
  let dataDir = resolve(str(args['data-dir']) ?? DEFAULT_PGLITE_DIR)
  let truthFile = str(args.truth) ? resolve(str(args.truth)!) : defaultTruthFile({ databaseUrl, dataDir })
  let outDir = resolve(str(args.out) ?? 'bench/results')

  if (smoke) {
    // A tiny synthetic CCAS, made for this run and thrown away.
    const dir = mkdtempSync(join(tmpdir(), 'trame-bench-smoke-'))
    temporary.push(dir)
    if (!str(args.out)) outDir = join(dir, 'results')
    truthFile = join(dir, 'truth.json')
    if (databaseUrl && !databaseName(databaseUrl).includes('bench')) {
      throw new Error(
        `--smoke vide la base donnée : son nom doit contenir « bench » (reçu : ${databaseName(databaseUrl)}).`,
      )
    }
    if (!databaseUrl) dataDir = join(dir, 'pglite')
    await synthesise({
      persons: 2000,
      contacts: 10_000,
      seed: positiveInteger(args.seed, 7, 'seed'),
      databaseUrl,
      dataDir,
      until: '2026-11-01',
      queries: 200,
      reset: true,
      truthFile,
      followup: { records: 400, interviews: 4000, documents: 1000 },
      log: (line) => log(`  ${line}`),
    })
  }

  let truth: GroundTruth
  try {
    truth = JSON.parse(readFileSync(truthFile, 'utf8'))
  } catch {
    throw new Error(
      `vérité terrain introuvable (${truthFile}) : lancez d'abord npm run synth (même base, même dossier), ou --truth.`,
    )
  }
  const queries = truth.queries.slice(0, positiveInteger(args.queries, truth.queries.length, 'queries'))
  const baselineQueries = queries.slice(
    0,
    positiveInteger(args['baseline-queries'], queries.length, 'baseline-queries'),
  )
  const durationSeconds = positiveInteger(args.duration, smoke ? 2 : 20, 'duration')
  const connections = positiveInteger(args.connections, 50, 'connections')
  const warmUpSeconds = args['warm-up'] !== undefined ? Number(args['warm-up']) : smoke ? 1 : 3
  const warm = smoke ? 10 : 50

  let exitCode = 0
  const results: Partial<BenchResults> & { scenarios: BenchResults['scenarios'] } = { scenarios: {} }
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T | undefined> => {
    log(`▶ ${name}`)
    try {
      return await work()
    } catch (error) {
      exitCode = 1
      log(`✖ ${name} : ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      return undefined
    }
  }

  const httpOptions: Omit<HttpOptions, 'searchQueries'> = {
    databaseUrl,
    dataDir,
    truth,
    connections,
    durationSeconds,
    warmUpSeconds,
    logLevel: str(args['log-level']) ?? 'info',
    nodeArgs: args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', join(outDir, 'profiles')] : [],
    log,
  }
  const open = async (): Promise<DatabaseHandle> =>
    databaseUrl ? postgresDatabase(databaseUrl, 2) : await pgliteDatabase({ dataDir })
  // Steady state (issue 21): a share of the persons created through the API as the front desk creates
  // them, with whatever upkeep Trame itself runs, and no VACUUM the product never does.
  const createdShare = Number(str(args['created-share']) ?? 0.1)
  let created = { created: 0, seconds: 0, share: 0 }
  if (only.has('search')) {
    const first = await open()
    const { rows } = await sql<{ all: string; api: string }>`select count(*) as all,
        count(*) filter (where 'bench-api' = any(tags)) as api
        from people where organisation_id = ${truth.organisationId}`.execute(first.db)
    await first.close()
    const all = Number(rows[0]!.all)
    const api = Number(rows[0]!.api)
    // Created persons count in the total: api + n ≥ share × (all + n).
    const missing = Math.max(0, Math.ceil((createdShare * all - api) / (1 - createdShare)))
    if (missing > 0) {
      await step(`état stable : ${missing} personnes créées par l'API`, async () => {
        const made = await createPersonsThroughApi(httpOptions as HttpOptions, missing)
        log(`  ${made.created} créations en ${made.seconds} s`)
      })
    }
    created = { created: api + missing, seconds: 0, share: round((api + missing) / (all + missing), 3) }
  }
  let searchQueries: ClassQuery[] = []
  const perClass = positiveInteger(args['per-class'], smoke ? 10 : 150, 'per-class')

  const handle: DatabaseHandle = await open()
  let dbVersion = ''
  try {
    await migrateToLatest(handle.db)
    const { rows } = await sql<{
      version: string
      persons: string
      contacts: string
    }>`select version() as version,
        (select count(*) from people where organisation_id = ${truth.organisationId}) as persons,
        (select count(*) from contacts where organisation_id = ${truth.organisationId}) as contacts`.execute(
      handle.db,
    )
    const info = rows[0]!
    dbVersion = `${kind === 'pglite' ? 'PGlite — ' : ''}${info.version.split(',')[0]}`
    results.scale = { persons: Number(info.persons), contacts: Number(info.contacts) }
    log(
      `Bench ${smoke ? '(smoke) ' : ''}sur ${kind} : ${results.scale.persons.toLocaleString('fr-FR')} personnes, ${results.scale.contacts.toLocaleString('fr-FR')} contacts — ${dbVersion}`,
    )

    // The search as a social worker of the social reception team (not in the confidential PAEJ).
    const worker = actorFor(truth, 'social_worker', ['social_central', 'rsa'])
    if (only.has('search')) {
      searchQueries = await classQueries(handle.db, truth.organisationId, perClass, truth.seed, truth.queries)
      const classes = await step(`recherche par classe : ${searchQueries.length} requêtes`, async () => {
        const repository = await measureClasses(searchQueries, repositorySearch(handle.db, worker), warm)
        // The field's search with its best index, then without (on fewer queries: it is slow).
        const baseline = await withBaselineIndex(handle.db, () =>
          measureClasses(searchQueries, baselineSearch(handle.db, worker), Math.min(warm, 10)),
        )
        const sample = searchQueries.filter((_, i) => i % 5 === 0)
        const unindexed = await measureClasses(sample, baselineSearch(handle.db, worker), 2)
        return { repository, baseline, unindexed }
      })
      if (classes) {
        results.scenarios.search_classes = { ...classes, created_through_api: created }
        for (const [cls, f] of Object.entries(classes.repository)) {
          log(
            `  ${cls.padEnd(24)} rappel@1 ${(100 * f.recall_at_1).toFixed(1)} %, @10 ${(100 * f.recall_at_10).toFixed(1)} %, p95 ${f.latency.p95_ms} ms ; ILIKE+trgm @10 ${(100 * (classes.baseline[cls]?.recall_at_10 ?? 0)).toFixed(1)} %, p95 ${classes.baseline[cls]?.latency.p95_ms} ms`,
          )
        }
      }
    }
    if (only.has('search')) {
      const search = await step(`recherche : ${queries.length} requêtes avec une faute`, () =>
        searchScenario(handle.db, worker, queries, warm),
      )
      if (search) {
        results.scenarios.search = { ...search, misses: search.misses.slice(0, 100) }
        log(
          `  p50 ${search.latency.p50_ms} ms, p95 ${search.latency.p95_ms} ms, p99 ${search.latency.p99_ms} ms, rappel@10 ${(100 * search.recall_at_10).toFixed(1)} % (${(100 * search.recall_at_10_distinguishable).toFixed(1)} % hors homonymes)`,
        )
      }
    }
    if (only.has('baseline')) {
      const baseline = await step(`référence ILIKE : ${baselineQueries.length} requêtes`, () =>
        baselineScenario(handle.db, worker, baselineQueries, Math.min(warm, 10)),
      )
      if (baseline) {
        log(
          `  p50 ${baseline.latency.p50_ms} ms, p95 ${baseline.latency.p95_ms} ms, rappel@10 ${(100 * baseline.recall_at_10).toFixed(1)} %`,
        )
        if (results.scenarios.search) {
          results.scenarios.search.baseline = baseline
          results.scenarios.search.speedup_p95 = round(
            baseline.latency.p95_ms / Math.max(0.01, results.scenarios.search.latency.p95_ms),
            1,
          )
        }
      }
    }
    if (only.has('dedupe')) {
      const pairs = truth.duplicates.slice(0, queries.length)
      const dedupe = await step(`doublons : ${pairs.length} créations de dossier en double`, () =>
        dedupeScenario(handle.db, worker, pairs, warm),
      )
      if (dedupe) {
        results.scenarios.dedupe = dedupe
        log(
          `  p50 ${dedupe.latency.p50_ms} ms, p95 ${dedupe.latency.p95_ms} ms, dossier d'origine proposé ${(100 * dedupe.found_rate).toFixed(1)} %`,
        )
      }
    }
    if (only.has('indicators')) {
      const analyst = actorFor(truth, 'analyst', [])
      const to = new Date().toISOString().slice(0, 10)
      const indicators = await step('indicateur : contacts par mois × équipe × motif', () =>
        indicatorScenario(handle.db, analyst, { from: truth.period.from, to }, smoke ? 5 : 20),
      )
      if (indicators) {
        results.scenarios.indicators = indicators
        log(
          `  p50 ${indicators.latency.p50_ms} ms, p95 ${indicators.latency.p95_ms} ms, ${indicators.rows} lignes`,
        )
        const c = indicators.catalogue
        log(
          `  catalogue sur un an : ménages distincts par site p95 ${c.households_per_site.p95_ms} ms (${c.households} ménages), personnes distinctes par site p95 ${c.persons_per_site.p95_ms} ms, contacts par équipe hors motif p95 ${c.contacts_by_team_without_reason.p95_ms} ms`,
        )
      }
    }
    if (only.has('aid')) {
      const scale = smoke
        ? { requests: 2_000, agendaItems: 50, iterations: 10 }
        : { requests: 100_000, agendaItems: 200, iterations: 100 }
      const aid = await step(
        `aides : ordre du jour de ${scale.agendaItems} demandes parmi ${scale.requests.toLocaleString('fr-FR')}, consommation d’un fonds`,
        () => aidScenario(handle.db, truth, scale),
      )
      if (aid) {
        results.scenarios.aid = aid
        log(
          `  ordre du jour p95 ${aid.agenda.p95_ms} ms (${aid.agenda_items} demandes), consommation du fonds p95 ${aid.fund_consumption.p95_ms} ms ; semé en ${aid.seed_seconds} s`,
        )
      }
    }
    if (only.has('accommodation')) {
      const scale = smoke ? ACCOMMODATION_SMOKE : ACCOMMODATION_FULL
      const places = scale.structures * scale.placesPerStructure
      const accommodation = await step(
        `hébergement : tableau d’une structure et statistiques d’une année, ${scale.structures} structures, ${places.toLocaleString('fr-FR')} places, ${(places * scale.staysPerPlace).toLocaleString('fr-FR')} séjours`,
        async () => {
          if (smoke || !databaseUrl) {
            const teams = Object.keys(truth.teams) as (keyof GroundTruth['teams'])[]
            const actors = {
              director: actorFor(truth, 'director', teams),
              analyst: actorFor(truth, 'analyst', []),
            }
            return accommodationScenario(handle.db, actors, scale)
          }
          // The full size lives in its own database, built once and kept.
          const own = await accommodationDatabase(databaseUrl)
          try {
            return await accommodationScenario(own.handle.db, own.actors, scale)
          } finally {
            await own.handle.close()
          }
        },
      )
      if (accommodation) {
        results.scenarios.accommodation = accommodation
        log(
          `  tableau d’une structure p95 ${accommodation.board.p95_ms} ms, statistiques d’une année p95 ${accommodation.yearly_statistics.p95_ms} ms ; semé en ${accommodation.seed_seconds} s`,
        )
      }
    }
    if (only.has('followup')) {
      const followup = await step('accompagnement : liste de travail et dossier d’une personne suivie', () =>
        followupScenario(handle.db, truth, { iterations: smoke ? 10 : 200, warm: smoke ? 2 : 20 }),
      )
      if (followup) {
        results.scenarios.followup = followup
        log(
          `  liste de travail p95 ${followup.worklist.p95_ms} ms (${followup.caseload} accompagnements), dossier p95 ${followup.person_file.p95_ms} ms, entretiens p95 ${followup.record_interviews.p95_ms} ms — ${followup.records.toLocaleString('fr-FR')} accompagnements, ${followup.interviews.toLocaleString('fr-FR')} entretiens, ${followup.documents.toLocaleString('fr-FR')} documents`,
        )
      }
    }
    if (only.has('http')) {
      // The database's own ceiling for contact logging: the route's statement, from as many
      // connections as the server's pool, without HTTP.
      const ceiling = await step('plafond de la base : enregistrement de contacts sans HTTP', () =>
        contactCeiling({ databaseUrl, db: handle.db, truth, durationSeconds }),
      )
      if (ceiling) {
        results.scenarios.contact_db_ceiling = ceiling
        log(`  ${ceiling.rps} écritures/s sur ${ceiling.connections} connexions`)
      }
    }
  } finally {
    // PGlite holds its data directory: the server process opens it next.
    await handle.close()
  }

  if (only.has('http')) {
    const http = await step(`HTTP : ${connections} connexions, ${durationSeconds} s par scénario`, () =>
      httpScenarios({ ...httpOptions, searchQueries: searchQueries.length > 0 ? searchQueries : undefined }),
    )
    if (http) {
      if (http.search && results.scenarios.search_classes) results.scenarios.search_classes.http = http.search
      results.scenarios.ceiling_http = http.ceiling
      results.scenarios.contact_http = http.contact
      results.scenarios.person_http = http.person
      results.rss = { idle_mb: http.rss_idle_mb, load_mb: http.rss_load_mb }
      for (const [name, f] of Object.entries({
        ceiling: http.ceiling,
        contact: http.contact,
        person: http.person,
      })) {
        if (f.errors > 0) {
          exitCode = 1
          log(`✖ HTTP ${name} : ${f.errors} erreurs`)
        }
      }
    }
  }

  if (only.has('upload')) {
    const upload = await step('document de 20 Mo : dépôt puis téléchargement, mémoire du serveur', () =>
      uploadScenario(httpOptions as HttpOptions),
    )
    if (upload) {
      results.scenarios.document_upload = upload
      log(
        `  RSS ${upload.rss_before_mb ?? '?'} Mo avant, +${upload.rss_growth_upload_mb ?? '?'} Mo au dépôt, +${upload.rss_growth_download_mb ?? '?'} Mo au téléchargement ; ${upload.upload_seconds} s par dépôt`,
      )
    }
  }

  if (only.has('mail') && kind === 'pglite') {
    const mail = await step('courrier des personnes domiciliées', () =>
      runMail(smoke, durationSeconds, str(args['log-level']) ?? 'info'),
    )
    if (mail) results.scenarios.domiciliation_mail = mail
  }

  if (only.has('first-load')) {
    const firstLoad = await step('premier chargement de l’accueil en 3G rapide (Chromium)', () =>
      firstLoadScenario(httpOptions as HttpOptions),
    )
    if (firstLoad) {
      results.scenarios.first_load = firstLoad
      log(
        `  premier titre en ${firstLoad.first_heading_ms} ms, ${firstLoad.bytes_to_first_heading_kb} ko reçus (${firstLoad.bytes_total_kb} ko en tout, ${firstLoad.requests} requêtes)`,
      )
    }
  }

  const machine = describeMachine(dbVersion)
  const full: BenchResults = {
    date: new Date().toISOString().slice(0, 10),
    smoke,
    db: kind,
    machine: machine.line,
    machine_details: machine.details,
    scale: results.scale ?? { persons: 0, contacts: 0 },
    options: {
      queries: queries.length,
      baseline_queries: baselineQueries.length,
      http_seconds: durationSeconds,
      connections,
    },
    scenarios: results.scenarios,
    rss: results.rss ?? { idle_mb: undefined, load_mb: undefined },
    targets: [],
  }
  full.targets = evaluateTargets(full)
  // Only a complete run in the default folder becomes the documented "latest" figures.
  const complete = only.size === SCENARIOS.length && !str(args.out)
  const { files, table } = writeResults(full, outDir, {
    latest: !smoke && complete,
    docsFile: !smoke && complete ? resolve('docs/performance.md') : undefined,
  })
  log(`\n${table}`)
  log(`Résultats : ${files.join(', ')}`)
  if (smoke) for (const dir of temporary) rmSync(dir, { recursive: true, force: true })
  return exitCode
}

/**
 * Issue 13: 50,000 domiciled people with 1,000,000 mail items on PGlite (2,000 and 20,000 in smoke), in
 * a database of its own seeded in SQL, then written and read through the API.
 */
async function runMail(smoke: boolean, entrySeconds: number, logLevel: string) {
  const scale = smoke
    ? { domiciled: 2000, mailItems: 20_000, entrySeconds: 3, lookups: 50 }
    : { domiciled: 50_000, mailItems: 1_000_000, entrySeconds, lookups: 200 }
  log(`  ${scale.domiciled} personnes domiciliées, ${scale.mailItems} courriers`)
  const mail = await mailScenario({ logLevel, log }, scale)
  log(
    `  saisie ${mail.entry_items_per_s} courriers/s (p95 ${mail.entry_p95_ms} ms), lot ${mail.batch_items_per_s} courriers/s ; personne + courrier en attente : p95 ${mail.lookup_by_name.p95_ms} ms par nom, ${mail.lookup_by_number.p95_ms} ms par numéro`,
  )
  return mail
}

/** `--only mail` needs no synthetic CCAS: its own database, its own results file. */
async function mailOnly(smoke: boolean, args: Record<string, string | true>): Promise<number> {
  const durationSeconds = positiveInteger(args.duration, smoke ? 2 : 20, 'duration')
  const mail = await runMail(smoke, durationSeconds, str(args['log-level']) ?? 'info')
  const machine = describeMachine('PGlite')
  const full: BenchResults = {
    date: new Date().toISOString().slice(0, 10),
    smoke,
    db: 'pglite',
    machine: machine.line,
    machine_details: machine.details,
    scale: { persons: mail.domiciled, contacts: 0 },
    options: { queries: 0, baseline_queries: 0, http_seconds: durationSeconds, connections: 1 },
    scenarios: { domiciliation_mail: mail },
    rss: { idle_mb: undefined, load_mb: undefined },
    targets: [],
  }
  full.targets = evaluateTargets(full)
  const outDir = resolve(
    str(args.out) ?? (smoke ? join(tmpdir(), 'trame-bench-mail-results') : 'bench/results'),
  )
  const { files, table } = writeResults(full, outDir, { latest: false, docsFile: undefined })
  log(`\n${table}`)
  log(`Résultats : ${files.join(', ')}`)
  // Missed targets are reported, not fatal (as for the other scenarios).
  return 0
}

/**
 * `--only domifa-import` (issue 13): a DomiFa file of 50,000 lines (2,000 in smoke) checked then imported
 * through the API on PGlite, in a database of its own; target < 2 min with the server under 400 MB.
 */
async function domifaImportOnly(smoke: boolean, args: Record<string, string | true>): Promise<number> {
  const rows = smoke ? 2000 : 50_000
  const figures = await domifaImportScenario({ logLevel: str(args['log-level']) ?? 'info', log }, rows)
  const total = figures.check_seconds + figures.import_seconds
  log(
    `  import DomiFa de ${figures.rows} lignes : vérification ${figures.check_seconds} s + import ${figures.import_seconds} s = ${Math.round(total * 10) / 10} s (${figures.rows_per_s} lignes/s, objectif < 120 s) ; RSS ${figures.rss_before_mb ?? '?'} Mo avant, pic ${figures.rss_peak_mb ?? '?'} Mo (objectif < 400 Mo) ; ${figures.created_people} personnes créées`,
  )
  log(JSON.stringify({ domifa_import: figures, machine: describeMachine('PGlite').line }))
  return 0
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(
      `bench : ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exit(1)
  },
)
