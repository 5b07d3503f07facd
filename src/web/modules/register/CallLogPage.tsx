import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
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
    <div data-testid="call-log">
      <Table
        caption="Appels enregistrés"
        className="fr-table--no-caption"
        headers={['Date et heure', 'Personne', 'Issue', 'Note', 'Appelant·e', ...(showPlan ? ['Plan'] : [])]}
        data={items.map((item) => [
          formatDateTime(item.at),
          item.restricted ? (
            <span key="person">
              <span className="fr-icon-lock-line fr-icon--sm" aria-hidden="true" /> {item.personName}
            </span>
          ) : (
            <span key="person">
              <Link to={`/personnes/${item.personId}`}>{item.personName}</Link>
              {item.phone && <span className="fr-text--sm"> · {item.phone}</span>}
            </span>
          ),
          <Badge key="outcome" small severity={SEVERITY[item.outcome]}>
            {CALL_OUTCOME.labels[item.outcome]}
          </Badge>,
          item.note ?? '',
          item.byName ?? '',
          ...(showPlan ? [planName({ kind: item.planKind, label: item.planLabel })] : []),
        ])}
      />
    </div>
  )
}
