import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import type { GroundTruth } from '../../scripts/synth.ts'
import { pgliteDatabase } from '../../src/server/db/database.ts'
import { migrateToLatest } from '../../src/server/db/migrate.ts'
import { addDays, todayInFrance } from '../../src/shared/dates.ts'
import { type HttpOptions, startServer, stopServer } from './http.ts'
import { type Latency, round, summarise } from './stats.ts'

export interface MailFigures {
  domiciled: number
  mail_items: number
  seed_seconds: number
  /** One POST per item, one agent after another (the batch entry page): items per second, sustained. */
  entry_items_per_s: number
  entry_seconds: number
  entry_p95_ms: number
  /** The batch endpoint, 20 items a request. */
  batch_items_per_s: number
  /** Finding a person (name typed) and reading their waiting mail: the two requests, after the writes. */
  lookup_by_name: Latency
  /** The same with a scanned file number. */
  lookup_by_number: Latency
}

// Syllables make names that are mostly unique, with namesakes as in life (30³ last names).
const SYLLABLES = [
  'ba',
  'ber',
  'bou',
  'ca',
  'char',
  'da',
  'del',
  'du',
  'fa',
  'fon',
  'ga',
  'gui',
  'la',
  'le',
  'lou',
  'ma',
  'mar',
  'mo',
  'na',
  'ni',
  'pa',
  'per',
  'ra',
  'ri',
  'roc',
  'sa',
  'ta',
  'tin',
  'va',
  'vi',
]
const FIRST_NAMES = [
  'Jean',
  'Marie',
  'Pierre',
  'Nadia',
  'Karim',
  'Sophie',
  'Luc',
  'Fatou',
  'Ahmed',
  'Claire',
  'Paul',
  'Inès',
  'Yann',
  'Aïcha',
  'Marc',
  'Léa',
  'Omar',
  'Julie',
  'Hugo',
  'Samira',
]

/**
 * Seeds one organisation with `domiciled` people whose period is in force and `mailItems` mail items
 * (one in twenty still waiting), in SQL: what DomiFa's larger structures hold after a few years.
 */
