/**
 * `npm run synth -- --persons 1000000 --contacts 10000000 [--database-url URL] [--data-dir DIR] [--seed S]`
 *
 * Fills a fresh database with a synthetic CCAS of a large French city: one organisation, its sites and
 * teams (social reception, RSA, PAEJ — confidential —, domiciliation, seniors line), users of every role
 * (password `bench-trame-2026`), households and persons with French names and their frequencies, 2 %
 * duplicate files (typos, inversions, missing accents…), five years of front-desk contacts and their
 * daily counts. Deterministic from the seed. Bulk-loaded with COPY (PostgreSQL: COPY FROM STDIN;
 * PGlite: COPY FROM '/dev/blob'), secondary indexes and foreign keys built once at the end.
 *
 * It also writes the bench's ground truth next to the data: 1,000 real persons' names with exactly one
 * typo and no accents, with the intended person; and duplicate pairs for the duplicate check.
 *
 * Options: --reset (empty the target first), --until YYYY-MM-DD (end of the five years, default
 * 2026-11-01), --queries N (ground-truth queries, default 1000), --truth FILE, --followup-records N
 * (support records, default persons / 5), --interviews N (default records × 10), --documents N (documents'
 * metadata, default persons / 2): the follow-up casework of scripts/synth/followup.ts.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import { PGLITE_EXTENSIONS } from '../src/server/db/database.ts'
import { migrateToLatest } from '../src/server/db/migrate.ts'
import type { Database } from '../src/server/db/schema.ts'
import { hashPassword } from '../src/server/platform/passwords.ts'
import { newTotpSecret } from '../src/server/platform/totp.ts'
import { DEFAULT_CONTACT_REASONS } from '../src/shared/frontdesk.ts'
import { ROLE_LABELS, ROLES, type Role, totpRequiredFor } from '../src/shared/roles.ts'
import { type BulkDatabase, pgliteBulk, postgresBulk, secondaryStructures } from './synth/bulk.ts'
import { FOLLOWUP_TABLES, type FollowupScale, synthesiseFollowup } from './synth/followup.ts'
import {
  CONTACT_COLUMNS,
  type DuplicatePair,
  HOUSEHOLD_COLUMNS,
  MEMBER_COLUMNS,
  type Organisation,
  PEOPLE_COLUMNS,
  Population,
  type PopulationStats,
  type SampleQuery,
  type TeamKey,
} from './synth/population.ts'
import { Random } from './synth/random.ts'

export const BENCH_PASSWORD = 'bench-trame-2026'
export const DEFAULT_PGLITE_DIR = 'bench/data/pglite'

export interface SynthOptions {
  persons: number
  contacts: number
  seed: number
  databaseUrl?: string
  dataDir: string
  until: string
  queries: number
  reset: boolean
  truthFile?: string
  /** Follow-up casework (issue 12): records, interviews, documents; none when absent. */
  followup?: FollowupScale
  log?: (line: string) => void
}

/** What the bench reads back: who the organisation and users are, and the queries with their answers. */
export interface GroundTruth {
  createdAt: string
  seed: number
  scale: { persons: number; contacts: number; followup?: FollowupScale }
  organisationId: string
  /** Users of the bench, by role, all with BENCH_PASSWORD. */
  users: Record<string, { id: string; email: string }>
  teams: Record<TeamKey, string>
  siteIds: string[]
  reasonIds: string[]
  period: { from: string; to: string }
  stats: PopulationStats
  load: { table: string; rows: number; seconds: number; rowsPerSecond: number }[]
  queries: SampleQuery[]
  duplicates: DuplicatePair[]
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres'
}

/** Where the ground truth of a database lives unless told otherwise. */
export function defaultTruthFile(options: { databaseUrl?: string; dataDir: string }): string {
  return options.databaseUrl
    ? resolve('bench/data', `${databaseName(options.databaseUrl)}.truth.json`)
    : `${resolve(options.dataDir)}.truth.json`
}

