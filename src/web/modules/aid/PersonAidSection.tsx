import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Link } from 'react-router'
import { AID_REQUEST_STATUS } from '../../../shared/aid.ts'
import { formatEuros } from '../../../shared/pricing.ts'
import { formatDate } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { STATUS_SEVERITY } from './AidRequestPage.tsx'
import { useAidRequests } from './requests-api.ts'

function AidSection(props: { personId: string; merged: boolean }) {
  const { data: me } = useMe()
  const list = useAidRequests(`personId=${props.personId}&pageSize=200`)
  return (
    <section
      aria-labelledby="section-aides"
      className="fr-p-3w fr-mb-3w"
      style={{ border: '1px solid var(--border-default-grey)' }}
    >
      <h2 id="section-aides" className="fr-h5 fr-mb-2w">
        Aides
      </h2>
      <ErrorAlert message={list.error ? applyApiError(list.error) : undefined} />
      {list.data && list.data.items.length === 0 && <p>Aucune demande d’aide.</p>}
      <ul className="fr-raw-list">
        {list.data?.items.map((r) => (
          <li key={r.id} className="fr-mb-1w">
            <Link to={`/aides/demandes/${r.id}`}>
              {r.aidTypeLabel} du {formatDate(r.requestedOn)}
            </Link>{' '}
            — {formatEuros(r.amountAskedCents)} demandés
            {r.grantedCents !== null && `, ${formatEuros(r.grantedCents)} accordés`}{' '}
            <Badge small severity={STATUS_SEVERITY[r.status]} noIcon>
              {AID_REQUEST_STATUS.labels[r.status]}
            </Badge>
          </li>
        ))}
      </ul>
      {list.data && list.data.total > list.data.items.length && (
        <p>
          <Link to="/aides/demandes">Toutes les demandes</Link>
        </p>
      )}
      {hasPermission(me, 'aid.request') && !props.merged && (
        <Link
          className="fr-btn fr-btn--secondary fr-icon-add-line fr-btn--icon-left fr-mt-2w"
          to={`/aides/nouvelle-demande?personId=${props.personId}`}
        >
          Nouvelle demande d’aide
        </Link>
      )}
    </section>
  )
}

/** The « Aides » panel of a person's page, for users the server lets read aid requests. */
export function PersonAid(props: { personId: string; merged: boolean }) {
  const { data: me } = useMe()
  if (!hasPermission(me, 'aid.read')) return null
  return <AidSection {...props} />
}
