import { randomUUID } from 'node:crypto'
import {
  type Insertable,
  type Kysely,
  type RawBuilder,
  type Selectable,
  type SelectQueryBuilder,
  sql,
} from 'kysely'
import type { Database, PersonTable } from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'
import {
  fold,
  initialsBonus,
  type NumberReading,
  namesCost,
  nameWordCost,
  type PersonQuery,
  type SearchMatch,
  shortWordVariants,
  UNMATCHED_WORD,
} from './people.search.ts'

/** Files weighed in memory for one search; beyond, only those holding the closest names. */
const RANKED_AT_MOST = 400
/** Files counted for "N other files" at most. */
const COUNTED_AT_MOST = 10_000
/** A name written as it sounds (Matieu for Mathieu): as likely as a typing error. */
const SOUNDS_ALIKE = 0.5

/** The words of a file's names, as the index `people_name_words` holds them. */
const nameWordsSql = sql<
  string[]
>`trame_person_name_words(p.last_name, p.usage_name, p.first_names, p.aliases, p.description)`

/** Files holding one of the names (single words, or space-separated words all held). */
function holdsOneOf(names: Map<string, number>) {
  const single = [...names.keys()].filter((name) => !name.includes(' '))
  const conditions = [
    // The list as a subquery: the planner, blind to it, reads the words' index. Shown a long list,
    // it would believe its words common and scan the table for 400 rows (2 s for "marie martin").
    ...(single.length > 0 ? [sql<boolean>`${nameWordsSql} && (select ${single}::text[])`] : []),
    ...[...names.keys()]
      .filter((name) => name.includes(' '))
      .map((name) => sql<boolean>`${nameWordsSql} @> ${name.split(' ')}::text[]`),
  ]
  return sql<boolean>`(${sql.join(conditions, sql` or `)})`
}

/** A file answering one reading of a typed number. */
function readingSql(reading: NumberReading) {
  if ('fileNumber' in reading) return sql<boolean>`p.file_number = ${reading.fileNumber}`
  if ('birthDate' in reading) return sql<boolean>`p.birth_date = ${reading.birthDate}::date`
  // A file with only an age guessed in the street answers a close year or age.
  const guessedBirthYear = sql`(extract(year from p.approximate_age_on)::int - p.approximate_age)`
  if ('birthYear' in reading) {
    return sql<boolean>`(p.birth_date between ${`${reading.birthYear}-01-01`}::date and ${`${reading.birthYear}-12-31`}::date
      or (p.birth_date is null and abs(${guessedBirthYear} - ${reading.birthYear}) <= 2))`
  }
  return sql<boolean>`(p.birth_date between ${reading.bornFrom}::date and ${reading.bornTo}::date
    or (p.birth_date is null and abs(${guessedBirthYear} - ${Number(reading.bornTo.slice(0, 4))}) <= 2))`
}

/** The names a typed word stands for at the lowest cost, or at most `margin` more. */
function closestNames(costs: Map<string, number>, margin: number) {
  const best = Math.min(...costs.values())
  return new Map([...costs].filter(([, cost]) => cost <= best + margin))
}

/** Columns of a person's file as the service writes them (JSON columns already serialised). */
export type PersonValues = Partial<
  Omit<
    Insertable<PersonTable>,
    'id' | 'organisation_id' | 'file_number' | 'created_by' | 'created_at' | 'updated_at'
  >
>
export type PersonRow = Selectable<PersonTable>
/** A file found by a search, with what answered the query. */
export type FoundRow = PersonRow & { match: SearchMatch }
export interface SearchPage {
  rows: FoundRow[]
  /** Files answering everything typed (counted up to 10,000). */
  total: number
}

/**
 * Whether the file `alias` is visible to the actor: records of confidential teams are for the team's
 * members and the director only. The SQL text does not depend on the actor's teams (one prepared
 * statement serves everyone).
 */
function visibleFile(actor: Actor, alias: 'p' | 'k') {
  if (actor.roles.includes('director')) return sql<boolean>`true`
  const team = sql.ref(`${alias}.team_id`)
  return sql<boolean>`(${team} is null
    or not exists (select 1 from teams t where t.id = ${team} and t.confidential)
    or ${team} = any(${actor.teamIds}::uuid[]))`
}

/** Keeps records of confidential teams out of reach of those outside the team (the director sees all). */
function visibleTo<O>(query: SelectQueryBuilder<Database & { p: Database['people'] }, 'p', O>, actor: Actor) {
  return query.where('p.organisation_id', '=', actor.organisationId).where(visibleFile(actor, 'p'))
}

/** The file a new record about a person goes to, with what its display name is made of. */
export type RecordFile = Pick<
  PersonRow,
  'last_name' | 'usage_name' | 'first_names' | 'description' | 'aliases'
> & {
  id: string
  /** The file is in the retention sweeper's archive: read-only until reactivated. */
  archived: boolean
}

export class PeopleRepository {
  constructor(readonly db: Kysely<Database>) {}

