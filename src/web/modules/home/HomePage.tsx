import { Tile } from '@codegouvfr/react-dsfr/Tile'
import type { ReactNode } from 'react'
import { NAV_MODULES } from '../../../shared/navigation.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { usePageTitle } from '../../ui/use-page-title.ts'

/**
 * The home dashboard: each module adds its own tile and figures here as it arrives. The front desk
 * panel is passed in by the router, so that web modules stay independent of each other.
 */
export function HomePage({ frontDesk }: { frontDesk?: ReactNode }) {
  usePageTitle('Accueil')
  const { data: me } = useMe()
  const modules = NAV_MODULES.filter((m) => hasPermission(me, m.requires))
  return (
    <>
      <h1>Bonjour {me?.user.name}</h1>
      <p className="fr-text--lead">{me?.organisation.name}</p>
      {hasPermission(me, 'contact.write') && frontDesk}
      <div className="fr-grid-row fr-grid-row--gutters">
        {modules.map((m) => (
          <div key={m.path} className="fr-col-12 fr-col-md-4">
            <Tile title={m.label} linkProps={{ to: m.path }} orientation="horizontal" />
          </div>
        ))}
      </div>
    </>
  )
}
