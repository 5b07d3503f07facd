/**
 * Today's date (YYYY-MM-DD) in France, where the CCAS works: at 00:30 in Paris it is already the next
 * day, while UTC still says the previous one.
 */
export function todayInFrance(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now)
}

/** The time (HH:MM) an instant shows on a clock in France. */
export function timeInFrance(at: Date): string {
  return new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at)
}

/** The calendar date `days` away from `date` (both YYYY-MM-DD), whatever the clock changes in between. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** Whole years between a birth date and a day (both `YYYY-MM-DD`); null when the birth date is unknown. */
export function ageOn(birthDate: string | null, on: string): number | null {
  const birth = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate ?? '')
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(on)
  if (!birth || !day) return null
  const [by, bm, bd] = birth.slice(1).map(Number) as [number, number, number]
  const [y, m, d] = day.slice(1).map(Number) as [number, number, number]
  const age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0)
  return age >= 0 ? age : null
}

/**
 * The calendar date `months` after `date` (both YYYY-MM-DD), on the same day of the month or the
 * month's last day when it has fewer (31 January + 1 month = 28 or 29 February).
 */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const target = new Date(Date.UTC(year, month - 1 + months, 1, 12))
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0, 12)).getUTCDate()
  target.setUTCDate(Math.min(day, lastDay))
  return target.toISOString().slice(0, 10)
}
