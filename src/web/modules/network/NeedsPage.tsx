import { Link, Navigate, useLocation, useSearchParams } from 'react-router'
import { NEED_STATUS } from '../../../shared/network.ts'
import { applyApiError } from '../../lib/forms.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { AccessDenied } from '../../ui/AccessDenied.tsx'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useNeeds } from './api/coordination.ts'
import { useNetworkSettings } from './api/settings.ts'
import { ChoiceSelect, labelledChoices } from './ChoiceSelect.tsx'
import { NeedCard } from './NeedCard.tsx'
import { NeedForm, PERSON_PARAM } from './NeedForm.tsx'
import { NetworkFrame } from './NetworkFrame.tsx'

/** The filter in the address, so that an e-mail can link to `/reseau/besoins?statut=escalated`. */
const STATUS_PARAM = 'statut'

/**
 * `/reseau/besoins`: the coordinator's list. The link from the seniors line (`?personne=…&contact=…`)
 * opens the form with its senior and call; so does this address for whoever only enters needs.
 */
export function NeedsRoute() {
  const { data: me } = useMe()
  const { search } = useLocation()
  const toForm = <Navigate to={`/reseau/besoins/nouveau${search}`} replace />
  const linked = new URLSearchParams(search).has(PERSON_PARAM)
  if (hasPermission(me, 'network.coordinate')) return linked ? toForm : <NeedsPage />
  return hasPermission(me, 'network.need.create') ? toForm : <AccessDenied />
}

function NeedsPage() {
  usePageTitle('Besoins des personnes âgées')
  const [params, setParams] = useSearchParams()
  const status = params.get(STATUS_PARAM) ?? ''
  const page = Number(params.get('page')) || 1
  const setStatus = (value: string) =>
    setParams((current) => {
      if (value) current.set(STATUS_PARAM, value)
      else current.delete(STATUS_PARAM)
      current.delete('page')
      return current
    })
  const setPage = (next: number) =>
    setParams((current) => {
      current.set('page', String(next))
      return current
    })
  const needs = useNeeds(status, page)
  const settings = useNetworkSettings()
  const byId = new Map(needs.data?.items.map((need) => [need.id, need]))
  return (
    <NetworkFrame heading="Besoins">
      <p>
        <Link to="/reseau/besoins/nouveau" className="fr-btn fr-btn--icon-left fr-icon-add-line">
          Saisir un nouveau besoin
        </Link>
      </p>
      <ChoiceSelect
        label="Statut"
        empty="Tous"
        value={status}
        onChange={setStatus}
        choices={labelledChoices(NEED_STATUS)}
      />
      {needs.isError && <ErrorAlert message={applyApiError(needs.error)} />}
      {needs.data?.total === 0 && <p>Aucun besoin.</p>}
      {needs.data?.items.map((need) => (
        <NeedCard
          key={need.id}
          need={need}
          previous={need.previousNeedId ? byId.get(need.previousNeedId) : undefined}
          offerCount={settings.data?.offerCount}
        />
      ))}
      {needs.data && needs.data.total > 0 && (
        <ListPagination list={needs.data} noun={['besoin', 'besoins']} onPage={setPage} />
      )}
    </NetworkFrame>
  )
}

/**
 * `/reseau/besoins/nouveau`: a need entered by the coordinator, or from the seniors line and then sent
 * on to the coordinator.
 */
export function NeedCreatePage() {
  usePageTitle('Demander l’aide d’un voisin solidaire')
  const { data: me } = useMe()
  const intro = (
    <p>
      La coordination du réseau propose le besoin aux voisins solidaires les mieux placés. Le nom, l’adresse
      et le téléphone de la personne ne sont montrés qu’au bénévole qui l’accepte.
    </p>
  )
  if (hasPermission(me, 'network.coordinate')) {
    return (
      <NetworkFrame heading="Nouveau besoin">
        {intro}
        <NeedForm saved="Besoin enregistré : proposez-le aux bénévoles depuis la liste des besoins." />
        <Link to="/reseau/besoins">Retour à la liste des besoins</Link>
      </NetworkFrame>
    )
  }
  return (
    <div className="fr-grid-row">
      <div className="fr-col-12 fr-col-lg-10">
        <h1>Demander l’aide d’un voisin solidaire</h1>
        {intro}
        <NeedForm saved="Besoin enregistré et transmis à la coordination du réseau : elle le proposera aux voisins solidaires." />
        <Link to="/">Retour à l’accueil</Link>
      </div>
    </div>
  )
}
