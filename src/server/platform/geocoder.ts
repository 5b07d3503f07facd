import type { Logger } from 'pino'

export interface Point {
  latitude: number
  longitude: number
}

/** Turns an address into a point, or null when it cannot (no service, no confident answer, an error). */
export interface Geocoder {
  locate(address: string): Promise<Point | null>
}

/** Below this score the Base Adresse Nationale is guessing: better ask the coordinator to place the person. */
const MIN_SCORE = 0.5
const TIMEOUT_MS = 3_000

/**
 * A geocoder speaking the Base Adresse Nationale's search API (GeoJSON, `[longitude, latitude]`).
 * A slow or failing service never blocks a sign-up: the person is simply left unplaced.
 */
export function banGeocoder(baseUrl: string, logger: Pick<Logger, 'warn'>): Geocoder {
  return {
    async locate(address) {
      const url = new URL('search/', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`)
      url.searchParams.set('q', address)
      url.searchParams.set('limit', '1')
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) })
        if (!response.ok) throw new Error(`HTTP ${response.status}`)
        const body = (await response.json()) as {
          features?: { geometry?: { coordinates?: unknown }; properties?: { score?: unknown } }[]
        }
        const feature = body.features?.[0]
        const [longitude, latitude] = Array.isArray(feature?.geometry?.coordinates)
          ? feature.geometry.coordinates
          : []
        const score = Number(feature?.properties?.score ?? 0)
        if (typeof latitude !== 'number' || typeof longitude !== 'number' || score < MIN_SCORE) return null
        return { latitude, longitude }
      } catch (error) {
        // The address itself stays out of the log.
        logger.warn({ reason: error instanceof Error ? error.name : 'error' }, 'geocoding failed')
        return null
      }
    },
  }
}

/** No geocoding service configured: nothing leaves Trame. */
export const noGeocoder: Geocoder = { locate: async () => null }