async function seed(dataDir: string, domiciled: number, mailItems: number, log: (line: string) => void) {
  const handle = await pgliteDatabase({ dataDir })
  try {
    const db = handle.db
    await migrateToLatest(db)
    const org = await db
      .insertInto('organisations')
      .values({ name: 'CCAS du banc d’essai', person_seq: domiciled })
      .returning('id')
      .executeTakeFirstOrThrow()
    const user = await db
      .insertInto('users')
      .values({
        organisation_id: org.id,
        email: 'accueil@banc.test',
        name: 'Accueil du banc',
        roles: ['front_desk_agent'],
        status: 'active',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const syllables = sql.val(SYLLABLES)
    const firstNames = sql.val(FIRST_NAMES)
    await sql`insert into people (organisation_id, file_number, last_name, first_names)
      select ${org.id}::uuid, lpad(i::text, 6, '0'),
        initcap(s[1 + i % 30] || s[1 + (i / 30) % 30] || s[1 + (i / 900) % 30]),
        f[1 + (i * 7) % 20]
      from generate_series(1, ${domiciled}) i,
        (select ${syllables}::text[] as s, ${firstNames}::text[] as f) words`.execute(db)
    const start = addDays(todayInFrance(), -200)
    await sql`insert into domiciliations (organisation_id, person_id, kind, status, requested_on, start_on, end_on)
      select organisation_id, id, 'first', 'granted', ${start}::date, ${start}::date, ${addDays(start, 364)}::date
      from people where organisation_id = ${org.id}`.execute(db)
    // Mail over the last two years; one item in twenty still waiting. Written in chunks with the foreign
    // keys' triggers off (the rows are made from the tables they point to): a bulk load, not the product.
    await sql`create temporary table bench_periods as
      select id, organisation_id, person_id, (row_number() over (order by person_id) - 1)::int as k
      from domiciliations where organisation_id = ${org.id}`.execute(db)
    await sql`create index on bench_periods (k)`.execute(db)
    await sql`alter table mail_items disable trigger all`.execute(db)
    const chunk = 100_000
    for (let from = 0; from < mailItems; from += chunk) {
      const to = Math.min(mailItems, from + chunk) - 1
      await sql`insert into mail_items (organisation_id, person_id, domiciliation_id, kind, received_at, received_by,
          status, closed_at, closed_by, handed_to)
        select d.organisation_id, d.person_id, d.id,
          (array['letter','letter','letter','registered_notice','parcel','official'])[1 + (n % 6)],
          now() - (n % 730) * interval '1 day', ${user.id}::uuid,
          case when n % 20 = 0 then 'waiting' else 'handed_over' end,
          case when n % 20 = 0 then null else now() - (n % 730) * interval '1 day' + interval '3 days' end,
          case when n % 20 = 0 then null else ${user.id}::uuid end,
          case when n % 20 = 0 then null else 'person' end
        from generate_series(${from}::int, ${to}::int) n
        join bench_periods d on d.k = n % ${domiciled}`.execute(db)
      log(`  ${to + 1} courriers écrits`)
    }
    await sql`alter table mail_items enable trigger all`.execute(db)
    await sql`analyze`.execute(db)
    const sample = await db
      .selectFrom('people')
      .select(['id', 'last_name', 'first_names', 'file_number'])
      .where('organisation_id', '=', org.id)
      .orderBy(sql`md5(id::text)`)
      .limit(400)
      .execute()
    return { organisationId: org.id, userId: user.id, sample }
  } finally {
    await handle.close()
  }
}

/**
 * Issue 13: 50,000 domiciled people with 1,000,000 mail items on PGlite. Mail is first logged through
 * the API (so searches are measured after writes, as the product lives), then a person is found and
 * their waiting mail read, by name and by file number.
 */
export async function mailScenario(
  options: Pick<HttpOptions, 'logLevel' | 'log'>,
  scale: { domiciled: number; mailItems: number; entrySeconds: number; lookups: number },
): Promise<MailFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trame-bench-mail-'))
  try {
    const seededAt = performance.now()
    const world = await seed(dataDir, scale.domiciled, scale.mailItems, options.log)
    const seedSeconds = round((performance.now() - seededAt) / 1000, 1)
    options.log(
      `  ${scale.domiciled} personnes domiciliées, ${scale.mailItems} courriers en ${seedSeconds} s`,
    )
    const truth = {
      organisationId: world.organisationId,
      users: { front_desk_agent: { id: world.userId } },
    } as unknown as GroundTruth
    const { child, ready } = await startServer({
      dataDir,
      truth,
      connections: 1,
      durationSeconds: scale.entrySeconds,
      warmUpSeconds: 0,
      logLevel: options.logLevel,
      nodeArgs: [],
      log: options.log,
    })
    try {
      const base = `http://127.0.0.1:${ready.port}`
      const headers = {
        cookie: ready.cookie,
        'x-csrf-token': ready.csrfToken,
        'content-type': 'application/json',
      }
      const call = async (method: string, path: string, body?: unknown) => {
        const response = await fetch(`${base}${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        })
        if (response.status >= 300)
          throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`)
        return response.json() as Promise<unknown>
      }
      const kinds = ['letter', 'letter', 'registered_notice', 'parcel', 'official'] as const
      const people = world.sample
      // Warm-up: the routes' first calls compile their schemas and statements.
      for (let w = 0; w < 20; w++) {
        await call('POST', '/api/mail-items', { personId: people[w % people.length]!.id, kind: 'letter' })
        await call('GET', `/api/mail-items/recipients?q=${people[w % people.length]!.file_number}`)
      }
      // Batch entry as at the desk: one request per item, one after another, for the whole duration.
      const entryTimes: number[] = []
      const entryStarted = performance.now()
      let i = 0
      while (performance.now() - entryStarted < scale.entrySeconds * 1000) {
        const person = people[i % people.length]!
        const t = performance.now()
        await call('POST', '/api/mail-items', { personId: person.id, kind: kinds[i % kinds.length] })
        entryTimes.push(performance.now() - t)
        i++
      }
      const entrySeconds = (performance.now() - entryStarted) / 1000
      // The batch endpoint: 20 items a request, for a fifth of the time.
      const batchStarted = performance.now()
      let batched = 0
      while (performance.now() - batchStarted < (scale.entrySeconds * 1000) / 5) {
        const items = Array.from({ length: 20 }, (_, k) => ({
          personId: people[(batched + k) % people.length]!.id,
          kind: kinds[k % kinds.length],
        }))
        await call('POST', '/api/mail-items/batch', { items })
        batched += items.length
      }
      const batchSeconds = (performance.now() - batchStarted) / 1000

      const lookup = async (q: string, personId: string) => {
        const t = performance.now()
        const found = (await call('GET', `/api/mail-items/recipients?q=${encodeURIComponent(q)}`)) as {
          items: { personId: string }[]
        }
        if (!found.items.some((r) => r.personId === personId)) throw new Error(`lookup missed ${q}`)
        await call('GET', `/api/mail-items?personId=${personId}`)
        return performance.now() - t
      }
      const byName: number[] = []
      const byNumber: number[] = []
      for (let pass = 0; pass < 2; pass++) {
        // The first round warms the server up; the second is measured.
        const names: number[] = []
        const numbers: number[] = []
        for (const person of people.slice(0, scale.lookups)) {
          names.push(await lookup(`${person.last_name} ${person.first_names}`, person.id))
          numbers.push(await lookup(String(Number(person.file_number)), person.id))
        }
        if (pass === 1) {
          byName.push(...names)
          byNumber.push(...numbers)
        }
      }
      return {
        domiciled: scale.domiciled,
        mail_items: scale.mailItems,
        seed_seconds: seedSeconds,
        entry_items_per_s: round(i / entrySeconds, 1),
        entry_seconds: round(entrySeconds, 1),
        entry_p95_ms: summarise(entryTimes).p95_ms,
        batch_items_per_s: round(batched / batchSeconds, 1),
        lookup_by_name: summarise(byName),
        lookup_by_number: summarise(byNumber),
      }
    } finally {
      await stopServer(child)
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
