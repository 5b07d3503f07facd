import { Input } from '@codegouvfr/react-dsfr/Input'
import { lazy, type ReactNode, Suspense } from 'react'
import { NavLink } from 'react-router'
import { parseTypedNumber } from '../../lib/numbers.ts'
import type { LatLng, MapPoint, PointMap } from '../../ui/PointMap.tsx'
import { useMapTiles } from './api/settings.ts'
import { MAP_COLORS } from './network-ui.ts'

const LINKS = [
  ['/reseau/besoins', 'Besoins'],
  ['/reseau/benevoles', 'Bénévoles'],
  ['/reseau/signalements', 'Signalements du réseau'],
  ['/reseau/tableau-de-bord', 'Tableau de bord'],
  ['/reseau/reglages', 'Réglages'],
] as const

/** The coordination pages: one title, the network's sub-navigation, the page's own heading. */
export function NetworkFrame({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <>
      <h1>Réseau de voisins solidaires</h1>
      <nav className="fr-mb-3w" aria-label="Réseau de voisins solidaires">
        <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
          {LINKS.map(([to, label]) => (
            <li key={to}>
              <NavLink
                to={to}
                className={({ isActive }) => `fr-btn fr-btn--sm ${isActive ? '' : 'fr-btn--secondary'}`}
              >
                {label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <h2>{heading}</h2>
      {children}
    </>
  )
}

// Leaflet is loaded only when a map is shown.
const LazyPointMap = lazy(() => import('../../ui/PointMap.tsx').then((m) => ({ default: m.PointMap })))

/** A map of the network's points, with the installation's tiles when the reader may have them. */
export function NetworkMap(props: Omit<Parameters<typeof PointMap>[0], 'tiles'>) {
  const tiles = useMapTiles()
  return (
    <Suspense fallback={<p aria-live="polite">Chargement de la carte…</p>}>
      <LazyPointMap {...props} tiles={tiles} pickedColor={MAP_COLORS.picked} />
    </Suspense>
  )
}

type PointKind = keyof typeof MAP_COLORS
const LEGEND: Record<PointKind, string> = {
  volunteer: 'Bénévole placé',
  centre: 'Centre de quartier',
  picked: 'Point choisi',
}

/** What the colours of a map stand for. */
export function MapLegend({ kinds }: { kinds: PointKind[] }) {
  return (
    <ul className="fr-raw-list fr-mb-1w fr-text--sm">
      {kinds.map((kind) => (
        <li key={kind} style={{ display: 'inline-block', marginRight: '1.5rem' }}>
          <span
            aria-hidden="true"
            style={{
              display: 'inline-block',
              width: '0.875rem',
              height: '0.875rem',
              borderRadius: '50%',
              marginRight: '0.5rem',
              verticalAlign: 'middle',
              background: MAP_COLORS[kind],
            }}
          />
          {LEGEND[kind]}
        </li>
      ))}
    </ul>
  )
}

export type PointText = { latitude: string; longitude: string }

/**
 * A point chosen by a click on the map, or typed in the two fields (the way for whoever cannot use
 * the map). `points` are shown for reference (the neighbourhood centres, placed volunteers).
 */
export function PointPicker(props: {
  value: PointText
  onChange: (value: PointText) => void
  points: MapPoint[]
  /** The kinds of `points`, for the legend. */
  kinds: PointKind[]
  mapLabel: string
  state: (path: string) => object
}) {
  const { value, onChange } = props
  const latitude = parseTypedNumber(value.latitude) ?? Number.NaN
  const longitude = parseTypedNumber(value.longitude) ?? Number.NaN
  const picked: LatLng | null =
    Number.isFinite(latitude) && Number.isFinite(longitude) ? { latitude, longitude } : null
  return (
    <>
      <p className="fr-text--sm fr-mb-1w">
        Cliquez sur la carte pour choisir le point, ou saisissez sa latitude et sa longitude.
      </p>
      <MapLegend kinds={[...props.kinds, 'picked']} />
      <NetworkMap
        points={props.points}
        label={props.mapLabel}
        picked={picked}
        onPick={(point) => onChange({ latitude: String(point.latitude), longitude: String(point.longitude) })}
      />
      <div className="fr-grid-row fr-grid-row--gutters fr-mb-2w">
        <div className="fr-col-12 fr-col-sm-6">
          <Input
            label="Latitude"
            hintText="Par exemple 49,8465"
            nativeInputProps={{
              inputMode: 'decimal',
              value: value.latitude,
              onChange: (e) => onChange({ ...value, latitude: e.target.value }),
            }}
            {...props.state('latitude')}
          />
        </div>
        <div className="fr-col-12 fr-col-sm-6">
          <Input
            label="Longitude"
            hintText="Par exemple 3,2876"
            nativeInputProps={{
              inputMode: 'decimal',
              value: value.longitude,
              onChange: (e) => onChange({ ...value, longitude: e.target.value }),
            }}
            {...props.state('longitude')}
          />
        </div>
      </div>
    </>
  )
}
