import { lazy, type ReactNode, Suspense } from 'react'
import type { RouteObject } from 'react-router'
import type { Action } from '../../../shared/permissions.ts'
import { RequireSession } from '../../layout/RequireSession.tsx'
import { CaseloadPage } from './CaseloadPage.tsx'
import { CensusPage } from './CensusPage.tsx'
import { EncounterFormPage } from './EncounterFormPage.tsx'
import { EncounterPage } from './EncounterPage.tsx'
import { EncountersPage } from './EncountersPage.tsx'
import { FamiliesPage } from './FamiliesPage.tsx'
import { FamilyPage } from './FamilyPage.tsx'
import { Allowed, OutreachLayout } from './OutreachLayout.tsx'
import { OutreachSettingsPage } from './OutreachSettingsPage.tsx'
import { PlaceCreatePage, PlaceEditPage } from './PlaceFormPage.tsx'
import { PlacePage } from './PlacePage.tsx'
import { PlacesPage } from './PlacesPage.tsx'
import { RoundCreatePage, RoundEditPage } from './RoundFormPage.tsx'
import { RoundSheetPage } from './RoundSheetPage.tsx'
import { RoundsPage } from './RoundsPage.tsx'
import './outreach.css'

// Leaflet is loaded only by the map page.
const MapPage = lazy(() => import('./MapPage.tsx').then((m) => ({ default: m.MapPage })))

const READ: Action[] = ['outreach.read']
const WRITE: Action[] = ['outreach.write']

/** A page shown to those whose roles allow one of `anyOf`. */
const page = (path: string, anyOf: Action[], element: ReactNode): RouteObject => ({
  path,
  element: <Allowed anyOf={anyOf}>{element}</Allowed>,
})

/** The street-outreach pages ("aller-vers"), under one frame; the census is also the analysts'. */
export const outreachRoutes: RouteObject[] = [
  {
    element: (
      <RequireSession>
        <OutreachLayout />
      </RequireSession>
    ),
    children: [
      page('/aller-vers', READ, <RoundsPage />),
      page('/aller-vers/tournees/nouvelle', WRITE, <RoundCreatePage />),
      page('/aller-vers/tournees/:id', READ, <RoundSheetPage />),
      page('/aller-vers/tournees/:id/modifier', WRITE, <RoundEditPage />),
      page('/aller-vers/rencontres', READ, <EncountersPage />),
      page('/aller-vers/rencontres/nouvelle', WRITE, <EncounterFormPage />),
      page('/aller-vers/rencontres/:id', READ, <EncounterPage />),
      page('/aller-vers/lieux', READ, <PlacesPage />),
      page('/aller-vers/lieux/nouveau', WRITE, <PlaceCreatePage />),
      page('/aller-vers/lieux/:id', READ, <PlacePage />),
      page('/aller-vers/lieux/:id/modifier', WRITE, <PlaceEditPage />),
      page('/aller-vers/file-active', READ, <CaseloadPage />),
      page('/aller-vers/familles', READ, <FamiliesPage />),
      page('/aller-vers/familles/:id', READ, <FamilyPage />),
      page(
        '/aller-vers/carte',
        READ,
        <Suspense fallback={<p aria-live="polite">Chargement de la carte…</p>}>
          <MapPage />
        </Suspense>,
      ),
      page('/indicateurs/recensement', ['outreach.read', 'indicators.read'], <CensusPage />),
      page('/admin/aller-vers', ['outreach.configure'], <OutreachSettingsPage />),
    ],
  },
]