  /**
   * Typo-, accent- and spelling-tolerant. Each typed word is matched against the organisation's name
   * words (one typing error away, trigram-similar, sounding alike, or their beginning as one types); a
   * file holds a close name for every typed word, and answers every number typed (birth date, year, age,
   * file number). When fewer than a page of files do, files missing one word, or the numbers, follow:
   * one word spelt otherwise never empties the list. Files come by the cost of reading the typed words
   * as their names (`nameWordCost`, `namesCost`), then active files, the latest updated, alphabetical.
   * Without name words, the latest updated files answering the numbers.
   */
  async list(actor: Actor, query: PersonQuery, db = this.db, limit = 50): Promise<SearchPage> {
    const numbers = query.numbers.map((n) =>
      n.readings.length > 0
        ? sql<boolean>`(${sql.join(n.readings.map(readingSql), sql` or `)})`
        : sql<boolean>`false`,
    )
    const numbersOk =
      numbers.length > 0 ? sql<boolean>`(${sql.join(numbers, sql` and `)})` : sql<boolean>`true`
    const matching = <O>(select: SelectQueryBuilder<Database & { p: Database['people'] }, 'p', O>) => {
      let q = visibleTo(select, actor).where('p.merged_into_id', 'is', null)
      if (!query.includeArchived) q = q.where('p.status', '!=', 'archived')
      if (query.phoneDigits) q = q.where('p.phone_digits', 'like', `%${query.phoneDigits}`)
      // One letter (an initial, a name being typed) only narrows down.
      for (const word of query.words.filter((w) => w.length < 2)) {
        q = q.where(sql<boolean>`p.search_names like '%' || trame_normalise(${word}) || '%'`)
      }
      return q
    }
    const words = query.words.filter((w) => w.length >= 2)
    if (words.length === 0) {
      const fileNumbers = query.numbers.flatMap((n) =>
        n.readings.flatMap((r) => ('fileNumber' in r ? [r.fileNumber] : [])),
      )
      let select = matching(db.selectFrom('people as p').selectAll('p')).where(numbersOk)
      // The file whose number was typed first, then those born that day or year.
      if (fileNumbers.length > 0)
        select = select.orderBy(sql`p.file_number = any(${fileNumbers}::text[])`, 'desc')
      const rows = await select
        .orderBy('p.updated_at', 'desc')
        .orderBy('p.id')
        .limit(limit + 1)
        .execute()
      const shown = rows
        .slice(0, limit)
        .map((row) => ({ ...row, match: { cost: 0, readAs: [], unmatched: [] } }))
      return {
        rows: shown,
        total: rows.length > limit ? await this.count(matching, numbersOk, [], db) : rows.length,
      }
    }

    const parts = query.parts.filter((_, i) => query.words[i]!.length >= 2)
    const costs = await this.nameWordCosts(actor.organisationId, words, parts, db)
    if (costs.every((c) => c.size === 0)) return { rows: [], total: 0 }
    const holding = (names: Map<string, number>[], withNumbers: boolean) =>
      names
        .reduce(
          (s, c) => (c.size === 0 ? s : s.where(holdsOneOf(c))),
          matching(
            db
              .selectFrom('people as p')
              .select(['p.id', 'p.status', 'p.updated_at', 'p.last_name', 'p.usage_name', 'p.first_names'])
              .select([nameWordsSql.as('words'), numbersOk.as('numbers_ok')]),
          ),
        )
        .where(withNumbers ? numbersOk : sql<boolean>`true`)
        .limit(RANKED_AT_MOST)
        .execute()
    // Every typed word a name could be: files answering all of them (a word no name is close to
    // is left out from the start).
    let rows = await holding(costs, true)
    if (rows.length === RANKED_AT_MOST) {
      // Too many files to weigh them all ("marie"): those holding the closest names, as close as
      // needed to fill a page; if even the widest margin falls short, with the files read first.
      for (const margin of [0, 0.4, 0.8]) {
        const closest = await holding(
          costs.map((c) => closestNames(c, margin)),
          true,
        )
        if (closest.length >= limit || margin === 0.8) {
          const seen = new Set(closest.map((row) => row.id))
          rows = closest.length >= limit ? closest : [...closest, ...rows.filter((row) => !seen.has(row.id))]
          break
        }
      }
    }
    // A typed word no name is close to: no file answers everything.
    const full = costs.some((c) => c.size === 0) ? 0 : rows.length
    const usable = costs.filter((c) => c.size > 0).length
    if (full === 0 && (numbers.length > 0 || usable > 1)) {
      // No file answers everything: those missing one word (spelt another way) or the numbers (a year
      // typed wrong) rather than an empty list, each saying what it misses.
      const relaxed = [
        ...(numbers.length > 0 ? [costs] : []),
        ...(usable > 1
          ? costs.flatMap((c, i) => (c.size === 0 ? [] : [costs.map((d, j) => (j === i ? new Map() : d))]))
          : []),
      ]
      const seen = new Set(rows.map((row) => row.id))
      for (const names of relaxed) {
        for (const row of await holding(names, names !== costs)) {
          if (!seen.has(row.id)) rows.push(row)
          seen.add(row.id)
        }
      }
    }
    const ranked = rows
      .map((row) => {
        const { cost, readAs } = namesCost(row.words, costs)
        const unmatched = words.filter((_, i) => readAs[i] === undefined)
        if (!row.numbers_ok) unmatched.push(...query.numbers.map((n) => n.typed))
        const total =
          cost + (row.numbers_ok ? 0 : UNMATCHED_WORD) + initialsBonus(query.initials, row.first_names)
        return { row, cost: Math.round(100 * total) / 100, readAs, unmatched }
      })
      .sort(
        (a, b) =>
          a.cost - b.cost ||
          Number(b.row.status === 'active') - Number(a.row.status === 'active') ||
          b.row.updated_at.getTime() - a.row.updated_at.getTime() ||
          (a.row.usage_name ?? a.row.last_name ?? '').localeCompare(
            b.row.usage_name ?? b.row.last_name ?? '',
          ) ||
          (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0),
      )
      .slice(0, limit)
    if (ranked.length === 0) return { rows: [], total: 0 }
    const files = new Map(
      (
        await db
          .selectFrom('people')
          .selectAll()
          .where(
            'id',
            'in',
            ranked.map((r) => r.row.id),
          )
          .execute()
      ).map((file) => [file.id, file]),
    )
    return {
      rows: ranked.map(({ row, cost, readAs, unmatched }) => ({
        ...files.get(row.id)!,
        match: { cost, readAs: readAs.filter((name): name is string => name !== undefined), unmatched },
      })),
      total:
        full < RANKED_AT_MOST
          ? Math.min(full, rows.length)
          : await this.count(matching, numbersOk, costs, db),
    }
  }

