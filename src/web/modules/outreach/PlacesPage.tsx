import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Link } from 'react-router'
import { PLACE_STATUS, PLACE_TYPE, type Place } from '../../../shared/outreach.ts'
import { formatDate, formatInstant } from '../../lib/dates.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { usePlaces } from './api/places.ts'
import { useUrlFilters } from './filters.tsx'
import { plural } from './outreach-format.tsx'
import { enumOptions, listError, OptionSelect, PageHeading, TableFrame, ZoneSelect } from './ui.tsx'

export function PlaceStatusBadge({ status }: { status: Place['status'] }) {
  return (
    <Badge small noIcon severity={status === 'active' ? 'info' : undefined}>
      {PLACE_STATUS.labels[status]}
    </Badge>
  )
}

/** "Dernière visite le 28/11/2026 à 20:25 : 4 personnes vues", or "Jamais visité". */
export function lastVisitText(place: Place) {
  const v = place.lastVisit
  if (!v) return 'Jamais visité'
  const seen = v.occupants !== null ? ` : ${plural(v.occupants, 'personne vue', 'personnes vues')}` : ''
  return `Dernière visite le ${formatInstant(v.visitedAt)}${seen}`
}

/** Squats, camps, regular sleeping spots: their status over time and the people seen at each visit. */
export function PlacesPage() {
  usePageTitle('Lieux')
  const { data: me } = useMe()
  const filters = useUrlFilters({ status: 'active', type: '', zoneId: '', page: '1' })
  const places = usePlaces(filters.values)
  const items = places.data?.items ?? []
  /** A new filter starts again from the first page. */
  const filterBy = (key: 'status' | 'type' | 'zoneId', value: string) =>
    filters.setAll({ [key]: value, page: '1' })
  return (
    <>
      <PageHeading
        title="Lieux"
        action={
          hasPermission(me, 'outreach.write') && (
            <Button
              priority="secondary"
              iconId="fr-icon-map-pin-2-line"
              linkProps={{ to: '/aller-vers/lieux/nouveau' }}
            >
              Nouveau lieu
            </Button>
          )
        }
      />
      <search className="fr-grid-row fr-grid-row--gutters fr-mb-2w">
        <div className="fr-col-12 fr-col-md-4">
          <OptionSelect
            label="Statut"
            empty="Tous"
            value={filters.values.status}
            onChange={(v) => filterBy('status', v)}
            options={enumOptions(PLACE_STATUS.labels)}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <OptionSelect
            label="Type"
            empty="Tous"
            value={filters.values.type}
            onChange={(v) => filterBy('type', v)}
            options={enumOptions(PLACE_TYPE.labels)}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <ZoneSelect empty="Tous" value={filters.values.zoneId} onChange={(v) => filterBy('zoneId', v)} />
        </div>
      </search>
      {listError(places.error)}
      {places.data && (
        <ListPagination
          list={places.data}
          noun={['lieu', 'lieux']}
          onPage={(page) => filters.set('page', String(page))}
        />
      )}
      {items.length > 0 && (
        <TableFrame caption="Lieux" head={['Lieu', 'Statut', 'Dernière visite']}>
          {items.map((p) => (
            <tr key={p.id}>
              <td>
                <Link to={`/aller-vers/lieux/${p.id}`}>{p.name}</Link>
                {p.riskNotes && (
                  <Badge small severity="warning" className="fr-ml-1w">
                    Risques
                  </Badge>
                )}
                <br />
                <span className="fr-text--xs">
                  {[PLACE_TYPE.labels[p.type], p.address, p.zoneName].filter(Boolean).join(' · ')}
                </span>
              </td>
              <td>
                <PlaceStatusBadge status={p.status} />
                <br />
                <span className="fr-text--xs">depuis le {formatDate(p.statusSince)}</span>
              </td>
              <td className="fr-text--sm">{lastVisitText(p)}</td>
            </tr>
          ))}
        </TableFrame>
      )}
    </>
  )
}