const TEAMS: { key: TeamKey; name: string; site: number; confidential: boolean }[] = [
  { key: 'social_central', name: 'Accueil social — Hôtel de ville', site: 0, confidential: false },
  { key: 'social_north', name: 'Accueil social — Nord', site: 1, confidential: false },
  { key: 'rsa', name: 'Instruction RSA', site: 0, confidential: false },
  { key: 'paej', name: 'PAEJ (18–25 ans)', site: 1, confidential: true },
  { key: 'domiciliation', name: 'Domiciliation', site: 2, confidential: false },
  { key: 'seniors', name: 'Ligne seniors', site: 0, confidential: false },
]
const SITES = [
  { name: 'Hôtel de ville — accueil central', address: '1 place de la Mairie' },
  { name: 'Centre social Nord', address: '12 rue des Acacias' },
  { name: 'Point solidarité Gare', address: '3 avenue de la Gare' },
  { name: 'Antenne Sud', address: '40 boulevard du Midi' },
]
/** Teams of each role's bench user (the HTTP bench signs in as the front desk agent). */
const ROLE_TEAMS: Partial<Record<Role, TeamKey[]>> = {
  social_worker: ['social_central', 'rsa'],
  front_desk_agent: ['social_central', 'social_north', 'domiciliation'],
  outreach_agent: ['domiciliation'],
  volunteer_coordinator: ['seniors'],
}

async function seedOrganisation(db: Kysely<Database>, random: Random, persons: number) {
  const r = random.fork('organisation')
  const organisationId = r.uuid()
  await db
    .insertInto('organisations')
    .values({ id: organisationId, name: 'CCAS de Villebelle (synthétique)' })
    .execute()
  const sites = SITES.map((s) => ({ id: r.uuid(), ...s }))
  await db
    .insertInto('sites')
    .values(
      sites.map((s) => ({ id: s.id, organisation_id: organisationId, name: s.name, address: s.address })),
    )
    .execute()
  const teams = Object.fromEntries(
    TEAMS.map((t) => [
      t.key,
      { id: r.uuid(), siteIndex: t.site, name: t.name, confidential: t.confidential },
    ]),
  ) as Organisation['teams']
  await db
    .insertInto('teams')
    .values(
      TEAMS.map((t) => ({
        id: teams[t.key].id,
        organisation_id: organisationId,
        site_id: sites[t.site]!.id,
        name: t.name,
        confidential: t.confidential,
      })),
    )
    .execute()
  const reasonIds = DEFAULT_CONTACT_REASONS.map(() => r.uuid())
  await db
    .insertInto('contact_reasons')
    .values(
      DEFAULT_CONTACT_REASONS.map((label, position) => ({
        id: reasonIds[position]!,
        organisation_id: organisationId,
        label,
        position,
      })),
    )
    .execute()

  const passwordHash = await hashPassword(BENCH_PASSWORD)
  const users: GroundTruth['users'] = {}
  const agentIds: string[] = []
  const addUser = async (role: Role, email: string, name: string) => {
    const id = r.uuid()
    await db
      .insertInto('users')
      .values({
        id,
        organisation_id: organisationId,
        email,
        name,
        password_hash: passwordHash,
        roles: [role],
        status: 'active',
        totp_secret: totpRequiredFor([role]) ? newTotpSecret() : null,
      })
      .execute()
    const teamKeys = ROLE_TEAMS[role] ?? []
    if (teamKeys.length > 0) {
      await db
        .insertInto('user_teams')
        .values(teamKeys.map((k) => ({ organisation_id: organisationId, user_id: id, team_id: teams[k].id })))
        .execute()
    }
    return id
  }
  for (const role of ROLES) {
    const email = `${role.replaceAll('_', '-')}@bench.trame`
    const id = await addUser(role, email, `${ROLE_LABELS[role]} (bench)`)
    users[role] = { id, email }
    if (['social_worker', 'front_desk_agent', 'outreach_agent', 'volunteer_coordinator'].includes(role)) {
      agentIds.push(id)
    }
  }
  // A front desk of this size has dozens of agents: one per 20,000 files, at least six more.
  const extra = Math.max(6, Math.round(persons / 20_000))
  for (let i = 0; i < extra; i++) {
    const role: Role = i % 3 === 0 ? 'social_worker' : 'front_desk_agent'
    agentIds.push(await addUser(role, `agent-${i + 1}@bench.trame`, `${ROLE_LABELS[role]} ${i + 1} (bench)`))
  }
  const organisation: Organisation = {
    id: organisationId,
    sites,
    teams,
    reasonIds,
    agentIds,
    city: {
      name: 'Villebelle',
      postalCodes: ['99001', '99002', '99003', '99004', '99005', '99006', '99007', '99008'],
    },
  }
  return { organisation, users, passwordHash }
}

