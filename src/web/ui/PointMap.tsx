import 'leaflet/dist/leaflet.css'
import './point-map.css'
import { Alert } from '@codegouvfr/react-dsfr/Alert'
import * as L from 'leaflet'
import { useEffect, useRef, useState } from 'react'

/** One point drawn as a circle: markers are drawn, so nothing depends on images that may not load. */
export interface MapPoint {
  id: string
  latitude: number
  longitude: number
  label: string
  color: string
}
/** The installation's tiles (MAP_TILE_URL); null draws the points on a plain background. */
export interface MapTiles {
  url: string
  attribution: string
}
export type LatLng = { latitude: number; longitude: number }

// Somewhere in France until there are points to frame.
const FRANCE: L.LatLngExpression = [46.6, 2.4]
/** Five decimals: about a metre, more than a click can aim. */
const round = (n: number) => Math.round(n * 100_000) / 100_000

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )

/**
 * A Leaflet map of circle markers. With `onPick`, a click chooses a point (drawn in red): the page
 * always offers the same point as fields too, for whoever cannot use the map.
 */
export function PointMap(props: {
  points: MapPoint[]
  tiles: MapTiles | null
  /** What the map shows, for screen readers (the page lists the same points). */
  label: string
  onPick?: (point: LatLng) => void
  picked?: LatLng | null
  pickedColor?: string
}) {
  const container = useRef<HTMLElement>(null)
  const map = useRef<L.Map | null>(null)
  const pointsLayer = useRef<L.LayerGroup | null>(null)
  const pickedLayer = useRef<L.LayerGroup | null>(null)
  const onPick = useRef(props.onPick)
  onPick.current = props.onPick
  const [tilesFailed, setTilesFailed] = useState(false)
  const tileUrl = props.tiles?.url
  const tileAttribution = props.tiles?.attribution ?? ''

  useEffect(() => {
    if (!container.current) return
    const created = L.map(container.current, { zoomControl: false, attributionControl: false }).setView(
      FRANCE,
      5,
    )
    L.control.zoom({ zoomInTitle: 'Zoomer', zoomOutTitle: 'Dézoomer' }).addTo(created)
    const attribution = L.control.attribution({
      prefix: '<a href="https://leafletjs.com" hreflang="en">Leaflet</a>',
    })
    if (tileUrl) {
      attribution.addAttribution(escapeHtml(tileAttribution))
      L.tileLayer(tileUrl, { maxZoom: 19 })
        .on('tileerror', () => setTilesFailed(true))
        .addTo(created)
    }
    attribution.addTo(created)
    created.on('click', (event: L.LeafletMouseEvent) =>
      onPick.current?.({ latitude: round(event.latlng.lat), longitude: round(event.latlng.lng) }),
    )
    pointsLayer.current = L.layerGroup().addTo(created)
    pickedLayer.current = L.layerGroup().addTo(created)
    map.current = created
    return () => {
      created.remove()
      map.current = null
    }
  }, [tileUrl, tileAttribution])

  // The view frames the points when they change, not when a point is picked: the click stays under the cursor.
  const framed = props.points.map((p) => `${p.id}:${p.latitude}:${p.longitude}`).join('|')
  // biome-ignore lint/correctness/useExhaustiveDependencies: `framed` stands for the points (a new array of the same points keeps the view)
  useEffect(() => {
    const group = pointsLayer.current
    if (!group || !map.current) return
    group.clearLayers()
    // A few points carry their name on the map (it has no other landmark without tiles); many, on hover.
    const permanent = props.points.length <= 12
    for (const p of props.points) {
      L.circleMarker([p.latitude, p.longitude], {
        radius: 8,
        color: '#ffffff',
        weight: 2,
        fillColor: p.color,
        fillOpacity: 0.9,
      })
        .bindTooltip(escapeHtml(p.label), { permanent, direction: 'right', offset: [8, 0] })
        .addTo(group)
    }
    if (props.points.length > 0) {
      map.current.fitBounds(L.latLngBounds(props.points.map((p) => [p.latitude, p.longitude])), {
        padding: [32, 32],
        maxZoom: 14,
        // Drawn at once: the markers are never seen half-way through a zoom.
        animate: false,
      })
    }
  }, [framed])

  const { picked, pickedColor = '#ce0500' } = props
  useEffect(() => {
    const group = pickedLayer.current
    if (!group) return
    group.clearLayers()
    if (picked) {
      L.circleMarker([picked.latitude, picked.longitude], {
        radius: 10,
        color: '#ffffff',
        weight: 3,
        fillColor: pickedColor,
        fillOpacity: 1,
      }).addTo(group)
    }
  }, [picked, pickedColor])

  return (
    <>
      {(!tileUrl || tilesFailed) && (
        <Alert
          className="fr-mb-1w"
          severity="info"
          small
          description={`Le fond de carte n’est pas disponible : les points restent placés${
            props.onPick
              ? ', et les champs de latitude et de longitude permettent de saisir une position'
              : ''
          }.`}
        />
      )}
      <section
        ref={container}
        className={`point-map fr-mb-2w${props.onPick ? ' point-map--pick' : ''}`}
        aria-label={props.label}
      />
    </>
  )
}
