import { Footer } from '@codegouvfr/react-dsfr/Footer'
import { Header } from '@codegouvfr/react-dsfr/Header'
import { SkipLinks } from '@codegouvfr/react-dsfr/SkipLinks'
import { useQueryClient } from '@tanstack/react-query'
import { Outlet, useLocation, useNavigate } from 'react-router'
import { NAV_MODULES } from '../../shared/navigation.ts'
import { post } from '../lib/api-client.ts'
import { hasPermission, useMe } from '../lib/session.ts'

/** The DSFR frame of every page: header with the organisation's name, navigation by permission, footer. */
export function Shell() {
  const { data: me } = useMe()
  const location = useLocation()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const signedIn = me?.state === 'active'

  const logout = async () => {
    await post('/api/auth/logout').catch(() => undefined)
    queryClient.clear()
    navigate('/connexion')
  }

  const navigation = signedIn
    ? [
        { text: 'Accueil', linkProps: { to: '/' }, isActive: location.pathname === '/' },
        ...NAV_MODULES.filter((m) => hasPermission(me, m.requires)).map((m) => ({
          text: m.label,
          linkProps: { to: m.path },
          isActive: location.pathname.startsWith(m.path),
        })),
      ]
    : undefined

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
        <Outlet />
      </main>
      <Footer
        accessibility="non compliant"
        contentDescription="Trame est un logiciel libre pour les centres communaux et intercommunaux d'action sociale."
        bottomItems={[{ text: "Documentation de l'API", linkProps: { href: '/api/docs' } }]}
      />
    </>
  )
}
