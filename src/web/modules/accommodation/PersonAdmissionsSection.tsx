import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Link } from 'react-router'
import { ADMISSION_STATUS } from '../../../shared/accommodation.ts'
import { formatDate } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { ADMISSION_STATUS_SEVERITY } from './AdmissionRequestsPage.tsx'
import { useAdmissionRequests } from './admissions-api.ts'

/** The person's admission requests in accommodation, and the « Demande d'admission » entry. */
export function PersonAdmissions(props: { personId: string; merged: boolean }) {
  const { data: me } = useMe()
  const allowed = hasPermission(me, 'accommodation.read') && hasPermission(me, 'person.read')
  const list = useAdmissionRequests(`personId=${props.personId}&pageSize=20`, allowed)
  if (!allowed) return null
  return (
    <section
      aria-labelledby="section-admissions"
      className="fr-p-3w fr-mb-3w"
      style={{ border: '1px solid var(--border-default-grey)' }}
    >
      <h2 id="section-admissions" className="fr-h5 fr-mb-2w">
        Demandes d’admission en hébergement
      </h2>
      <ErrorAlert message={list.error ? applyApiError(list.error) : undefined} />
      {list.data && list.data.items.length === 0 && <p>Aucune demande d’admission.</p>}
      <ul className="fr-raw-list">
        {list.data?.items.map((r) => (
          <li key={r.id} className="fr-mb-1w">
            <Link to={`/hebergement/admissions/${r.id}`}>
              {r.structureName}, demande du {formatDate(r.receivedOn)}
            </Link>{' '}
            <Badge small severity={ADMISSION_STATUS_SEVERITY[r.status]} noIcon>
              {ADMISSION_STATUS.labels[r.status]}
            </Badge>
          </li>
        ))}
      </ul>
      {hasPermission(me, 'accommodation.request') && !props.merged && (
        <Link
          className="fr-btn fr-btn--secondary fr-icon-add-line fr-btn--icon-left fr-mt-2w"
          to={`/hebergement/admissions/nouvelle?personId=${props.personId}`}
        >
          Demande d’admission
        </Link>
      )}
    </section>
  )
}
