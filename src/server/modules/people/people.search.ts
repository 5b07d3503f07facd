/**
 * What a search box query asks for. Name words as typed (a particle glued to the word after it: "le
 * gall" → "legall", with its parts kept), initials ("MT" for Marie-Thérèse), and each number with
 * what it may mean: a file number, a birth date, a birth year or an age ("37 ans").
 */
export interface PersonQuery {
  words: string[]
  /** For a word glued from several typed words, those words (each part required if no name is the whole). */
  parts: (string[] | undefined)[]
  /** Letters typed for the first letters of names: ranked, never required. */
  initials: string[]
  /** Each number typed: a file answers it if it answers one of its readings. */
  numbers: { typed: string; readings: NumberReading[] }[]
  /** The last 9 digits of a phone number, so "06 12…" and "+33 6 12…" meet. */
  phoneDigits?: string
  /** Archived files (the retention sweeper's intermediate archive) answer only when asked for. */
  includeArchived?: boolean
}

export type NumberReading =
  | { fileNumber: string }
  | { birthDate: string }
  | { birthYear: number }
  /** Between its two birth dates, both included. */
  | { age: number; bornFrom: string; bornTo: string }

const MONTHS = [
  'janvier',
  'fevrier',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'aout',
  'septembre',
  'octobre',
  'novembre',
  'decembre',
]
/** Words glued to the name after them, as they are written both ways (Le Gall / Legall, Ben Saïd / Bensaid). */
const PARTICLES = new Set(
  'a al ben bin d da das de del della den der des di do dos du el ibn l la le los mac mc n o ould st ste saint sainte ten ter van von y'.split(
    ' ',
  ),
)

export const fold = (value: string) =>
  value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')