  /** How many files answer every typed word and number (counted up to a bound: "more than 10,000"). */
  private async count(
    matching: <O>(
      select: SelectQueryBuilder<Database & { p: Database['people'] }, 'p', O>,
    ) => SelectQueryBuilder<Database & { p: Database['people'] }, 'p', O>,
    numbersOk: RawBuilder<boolean>,
    costs: Map<string, number>[],
    db: Kysely<Database>,
  ) {
    const files = costs
      .reduce(
        (s, c) => (c.size === 0 ? s : s.where(holdsOneOf(c))),
        matching(db.selectFrom('people as p').select('p.id')),
      )
      .where(numbersOk)
      .limit(COUNTED_AT_MOST)
    const { count } = await db
      .selectFrom(files.as('f'))
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow()
    return Number(count)
  }

  /**
   * For each typed word, the organisation's name words it may stand for, and at what cost: one typing
   * error away, trigram-similar, sounding alike (`trame_sound`), or begun by it; and for words glued
   * from a particle ("le gall"), the typed words all held by the file.
   */
  private async nameWordCosts(
    organisationId: string,
    words: string[],
    parts: (string[] | undefined)[],
    db: Kysely<Database>,
  ) {
    const candidates = words.map((word, i) => {
      const typed = sql`trame_normalise(${word})`
      // A short beginning has too many endings to weigh them all: the shortest ones.
      const prefixes = word.length >= 4 ? 5000 : word.length === 3 ? 300 : 50
      return sql<{
        i: number
        typed: string
        word: string
        sounds: boolean
      }>`select ${i}::int as i, ${typed} as typed, c.word, trame_sound(c.word) = trame_sound(${typed}) as sounds from (
          select v.word from person_name_vocabulary v
           where v.organisation_id = ${organisationId}
             and (v.word = any(trame_word_deletions(${typed})) or v.word = any(${shortWordVariants(word)}::text[]))
          union
          select d.word from person_name_word_deletions d
           where d.organisation_id = ${organisationId} and d.deletion = any(trame_word_deletions(${typed}))
          union
          (select v.word from person_name_vocabulary v
            where v.organisation_id = ${organisationId} and v.word % ${typed}
            order by similarity(v.word, ${typed}) desc limit 30)
          union
          select v.word from person_name_vocabulary v
           where v.organisation_id = ${organisationId} and v.sound = trame_sound(${typed}) and length(${typed}) >= 3
          union
          (select v.word from person_name_vocabulary v
            where v.organisation_id = ${organisationId} and v.word like ${typed} || '%'
            order by length(v.word), v.word limit ${prefixes})
        ) c`
    })
    const { rows } = await sql<{ i: number; typed: string; word: string; sounds: boolean }>`${sql.join(
      candidates,
      sql` union all `,
    )}`.execute(db)
    const costs = words.map(() => new Map<string, number>())
    for (const row of rows) {
      let cost = nameWordCost(row.typed, row.word, { last: row.i === words.length - 1 })
      // Written as it sounds (Matieu, Yacine, Omar): as likely as one typing error.
      if (row.sounds) cost = Math.min(cost, SOUNDS_ALIKE)
      costs[row.i]!.set(row.word, Math.round(cost * 100) / 100)
    }
    for (const [i, glued] of parts.entries()) {
      // "le gall" typed on a file named "Le Gall": both words, each exactly.
      const names = glued?.map(fold).filter((w) => w.length >= 2)
      if (names && names.length > 0)
        costs[i]!.set(names.join(' '), Math.min(costs[i]!.get(words[i]!) ?? 0.1, 0.1))
    }
    return costs
  }

