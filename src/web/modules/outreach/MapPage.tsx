import 'leaflet/dist/leaflet.css'
import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import * as L from 'leaflet'
import { useEffect, useMemo, useRef, useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { PLACE_STATUS, PLACE_TYPE, SITUATION } from '../../../shared/outreach.ts'
import { formatInstant } from '../../lib/dates.ts'
import { formatPoint } from '../../lib/numbers.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useMapPoints } from './api/census.ts'
import { useOpenReports } from './api/open-reports.ts'
import { useOutreachSettings } from './api/settings.ts'
import { PeriodTeamFields, periodAround, useUrlFilters } from './filters.tsx'
import { plural } from './outreach-format.tsx'
import { filterState, listError, TableFrame } from './ui.tsx'

type Kind = 'encounter' | 'place' | 'report'
/** One point, drawn on the map and listed under it: the list is the map for whoever cannot see it. */
interface Point {
  kind: Kind
  id: string
  latitude: number
  longitude: number
  label: string
  detail: string
  href: string
}

const KINDS: Record<Kind, { label: string; one: string; color: string }> = {
  encounter: { label: 'Rencontres', one: 'Rencontre', color: '#000091' },
  place: { label: 'Lieux', one: 'Lieu', color: '#b34000' },
  report: { label: 'Signalements ouverts', one: 'Signalement', color: '#6e445a' },
}

// Somewhere in France until there are points to frame.
const FRANCE: L.LatLngExpression = [46.6, 2.4]

/** Encounters, places and open reports on a Leaflet map, filtered by period and team, and as a list. */
export function MapPage() {
  usePageTitle('Carte de l’aller-vers')
  const { data: me } = useMe()
  const filters = useUrlFilters({ ...periodAround(90, 0), teamId: '' })
  const points = useMapPoints(filters.values)
  const settings = useOutreachSettings()
  const canTriage = hasPermission(me, 'report.triage')
  const reports = useOpenReports(canTriage)
  const [shown, setShown] = useState<Record<Kind, boolean>>({ encounter: true, place: true, report: true })

  const all = useMemo<Point[]>(() => {
    const list: Point[] = []
    for (const e of points.data?.encounters ?? []) {
      list.push({
        kind: 'encounter',
        id: e.id,
        latitude: e.latitude,
        longitude: e.longitude,
        label: `Rencontre${e.anonymous ? ' anonyme' : ''} — ${SITUATION.labels[e.situation]}`,
        detail: formatInstant(e.occurredAt),
        href: `/aller-vers/rencontres/${e.id}`,
      })
    }
    for (const p of points.data?.places ?? []) {
      list.push({
        kind: 'place',
        id: p.id,
        latitude: p.latitude,
        longitude: p.longitude,
        label: p.name,
        detail: `${PLACE_TYPE.labels[p.type]}, ${PLACE_STATUS.labels[p.status].toLowerCase()}`,
        href: `/aller-vers/lieux/${p.id}`,
      })
    }
    for (const r of reports.data ?? []) {
      if (r.latitude === null || r.longitude === null) continue
      list.push({
        kind: 'report',
        id: r.id,
        latitude: r.latitude,
        longitude: r.longitude,
        label: `Signalement ${r.reference}`,
        detail: r.locationText,
        href: `/signalements/${r.id}`,
      })
    }
    return list
  }, [points.data, reports.data])
  const visible = all.filter((p) => shown[p.kind])

  return (
    <>
      <h1>Carte</h1>
      <search className="fr-grid-row fr-grid-row--gutters fr-mb-1w">
        <PeriodTeamFields values={filters.values} set={filters.set} state={filterState(points.error)} />
      </search>
      <Checkbox
        legend="Afficher"
        orientation="horizontal"
        options={(Object.keys(KINDS) as Kind[])
          .filter((k) => k !== 'report' || canTriage)
          .map((k) => ({
            label: (
              <>
                <span className="outreach-swatch" style={{ background: KINDS[k].color }} aria-hidden="true" />
                {KINDS[k].label}
              </>
            ),
            nativeInputProps: {
              checked: shown[k],
              onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
                setShown((s) => ({ ...s, [k]: e.target.checked })),
            },
          }))}
      />
      {listError(points.error)}
      {settings.data && (
        <LeafletMap
          points={visible}
          tileUrl={settings.data.mapTileUrl}
          attribution={settings.data.mapTileAttribution}
        />
      )}
      <PointList points={visible} loading={!points.data} />
    </>
  )
}

/** The map itself; markers are drawn circles, so nothing depends on images that may not load. */
function LeafletMap(props: { points: Point[]; tileUrl: string; attribution: string }) {
  const container = useRef<HTMLElement>(null)
  const map = useRef<L.Map | null>(null)
  const layer = useRef<L.LayerGroup | null>(null)
  const [tilesFailed, setTilesFailed] = useState(false)
  const navigate = useNavigate()

  useEffect(() => {
    if (!container.current) return
    const created = L.map(container.current, { zoomControl: false, attributionControl: false }).setView(
      FRANCE,
      5,
    )
    L.control.zoom({ zoomInTitle: 'Zoomer', zoomOutTitle: 'Dézoomer' }).addTo(created)
    L.control
      .attribution({ prefix: '<a href="https://leafletjs.com" hreflang="en">Leaflet</a>' })
      .addAttribution(escapeHtml(props.attribution))
      .addTo(created)
    L.tileLayer(props.tileUrl, { maxZoom: 19 })
      .on('tileerror', () => setTilesFailed(true))
      .addTo(created)
    layer.current = L.layerGroup().addTo(created)
    map.current = created
    return () => {
      created.remove()
      map.current = null
    }
  }, [props.tileUrl, props.attribution])

  useEffect(() => {
    const group = layer.current
    if (!group || !map.current) return
    group.clearLayers()
    for (const p of props.points) {
      const marker = L.circleMarker([p.latitude, p.longitude], {
        radius: p.kind === 'place' ? 9 : 7,
        color: '#ffffff',
        weight: 2,
        fillColor: KINDS[p.kind].color,
        fillOpacity: 0.9,
      })
      const popup = document.createElement('div')
      const link = document.createElement('a')
      link.href = p.href
      link.textContent = p.label
      link.addEventListener('click', (event) => {
        event.preventDefault()
        navigate(p.href)
      })
      popup.append(link, document.createElement('br'), p.detail)
      marker.bindPopup(popup).addTo(group)
    }
    if (props.points.length > 0) {
      map.current.fitBounds(L.latLngBounds(props.points.map((p) => [p.latitude, p.longitude])), {
        padding: [24, 24],
        maxZoom: 16,
      })
    }
  }, [props.points, navigate])

  return (
    <>
      {tilesFailed && (
        <Alert
          className="fr-mb-2w"
          severity="info"
          small
          description="Le fond de carte ne se charge pas (réseau ou serveur de tuiles indisponible) : les points restent placés, et la liste ci-dessous les donne tous."
        />
      )}
      <section
        ref={container}
        className="outreach-map fr-mb-3w"
        aria-label="Carte des points ; la liste qui suit donne les mêmes points"
      />
    </>
  )
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )

function PointList({ points, loading }: { points: Point[]; loading: boolean }) {
  if (loading) return <p aria-live="polite">Chargement…</p>
  return (
    <section aria-labelledby="map-list">
      <h2 id="map-list" className="fr-h4">
        Liste des points ({points.length})
      </h2>
      {points.length === 0 ? (
        <p>
          Aucun point sur la période : les rencontres et lieux sans position n’apparaissent pas sur la carte.
        </p>
      ) : (
        <TableFrame
          caption={`${plural(points.length, 'point')} de la carte`}
          head={['Type', 'Point', 'Position']}
        >
          {points.map((p) => (
            <tr key={`${p.kind}-${p.id}`}>
              <td>
                <span
                  className="outreach-swatch"
                  style={{ background: KINDS[p.kind].color }}
                  aria-hidden="true"
                />
                {KINDS[p.kind].one}
              </td>
              <td>
                <Link to={p.href}>{p.label}</Link>
                <br />
                <span className="fr-text--xs">{p.detail}</span>
              </td>
              <td className="fr-text--sm">{formatPoint(p.latitude, p.longitude)}</td>
            </tr>
          ))}
        </TableFrame>
      )}
    </section>
  )
}
