import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { useState } from 'react'
import { Link } from 'react-router'
import { AID_REQUEST_STATUS } from '../../../shared/aid.ts'
import { formatEuros } from '../../../shared/pricing.ts'
import { formatDate } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { STATUS_SEVERITY } from './AidRequestPage.tsx'
import { useAidRequests, useAidTypes } from './requests-api.ts'

/** « Demandes d'aide »: every request the user may see, by status and aid, a page at a time. */
export function AidRequestsPage() {
  usePageTitle('Demandes d’aide')
  const [status, setStatus] = useState('')
  const [aidTypeId, setAidTypeId] = useState('')
  const [page, setPage] = useState(1)
  const types = useAidTypes()
  const query = new URLSearchParams({ page: String(page), pageSize: '50' })
  if (status) query.set('status', status)
  if (aidTypeId) query.set('aidTypeId', aidTypeId)
  const list = useAidRequests(query.toString())
  return (
    <div className="fr-container fr-my-4w">
      <h1 className="fr-h3">Demandes d’aide</h1>
      <div className="fr-grid-row fr-grid-row--gutters fr-mb-2w">
        <div className="fr-col-12 fr-col-md-4">
          <label className="fr-label" htmlFor="filter-status">
            Statut
          </label>
          <select
            className="fr-select"
            id="filter-status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value)
              setPage(1)
            }}
          >
            <option value="">Tous</option>
            {Object.entries(AID_REQUEST_STATUS.labels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <label className="fr-label" htmlFor="filter-aid">
            Aide
          </label>
          <select
            className="fr-select"
            id="filter-aid"
            value={aidTypeId}
            onChange={(e) => {
              setAidTypeId(e.target.value)
              setPage(1)
            }}
          >
            <option value="">Toutes</option>
            {(types.data?.items ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorAlert message={list.error ? applyApiError(list.error) : undefined} />
      {list.data && (
        <>
          <ListPagination list={list.data} noun={['demande', 'demandes']} onPage={setPage} />
          <div className="fr-table">
            <table>
              <caption className="fr-sr-only">Demandes d’aide</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Personne</th>
                  <th scope="col">Aide</th>
                  <th scope="col">Demandé</th>
                  <th scope="col">Accordé</th>
                  <th scope="col">Statut</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((r) => (
                  <tr key={r.id}>
                    <td>{formatDate(r.requestedOn)}</td>
                    <td>
                      <Link to={`/aides/demandes/${r.id}`}>{r.personName}</Link>
                    </td>
                    <td>
                      {r.aidTypeLabel}
                      {r.warningCount > 0 &&
                        ` (${r.warningCount} avertissement${r.warningCount > 1 ? 's' : ''})`}
                    </td>
                    <td>{formatEuros(r.amountAskedCents)}</td>
                    <td>{r.grantedCents !== null ? formatEuros(r.grantedCents) : '—'}</td>
                    <td>
                      <Badge small severity={STATUS_SEVERITY[r.status]} noIcon>
                        {AID_REQUEST_STATUS.labels[r.status]}
                      </Badge>
                    </td>
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
