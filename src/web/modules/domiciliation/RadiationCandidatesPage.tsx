import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { type FormEvent, useState } from 'react'
import { Link } from 'react-router'
import { todayInFrance } from '../../../shared/dates.ts'
import { RADIATION_MOTIF } from '../../../shared/domiciliation.ts'
import { CANDIDATE_REASON } from '../../../shared/domiciliation-workflow.ts'
import { formatDate } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useRadiateMany, useRadiationCandidates } from './domiciliation-api.ts'

/**
 * People without contact for the organisation's months and periods ended without renewal: the team
 * reviews them and radiates the ones it ticks, together — never automatically.
 */
export function RadiationCandidatesPage() {
  usePageTitle('Radiations à examiner')
  const [reason, setReason] = useState<'' | 'no_contact' | 'ended'>('no_contact')
  const [page, setPage] = useState(1)
  const candidates = useRadiationCandidates(reason, page)
  const radiate = useRadiateMany()
  const [selected, setSelected] = useState<string[]>([])
  const [radiatedOn, setRadiatedOn] = useState(todayInFrance())
  const form = useFormErrors()
  const list = candidates.data
  const motif = reason === 'ended' ? 'end_without_renewal' : 'no_contact'
  const pageIds = list?.items.map((c) => c.id) ?? []
  const allTicked = pageIds.length > 0 && pageIds.every((id) => selected.includes(id))

  async function submit(event: FormEvent) {
    event.preventDefault()
    const result = await form.run(() => radiate.mutateAsync({ ids: selected, motif, radiatedOn }))
    if (!result) return
    form.setDone(`${result.radiated} domiciliation${result.radiated > 1 ? 's radiées' : ' radiée'}.`)
    setSelected([])
  }

  return (
    <div>
      <h1>Radiations à examiner</h1>
      <p>
        Vérifiez chaque situation avant de radier : une personne peut avoir été vue sans que le contact soit
        enregistré. Rien n’est radié automatiquement.
      </p>
      <Select
        label="Afficher"
        nativeSelectProps={{
          value: reason,
          onChange: (e) => {
            setReason(e.target.value as typeof reason)
            setPage(1)
            setSelected([])
          },
        }}
      >
        <option value="no_contact">
          Sans contact depuis {list?.noContactMonths ?? 3} mois (domiciliations en cours)
        </option>
        <option value="ended">{CANDIDATE_REASON.labels.ended}</option>
      </Select>
      <SuccessAlert message={form.done} />
      <ErrorAlert message={form.error ?? (candidates.error ? applyApiError(candidates.error) : undefined)} />
      {list && list.total === 0 && <p>Aucune domiciliation à examiner.</p>}
      {list && list.total > 0 && (
        <form onSubmit={submit} noValidate>
          <div className="fr-table fr-table--no-caption">
            <div className="fr-table__wrapper">
              <div className="fr-table__container">
                <div className="fr-table__content">
                  <table>
                    <caption>Domiciliations à examiner</caption>
                    <thead>
                      <tr>
                        <th scope="col">
                          <label>
                            <input
                              type="checkbox"
                              checked={allTicked}
                              onChange={(e) =>
                                setSelected(
                                  e.target.checked
                                    ? [...new Set([...selected, ...pageIds])]
                                    : selected.filter((id) => !pageIds.includes(id)),
                                )
                              }
                            />{' '}
                            Tout cocher
                          </label>
                        </th>
                        <th scope="col">Personne</th>
                        <th scope="col">Période</th>
                        <th scope="col">Dernier contact</th>
                        <th scope="col">Motif proposé</th>
                      </tr>
                    </thead>
                    <tbody>
                      {list.items.map((c) => (
                        <tr key={c.id}>
                          <td>
                            <input
                              type="checkbox"
                              aria-label={`Radier ${c.displayName}`}
                              checked={selected.includes(c.id)}
                              onChange={(e) =>
                                setSelected(
                                  e.target.checked
                                    ? [...selected, c.id]
                                    : selected.filter((id) => id !== c.id),
                                )
                              }
                            />
                          </td>
                          <td>
                            <Link to={`/personnes/${c.personId}`}>{c.displayName}</Link>
                          </td>
                          <td>
                            {formatDate(c.startOn)} – {formatDate(c.endOn)}
                          </td>
                          <td>{c.lastContactAt ? formatDate(c.lastContactAt) : 'Aucun'}</td>
                          <td>{RADIATION_MOTIF.labels[c.motif]}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            </div>
          </div>
          <ListPagination list={list} noun={['domiciliation', 'domiciliations']} onPage={setPage} />
          {list.canDecide && (
            <>
              <Input
                label="Date de la radiation"
                nativeInputProps={{
                  type: 'date',
                  value: radiatedOn,
                  onChange: (e) => setRadiatedOn(e.target.value),
                }}
              />
              <Button type="submit" disabled={selected.length === 0 || radiate.isPending}>
                Radier les {selected.length} domiciliation{selected.length > 1 ? 's' : ''} cochée
                {selected.length > 1 ? 's' : ''}
              </Button>
            </>
          )}
        </form>
      )}
    </div>
  )
}
