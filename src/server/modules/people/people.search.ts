/** What a search box query asks for: name words, a birth date, a file number. */
export interface PersonQuery {
  words: string[]
  birthDate?: string
  fileNumber?: string
  /** The last 9 digits of a phone number, so "06 12…" and "+33 6 12…" meet. */
  phoneDigits?: string
}

const FRENCH_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/

function calendarDate(year: string, month: string, day: string): string | undefined {
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  const date = new Date(`${iso}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined
}

/**
 * "Dupond helene 03/02/1987" → words ["dupond", "helene"] and a birth date; "000123" → a file number;
 * "06 12 34 56 78" → a phone number.
 */
export function parsePersonQuery(q: string | undefined): PersonQuery {
  const query: PersonQuery = { words: [] }
  const digits = (q ?? '').replace(/[\s.()+-]/g, '')
  if (/^\d{7,15}$/.test(digits)) {
    query.phoneDigits = digits.slice(-9)
    return query
  }
  for (const token of (q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 8)) {
    const french = FRENCH_DATE.exec(token)
    const iso = ISO_DATE.exec(token)
    const date = french
      ? calendarDate(french[3]!, french[2]!, french[1]!)
      : iso
        ? calendarDate(iso[1]!, iso[2]!, iso[3]!)
        : undefined
    if (date) query.birthDate = date
    else if (/^\d{1,6}$/.test(token)) query.fileNumber = token.padStart(6, '0')
    // "Aubertin-Martin", "N'Diaye": the parts of a compound name are words of their own.
    else
      query.words.push(
        ...token
          .split(/[-'’.,]+/)
          .filter(Boolean)
          .map((word) => word.slice(0, 60)),
      )
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

/** The words of a file's normalised names, as `trame_name_words` splits them. */
export function nameWords(searchNames: string): string[] {
  return [...new Set(searchNames.split(/[^a-z0-9]+/).filter((w) => w.length >= 2))]
}

/** Two typed words read as the same name ("mia mira" for "Mira Manuel"). */
const SHARED_NAME = 0.6
/** Each name of the file beyond those typed: "Fournier Martine" before "Richard-Fournier Martine Michèle". */
const OTHER_NAME = 0.05
/** A typed word none of the file's names stands for (cannot happen for a file the search returned). */
const UNMATCHED_WORD = 3

/**
 * How far a file's names are from the typed words: each typed word read as a different name of the
 * file at the lowest total cost (`costs[i]`: the names typed word i may stand for, and at what cost).
 */
export function namesCost(names: string[], costs: Map<string, number>[]): number {
  const relevant = names.filter((name) => costs.some((c) => c.has(name))).slice(0, 12)
  const memo = new Map<number, number>()
  const best = (i: number, used: number): number => {
    if (i === costs.length) return 0
    const key = i * 4096 + used
    const known = memo.get(key)
    if (known !== undefined) return known
    let result = UNMATCHED_WORD + best(i + 1, used)
    for (const [j, name] of relevant.entries()) {
      const cost = costs[i]!.get(name)
      if (cost === undefined) continue
      const shared = used & (1 << j) ? SHARED_NAME : 0
      result = Math.min(result, cost + shared + best(i + 1, used | (1 << j)))
    }
    memo.set(key, result)
    return result
  }
  return best(0, 0) + OTHER_NAME * Math.max(0, names.length - costs.length)
}

/**
 * Files by how well their names answer the typed words, then active files before inactive,
 * archived or deceased ones, then the most recently updated; the file id settles the rest.
 */
export function rankByNames<
  T extends { id: string; search_names: string | null; status: string; updated_at: Date },
>(rows: T[], costs: Map<string, number>[]): T[] {
  const scored = rows.map((row) => ({
    row,
    cost: Math.round(100 * namesCost(nameWords(row.search_names ?? ''), costs)) / 100,
  }))
  scored.sort(
    (a, b) =>
      a.cost - b.cost ||
      Number(b.row.status === 'active') - Number(a.row.status === 'active') ||
      b.row.updated_at.getTime() - a.row.updated_at.getTime() ||
      (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0),
  )
  return scored.map((s) => s.row)
}
