import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import {
  ALERT_KIND,
  ALERT_PLAN_STATUS,
  type AlertCall,
  CALL_OUTCOME,
  CALL_STATUS,
} from '../../../shared/register.ts'
import { formatDate, formatTime } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { serverLinkProps } from '../../ui/server-link.ts'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { actionError } from './api/error-message.ts'
import { useAlertCalls, useAlertPlan, useClosePlan, useRecordOutcome } from './api/register.ts'
import { ConfidentialityNotice } from './ConfidentialityNotice.tsx'

const OPEN = new Set(['to_call', 'retry', 'home_visit'])

/** The live board of a plan and the caller's screen: whom to call now, and what came of it. */
export function AlertPlanPage() {
  const { id = '' } = useParams()
  const { data: me } = useMe()
  const plan = useAlertPlan(id)
  const [filters, setFilters] = useState({ mine: true, due: true })
  const calls = useAlertCalls(id, filters)
  const close = useClosePlan()
  const [error, setError] = useState<string>()
  const [done, setDone] = useState<string>()
  const title = plan.data ? (plan.data.label ?? ALERT_KIND.labels[plan.data.kind]) : 'Plan d’alerte'
  usePageTitle(title)

  const closePlan = async () => {
    setError(undefined)
    try {
      await close.mutateAsync(id)
      setDone('Plan clos.')
    } catch (caught) {
      setError(actionError(caught))
    }
  }
  const board = plan.data?.board

  return (
    <>
      <h1>{title}</h1>
      <ConfidentialityNotice />
      <ul className="fr-links-group">
        <li>
          <Link to="/registre/plans">Tous les plans</Link>
        </li>
        <li>
          <Link to={`/registre/appels?plan=${id}`}>Tous les appels de ce plan</Link>
        </li>
      </ul>
      <ErrorAlert message={error ?? (plan.error ? applyApiError(plan.error) : undefined)} />
      <SuccessAlert message={done} />
      {plan.data && board && (
        <section aria-labelledby="board-title" className="fr-mb-4w">
          <h2 id="board-title" className="fr-h4">
            Tableau de bord{' '}
            <Badge small severity={plan.data.status === 'active' ? 'new' : 'success'}>
              {ALERT_PLAN_STATUS.labels[plan.data.status]}
            </Badge>
          </h2>
          <p className="fr-text--sm">
            Depuis le {formatDate(plan.data.startsOn)}
            {plan.data.endsOn ? ` jusqu’au ${formatDate(plan.data.endsOn)}` : ''}
          </p>
          <dl className="fr-grid-row fr-grid-row--gutters" data-testid="board">
            {(
              [
                ['Inscrits à joindre', board.total],
                ['Appelés', board.called],
                ['Joints', board.reached],
                ['À appeler', board.toCall],
                ['À rappeler', board.retry],
                ['Visites à domicile', board.homeVisit],
                ['Transmis aux secours', board.escalated],
              ] as const
            ).map(([label, value]) => (
              <div key={label} className="fr-col-6 fr-col-md-3">
                <dt className="fr-text--sm fr-mb-0">{label}</dt>
                <dd className="fr-h3 fr-mb-0">{value}</dd>
              </div>
            ))}
          </dl>
          {plan.data.status === 'active' && hasPermission(me, 'register.alert') && (
            <Button priority="secondary" className="fr-mt-2w" onClick={closePlan} disabled={close.isPending}>
              Clore le plan
            </Button>
          )}
        </section>
      )}
      <h2 className="fr-h4">Appels</h2>
      {plan.data?.status === 'active' && (
        <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm fr-btns-group--icon-left">
          <li>
            <Button
              priority="tertiary"
              iconId="fr-icon-printer-line"
              linkProps={serverLinkProps(`/api/register/plans/${id}/call-list.pdf`, { download: true })}
            >
              Liste d’appels à imprimer (PDF)
            </Button>
          </li>
          <li>
            <Button
              priority="tertiary"
              iconId="fr-icon-printer-line"
              linkProps={serverLinkProps(`/api/register/plans/${id}/call-list.pdf?mine=true`, {
                download: true,
              })}
            >
              Mes appels à imprimer (PDF)
            </Button>
          </li>
        </ul>
      )}
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
        <li>
          <Button
            priority={filters.mine ? 'primary' : 'secondary'}
            aria-pressed={filters.mine}
            onClick={() => setFilters({ ...filters, mine: !filters.mine })}
          >
            Mes appels
          </Button>
        </li>
        <li>
          <Button
            priority={filters.due ? 'primary' : 'secondary'}
            aria-pressed={filters.due}
            onClick={() => setFilters({ ...filters, due: !filters.due })}
          >
            À faire maintenant
          </Button>
        </li>
      </ul>
      <ErrorAlert message={calls.error ? applyApiError(calls.error) : undefined} />
      {calls.data?.items.length === 0 && <p>Aucun appel à faire.</p>}
      {calls.data?.items.map((call) => (
        <CallCard key={call.id} call={call} active={plan.data?.status === 'active'} />
      ))}
    </>
  )
}

