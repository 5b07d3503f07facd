/** How every page writes dates and times, in French (the browser's time zone: the agent's own). */

export function formatDate(iso: string | null | undefined) {
  if (!iso) return '—'
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString('fr-FR')
}

export function formatDateTime(iso: string) {
  return new Date(iso).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short' })
}

export function formatTime(iso: string) {
  return new Date(iso).toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' })
}

/** "28/11/2026 à 14:05", or a dash when there is none. */
export function formatInstant(iso: string | null) {
  return iso ? formatDateTime(iso).replace(' ', ' à ') : '—'
}