const roundRate = (rows: number, seconds: number) => Math.round(rows / Math.max(seconds, 1e-3))

export async function synthesise(options: SynthOptions): Promise<GroundTruth> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`))
  const started = performance.now()
  const random = new Random(options.seed)
  let kysely: Kysely<Database>
  let bulk: BulkDatabase
  let close: () => Promise<void>
  if (options.databaseUrl) {
    const name = databaseName(options.databaseUrl)
    const client = new pg.Client({ connectionString: options.databaseUrl })
    await client.connect()
    const { rows } = await client.query<{ n: string }>(
      `select count(*) as n from information_schema.tables where table_schema = 'public'`,
    )
    if (Number(rows[0]?.n) > 0) {
      if (!options.reset) {
        await client.end()
        throw new Error(`la base ${name} n'est pas vide : passez --reset pour la vider (tout y sera effacé).`)
      }
      log(`Vidage de la base ${name}…`)
      await client.query('drop schema public cascade')
      await client.query('create schema public')
    }
    kysely = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: options.databaseUrl, max: 2 }) }),
    })
    // This session only: more memory for sorts and index builds; a bulk load need not wait for the WAL.
    await client.query(`set maintenance_work_mem = '1GB'`)
    await client.query(`set work_mem = '256MB'`)
    await client.query('set synchronous_commit = off')
    bulk = postgresBulk(client)
    close = async () => {
      await kysely.destroy()
      await client.end()
    }
  } else {
    const dir = resolve(options.dataDir)
    if (existsSync(dir) && readdirSync(dir).length > 0) {
      if (!options.reset)
        throw new Error(`le dossier ${dir} n'est pas vide : passez --reset pour le remplacer.`)
      rmSync(dir, { recursive: true, force: true })
    }
    mkdirSync(dir, { recursive: true })
    const pglite = await PGlite.create({ dataDir: dir, extensions: PGLITE_EXTENSIONS })
    kysely = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) })
    await pglite.exec(`set maintenance_work_mem = '256MB'; set work_mem = '64MB'`)
    bulk = pgliteBulk(pglite)
    close = () => kysely.destroy()
  }

  try {
    await migrateToLatest(kysely)
    const { organisation, users, passwordHash } = await seedOrganisation(kysely, random, options.persons)
    const population = new Population(
      {
        persons: options.persons,
        contacts: options.contacts,
        seed: options.seed,
        until: options.until,
        queries: options.queries,
      },
      organisation,
    )

    // Secondary indexes and foreign keys are built once, after the load.
    const tables = [
      'people',
      'households',
      'household_members',
      'contacts',
      'contact_counts',
      'contact_counts_monthly',
      ...(options.followup ? FOLLOWUP_TABLES : []),
    ]
    const structures = await secondaryStructures(bulk, tables)
    for (const fk of structures.foreignKeys)
      await bulk.exec(`alter table ${fk.table} drop constraint ${fk.name}`)
    for (const index of structures.indexes) await bulk.exec(`drop index ${index.name}`)

    const load: GroundTruth['load'] = []
    const timed = async (table: string, work: () => Promise<number>) => {
      const t0 = performance.now()
      const rows = await work()
      const seconds = (performance.now() - t0) / 1000
      load.push({ table, rows, seconds: Number(seconds.toFixed(2)), rowsPerSecond: roundRate(rows, seconds) })
      log(
        `  ${table.padEnd(22)} ${String(rows).padStart(10)} lignes en ${seconds.toFixed(1)} s — ${roundRate(rows, seconds).toLocaleString('fr-FR')} lignes/s`,
      )
    }
    log(
      `Synthèse : ${options.persons.toLocaleString('fr-FR')} personnes, ${options.contacts.toLocaleString('fr-FR')} contacts (graine ${options.seed}) — ${bulk.kind}`,
    )
    await timed('people', () => bulk.copy('people', PEOPLE_COLUMNS, population.peopleChunks()))
    await timed('households', () => bulk.copy('households', HOUSEHOLD_COLUMNS, population.householdChunks()))
    await timed('household_members', () =>
      bulk.copy('household_members', MEMBER_COLUMNS, population.memberChunks()),
    )
    await kysely
      .updateTable('organisations')
      .set({ person_seq: options.persons })
      .where('id', '=', organisation.id)
      .execute()
    await timed('contacts', () => bulk.copy('contacts', CONTACT_COLUMNS, population.contactChunks()))

    // The daily roll-up, exactly as FrontdeskRepository.insertChecked() keeps it: per contact one row with no
    // reason, and one per reason; a single shard (0) is enough for rows written in bulk.
    await timed('contact_counts', async () => {
      const rows = await bulk.query<{ n: string }>(`with inserted as (
        insert into contact_counts (organisation_id, day, site_id, team_id, channel, reason_id, shard, contacts)
        select organisation_id, (occurred_at at time zone 'Europe/Paris')::date, site_id, team_id, channel,
               null::uuid, 0, count(*)
          from contacts group by 1, 2, 3, 4, 5
        union all
        select c.organisation_id, (c.occurred_at at time zone 'Europe/Paris')::date, c.site_id, c.team_id,
               c.channel, r.reason_id, 0, count(*)
          from contacts c cross join lateral unnest(c.reason_ids) as r(reason_id)
         group by 1, 2, 3, 4, 5, 6
        returning 1)
        select count(*) as n from inserted`)
      return Number(rows[0]?.n ?? 0)
    })
    // And per month, as count() keeps it too.
    await timed('contact_counts_monthly', async () => {
      const rows = await bulk.query<{ n: string }>(`with inserted as (
        insert into contact_counts_monthly (organisation_id, day, site_id, team_id, channel, reason_id, shard, contacts)
        select organisation_id, date_trunc('month', day)::date, site_id, team_id, channel, reason_id, 0, sum(contacts)
          from contact_counts group by 1, 2, 3, 4, 5, 6
        returning 1)
        select count(*) as n from inserted`)
      return Number(rows[0]?.n ?? 0)
    })

    if (options.followup) {
      const socialWorker = users.social_worker
      if (!socialWorker) throw new Error('no social worker to be a referent')
      await synthesiseFollowup(
        bulk,
        {
          organisation,
          socialWorkerId: socialWorker.id,
          passwordHash,
          seed: options.seed,
          until: options.until,
          scale: options.followup,
        },
        timed,
      )
    }

    const t0 = performance.now()
    for (const index of structures.indexes) {
      const t = performance.now()
      await bulk.exec(index.definition)
      log(`  index ${index.name} (${((performance.now() - t) / 1000).toFixed(1)} s)`)
    }
    for (const fk of structures.foreignKeys) {
      await bulk.exec(`alter table ${fk.table} add constraint ${fk.name} ${fk.definition}`)
    }
    log(`  index et clés étrangères reconstruits en ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    const after = await secondaryStructures(bulk, tables)
    if (
      JSON.stringify(after.indexes.map((i) => i.definition)) !==
        JSON.stringify(structures.indexes.map((i) => i.definition)) ||
      after.foreignKeys.length !== structures.foreignKeys.length
    ) {
      throw new Error('les index ou clés étrangères reconstruits diffèrent de ceux des migrations')
    }
    const t1 = performance.now()
    await bulk.exec('vacuum analyze')
    log(`  vacuum analyze en ${((performance.now() - t1) / 1000).toFixed(1)} s`)

    // Both roll-ups must count every contact once.
    const [check] = await bulk.query<{ contacts: string; daily: string; monthly: string }>(
      `select (select count(*) from contacts) as contacts,
              (select coalesce(sum(contacts), 0) from contact_counts where reason_id is null) as daily,
              (select coalesce(sum(contacts), 0) from contact_counts_monthly where reason_id is null) as monthly`,
    )
    if (!check || check.contacts !== check.daily || check.contacts !== check.monthly) {
      throw new Error(
        `roll-ups incohérents : ${check?.daily} (jours) et ${check?.monthly} (mois) comptés pour ${check?.contacts} contacts`,
      )
    }

    const from = new Date(population.startMs).toISOString().slice(0, 10)
    const to = new Date(population.untilMs - 86_400_000).toISOString().slice(0, 10)
    const truth: GroundTruth = {
      createdAt: new Date().toISOString(),
      seed: options.seed,
      scale: {
        persons: options.persons,
        contacts: options.contacts,
        ...(options.followup ? { followup: options.followup } : {}),
      },
      organisationId: organisation.id,
      users,
      teams: Object.fromEntries(Object.entries(organisation.teams).map(([k, t]) => [k, t.id])) as Record<
        TeamKey,
        string
      >,
      siteIds: organisation.sites.map((s) => s.id),
      reasonIds: organisation.reasonIds,
      period: { from, to },
      stats: population.stats,
      load,
      queries: population.queries,
      duplicates: population.duplicates,
    }
    const truthFile = options.truthFile ?? defaultTruthFile(options)
    mkdirSync(dirname(truthFile), { recursive: true })
    writeFileSync(truthFile, `${JSON.stringify(truth, null, 1)}\n`)

    const seconds = (performance.now() - started) / 1000
    const rows = load.reduce((sum, l) => sum + l.rows, 0)
    const s = population.stats
    const pct = (n: number) => `${((100 * n) / Math.max(1, s.persons)).toFixed(1)} %`
    log(
      [
        `Terminé en ${seconds.toFixed(0)} s : ${rows.toLocaleString('fr-FR')} lignes, ${roundRate(rows, seconds).toLocaleString('fr-FR')} lignes/s de bout en bout.`,
        `  ${s.households.toLocaleString('fr-FR')} foyers, ${s.duplicates.toLocaleString('fr-FR')} doublons (${pct(s.duplicates)}), ${s.anonymous} personnes sans nom, femmes ${pct(s.female)}`,
        `  âges : ${Object.entries(s.ageBands)
          .sort()
          .map(([band, n]) => `${band} ${pct(n)}`)
          .join(', ')}`,
        `  ${s.distinctSurnames.toLocaleString('fr-FR')} noms de famille distincts`,
        `  vérité terrain : ${truth.queries.length} requêtes, ${truth.duplicates.length} paires de doublons → ${truthFile}`,
      ].join('\n'),
    )
    return truth
  } finally {
    await close()
  }
}

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
  return args
}

export function positiveInteger(value: string | true | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  const n = Number(String(value).replaceAll('_', ''))
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} attend un entier positif`)
  return n
}

