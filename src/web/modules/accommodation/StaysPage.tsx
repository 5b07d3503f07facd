import { SegmentedControl } from '@codegouvfr/react-dsfr/SegmentedControl'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { STAY_EXIT_DESTINATION, STRUCTURE_KIND } from '../../../shared/accommodation.ts'
import { formatDate } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useEntryOptions, useStays } from './stays-api.ts'

/** « Séjours »: the stays of a structure, ongoing or ended, a page at a time. */
export function StaysPage() {
  usePageTitle('Séjours en hébergement')
  const [params, setParams] = useSearchParams()
  const options = useEntryOptions()
  const structures = options.data?.structures ?? []
  const structureId = params.get('structure') ?? structures[0]?.id ?? ''
  const status = params.get('statut') === 'termines' ? 'ended' : 'ongoing'
  const [page, setPage] = useState(1)
  const query = new URLSearchParams({ structureId, status, page: String(page), pageSize: '50' })
  const list = useStays(query.toString(), Boolean(structureId))
  const change = (key: string, value: string) => {
    const next = new URLSearchParams(params)
    next.set(key, value)
    if (key === 'structure' && !next.get('statut')) next.set('statut', 'en-cours')
    setParams(next, { replace: true })
    setPage(1)
  }
  const ended = status === 'ended'
  return (
    <div className="fr-container fr-my-4w">
      <h1 className="fr-h3">Séjours en hébergement</h1>
      <ErrorAlert message={options.error ? applyApiError(options.error) : undefined} />
      {options.data && structures.length === 0 && <p>Aucune structure d’hébergement ouverte.</p>}
      {structures.length > 0 && (
        <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mb-2w">
          <div className="fr-col-12 fr-col-md-6">
            <label className="fr-label" htmlFor="stays-structure">
              Structure
            </label>
            <select
              className="fr-select"
              id="stays-structure"
              value={structureId}
              onChange={(event) => change('structure', event.target.value)}
            >
              {structures.map((structure) => (
                <option key={structure.id} value={structure.id}>
                  {structure.name} — {STRUCTURE_KIND.labels[structure.kind]}
                </option>
              ))}
            </select>
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <SegmentedControl
              legend="Séjours"
              hideLegend
              segments={[
                {
                  label: 'En cours',
                  nativeInputProps: { checked: !ended, onChange: () => change('statut', 'en-cours') },
                },
                {
                  label: 'Terminés',
                  nativeInputProps: { checked: ended, onChange: () => change('statut', 'termines') },
                },
              ]}
            />
          </div>
        </div>
      )}
      <ErrorAlert message={list.error ? applyApiError(list.error) : undefined} />
      {list.data && structureId && (
        <>
          <ListPagination list={list.data} noun={['séjour', 'séjours']} onPage={setPage} />
          <div className="fr-table">
            <table>
              <caption className="fr-sr-only">{ended ? 'Séjours terminés' : 'Séjours en cours'}</caption>
              <thead>
                <tr>
                  <th scope="col">Personne</th>
                  <th scope="col">Place</th>
                  <th scope="col">Entrée</th>
                  <th scope="col">{ended ? 'Sortie' : 'Fin prévue'}</th>
                  {ended && <th scope="col">Destination</th>}
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((stay) => (
                  <tr key={stay.id}>
                    <td>
                      <Link to={`/hebergement/sejours/${stay.id}`}>{stay.personName}</Link>
                    </td>
                    <td>{stay.placeLabel ? `${stay.unitLabel} — place ${stay.placeLabel}` : '—'}</td>
                    <td>{formatDate(stay.startedOn)}</td>
                    <td>
                      {ended
                        ? formatDate(stay.endedOn)
                        : stay.plannedEndOn
                          ? formatDate(stay.plannedEndOn)
                          : '—'}
                    </td>
                    {ended && (
                      <td>
                        {stay.exitDestination ? STAY_EXIT_DESTINATION.labels[stay.exitDestination] : '—'}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  )
}
