/**
 * The search as agents type it (issue 21): persons the bench creates through the API (its own
 * names, apart from the synthetic population's generator), then queries in every way an agent types
 * a person — each class with its own rules and lists — against persons sampled from the database.
 * Measured at the repository (PeopleRepository.list with parsePersonQuery), through the HTTP route,
 * and with the field's usual search (ILIKE per word) with its best index and without.
 */
import { sql } from 'kysely'
import { Random } from '../../scripts/synth/random.ts'
import type { Db } from '../../src/server/db/database.ts'
import { PeopleRepository } from '../../src/server/modules/people/people.repository.ts'
import { parsePersonQuery } from '../../src/server/modules/people/people.search.ts'
import type { Actor } from '../../src/server/platform/permissions.ts'
import { type Latency, round, summarise, timed } from './stats.ts'

/** Names the bench gives the persons it creates through the API: particles, transliterations, accents. */
const CREATED_SURNAMES = [
  'Le Gall',
  'Le Bihan',
  'Ben Saïd',
  'Bensaïd',
  'Dos Santos',
  'Da Silva',
  'Van den Berg',
  "N'Guessan",
  "N'Diaye",
  'Schmitt',
  'Jacquot',
  'Rodrigues',
  'Gonçalves',
  'Trần',
  'Nguyễn',
  'Diakité',
  'Sangaré',
  'Kowalczyk',
  'Wiśniewski',
  'El Amrani',
  'Ould Ahmed',
  'De La Fontaine',
  'Mac Leod',
  'Haddad',
  'Benhamida',
  'Lefèvre',
  'Thibault',
  'Quéméner',
  'Abgrall',
  "D'Almeida",
]
const CREATED_FIRST_NAMES = [
  'Matthieu',
  'Thierry',
  'Gaëtan',
  'Yassine',
  'Oumar',
  'Aïssatou',
  'Marie-Thérèse',
  'Jean-Pierre',
  'Wojciech',
  'Mohamed',
  'Moussa',
  'Laurent',
  'Djamel',
  'Walid',
  'Anaïs',
  'Zoé',
  'Loïc',
  'Christophe',
  'Stéphane',
  'Jérôme',
  'Kévin',
  'Raphaël',
  'Ousmane',
  'Fatoumata',
  'Khadija',
  'Minh',
  'Nolwenn',
  'Anne-Sophie',
  'Joël',
  'Thaïs',
]
const CREATED_ALIASES = [
  'Le Grand',
  'Mimi',
  'Jojo',
  'La Bretonne',
  'Tonton',
  'Petit Louis',
  'Momo',
  'Le Marin',
]

/** How agents respell a name they heard (French spelling of sounds, transliteration habits). */
const RESPELLINGS: [RegExp, string][] = [
  [/th/, 't'],
  [/([bcdfglmnprst])\1/, '$1'],
  [/ph/, 'f'],
  [/y/, 'i'],
  [/ss/, 's'],
  [/c([ei])/, 's$1'],
  [/qu/, 'k'],
  [/cq/, 'c'],
  [/ou/, 'o'],
  [/z$/, 's'],
  [/s$/, 'z'],
  [/sch/, 'ch'],
  [/ck/, 'k'],
  [/k/, 'c'],
  [/t$/, 'd'],
  [/d$/, 't'],
  [/eau/, 'o'],
  [/au/, 'o'],
  [/w/, 'v'],
  [/dj/, 'j'],
  [/gu([ei])/, 'g$1'],
  [/ai/, 'e'],
  [/([^aeiou])e$/, '$1'],
  [/([^aeiouy])$/, '$1e'],
  [/i([aeou])/, 'y$1'],
  [/([aeiou])s([aeiou])/, '$1ss$2'],
]
/** Names written otherwise across alphabets and habits. */
const TRANSLITERATIONS: Record<string, string[]> = {
  mohamed: ['mohammed', 'muhammad', 'mouhamed'],
  oumar: ['omar'],
  ousmane: ['usman', 'osmane'],
  yassine: ['yacine', 'yassin'],
  aissatou: ['aisatou', 'aissata'],
  fatoumata: ['fatimata', 'fatoumatta'],
  khadija: ['khadidja', 'kadija'],
  moussa: ['musa'],
  walid: ['oualid'],
  djamel: ['jamel'],
  matthieu: ['mathieu', 'matieu'],
  nguyen: ['nguyen', 'ngyen'],
  rodrigues: ['rodriguez'],
  goncalves: ['gonsalves'],
}

export type SearchClass =
  | 'exact'
  | 'one_typo'
  | 'phonetic'
  | 'particles_spacing'
  | 'being_typed'
  | 'surname_alone'
  | 'name_birth_date'
  | 'name_birth_year'
  | 'name_age'
  | 'alias_usage_birth_name'
  | 'phone'
  | 'file_number'
  | 'one_word_respelt'

