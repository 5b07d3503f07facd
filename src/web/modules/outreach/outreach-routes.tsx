import type { ReactNode } from 'react'
import type { RouteObject } from 'react-router'
import type { Action } from '../../../shared/permissions.ts'
import { RequireSession } from '../../layout/RequireSession.tsx'
import { lazyPage } from '../../ui/lazy-page.ts'
import { Allowed } from './Allowed.tsx'

// Each page is loaded when first opened; Leaflet comes only with the map page.
const OutreachLayout = lazyPage(() => import('./OutreachLayout.tsx'), 'OutreachLayout')
const CaseloadPage = lazyPage(() => import('./CaseloadPage.tsx'), 'CaseloadPage')
const CensusPage = lazyPage(() => import('./CensusPage.tsx'), 'CensusPage')
const EncounterFormPage = lazyPage(() => import('./EncounterFormPage.tsx'), 'EncounterFormPage')
const EncounterPage = lazyPage(() => import('./EncounterPage.tsx'), 'EncounterPage')
const EncountersPage = lazyPage(() => import('./EncountersPage.tsx'), 'EncountersPage')
const FamiliesPage = lazyPage(() => import('./FamiliesPage.tsx'), 'FamiliesPage')
const FamilyPage = lazyPage(() => import('./FamilyPage.tsx'), 'FamilyPage')
const MapPage = lazyPage(() => import('./MapPage.tsx'), 'MapPage')
const OutreachSettingsPage = lazyPage(() => import('./OutreachSettingsPage.tsx'), 'OutreachSettingsPage')
const PlaceCreatePage = lazyPage(() => import('./PlaceFormPage.tsx'), 'PlaceCreatePage')
const PlaceEditPage = lazyPage(() => import('./PlaceFormPage.tsx'), 'PlaceEditPage')
const PlacePage = lazyPage(() => import('./PlacePage.tsx'), 'PlacePage')
const PlacesPage = lazyPage(() => import('./PlacesPage.tsx'), 'PlacesPage')
const RoundCreatePage = lazyPage(() => import('./RoundFormPage.tsx'), 'RoundCreatePage')
const RoundEditPage = lazyPage(() => import('./RoundFormPage.tsx'), 'RoundEditPage')
const RoundSheetPage = lazyPage(() => import('./RoundSheetPage.tsx'), 'RoundSheetPage')
const RoundsPage = lazyPage(() => import('./RoundsPage.tsx'), 'RoundsPage')

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
      page('/aller-vers/carte', READ, <MapPage />),
      page('/indicateurs/recensement', ['outreach.read', 'indicators.read'], <CensusPage />),
      page('/admin/aller-vers', ['outreach.configure'], <OutreachSettingsPage />),
    ],
  },
]
