import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { useState } from 'react'
import { Link } from 'react-router'
import {
  ADMISSION_PRIORITY,
  ADMISSION_STATUS,
  type AdmissionPriority,
  type AdmissionStatus,
  MEDICAL_OPINION,
} from '../../../shared/accommodation.ts'
import { formatDate } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useAdmissionRequests, useStructureOptions } from './admissions-api.ts'

export const ADMISSION_STATUS_SEVERITY: Record<
  AdmissionStatus,
  'info' | 'success' | 'warning' | 'error' | 'new' | undefined
> = {
  received: 'new',
  medical_review: 'info',
  awaiting_validation: 'warning',
  validated: 'success',
  admitted: 'success',
  refused: 'error',
  withdrawn: undefined,
}
export const PRIORITY_SEVERITY: Record<AdmissionPriority, 'error' | 'warning' | undefined> = {
  urgent: 'error',
  high: 'warning',
  normal: undefined,
}

/** « Demandes d'admission »: the waiting list of each structure (priority, then day received), or every request. */
export function AdmissionRequestsPage() {
  usePageTitle('Demandes d’admission en hébergement')
  const { data: me } = useMe()
  const [structureId, setStructureId] = useState('')
  const [status, setStatus] = useState('')
  const [waiting, setWaiting] = useState(true)
  const [page, setPage] = useState(1)
  const structures = useStructureOptions()
  const query = new URLSearchParams({ page: String(page), pageSize: '50' })
  if (structureId) query.set('structureId', structureId)
  if (status) query.set('status', status)
  else if (waiting) query.set('waiting', 'true')
  const list = useAdmissionRequests(query.toString())
  return (
    <div className="fr-container fr-my-4w">
      <h1 className="fr-h3">Demandes d’admission en hébergement</h1>
      <p>
        La liste d’attente est classée par priorité, puis par date de réception de la demande.
        {hasPermission(me, 'accommodation.request') &&
          ' Une nouvelle demande se crée depuis le dossier de la personne ou son accompagnement.'}
      </p>
      <div className="fr-grid-row fr-grid-row--gutters fr-mb-2w">
        <div className="fr-col-12 fr-col-md-5">
          <label className="fr-label" htmlFor="filter-structure">
            Structure
          </label>
          <select
            className="fr-select"
            id="filter-structure"
            value={structureId}
            onChange={(e) => {
              setStructureId(e.target.value)
              setPage(1)
            }}
          >
            <option value="">Toutes</option>
            {(structures.data?.items ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
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
            {Object.entries(ADMISSION_STATUS.labels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="fr-col-12 fr-col-md-3 fr-mt-md-4w">
          <div className="fr-checkbox-group">
            <input
              type="checkbox"
              id="filter-waiting"
              checked={waiting}
              disabled={Boolean(status)}
              onChange={(e) => {
                setWaiting(e.target.checked)
                setPage(1)
              }}
            />
            <label className="fr-label" htmlFor="filter-waiting">
              En attente seulement
            </label>
          </div>
        </div>
      </div>
      <ErrorAlert message={list.error ? applyApiError(list.error) : undefined} />
      {list.data && (
        <>
          <ListPagination list={list.data} noun={['demande', 'demandes']} onPage={setPage} />
          <div className="fr-table">
            <table>
              <caption className="fr-sr-only">Demandes d’admission</caption>
              <thead>
                <tr>
                  <th scope="col">Priorité</th>
                  <th scope="col">Reçue le</th>
                  <th scope="col">Personne</th>
                  <th scope="col">Structure</th>
                  <th scope="col">Avis médical</th>
                  <th scope="col">Statut</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Badge small severity={PRIORITY_SEVERITY[r.priority]} noIcon>
                        {ADMISSION_PRIORITY.labels[r.priority]}
                      </Badge>
                    </td>
                    <td>{formatDate(r.receivedOn)}</td>
                    <td>
                      <Link to={`/hebergement/admissions/${r.id}`}>{r.personName}</Link>
                      {r.companionCount > 0 && ` (+${r.companionCount})`}
                    </td>
                    <td>{r.structureName}</td>
                    <td>{r.latestOpinion ? MEDICAL_OPINION.labels[r.latestOpinion] : '—'}</td>
                    <td>
                      <Badge small severity={ADMISSION_STATUS_SEVERITY[r.status]} noIcon>
                        {ADMISSION_STATUS.labels[r.status]}
                      </Badge>
                      {r.reservedPlaceLabel && ` place ${r.reservedPlaceLabel}`}
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
