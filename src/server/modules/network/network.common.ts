import { roleAllows } from '../../../shared/permissions.ts'
import { ROLES } from '../../../shared/roles.ts'

/** The roles told of needs left waiting: those who coordinate the network. */
export const COORDINATOR_ROLES = ROLES.filter((role) => roleAllows([role], 'network.coordinate'))
/** How many waiting needs one sweep handles: the rest wait for the next run, minutes later. */
export const SWEEP_BATCH = 200

/** The organisation's portal: the link works whether the installation holds one organisation or many. */
export function portalUrl(publicUrl: string, organisationId: string, path = '') {
  return `${publicUrl}/benevoles/${organisationId}${path}`
}

/** Great-circle distance in kilometres, or null when a point is not placed. */
export function distanceKm(
  a: { latitude: number | null; longitude: number | null },
  b: { latitude: number | null; longitude: number | null },
) {
  if (a.latitude === null || a.longitude === null || b.latitude === null || b.longitude === null) return null
  const rad = Math.PI / 180
  const dLat = (b.latitude - a.latitude) * rad
  const dLon = (b.longitude - a.longitude) * rad
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2
  return Math.round(12_742 * Math.asin(Math.sqrt(h)) * 10) / 10
}
