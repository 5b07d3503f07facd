import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Link, useSearchParams } from 'react-router'
import { ALERT_KIND, type AlertCallLogEntry, CALL_OUTCOME } from '../../../shared/register.ts'
import { formatDate, formatDateTime } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useAlertPlans, useCallLog } from './api/register.ts'
import { ConfidentialityNotice } from './ConfidentialityNotice.tsx'

const SEVERITY = {
  all_fine: 'success',
  needs_something: 'warning',
  no_answer: 'info',
  emergency: 'error',
} as const

const planName = (plan: { kind: keyof typeof ALERT_KIND.labels; label: string | null }) =>
  plan.label ?? ALERT_KIND.labels[plan.kind]

/**
 * « Tous les appels »: every outcome the callers recorded, newest first, for a plan or over a period,
 * filtered by outcome; each line opens the person's file.
 */
export function CallLogPage() {
  usePageTitle('Tous les appels')
  const [params, setParams] = useSearchParams()
  const filters = {
    planId: params.get('plan') ?? '',
    from: params.get('du') ?? '',
    to: params.get('au') ?? '',
    outcome: params.get('issue') ?? '',
    page: Number(params.get('page') ?? '1') || 1,
  }
  const plans = useAlertPlans()
  const log = useCallLog(filters)
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params)
    if (value) next.set(key, value)
    else next.delete(key)
    if (key !== 'page') next.delete('page')
    setParams(next, { replace: true })
  }

  return (
    <>
      <h1>Tous les appels</h1>
      <ConfidentialityNotice />
      <p>
        <Link to={filters.planId ? `/registre/plans/${filters.planId}` : '/registre/plans'}>
          {filters.planId ? 'Retour au plan' : 'Plans d’alerte'}
        </Link>
      </p>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-3">
          <Select
            label="Plan d’alerte"
            nativeSelectProps={{ value: filters.planId, onChange: (e) => set('plan', e.target.value) }}
          >
            <option value="">Tous les plans</option>
            {plans.data?.items.map((plan) => (
              <option key={plan.id} value={plan.id}>
                {planName(plan)} (depuis le {formatDate(plan.startsOn)})
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-6 fr-col-md-3">
          <Input
            label="Du"
            nativeInputProps={{
              type: 'date',
              value: filters.from,
              onChange: (e) => set('du', e.target.value),
            }}
          />
        </div>
        <div className="fr-col-6 fr-col-md-3">
          <Input
            label="Au"
            nativeInputProps={{ type: 'date', value: filters.to, onChange: (e) => set('au', e.target.value) }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <Select
            label="Issue"
            nativeSelectProps={{ value: filters.outcome, onChange: (e) => set('issue', e.target.value) }}
          >
            <option value="">Toutes les issues</option>
            {CALL_OUTCOME.values.map((outcome) => (
              <option key={outcome} value={outcome}>
                {CALL_OUTCOME.labels[outcome]}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <ErrorAlert message={log.error ? applyApiError(log.error) : undefined} />
      {log.data && (
        <>
          <ListPagination
            list={log.data}
            noun={['appel enregistré', 'appels enregistrés']}
            onPage={(page) => set('page', String(page))}
          />
          {log.data.items.length > 0 && <CallLogTable items={log.data.items} showPlan={!filters.planId} />}
        </>
      )}
    </>
  )
}

function CallLogTable({ items, showPlan }: { items: AlertCallLogEntry[]; showPlan: boolean }) {
  return (
    <div className="fr-table fr-table--no-caption" data-testid="call-log">
      <div className="fr-table__wrapper">
        <div className="fr-table__container">
          <div className="fr-table__content">
            <table>
              <caption>Appels enregistrés</caption>
              <thead>
                <tr>
                  <th scope="col">Date et heure</th>
                  <th scope="col">Personne</th>
                  <th scope="col">Issue</th>
                  <th scope="col">Note</th>
                  <th scope="col">Appelant·e</th>
                  {showPlan && <th scope="col">Plan</th>}
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id}>
                    <td>{formatDateTime(item.at)}</td>
                    <td>
                      {item.restricted ? (
                        <>
                          <span className="fr-icon-lock-line fr-icon--sm" aria-hidden="true" />{' '}
                          {item.personName}
                        </>
                      ) : (
                        <>
                          <Link to={`/personnes/${item.personId}`}>{item.personName}</Link>
                          {item.phone && <span className="fr-text--sm"> · {item.phone}</span>}
                        </>
                      )}
                    </td>
                    <td>
                      <Badge small severity={SEVERITY[item.outcome]}>
                        {CALL_OUTCOME.labels[item.outcome]}
                      </Badge>
                    </td>
                    <td>{item.note ?? ''}</td>
                    <td>{item.byName ?? ''}</td>
                    {showPlan && <td>{planName({ kind: item.planKind, label: item.planLabel })}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  )
}
