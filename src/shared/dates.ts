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

/** The calendar date `days` away from `date` (both YYYY-MM-DD), whatever the clock changes in between. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}
