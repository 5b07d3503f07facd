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