/** Classes whose recall is held to ≥ 98 % (≥ 99 % for name + birth date). */
export const FULL_NAME_CLASSES: SearchClass[] = [
  'exact',
  'one_typo',
  'phonetic',
  'particles_spacing',
  'alias_usage_birth_name',
  'one_word_respelt',
  'name_birth_year',
]

export interface ClassQuery {
  cls: SearchClass
  query: string
  personId: string
}

interface Sampled {
  id: string
  file_number: string
  last_name: string | null
  usage_name: string | null
  first_names: string | null
  aliases: string[]
  birth_date: string | null
  phone: string | null
  namesakes: number
}

const fold = (value: string) => value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()

/** A person's file as the front desk creates it, named from the bench's own lists. */
export function createdPersonBody(random: Random, i: number) {
  const year = random.int(1940, 2008)
  const withUsage = random.chance(0.15)
  return {
    lastName: random.pick(CREATED_SURNAMES),
    ...(withUsage ? { usageName: random.pick(CREATED_SURNAMES) } : {}),
    firstNames: random.pick(CREATED_FIRST_NAMES),
    ...(random.chance(0.85)
      ? {
          birthDate: `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
        }
      : {}),
    ...(random.chance(0.6) ? { phone: `06 ${String(10_000_000 + i).replace(/(\d\d)(?=\d)/g, '$1 ')}` } : {}),
    ...(random.chance(0.1) ? { aliases: [random.pick(CREATED_ALIASES)] } : {}),
    tags: ['bench-api'],
  }
}

function respell(random: Random, word: string, rules = 1): string | undefined {
  let out = fold(word)
  const known = TRANSLITERATIONS[out]
  if (known && random.chance(0.5)) return random.pick(known)
  let applied = 0
  for (let attempt = 0; attempt < 30 && applied < rules; attempt++) {
    const [pattern, replacement] = random.pick(RESPELLINGS)
    const next = out.replace(pattern, replacement)
    if (next !== out && next.length >= 3) {
      out = next
      applied++
    }
  }
  return applied === rules && out !== fold(word) ? out : undefined
}

/** One typing error: a neighbouring or other letter, a letter missing, two letters swapped. */
function mistype(random: Random, word: string): string {
  const w = fold(word)
  const i = random.int(1, w.length - 2)
  const kind = random.int(0, 2)
  if (kind === 0) return w.slice(0, i) + random.pick([...'aeiourstnlm']) + w.slice(i + 1)
  if (kind === 1) return w.slice(0, i) + w.slice(i + 1)
  return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2)
}

function birthDateAsTyped(random: Random, iso: string): string {
  const [y, m, d] = iso.split('-') as [string, string, string]
  const forms = [
    `${d}/${m}/${y}`,
    `${Number(d)}/${Number(m)}/${y.slice(2)}`,
    iso,
    `${d}${m}${y}`,
    `${d}.${m}.${y}`,
    `${Number(d)} ${['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'][Number(m) - 1]} ${y}`,
  ]
  return random.pick(forms)
}

function phoneAsTyped(random: Random, phone: string): string {
  const digits = phone.replace(/\D/g, '').slice(-9)
  const national = `0${digits}`
  return random.pick([
    national,
    national.replace(/(\d\d)(?=\d)/g, '$1 '),
    national.replace(/(\d\d)(?=\d)/g, '$1.'),
    `+33 ${digits[0]} ${digits.slice(1).replace(/(\d\d)(?=\d)/g, '$1 ')}`,
    `0033${digits}`,
  ])
}

const ageOn = (iso: string, today: Date) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  const before = today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)
  return today.getUTCFullYear() - y - (before ? 1 : 0)
}

/** Either order, as agents type it: surname first most often. */
const ordered = (random: Random, surname: string, first: string) =>
  random.chance(0.7) ? `${surname} ${first}` : `${first} ${surname}`

function queryFor(random: Random, cls: SearchClass, p: Sampled, today: Date): string | undefined {
  const surname = p.usage_name ?? p.last_name
  const first = p.first_names?.split(/[ ]/)[0]
  if (!surname || !first) return cls === 'phone' || cls === 'file_number' ? undefined : undefined
  const plain = (v: string) => fold(v)
  switch (cls) {
    case 'exact':
      return ordered(random, plain(surname), plain(first))
    case 'one_typo': {
      const words = [surname, first]
      const i = random.int(0, 1)
      if (fold(words[i]!).length < 4) return undefined
      words[i] = mistype(random, words[i]!)
      return ordered(random, plain(words[0]!), plain(words[1]!))
    }
    case 'phonetic': {
      const words = [surname, first]
      const i = random.int(0, 1)
      const respelt = respell(random, words[i]!)
      if (!respelt || /[ '-]/.test(words[i]!)) return undefined
      words[i] = respelt
      return ordered(random, plain(words[0]!), plain(words[1]!))
    }
    case 'one_word_respelt': {
      // Two changes in one word: what a heard name becomes on paper.
      const words = [surname, first]
      const i = random.int(0, 1)
      const respelt = respell(random, words[i]!, 2)
      if (!respelt || /[ '-]/.test(words[i]!)) return undefined
      words[i] = respelt
      return ordered(random, plain(words[0]!), plain(words[1]!))
    }
    case 'particles_spacing': {
      const compound = [surname, p.first_names!].find((n) => /[ '’-]/.test(n))
      if (!compound) return undefined
      const parts = plain(compound).split(/[ '’-]+/)
      const variant = random.pick([
        parts.join(''),
        parts.join(' '),
        parts.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join(''),
        ...(compound === p.first_names && parts.length === 2 ? [parts.map((w) => w[0]).join('')] : []),
      ])
      const other = compound === surname ? plain(first) : plain(surname)
      return ordered(random, compound === surname ? variant : other, compound === surname ? other : variant)
    }
    case 'being_typed': {
      const s = plain(surname).replace(/[^a-z]/g, '')
      const f = plain(first).replace(/[^a-z]/g, '')
      if (s.length < 5) return undefined
      return ordered(
        random,
        s.slice(0, random.int(4, Math.min(6, s.length))),
        f.slice(0, random.int(2, Math.min(4, f.length))),
      )
    }
    case 'surname_alone':
      return plain(surname)
    case 'name_birth_date':
      return p.birth_date
        ? `${ordered(random, plain(surname), plain(first))} ${birthDateAsTyped(random, p.birth_date)}`
        : undefined
    case 'name_birth_year':
      return p.birth_date ? `${plain(surname)} ${p.birth_date.slice(0, 4)}` : undefined
    case 'name_age':
      return p.birth_date ? `${plain(surname)} ${plain(first)} ${ageOn(p.birth_date, today)} ans` : undefined
    case 'alias_usage_birth_name': {
      if (p.aliases[0] && random.chance(0.5)) return plain(p.aliases[0])
      if (p.usage_name && p.last_name && p.usage_name !== p.last_name) {
        return ordered(random, plain(random.chance(0.5) ? p.last_name : p.usage_name), plain(first))
      }
      return undefined
    }
    case 'phone':
      return p.phone ? phoneAsTyped(random, p.phone) : undefined
    case 'file_number':
      return random.chance(0.5) ? p.file_number : String(Number(p.file_number))
  }
}

/**
 * Queries of every class, about persons sampled from the database (named files outside confidential
 * teams; a third of them among the persons created through the API). Name-only classes leave out
 * persons sharing their exact name with 10 others or more: no name alone can tell those apart.
 */
export async function classQueries(
  db: Db,
  organisationId: string,
  perClass: number,
  seed: number,
  typoQueries: { query: string; personId: string; homonyms: number }[],
): Promise<ClassQuery[]> {
  const random = new Random(`search-classes:${seed}`)
  const today = new Date()
  const { rows } = await sql<Sampled>`
    with named as (
      select p.id, p.file_number, p.last_name, p.usage_name, p.first_names, p.aliases, p.birth_date::text as birth_date,
             p.phone, 'bench-api' = any(p.tags) as created
        from people p
       where p.organisation_id = ${organisationId} and p.merged_into_id is null and p.first_names is not null
         and (p.last_name is not null or p.usage_name is not null)
         and (p.team_id is null or not exists (select 1 from teams t where t.id = p.team_id and t.confidential))
    ), sample as (
      (select * from named where created order by md5(id::text || ${seed}) limit ${perClass * 6})
      union all
      (select * from named where not created order by md5(id::text || ${seed}) limit ${perClass * 12})
    )
    , namesakes as (
      select trame_normalise(coalesce(usage_name, last_name)) as surname, trame_normalise(first_names) as first, count(*)::int as n
        from people where organisation_id = ${organisationId} and merged_into_id is null
       group by 1, 2
    )
    select s.*, coalesce(n.n, 1) - 1 as namesakes
      from sample s
      left join namesakes n on n.surname = trame_normalise(coalesce(s.usage_name, s.last_name))
                           and n.first = trame_normalise(s.first_names)`.execute(db)
  const classes: SearchClass[] = [
    'exact',
    'phonetic',
    'particles_spacing',
    'being_typed',
    'surname_alone',
    'name_birth_date',
    'name_birth_year',
    'name_age',
    'alias_usage_birth_name',
    'phone',
    'file_number',
    'one_word_respelt',
  ]
  const nameOnly = new Set<SearchClass>([
    'exact',
    'phonetic',
    'particles_spacing',
    'alias_usage_birth_name',
    'one_word_respelt',
  ])
  const queries: ClassQuery[] = typoQueries
    .filter((q) => q.homonyms < 10)
    .slice(0, perClass)
    .map((q) => ({ cls: 'one_typo', query: q.query, personId: q.personId }))
  for (const cls of classes) {
    const pool = random.shuffle([...rows])
    let made = 0
    for (const person of pool) {
      if (made >= perClass) break
      if (nameOnly.has(cls) && person.namesakes >= 10) continue
      const query = queryFor(random, cls, person, today)
      if (!query) continue
      queries.push({ cls, query, personId: person.id })
      made++
    }
  }
  return queries
}

export interface ClassFigures {
  queries: number
  recall_at_1: number
  recall_at_10: number
  latency: Latency
  /** Queries answered with no file at all. */
  empty: number
  misses: { query: string; rank: number | null }[]
}

/** Recall and latency per class, for one way of running a query (repository, HTTP, baseline). */
export async function measureClasses(
  queries: ClassQuery[],
  run: (query: string) => Promise<string[]>,
  warm: number,
): Promise<Record<string, ClassFigures>> {
  for (const q of queries.slice(0, warm)) await run(q.query)
  const byClass = new Map<
    string,
    { samples: number[]; ranks: (number | null)[]; misses: ClassFigures['misses']; empty: number }
  >()
  for (const q of queries) {
    const { value: ids, ms } = await timed(() => run(q.query))
    const entry = byClass.get(q.cls) ?? { samples: [], ranks: [], misses: [], empty: 0 }
    const index = ids.indexOf(q.personId)
    const rank = index < 0 ? null : index
    entry.samples.push(ms)
    entry.ranks.push(rank)
    if (ids.length === 0) entry.empty++
    if ((rank === null || rank >= 10) && entry.misses.length < 15) entry.misses.push({ query: q.query, rank })
    byClass.set(q.cls, entry)
  }
  const figures: Record<string, ClassFigures> = {}
  for (const [cls, e] of byClass) {
    const n = Math.max(1, e.ranks.length)
    figures[cls] = {
      queries: e.ranks.length,
      recall_at_1: round(e.ranks.filter((r) => r === 0).length / n, 4),
      recall_at_10: round(e.ranks.filter((r) => r !== null && r < 10).length / n, 4),
      latency: summarise(e.samples),
      empty: e.empty,
      misses: e.misses,
    }
  }
  return figures
}

/** The search box's code path in the bench process. */
export function repositorySearch(db: Db, actor: Actor) {
  const repo = new PeopleRepository(db)
  return async (q: string) => (await repo.list(actor, parsePersonQuery(q))).rows.map((r) => r.id)
}

// Unqualified columns: the same expression serves the index and the query.
const BASELINE_NAMES = sql`(coalesce(last_name, '') || ' ' || coalesce(usage_name, '') || ' ' || coalesce(first_names, '') || ' ' || trame_join_words(aliases))`

/**
 * The field's usual search: every word must appear in the names (`ILIKE '%word%'`, no accent folding),
 * alphabetical order; a date, a phone or a file number compared as typed. With `indexed`, a trigram
 * GIN index on the same expression (made for the run, dropped after).
 */
export function baselineSearch(db: Db, actor: Actor) {
  const pattern = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  return async (q: string) => {
    const words = q.split(/\s+/).filter(Boolean)
    const conditions = words.map(
      (w) =>
        sql`(${BASELINE_NAMES} ilike ${pattern(w)} or p.file_number = ${w} or p.birth_date::text = ${w} or p.phone ilike ${pattern(w)})`,
    )
    const { rows } = await sql<{ id: string }>`
      select p.id from people p
       where p.organisation_id = ${actor.organisationId} and p.merged_into_id is null
         ${conditions.length > 0 ? sql`and ${sql.join(conditions, sql` and `)}` : sql``}
       order by p.last_name, p.first_names
       limit 50`.execute(db)
    return rows.map((r) => r.id)
  }
}

export async function withBaselineIndex<T>(db: Db, work: () => Promise<T>): Promise<T> {
  await sql`create index if not exists bench_baseline_names on people using gin (${BASELINE_NAMES} gin_trgm_ops)`.execute(
    db,
  )
  await sql`analyze people`.execute(db)
  try {
    return await work()
  } finally {
    await sql`drop index if exists bench_baseline_names`.execute(db)
  }
}
