import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Link } from 'react-router'
import { PLACE_STATUS, PLACE_TYPE, type Place } from '../../../shared/outreach.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useZones } from './api/pickers.ts'
import { usePlaces } from './api/places.ts'
import { useUrlFilters } from './filters.tsx'
import { formatDay, formatInstant, plural } from './outreach-format.tsx'

export function PlaceStatusBadge({ status }: { status: Place['status'] }) {
  return (
    <Badge small noIcon severity={status === 'active' ? 'info' : undefined}>
      {PLACE_STATUS.labels[status]}
    </Badge>
  )
}

/** Squats, camps, regular sleeping spots: their status over time and the people seen at each visit. */
export function PlacesPage() {
  usePageTitle('Lieux')
  const { data: me } = useMe()
  const filters = useUrlFilters({ status: 'active', type: '', zoneId: '' })
  const places = usePlaces(filters.values)
  const zones = useZones()
  const items = places.data ?? []
  return (
    <>
      <div className="fr-grid-row fr-grid-row--middle fr-grid-row--gutters fr-mb-1w">
        <div className="fr-col">
          <h1 className="fr-mb-0">Lieux</h1>
        </div>
        {hasPermission(me, 'outreach.write') && (
          <div className="fr-col-auto">
            <Button
              priority="secondary"
              iconId="fr-icon-map-pin-2-line"
              linkProps={{ to: '/aller-vers/lieux/nouveau' }}
            >
              Nouveau lieu
            </Button>
          </div>
        )}
      </div>
      <search className="fr-grid-row fr-grid-row--gutters fr-mb-2w">
        <div className="fr-col-12 fr-col-md-4">
          <Select
            label="Statut"
            nativeSelectProps={{
              value: filters.values.status,
              onChange: (e) => filters.set('status', e.target.value),
            }}
          >
            <option value="">Tous</option>
            {PLACE_STATUS.values.map((s) => (
              <option key={s} value={s}>
                {PLACE_STATUS.labels[s]}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Select
            label="Type"
            nativeSelectProps={{
              value: filters.values.type,
              onChange: (e) => filters.set('type', e.target.value),
            }}
          >
            <option value="">Tous</option>
            {PLACE_TYPE.values.map((t) => (
              <option key={t} value={t}>
                {PLACE_TYPE.labels[t]}
              </option>
            ))}
          </Select>
        </div>
        {zones.data && zones.data.length > 0 && (
          <div className="fr-col-12 fr-col-md-4">
            <Select
              label="Secteur"
              nativeSelectProps={{
                value: filters.values.zoneId,
                onChange: (e) => filters.set('zoneId', e.target.value),
              }}
            >
              <option value="">Tous</option>
              {zones.data.map((z) => (
                <option key={z.id} value={z.id}>
                  {z.label}
                </option>
              ))}
            </Select>
          </div>
        )}
      </search>
      {places.error && <ErrorAlert message={places.error.message} />}
      <p role="status">{places.data ? plural(items.length, 'lieu', 'lieux') : ''}</p>
      {items.length > 0 && (
        <div className="fr-table fr-table--no-caption fr-table--multiline">
          <div className="fr-table__wrapper">
            <div className="fr-table__container">
              <div className="fr-table__content">
                <table>
                  <caption>Lieux</caption>
                  <thead>
                    <tr>
                      <th scope="col">Lieu</th>
                      <th scope="col">Statut</th>
                      <th scope="col">Dernière visite</th>
                    </tr>
                  </thead>
                  <tbody>
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
                          <span className="fr-text--xs">depuis le {formatDay(p.statusSince)}</span>
                        </td>
                        <td>
                          {p.lastVisit ? formatInstant(p.lastVisit.visitedAt) : 'Jamais'}
                          {p.lastVisit?.occupants != null && (
                            <>
                              <br />
                              <span className="fr-text--xs">
                                {plural(p.lastVisit.occupants, 'personne vue', 'personnes vues')}
                              </span>
                            </>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      )}
    </>
  )
}
