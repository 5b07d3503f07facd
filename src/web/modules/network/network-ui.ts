import { parseTypedNumber } from '../../lib/numbers.ts'

/** A bordered block for one volunteer, need or report (DSFR cards stretch to their grid cell). */
export const CARD = { border: '1px solid var(--border-default-grey)' } as const
export const HIGHLIGHTED_CARD = {
  ...CARD,
  outline: '2px solid var(--border-action-high-blue-france)',
} as const

/** The colours of the network's maps, with their legend. */
export const MAP_COLORS = {
  volunteer: '#000091',
  centre: '#b34000',
  picked: '#ce0500',
} as const

/** The French messages of a point typed or clicked, before it is sent; none when both numbers are there. */
export function pointIssues(point: { latitude: string; longitude: string }) {
  return (['latitude', 'longitude'] as const).flatMap((path) => {
    const value = parseTypedNumber(point[path])
    if (value === undefined) {
      return [{ path, message: `Cliquez sur la carte ou indiquez la ${path}.` }]
    }
    return Number.isFinite(value) ? [] : [{ path, message: 'Nombre invalide : par exemple 49,8465.' }]
  })
}

/** "0,7 km". */
export const formatKm = (km: number) => `${km.toLocaleString('fr-FR')} km`