/** Issue 12's proportions by default: 200 k records, 2 M interviews, 500 k documents for 1 M persons. */
export function followupScale(args: Record<string, string | true>, persons: number): FollowupScale {
  const records = positiveInteger(
    args['followup-records'],
    Math.max(1, Math.round(persons / 5)),
    'followup-records',
  )
  return {
    records,
    interviews: positiveInteger(args.interviews, records * 10, 'interviews'),
    documents: positiveInteger(args.documents, Math.max(1, Math.round(persons / 2)), 'documents'),
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const known = [
    'persons',
    'contacts',
    'database-url',
    'data-dir',
    'seed',
    'until',
    'queries',
    'reset',
    'truth',
    'followup-records',
    'interviews',
    'documents',
  ]
  const unknown = Object.keys(args).filter((k) => !known.includes(k))
  if (unknown.length > 0) throw new Error(`option inconnue : --${unknown.join(', --')}`)
  const persons = positiveInteger(args.persons, 100_000, 'persons')
  const until = typeof args.until === 'string' ? args.until : '2026-11-01'
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) throw new Error('--until attend une date AAAA-MM-JJ')
  await synthesise({
    persons,
    contacts: positiveInteger(args.contacts, persons * 10, 'contacts'),
    seed: positiveInteger(args.seed, 20_261_126, 'seed'),
    databaseUrl: typeof args['database-url'] === 'string' ? args['database-url'] : undefined,
    dataDir: typeof args['data-dir'] === 'string' ? args['data-dir'] : DEFAULT_PGLITE_DIR,
    until,
    queries: positiveInteger(args.queries, 1000, 'queries'),
    reset: args.reset === true,
    truthFile: typeof args.truth === 'string' ? resolve(args.truth) : undefined,
    followup: followupScale(args, persons),
  })
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(
      `synth : ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exit(1)
  })
}
