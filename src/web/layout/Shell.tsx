import { Footer } from '@codegouvfr/react-dsfr/Footer'
import { Header } from '@codegouvfr/react-dsfr/Header'
import type { MainNavigationProps } from '@codegouvfr/react-dsfr/MainNavigation'
import { SkipLinks } from '@codegouvfr/react-dsfr/SkipLinks'
import { useQueryClient } from '@tanstack/react-query'
import { Suspense } from 'react'
import { Outlet, useLocation, useNavigate } from 'react-router'
import type { Me } from '../../shared/auth.ts'
import { NAV_GROUPS, NAV_MODULES, type NavGroup } from '../../shared/navigation.ts'
import { post } from '../lib/api-client.ts'
import { forgetOnThisDevice, hasPermission, useMe } from '../lib/session.ts'
import { serverLinkProps } from '../ui/server-link.ts'
import './shell.css'

/** The DSFR frame of every page: header with the organisation's name, navigation by permission, footer. */
export function Shell() {
  const { data: me } = useMe()
  const location = useLocation()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const signedIn = me?.state === 'active'

  const logout = async () => {
    await post('/api/auth/logout').catch(() => undefined)
    await forgetOnThisDevice()
    queryClient.clear()
    navigate('/connexion')
  }

  const navigation = signedIn ? navigationFor(me, location.pathname) : undefined

  return (
    <>
      <SkipLinks
        links={[
          { label: 'Contenu', anchor: '#contenu' },
          ...(signedIn ? [{ label: 'Menu', anchor: '#entete-main-navigation' }] : []),
        ]}
      />
      <Header
        id="entete"
        brandTop={
          <>
            République
            <br />
            Française
          </>
        }
        homeLinkProps={{ to: '/', title: 'Accueil — Trame' }}
        serviceTitle="Trame"
        serviceTagline={me ? me.organisation.name : "La plateforme de l'action sociale"}
        navigation={navigation}
        quickAccessItems={
          me
            ? [
                ...(signedIn
                  ? [
                      {
                        iconId: 'fr-icon-account-circle-line' as const,
                        text: me.user.name,
                        linkProps: { to: '/compte' },
                      },
                    ]
                  : []),
                {
                  iconId: 'fr-icon-logout-box-r-line' as const,
                  text: 'Se déconnecter',
                  buttonProps: { onClick: logout },
                },
              ]
            : [
                {
                  iconId: 'fr-icon-lock-line' as const,
                  text: 'Se connecter',
                  linkProps: { to: '/connexion' },
                },
              ]
        }
      />
      <main id="contenu" className="fr-container fr-py-5w" tabIndex={-1}>
        <Suspense fallback={<p aria-live="polite">Chargement…</p>}>
          <Outlet />
        </Suspense>
      </main>
      <Footer
        accessibility="non compliant"
        contentDescription="Trame est un logiciel libre pour les centres communaux et intercommunaux d'action sociale."
        bottomItems={[{ text: "Documentation de l'API", linkProps: serverLinkProps('/api/docs') }]}
      />
    </>
  )
}

/**
 * Home, then the modules the reader may open. A group (indicators, administration) becomes one
 * drop-down entry when the reader sees more than one of its pages, so that a director's menu fits on one line.
 */
function navigationFor(me: Me, pathname: string): MainNavigationProps.Item[] {
  const link = (m: (typeof NAV_MODULES)[number]) => ({
    text: m.label,
    linkProps: { to: m.path },
    isActive: pathname.startsWith(m.path),
  })
  const visible = NAV_MODULES.filter((m) => hasPermission(me, m.requires))
  const items: MainNavigationProps.Item[] = [
    { text: 'Accueil', linkProps: { to: '/' }, isActive: pathname === '/' },
  ]
  const placed = new Set<NavGroup>()
  for (const m of visible) {
    const group = m.group
    const members = group ? visible.filter((other) => other.group === group) : []
    if (!group || members.length < 2) {
      items.push(link(m))
    } else if (!placed.has(group)) {
      placed.add(group)
      const menuLinks = members.map(link)
      items.push({ text: NAV_GROUPS[group], menuLinks, isActive: menuLinks.some((l) => l.isActive) })
    }
  }
  return items
}