  /**
   * Files that may be the same person: close names (trigram), same-sounding last name (double
   * metaphone) with the same birth date, the same birth date with a close first name, or the same
   * phone number. Best first.
   */
  async likelyDuplicates(
    actor: Actor,
    input: {
      name: string
      lastName?: string
      birthDate?: string
      phoneDigits?: string
      includeArchived?: boolean
    },
    db = this.db,
  ): Promise<PersonRow[]> {
    if (!db.isTransaction) return db.transaction().execute((trx) => this.likelyDuplicates(actor, input, trx))
    // Names sharing half their trigrams, not a third: the index then hands over a few hundred files
    // instead of thousands to recheck (p95 176 → 62 ms at 1 M files), and the existing file is still
    // proposed for 99.1 % of the benchmark's duplicates (99.2 % at 0.3).
    await sql`set local pg_trgm.similarity_threshold = 0.5`.execute(db)
    const name = sql`trame_normalise(${input.name})`
    const sameBirth = input.birthDate
      ? sql<boolean>`p.birth_date = ${input.birthDate}::date`
      : sql<boolean>`false`
    const soundsLike = input.lastName
      ? sql<boolean>`dmetaphone(trame_normalise(coalesce(p.last_name, ''))) = dmetaphone(trame_normalise(${input.lastName}))`
      : sql<boolean>`false`
    const samePhone = input.phoneDigits
      ? sql<boolean>`p.phone_digits like ${`%${input.phoneDigits}`}`
      : sql<boolean>`false`
    // A close age counts too: a birth date typed a year off, or an age guessed in the street.
    const closeAge = input.birthDate
      ? sql<boolean>`(abs(p.birth_date - ${input.birthDate}::date) <= 730
          or abs(extract(year from age(${input.birthDate}::date)) - (p.approximate_age
             + extract(year from age(coalesce(p.approximate_age_on, current_date))))) <= 3)`
      : sql<boolean>`false`
    const score = sql<number>`similarity(${name}, p.search_names) + case when ${sameBirth} then 0.5 else 0 end
      + case when ${closeAge} then 0.2 else 0 end
      + case when ${soundsLike} then 0.2 else 0 end + case when ${samePhone} then 0.5 else 0 end`
    return visibleTo(db.selectFrom('people as p').selectAll('p'), actor)
      .where('p.merged_into_id', 'is', null)
      .$if(!input.includeArchived, (q) => q.where('p.status', '!=', 'archived'))
      .where((eb) =>
        eb.or([
          sql<boolean>`${name} % p.search_names`,
          samePhone,
          eb.and([soundsLike, sameBirth]),
          eb.and([sameBirth, sql<boolean>`word_similarity(${name}, p.search_names) > 0.3`]),
        ]),
      )
      .orderBy(score, 'desc')
      .limit(5)
      .execute()
  }

  /**
   * Pairs of files across the organisation that may be the same person, best first, one page with the
   * total: the duplicate check's rules and score, anchored on what a pair can be joined by in one pass
   * (a hash join, no pair-by-pair scan): the same birth date with the same names, close names (half
   * their trigrams) or a same-sounding last name (double metaphone); or the same phone number with
   * close names. Both files unmerged and visible to the actor (confidential teams).
   */
  async likelyDuplicatePairs(actor: Actor, page: { page: number; pageSize: number }, db = this.db) {
    // The planner overestimates the similarity calls and compiles the query (JIT): 3.4 s instead of
    // 0.16 s at 5,000 files on PostgreSQL. Inside the caller's transaction only.
    if (db.isTransaction) await sql`set local jit = off`.execute(db)
    const shared = sql`a.names = b.names and a.names <> ' ' as same_names,
      similarity(a.search_names, b.search_names) >= 0.5 as close_names,
      coalesce(a.sound = b.sound, false) as sounds_alike,
      coalesce(a.birth_date = b.birth_date, false) as same_birth,
      coalesce(a.phone_tail = b.phone_tail, false) as same_phone,
      similarity(a.search_names, b.search_names) as similarity`
    const { rows } = await sql<{
      a_id: string
      b_id: string
      same_names: boolean
      close_names: boolean
      sounds_alike: boolean
      same_birth: boolean
      same_phone: boolean
      score: number
      total: string
    }>`
      with files as materialized (
        select p.id, p.created_at, p.birth_date, p.search_names,
               trame_normalise(coalesce(p.last_name, '')) || ' ' || trame_normalise(coalesce(p.first_names, '')) as names,
               nullif(dmetaphone(trame_normalise(coalesce(p.last_name, ''))), '') as sound,
               case when length(p.phone_digits) >= 9 then right(p.phone_digits, 9) end as phone_tail
        from people p
        where p.organisation_id = ${actor.organisationId} and p.merged_into_id is null
          and ${visibleFile(actor, 'p')}
      ),
      -- Each pair once, the older file first; what the two files share read in the same pass.
      pairs as (
        select a.id as a_id, b.id as b_id, ${shared} from files a
          join files b on b.birth_date = a.birth_date and b.id <> a.id
        where a.birth_date is not null
          and (a.created_at, a.id) < (b.created_at, b.id)
          and (b.names = a.names or b.sound = a.sound or similarity(a.search_names, b.search_names) >= 0.5)
        union
        select a.id, b.id, ${shared} from files a
          join files b on b.phone_tail = a.phone_tail and b.id <> a.id
        where (a.created_at, a.id) < (b.created_at, b.id)
          and similarity(a.search_names, b.search_names) >= 0.5
      )
      select a_id, b_id, same_names, close_names, sounds_alike, same_birth, same_phone,
             (similarity + case when same_birth then 0.5 + 0.2 else 0 end
               + case when sounds_alike then 0.2 else 0 end + case when same_phone then 0.5 else 0 end)::float8 as score,
             count(*) over () as total
      from pairs
      -- Pairs someone who merges said are not the same person stay out.
      where not exists (
        select 1 from person_duplicate_dismissals d
        where d.organisation_id = ${actor.organisationId}
          and d.person_a_id = least(pairs.a_id, pairs.b_id) and d.person_b_id = greatest(pairs.a_id, pairs.b_id))
      order by score desc, a_id, b_id
      limit ${page.pageSize} offset ${(page.page - 1) * page.pageSize}`.execute(db)
    return rows
  }

