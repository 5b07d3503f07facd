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