function CallCard({ call, active }: { call: AlertCall; active: boolean }) {
  const record = useRecordOutcome()
  const [note, setNote] = useState('')
  const [error, setError] = useState<string>()
  const open = active && OPEN.has(call.status)
  const send = async (outcome: (typeof CALL_OUTCOME.values)[number]) => {
    setError(undefined)
    try {
      await record.mutateAsync({ id: call.id, outcome, note: note || null })
      setNote('')
    } catch (caught) {
      setError(actionError(caught))
    }
  }
  return (
    <article className="fr-card fr-card--no-arrow fr-mb-2w" aria-labelledby={`call-${call.id}`}>
      <div className="fr-card__body">
        <div className="fr-card__content">
          <h3 id={`call-${call.id}`} className="fr-card__title">
            {call.rank}. {call.personName}{' '}
            <Badge small severity={call.status === 'escalated' ? 'error' : open ? 'info' : 'success'}>
              {CALL_STATUS.labels[call.status]}
            </Badge>
          </h3>
          <div className="fr-card__desc">
            {call.restricted && (
              <p className="fr-mb-1w">
                <span className="fr-icon-lock-line fr-icon--sm" aria-hidden="true" /> Dossier d’une équipe
                confidentielle : ses coordonnées sont réservées à cette équipe et à la direction.
              </p>
            )}
            <p className="fr-mb-1w" hidden={call.restricted}>
              <strong>{call.phone ?? 'Pas de téléphone'}</strong>
              {call.bestCallTimes && ` · ${call.bestCallTimes}`}
              {call.address && ` · ${call.address}`}
            </p>
            <p className="fr-text--sm fr-mb-1w">
              {[
                call.livesAlone && 'Vit seul·e',
                call.powerMedicalDevices && 'Appareils électriques',
                call.attempts > 0 && `${call.attempts} tentative${call.attempts > 1 ? 's' : ''}`,
                call.nextAttemptAt && `Rappeler à ${formatTime(call.nextAttemptAt)}`,
                call.lastOutcome && CALL_OUTCOME.labels[call.lastOutcome],
                call.callerName && `Appelant·e : ${call.callerName}`,
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
            {call.emergencyContacts.length > 0 && (
              <p className="fr-text--sm fr-mb-1w">
                Contacts d’urgence : {call.emergencyContacts.map((c) => `${c.name} ${c.phone}`).join(' ; ')}
              </p>
            )}
            <ErrorAlert message={error} />
            {open && (
              <>
                <Input
                  label="Note (facultatif)"
                  nativeInputProps={{ value: note, onChange: (e) => setNote(e.target.value) }}
                />
                <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
                  {CALL_OUTCOME.values.map((outcome) => (
                    <li key={outcome}>
                      <Button
                        priority={outcome === 'all_fine' ? 'primary' : 'secondary'}
                        disabled={record.isPending}
                        onClick={() => send(outcome)}
                      >
                        {CALL_OUTCOME.labels[outcome]}
                      </Button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        </div>
      </div>
    </article>
  )
}