function calendarDate(year: number, month: number, day: number): string | undefined {
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  const date = new Date(`${iso}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined
}

/** "87" → 1987, "05" → 2005: the century that puts the birth in the past. */
function fullYear(year: string, today: Date) {
  if (year.length === 4) return Number(year)
  const short = Number(year)
  return 2000 + short <= today.getUTCFullYear() ? 2000 + short : 1900 + short
}

const plausibleYear = (year: number, today: Date) => year >= 1900 && year <= today.getUTCFullYear()

/** 05/03/1987, 5/3/87, 5.3.1987, 1987-03-05, 05031987, 050387 → the calendar date, if it is one. */
export function parseBirthDate(token: string, today = new Date()): string | undefined {
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(token)
  if (!match) match = /^(\d{2})(\d{2})(\d{4}|\d{2})$/.exec(token)
  if (match) {
    const year = fullYear(match[3]!, today)
    if (!plausibleYear(year, today)) return undefined
    return calendarDate(year, Number(match[2]), Number(match[1]))
  }
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(token)
  return iso ? calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3])) : undefined
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10)

/** Born between these two days (both included), a person is `age` today. */
function ageReading(age: number, today: Date): NumberReading {
  const to = new Date(Date.UTC(today.getUTCFullYear() - age, today.getUTCMonth(), today.getUTCDate()))
  const from = new Date(
    Date.UTC(today.getUTCFullYear() - age - 1, today.getUTCMonth(), today.getUTCDate() + 1),
  )
  return { age, bornFrom: isoDay(from), bornTo: isoDay(to) }
}

/**
 * What a number may mean. A file number as Trame prints it (6 digits or more) is one; a shorter number
 * only when nothing else is typed. Otherwise a birth date, a year of birth, an age.
 */
function numberReadings(token: string, alone: boolean, today: Date): NumberReading[] {
  const readings: NumberReading[] = []
  const date = parseBirthDate(token, today)
  if (date) readings.push({ birthDate: date })
  if (/^\d+$/.test(token)) {
    const value = Number(token)
    if (token.length === 4 && plausibleYear(value, today)) readings.push({ birthYear: value })
    if (token.length <= 3 && value <= 120 && !alone) readings.push(ageReading(value, today))
    if ((token.length >= 6 && token.length <= 9) || (alone && token.length <= 9)) {
      readings.push({ fileNumber: token.padStart(6, '0') })
    }
  }
  return readings
}

/**
 * "Dupond helene 03/02/1987" → words and a birth date; "martin 1987" → a birth year; "martin 37 ans"
 * → an age; "000123" → a file number; "06 12 34 56 78" or "+33 6 12 34 56 78" → a phone number.
 */
export function parsePersonQuery(q: string | undefined, today = new Date()): PersonQuery {
  const query: PersonQuery = { words: [], parts: [], initials: [], numbers: [] }
  const text = fold((q ?? '').trim())
  const digits = text.replace(/[\s.()/+-]/g, '')
  if (/^\d{9,15}$/.test(digits) && !parseBirthDate(text.replace(/\s/g, ''), today)) {
    query.phoneDigits = digits.slice(-9)
    return query
  }
  const tokens = text
    // "37ans", "5mars": the number and its word apart.
    .replace(/(\d)([a-z])/g, '$1 $2')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 12)
  const alone = tokens.length === 1
  const names: string[] = []
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    const month = MONTHS.indexOf(tokens[i + 1] ?? '')
    // "5 mars 1987"
    if (/^\d{1,2}$/.test(token) && month >= 0 && /^\d{4}$/.test(tokens[i + 2] ?? '')) {
      const date = calendarDate(Number(tokens[i + 2]), month + 1, Number(token))
      if (date)
        query.numbers.push({
          typed: `${token} ${tokens[i + 1]} ${tokens[i + 2]}`,
          readings: [{ birthDate: date }],
        })
      i += 2
      continue
    }
    if (/^\d/.test(token)) {
      // "37 ans": an age, whatever its size.
      if (/^\d{1,3}$/.test(token) && /^an(s)?$/.test(tokens[i + 1] ?? '')) {
        query.numbers.push({ typed: `${token} ans`, readings: [ageReading(Number(token), today)] })
        i++
        continue
      }
      // A number no file can answer (31/02/1987) is kept: the search says nothing answers it.
      query.numbers.push({ typed: token, readings: numberReadings(token, alone, today) })
      continue
    }
    // "Aubertin-Martin", "N'Diaye": the parts of a compound name are words of their own.
    names.push(
      ...token
        .split(/[^a-z0-9]+/)
        .filter(Boolean)
        .map((word) => word.slice(0, 60)),
    )
  }
  for (let i = 0; i < names.length; i++) {
    const word = names[i]!
    // Consonants only, two or three: initials ("MT", "jp"), unless it is the only word.
    if (/^[^aeiouy\d]{2,3}$/.test(word) && names.length > 1) {
      query.initials.push(word)
      continue
    }
    const glued = [word]
    while (
      PARTICLES.has(glued.at(-1)!) &&
      i + 1 < names.length &&
      !/^[^aeiouy\d]{2,3}$/.test(names[i + 1]!)
    ) {
      glued.push(names[++i]!)
    }
    query.words.push(glued.join(''))
    query.parts.push(glued.length > 1 ? glued : undefined)
  }
  return query
}

// How likely a typed word is a name word mistyped: one letter wrong, missing, added, or two letters
// swapped, each an "edit". Typists mostly hit a neighbouring key (French AZERTY keyboards), miss or
// double a letter, swap two; they rarely get the first letter wrong.
const KEY_ROWS = ['azertyuiop', 'qsdfghjklm', 'wxcvbn']
const NEIGHBOUR_KEYS = new Map<string, Set<string>>()
for (const [r, row] of KEY_ROWS.entries()) {
  for (const [i, key] of [...row].entries()) {
    // Staggered rows: a key touches its two neighbours in the row, two keys above (same index and
    // next) and two below (previous and same index).
    const near = [row[i - 1], row[i + 1], KEY_ROWS[r - 1]?.[i], KEY_ROWS[r - 1]?.[i + 1]]
    near.push(KEY_ROWS[r + 1]?.[i - 1], KEY_ROWS[r + 1]?.[i])
    NEIGHBOUR_KEYS.set(key, new Set(near.filter((c): c is string => Boolean(c))))
  }
}

const EDIT = {
  neighbourKey: 0.7,
  otherKey: 1.2,
  swapped: 0.7,
  missing: 0.7,
  missingDouble: 0.5,
  extraDouble: 0.5,
  extraNeighbour: 0.7,
  extraOther: 1.2,
  firstLetter: 0.3,
}

const near = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && (a === b || NEIGHBOUR_KEYS.get(a)?.has(b) === true)

/**
 * Cost of reading `typed` as the name word `word` (both normalised): 0 for the word itself, about
 * 0.5–1.5 per typing error (restricted Damerau–Levenshtein, weighted as above: the likelier the
 * error, the cheaper). A word being typed may stop short: the last word of the query is cheaply the
 * beginning of a name, another word less so, the more so the more letters are left.
 */
export function nameWordCost(typed: string, word: string, { last = false } = {}): number {
  if (typed === word) return 0
  const t = typed
  const w = word
  const first = (i: number) => (i === 0 ? EDIT.firstLetter : 0)
  // A letter left out, most often one of a double letter.
  const missing = (j: number) =>
    (w[j] === w[j - 1] || w[j] === w[j + 1] ? EDIT.missingDouble : EDIT.missing) + first(j)
  // A letter too many: a letter doubled, or a key next to the one meant.
  const extra = (i: number) =>
    (t[i] === t[i - 1] || t[i] === t[i + 1]
      ? EDIT.extraDouble
      : near(t[i], t[i - 1]) || near(t[i], t[i + 1])
        ? EDIT.extraNeighbour
        : EDIT.extraOther) + first(i)
  const rows: number[][] = [[0]]
  for (let j = 1; j <= w.length; j++) rows[0]!.push(rows[0]![j - 1]! + missing(j - 1))
  for (let i = 1; i <= t.length; i++) {
    const row = [rows[i - 1]![0]! + extra(i - 1)]
    for (let j = 1; j <= w.length; j++) {
      const a = t[i - 1]!
      const b = w[j - 1]!
      const substitution = a === b ? 0 : (near(a, b) ? EDIT.neighbourKey : EDIT.otherKey) + first(j - 1)
      let best = Math.min(
        rows[i - 1]![j - 1]! + substitution,
        rows[i - 1]![j]! + extra(i - 1),
        row[j - 1]! + missing(j - 1),
      )
      if (i > 1 && j > 1 && a === w[j - 2] && t[i - 2] === b && a !== b) {
        best = Math.min(best, rows[i - 2]![j - 2]! + EDIT.swapped + first(j - 2))
      }
      row.push(best)
    }
    rows.push(row)
  }
  const edits = rows[t.length]![w.length]!
  if (!word.startsWith(typed)) return edits
  return Math.min(edits, (last ? 0.3 : 0.8) + 0.2 * (word.length - typed.length))
}

/** What an agent types as a 2-letter name word, with one letter wrong or the two swapped. */
export function shortWordVariants(typed: string): string[] {
  const t = typed.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
  if (t.length !== 2) return []
  const variants = [`${t[1]}${t[0]}`]
  for (const c of 'abcdefghijklmnopqrstuvwxyz') variants.push(`${c}${t[1]}`, `${t[0]}${c}`)
  return variants
}

/** Two typed words read as the same name ("mia mira" for "Mira Manuel"). */
const SHARED_NAME = 0.6
/** Each name of the file beyond those typed: "Fournier Martine" before "Richard-Fournier Martine Michèle". */
const OTHER_NAME = 0.05
/** A typed word none of the file's names stands for: the file comes after every file answering all. */
export const UNMATCHED_WORD = 3

/**
 * Candidate names of a typed word: a name word, or several names the file must all hold (`"le gall"`
 * for "le gall" typed on a file named "Le Gall" whose joined form was not typed), and their cost.
 */
export type WordCosts = Map<string, number>

/** The names (single words, or space-separated words all required) a file holds among `candidates`. */
function heldBy(words: Set<string>, candidates: WordCosts) {
  const held: [string, number][] = []
  for (const [name, cost] of candidates) {
    if (name.includes(' ') ? name.split(' ').every((w) => words.has(w)) : words.has(name))
      held.push([name, cost])
  }
  return held
}

/**
 * How far a file's names are from the typed words: each typed word read as a different name of the
 * file at the lowest total cost (`costs[i]`: the names typed word i may stand for, and at what cost).
 * Also which name each typed word was read as (undefined: none of the file's names).
 */
export function namesCost(
  names: string[],
  costs: WordCosts[],
): { cost: number; readAs: (string | undefined)[] } {
  const words = new Set(names)
  const held = costs.map((c) => heldBy(words, c))
  const slots = [...new Set(held.flatMap((h) => h.map(([name]) => name)))].slice(0, 12)
  const memo = new Map<number, { cost: number; readAs: (string | undefined)[] }>()
  const best = (i: number, used: number): { cost: number; readAs: (string | undefined)[] } => {
    if (i === costs.length) return { cost: 0, readAs: [] }
    const key = i * 4096 + used
    const known = memo.get(key)
    if (known) return known
    const skip = best(i + 1, used)
    let result = { cost: UNMATCHED_WORD + skip.cost, readAs: [undefined, ...skip.readAs] }
    for (const [name, cost] of held[i]!) {
      const j = slots.indexOf(name)
      if (j < 0) continue
      const shared = used & (1 << j) ? SHARED_NAME : 0
      const next = best(i + 1, used | (1 << j))
      if (cost + shared + next.cost < result.cost) {
        result = { cost: cost + shared + next.cost, readAs: [name, ...next.readAs] }
      }
    }
    memo.set(key, result)
    return result
  }
  const found = best(0, 0)
  const typedNames = found.readAs.filter(Boolean).join(' ').split(' ').length
  return {
    cost: found.cost + OTHER_NAME * Math.max(0, nameCount(names) - typedNames),
    readAs: found.readAs,
  }
}

/** The names of a file, not counting the joined forms the index adds ("legall" of "le gall"). */
function nameCount(words: string[]) {
  const set = new Set(words)
  return words.filter((w) => ![...set].some((a) => a !== w && w.startsWith(a) && set.has(w.slice(a.length))))
    .length
}

/** The initials typed ("mt") in the file's first names or names, in order: a small bonus. */
export function initialsBonus(initials: string[], names: string | null): number {
  if (initials.length === 0 || !names) return 0
  const letters = fold(names)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0])
    .join('')
  return initials.some((i) => letters.includes(i)) ? -0.4 : 0
}

/** What answered a query in a file found: the name each typed word was read as, and what nothing answered. */
export interface SearchMatch {
  cost: number
  readAs: string[]
  unmatched: string[]
}

/** The words a name is searched by, as `trame_person_name_words` makes them (joined forms included). */
function fieldWords(value: string) {
  const parts = fold(value)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
  const words = new Set(parts)
  if (parts.length > 1) words.add(parts.join(''))
  for (let i = 0; parts.length > 2 && i + 1 < parts.length; i++) words.add(parts[i]! + parts[i + 1]!)
  return words
}

type MatchField = 'lastName' | 'usageName' | 'firstNames' | 'alias' | 'description'

/** Which of the file's names each name a search read was found in: "Le Gall" (usage name), "Momo" (alias). */
export function matchedNames(
  file: {
    last_name: string | null
    usage_name: string | null
    first_names: string | null
    aliases: string[]
    description: string | null
  },
  readAs: string[],
): { field: MatchField; value: string }[] {
  const fields: { field: MatchField; value: string }[] = [
    ...(file.usage_name ? [{ field: 'usageName' as const, value: file.usage_name }] : []),
    ...(file.last_name ? [{ field: 'lastName' as const, value: file.last_name }] : []),
    ...(file.first_names ? [{ field: 'firstNames' as const, value: file.first_names }] : []),
    ...file.aliases.map((value) => ({ field: 'alias' as const, value })),
    ...(file.description ? [{ field: 'description' as const, value: file.description }] : []),
  ]
  const found: { field: MatchField; value: string }[] = []
  for (const name of readAs) {
    for (const word of name.split(' ')) {
      const field = fields.find((f) => fieldWords(f.value).has(word))
      if (field && !found.includes(field)) found.push(field)
    }
  }
  return found
}
