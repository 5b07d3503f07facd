import { Button } from '@codegouvfr/react-dsfr/Button'
import { Suspense, useEffect } from 'react'
import { Link, Outlet, useLocation } from 'react-router'
import type { Action } from '../../../shared/permissions.ts'
import { hasPermission, rememberOnThisDevice, useMe } from '../../lib/session.ts'
import { registerServiceWorker } from '../../pwa/register.ts'
import { PendingEncounters } from './PendingEncounters.tsx'
import './outreach.css'

/** The outreach pages, and what reveals each. */
const SECTIONS: { path: string; label: string; requires: Action[]; exact?: boolean }[] = [
  { path: '/aller-vers', label: 'Tournées', requires: ['outreach.read'], exact: true },
  { path: '/aller-vers/rencontres', label: 'Rencontres', requires: ['outreach.read'] },
  { path: '/aller-vers/lieux', label: 'Lieux', requires: ['outreach.read'] },
  { path: '/aller-vers/file-active', label: 'File active', requires: ['outreach.read'] },
  { path: '/aller-vers/familles', label: 'Familles', requires: ['outreach.read'] },
  { path: '/aller-vers/carte', label: 'Carte', requires: ['outreach.read'] },
  { path: '/indicateurs/recensement', label: 'Recensement', requires: ['outreach.read', 'indicators.read'] },
  { path: '/admin/aller-vers', label: 'Paramètres', requires: ['outreach.configure'] },
]

/** Pages with their own "new encounter" button (the round sheet) or that are the form itself. */
const ownEncounterButton = (path: string) =>
  path.startsWith('/aller-vers/rencontres/nouvelle') || path.startsWith('/aller-vers/tournees/')

/**
 * The frame of the outreach pages: their sub-navigation, the "new encounter" button always at hand,
 * and the encounters recorded without network that wait to be sent.
 */
export function OutreachLayout() {
  const { data: me } = useMe()
  const location = useLocation()
  const canWrite = hasPermission(me, 'outreach.write')
  // Those who record encounters in the street get the pages, and who they are, kept on the phone.
  useEffect(() => {
    if (!me || !canWrite) return
    registerServiceWorker()
    void rememberOnThisDevice(me)
  }, [me, canWrite])
  const sections = SECTIONS.filter((s) => s.requires.some((action) => hasPermission(me, action)))
  // The analyst has only the census: no bar. The administrator reaches the settings from the census.
  const showBar = sections.length > 1
  const current = (s: (typeof SECTIONS)[number]) =>
    s.exact
      ? location.pathname === s.path || location.pathname.startsWith('/aller-vers/tournees')
      : location.pathname.startsWith(s.path)
  return (
    <>
      {showBar && (
        <div className="outreach-bar fr-mb-3w">
          <nav aria-label="Rubriques de l’aller-vers">
            <ul className="fr-tags-group">
              {sections.map((s) => (
                <li key={s.path}>
                  <Link className="fr-tag" to={s.path} aria-current={current(s) ? 'page' : undefined}>
                    {s.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {canWrite && !ownEncounterButton(location.pathname) && (
            <Button
              iconId="fr-icon-add-line"
              linkProps={{ to: '/aller-vers/rencontres/nouvelle' }}
              className="outreach-bar__action"
            >
              Nouvelle rencontre
            </Button>
          )}
        </div>
      )}
      {canWrite && me && <PendingEncounters userId={me.user.id} />}
      <Suspense fallback={<p aria-live="polite">Chargement…</p>}>
        <Outlet />
      </Suspense>
    </>
  )
}