  /** Sets a pair aside from the likely duplicates, its smaller id first; undefined when it already was. */
  insertDuplicateDismissal(db: Kysely<Database>, actor: Actor, personIds: [string, string]) {
    const [a, b] = [...personIds].sort()
    return db
      .insertInto('person_duplicate_dismissals')
      .values({
        organisation_id: actor.organisationId,
        person_a_id: a!,
        person_b_id: b!,
        dismissed_by: actor.userId,
      })
      .onConflict((oc) => oc.columns(['organisation_id', 'person_a_id', 'person_b_id']).doNothing())
      .returning('id')
      .executeTakeFirst()
  }

  /** The pairs set aside whose two files the actor may see, the latest first: one page with the total. */
  async duplicateDismissals(
    actor: Actor,
    page: { page: number; pageSize: number },
    db = this.db,
    id?: string,
  ) {
    let query = db
      .selectFrom('person_duplicate_dismissals as d')
      .innerJoin('people as p', 'p.id', 'd.person_a_id')
      .innerJoin('people as k', 'k.id', 'd.person_b_id')
      .innerJoin('users as u', 'u.id', 'd.dismissed_by')
      .where('d.organisation_id', '=', actor.organisationId)
      .where(visibleFile(actor, 'p'))
      .where(visibleFile(actor, 'k'))
    if (id) query = query.where('d.id', '=', id)
    const rows = await query
      .select(['d.id', 'd.person_a_id', 'd.person_b_id', 'd.dismissed_at', 'u.name as dismissed_by'])
      .orderBy('d.dismissed_at', 'desc')
      .orderBy('d.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
    const { total } = await query
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .executeTakeFirstOrThrow()
    return { rows, total: Number(total) }
  }

  deleteDuplicateDismissal(db: Kysely<Database>, organisationId: string, id: string) {
    return db
      .deleteFrom('person_duplicate_dismissals')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  /** The files among `ids` the actor may see (other organisations' and hidden ones left out). */
  findMany(actor: Actor, ids: string[], db = this.db) {
    if (ids.length === 0) return Promise.resolve([])
    return visibleTo(db.selectFrom('people as p').selectAll('p'), actor).where('p.id', 'in', ids).execute()
  }

  /**
   * For modules that write about a person in a single statement (logging a contact): a subquery giving,
   * as JSON, the file that takes the record — the kept file after a merge — or null if the actor may not
   * see the person. The name is the kept file's if the actor may see it, else the merged one's.
   */
  recordFileSql(actor: Actor, personId: string) {
    const field = (column: string) =>
      sql`case when k.id is null then ${sql.ref(`p.${column}`)} else ${sql.ref(`k.${column}`)} end`
    return sql<RecordFile | null>`(select json_build_object(
        'id', coalesce(p.merged_into_id, p.id),
        'last_name', ${field('last_name')}, 'usage_name', ${field('usage_name')},
        'first_names', ${field('first_names')}, 'description', ${field('description')},
        'aliases', ${field('aliases')},
        'archived', ${field('status')} = 'archived')
      from people p
      left join people k on k.id = p.merged_into_id and ${visibleFile(actor, 'k')}
      where p.organisation_id = ${actor.organisationId} and p.id = ${personId}::uuid and ${visibleFile(actor, 'p')})`
  }

  /** SQL true when the actor may see the file whose id is in `column`: other modules' lists filter by it. */
  visibleFileSql(actor: Actor, column: string) {
    return sql<boolean>`exists (select 1 from people p where p.id = ${sql.ref(column)}
      and p.organisation_id = ${actor.organisationId} and ${visibleFile(actor, 'p')})`
  }

  /** `recordFileSql` on its own, for a write made of several statements. */
  async recordFile(actor: Actor, personId: string, db = this.db) {
    const { rows } = await sql<{
      file: RecordFile | null
    }>`select ${this.recordFileSql(actor, personId)} as file`.execute(db)
    return rows[0]?.file ?? null
  }

  find(actor: Actor, id: string, db = this.db) {
    return visibleTo(db.selectFrom('people as p').selectAll('p'), actor)
      .where('p.id', '=', id)
      .executeTakeFirst()
  }

  /**
   * What files say about sex, age, household and completeness, without names: for other modules'
   * aggregates. Organisation-wide, whatever the team (a count names no one).
   */
  facts(organisationId: string, ids: string[], db = this.db) {
    if (ids.length === 0) return Promise.resolve([])
    return db
      .selectFrom('people as p')
      .leftJoin('household_members as m', 'm.person_id', 'p.id')
      .select([
        'p.id',
        'p.merged_into_id',
        'p.sex',
        'p.birth_date',
        'p.approximate_age',
        'p.approximate_age_on',
        'p.nationality_group',
        'p.health_cover',
        sql<boolean>`coalesce(p.last_name, p.usage_name) is not null`.as('has_last_name'),
        sql<boolean>`p.first_names is not null`.as('has_first_names'),
        sql<boolean>`coalesce(p.address, p.city) is not null`.as('has_address'),
        sql<number>`(select count(*)::int from household_members o where o.household_id = m.household_id)`.as(
          'household_size',
        ),
        sql<boolean>`exists (select 1 from household_members o join people c on c.id = o.person_id
          where o.household_id = m.household_id and o.person_id <> p.id
            and (o.relationship = 'child' or c.birth_date > current_date - interval '18 years'))`.as(
          'household_has_children',
        ),
        sql<boolean>`exists (select 1 from household_members o where o.household_id = m.household_id
          and o.person_id <> p.id and (o.relationship = 'spouse' or m.relationship = 'spouse'))`.as(
          'household_has_partner',
        ),
      ])
      .where('p.organisation_id', '=', organisationId)
      .where('p.id', 'in', ids)
      .execute()
  }

  teamInOrganisation(organisationId: string, teamId: string) {
    return this.db
      .selectFrom('teams')
      .select(['id', 'confidential'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', teamId)
      .executeTakeFirst()
  }

  async create(db: Kysely<Database>, actor: Actor, values: PersonValues) {
    const { person_seq } = await db
      .updateTable('organisations')
      .set({ person_seq: sql`person_seq + 1` })
      .where('id', '=', actor.organisationId)
      .returning('person_seq')
      .executeTakeFirstOrThrow()
    return db
      .insertInto('people')
      .values({
        ...values,
        organisation_id: actor.organisationId,
        file_number: String(person_seq).padStart(6, '0'),
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  /**
   * For imports: the visible, unmerged file of each candidate with the same birth date and the same
   * names as the duplicate check compares them (`trame_normalise`: case, accents, punctuation aside),
   * found for a whole batch in one statement. The files born on the batch's dates are read first and
   * their names normalised once each: joining every file to the candidates would normalise every
   * file's names at every batch (minutes for an import of 50,000 lines). Candidate index → id.
   */
  async sameIdentities(
    actor: Actor,
    candidates: { lastName: string; firstNames: string; birthDate: string | null }[],
    db: Kysely<Database>,
  ) {
    const dated = candidates.flatMap((c, i) => (c.birthDate ? [{ ...c, i }] : []))
    if (dated.length === 0) return new Map<number, string>()
    const list = sql.join(
      dated.map((c) => sql`(${c.i}::int, ${c.lastName}::text, ${c.firstNames}::text, ${c.birthDate}::date)`),
    )
    const dates = [...new Set(dated.map((c) => c.birthDate))]
    const { rows } = await sql<{ i: number; id: string }>`
      with born as materialized (
        select p.id, p.created_at, p.birth_date,
               trame_normalise(coalesce(p.last_name, '')) as last_name,
               trame_normalise(coalesce(p.first_names, '')) as first_names
        from people p
        where p.organisation_id = ${actor.organisationId} and p.birth_date = any(${dates}::date[])
          and p.merged_into_id is null and ${visibleFile(actor, 'p')}
      )
      select distinct on (c.i) c.i, p.id
      from (values ${list}) as c(i, last_name, first_names, birth_date)
      join born p on p.birth_date = c.birth_date
        and p.last_name = trame_normalise(c.last_name)
        and p.first_names = trame_normalise(c.first_names)
      order by c.i, p.created_at`.execute(db)
    return new Map(rows.map((row) => [row.i, row.id]))
  }

  /** Many files in one statement (imports), their file numbers taken in one step; ids in input order. */
  async createMany(db: Kysely<Database>, actor: Actor, values: PersonValues[]) {
    if (values.length === 0) return []
    const { person_seq } = await db
      .updateTable('organisations')
      .set({ person_seq: sql`person_seq + ${values.length}` })
      .where('id', '=', actor.organisationId)
      .returning('person_seq')
      .executeTakeFirstOrThrow()
    const first = person_seq - values.length + 1
    const rows = await db
      .insertInto('people')
      .values(
        values.map((v, i) => ({
          ...v,
          organisation_id: actor.organisationId,
          file_number: String(first + i).padStart(6, '0'),
          created_by: actor.userId,
        })),
      )
      .returning(['id', 'file_number'])
      .execute()
    const byNumber = new Map(rows.map((r) => [r.file_number, r.id]))
    return values.map((_, i) => byNumber.get(String(first + i).padStart(6, '0'))!)
  }

  /**
   * For imports: adds each group's members to the household of its head (one is made with the head
   * when they have none), in a few statements for a whole batch; those already in it stay as they are,
   * those who belonged to another household leave it. Returns the households written.
   */
  async joinHouseholds(
    db: Kysely<Database>,
    actor: Actor,
    groups: { headId: string; members: { personId: string; relationship: string }[] }[],
  ) {
    const wanted = groups.filter((g) => g.members.some((m) => m.personId !== g.headId))
    if (wanted.length === 0) return []
    const current = new Map(
      (
        await db
          .selectFrom('household_members')
          .select(['person_id', 'household_id'])
          .where(
            'person_id',
            'in',
            wanted.map((g) => g.headId),
          )
          .execute()
      ).map((row) => [row.person_id, row.household_id]),
    )
    const created = wanted
      .filter((g) => !current.has(g.headId))
      .map((g) => ({ headId: g.headId, id: randomUUID() }))
    if (created.length > 0) {
      await db
        .insertInto('households')
        .values(created.map((c) => ({ id: c.id, organisation_id: actor.organisationId })))
        .execute()
      await db
        .insertInto('household_members')
        .values(
          created.map((c) => ({
            organisation_id: actor.organisationId,
            household_id: c.id,
            person_id: c.headId,
            relationship: 'head',
          })),
        )
        .execute()
      for (const c of created) current.set(c.headId, c.id)
    }
    const joining = wanted.flatMap((g) =>
      g.members
        .filter((m) => m.personId !== g.headId)
        .map((m) => ({ ...m, householdId: current.get(g.headId)! })),
    )
    const left = await db
      .deleteFrom('household_members')
      .where((eb) =>
        eb.or(
          joining.map((m) =>
            eb.and([eb('person_id', '=', m.personId), eb('household_id', '!=', m.householdId)]),
          ),
        ),
      )
      .returning('household_id')
      .execute()
    await db
      .insertInto('household_members')
      .values(
        joining.map((m) => ({
          organisation_id: actor.organisationId,
          household_id: m.householdId,
          person_id: m.personId,
          relationship: m.relationship,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute()
    for (const { household_id } of left) await this.deleteIfEmpty(db, household_id)
    return [...new Set(wanted.map((g) => current.get(g.headId)!))]
  }

  /** Undefined when `expectedUpdatedAt` is given and the file was saved since (at the API's millisecond). */
  update(db: Kysely<Database>, actor: Actor, id: string, values: PersonValues, expectedUpdatedAt?: string) {
    let query = db
      .updateTable('people')
      .set({ ...values, updated_at: sql`now()` })
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', id)
    if (expectedUpdatedAt) {
      query = query.where(
        sql<boolean>`date_trunc('milliseconds', updated_at) = ${new Date(expectedUpdatedAt)}::timestamptz`,
      )
    }
    return query.returningAll().executeTakeFirst()
  }

  /** An archived file back in the active base; undefined when it was not archived (or not visible). */
  reactivate(db: Kysely<Database>, actor: Actor, id: string) {
    return db
      .updateTable('people')
      .set({ status: 'active', updated_at: sql`now()` })
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', id)
      .where('status', '=', 'archived')
      .returningAll()
      .executeTakeFirst()
  }

  referentIds(personId: string, db = this.db) {
    return db
      .selectFrom('person_referents')
      .select('user_id')
      .where('person_id', '=', personId)
      .execute()
      .then((rows) => rows.map((r) => r.user_id))
  }

  async replaceReferents(db: Kysely<Database>, actor: Actor, personId: string, userIds: string[]) {
    await db.deleteFrom('person_referents').where('person_id', '=', personId).execute()
    if (userIds.length === 0) return
    await db
      .insertInto('person_referents')
      .values(
        // The same colleague named twice by the form is one referent.
        [...new Set(userIds)].map((user_id) => ({
          organisation_id: actor.organisationId,
          person_id: personId,
          user_id,
        })),
      )
      .execute()
  }

  /** Active users of the organisation among `userIds` (referents must be colleagues). */
  activeUsers(organisationId: string, userIds: string[], db = this.db) {
    if (userIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('users')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('status', '=', 'active')
      .where('id', 'in', userIds)
      .execute()
  }

  /** Ids of the files the actor may see, as a subquery (household sizes count only those). */
  private visibleIds(actor: Actor, db: Kysely<Database>) {
    return visibleTo(db.selectFrom('people as p').select('p.id'), actor)
  }

  /** The person's household, and its size as the actor sees it (a hidden member would show otherwise). */
  membership(actor: Actor, personId: string, db = this.db) {
    return db
      .selectFrom('household_members as m')
      .select([
        'm.household_id',
        'm.relationship',
        (eb) =>
          eb
            .selectFrom('household_members as all_m')
            .select((c) => c.fn.countAll<string>().as('n'))
            .whereRef('all_m.household_id', '=', 'm.household_id')
            .where('all_m.person_id', 'in', this.visibleIds(actor, db))
            .as('size'),
      ])
      .where('m.person_id', '=', personId)
      .executeTakeFirst()
  }

  householdSizes(actor: Actor, personIds: string[], db = this.db) {
    if (personIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('household_members as m')
      .innerJoin('household_members as all_m', 'all_m.household_id', 'm.household_id')
      .select(['m.person_id', (eb) => eb.fn.countAll<string>().as('size')])
      .where('m.person_id', 'in', personIds)
      .where('all_m.person_id', 'in', this.visibleIds(actor, db))
      .groupBy('m.person_id')
      .execute()
  }

  household(organisationId: string, householdId: string, db = this.db) {
    return db
      .selectFrom('households')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', householdId)
      .executeTakeFirst()
  }

  households(organisationId: string, householdIds: string[], db = this.db) {
    if (householdIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('households')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', 'in', householdIds)
      .execute()
  }

  householdMembers(householdId: string, db = this.db) {
    return this.membersOfHouseholds([householdId], db)
  }

  membersOfHouseholds(householdIds: string[], db = this.db) {
    if (householdIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('household_members as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .select(['m.household_id', 'm.person_id', 'm.relationship', 'm.disabled'])
      .where('m.household_id', 'in', householdIds)
      .execute()
  }

  async saveHousehold(
    db: Kysely<Database>,
    actor: Actor,
    householdId: string | undefined,
    values: {
      address: string | null
      postal_code: string | null
      city: string | null
      other_resources: string
      shares_override: number | null
    },
    members: { personId: string; relationship: string; disabled: boolean }[],
  ) {
    const id = householdId
      ? (
          await db
            .updateTable('households')
            .set({ ...values, updated_at: sql`now()` })
            .where('organisation_id', '=', actor.organisationId)
            .where('id', '=', householdId)
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id
      : (
          await db
            .insertInto('households')
            .values({ ...values, organisation_id: actor.organisationId })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id
    await db.deleteFrom('household_members').where('household_id', '=', id).execute()
    // A person moving in leaves their previous household; an emptied household is removed.
    const moving = members.map((m) => m.personId)
    const left = await db
      .deleteFrom('household_members')
      .where('person_id', 'in', moving)
      .returning('household_id')
      .execute()
    await db
      .insertInto('household_members')
      .values(
        members.map((m) => ({
          organisation_id: actor.organisationId,
          household_id: id,
          person_id: m.personId,
          relationship: m.relationship,
          disabled: m.disabled,
        })),
      )
      .execute()
    for (const { household_id } of left) await this.deleteIfEmpty(db, household_id)
    return id
  }

  async deleteIfEmpty(db: Kysely<Database>, householdId: string) {
    await db
      .deleteFrom('households')
      .where('id', '=', householdId)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('household_members').select('person_id').where('household_id', '=', householdId),
          ),
        ),
      )
      .execute()
  }

  leaveHousehold(db: Kysely<Database>, personId: string) {
    return db
      .deleteFrom('household_members')
      .where('person_id', '=', personId)
      .returningAll()
      .executeTakeFirst()
  }

  joinHousehold(
    db: Kysely<Database>,
    actor: Actor,
    member: { household_id: string; person_id: string; relationship: string; disabled: boolean },
  ) {
    return db
      .insertInto('household_members')
      .values({ ...member, organisation_id: actor.organisationId })
      .execute()
  }

  consents(personIds: string[], db = this.db) {
    return db
      .selectFrom('person_consents as c')
      .innerJoin('users as u', 'u.id', 'c.recorded_by')
      .select([
        'c.id',
        'c.scope',
        'c.given',
        'c.given_on',
        'c.note',
        'c.recorded_at',
        'u.name as recorded_by',
      ])
      .where('c.person_id', 'in', personIds)
      .orderBy('c.recorded_at', 'desc')
      .execute()
  }

  addConsent(
    db: Kysely<Database>,
    actor: Actor,
    personId: string,
    consent: { scope: string; given: boolean; given_on: string; note: string | null },
  ) {
    return db
      .insertInto('person_consents')
      .values({
        ...consent,
        organisation_id: actor.organisationId,
        person_id: personId,
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  /** Files merged into this one, directly or through another merged file: their records show under it. */
  async mergedInto(personId: string, db = this.db) {
    const { rows } = await sql<{ id: string }>`
      with recursive merged as (
        select id from people where merged_into_id = ${personId}
        union
        select p.id from people p join merged on p.merged_into_id = merged.id
      )
      select id from merged`.execute(db)
    return rows.map((r) => r.id)
  }

  /** Locks files until the transaction ends, always in id order so that two merges cannot deadlock. */
  async lockFiles(db: Kysely<Database>, organisationId: string, ids: string[]) {
    await db
      .selectFrom('people')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('id', 'in', ids)
      .orderBy('id')
      .forUpdate()
      .execute()
  }

  merges(organisationId: string, personId: string, db = this.db) {
    return db
      .selectFrom('person_merges as m')
      .innerJoin('users as u', 'u.id', 'm.merged_by')
      .select([
        'm.id',
        'm.kept_person_id',
        'm.merged_person_id',
        'm.merged_at',
        'm.undone_at',
        'u.name as merged_by',
      ])
      .where('m.organisation_id', '=', organisationId)
      .where((eb) => eb.or([eb('m.kept_person_id', '=', personId), eb('m.merged_person_id', '=', personId)]))
      .orderBy('m.merged_at', 'desc')
      .execute()
  }

  recordMerge(
    db: Kysely<Database>,
    actor: Actor,
    merge: {
      kept_person_id: string
      merged_person_id: string
      kept_before: string
      kept_after: string
      merged_before: string
    },
  ) {
    return db
      .insertInto('person_merges')
      .values({ ...merge, organisation_id: actor.organisationId, merged_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  /** Locked until the transaction ends: the same merge cannot be undone twice at once. */
  activeMerge(organisationId: string, mergeId: string, db = this.db) {
    return db
      .selectFrom('person_merges')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', mergeId)
      .where('undone_at', 'is', null)
      .forUpdate()
      .executeTakeFirst()
  }

  markMergeUndone(db: Kysely<Database>, actor: Actor, mergeId: string) {
    return db
      .updateTable('person_merges')
      .set({ undone_at: sql`now()`, undone_by: actor.userId })
      .where('id', '=', mergeId)
      .execute()
  }

  /** Who consulted or changed the files, for the access request export (no IP addresses). */
  accessLog(organisationId: string, personIds: string[], db = this.db) {
    return (
      db
        .selectFrom('audit_log as a')
        .leftJoin('users as u', 'u.id', 'a.user_id')
        .select(['a.at', 'a.action', 'u.name as user_name'])
        .where('a.organisation_id', '=', organisationId)
        // Their files read or written, and the lists that showed them (GIN on person_ids).
        .where((eb) =>
          eb.or([
            eb('a.person_id', 'in', personIds),
            sql<boolean>`a.person_ids && ${sql.val(personIds)}::uuid[]`,
          ]),
        )
        // All of it: the person has the right to the whole trail (RGPD art. 15), never its first rows.
        .orderBy('a.at', 'desc')
        .execute()
    )
  }
}
