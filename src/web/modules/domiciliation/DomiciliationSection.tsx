import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Link } from 'react-router'
import { todayInFrance } from '../../../shared/dates.ts'
import {
  DOMICILIATION_KIND,
  DOMICILIATION_STATUS,
  RADIATION_MOTIF,
  REFUSAL_MOTIF,
} from '../../../shared/domiciliation.ts'
import {
  DOMICILIATION_DOCUMENT,
  type Domiciliation,
  type DomiciliationDocument,
} from '../../../shared/domiciliation-workflow.ts'
import { formatDate, formatDateTime } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { serverLinkProps } from '../../ui/server-link.ts'
import { DecisionForm, RadiationForm, UndoDecision } from './DomiciliationDecision.tsx'
import { DomiciliationWizard } from './DomiciliationWizard.tsx'
import {
  type DomiciliationList,
  domiciliationDocumentUrl,
  useOpenRequest,
  usePersonDomiciliations,
} from './domiciliation-api.ts'

const SEVERITY = {
  instruction: 'info',
  awaiting_decision: 'new',
  granted: 'success',
  refused: 'error',
  radiated: 'warning',
} as const
const PRINTABLE: Record<Domiciliation['status'], DomiciliationDocument[]> = {
  instruction: ['request'],
  awaiting_decision: ['request'],
  granted: ['certificate', 'request'],
  refused: ['refusal', 'request'],
  radiated: ['radiation', 'request'],
}
const DECISION_LABEL = { granted: 'Accord', refused: 'Refus', radiated: 'Radiation' } as const

function Period({ period, list }: { period: Domiciliation; list: DomiciliationList }) {
  const lastInEffect = period.decisions.find((d) => !d.undoneAt)
  return (
    <div className="fr-py-2w" style={{ borderBottom: '1px solid var(--border-default-grey)' }}>
      <p className="fr-mb-1w">
        <span className="fr-text--bold">{DOMICILIATION_KIND.labels[period.kind]}</span> du{' '}
        {formatDate(period.requestedOn)}{' '}
        <Badge small severity={SEVERITY[period.status]} noIcon>
          {DOMICILIATION_STATUS.labels[period.status]}
        </Badge>
      </p>
      {period.startOn && period.endOn && (
        <p className="fr-mb-1w">
          Valable du {formatDate(period.startOn)} au {formatDate(period.endOn)}
          {period.lastContactAt ? ` — dernier contact le ${formatDate(period.lastContactAt)}` : ''}
        </p>
      )}
      {period.refusalMotif && (
        <p className="fr-mb-1w">
          Refus : {REFUSAL_MOTIF.labels[period.refusalMotif]} — réorientation : {period.refusalReorientation}
        </p>
      )}
      {period.radiationMotif && (
        <p className="fr-mb-1w">
          Radiée le {formatDate(period.radiationOn)} : {RADIATION_MOTIF.labels[period.radiationMotif]}
        </p>
      )}
      {period.beneficiaries.length > 0 && (
        <p className="fr-mb-1w">Ayants droit : {period.beneficiaries.map((b) => b.displayName).join(', ')}</p>
      )}
      {period.decisions.length > 0 && (
        <ul className="fr-text--sm fr-mb-1w">
          {period.decisions.map((d) => (
            <li key={d.id}>
              {d.undoneAt ? <s>{DECISION_LABEL[d.decision]}</s> : DECISION_LABEL[d.decision]} le{' '}
              {formatDate(d.effectiveOn)}
              {d.decidedByName ? ` — ${d.decidedByName}, ${formatDateTime(d.decidedAt)}` : ''}
              {d.undoneAt && ` — annulée le ${formatDateTime(d.undoneAt)} : ${d.undoReason ?? ''}`}
              {list.canDecide && lastInEffect?.id === d.id && (
                <UndoDecision period={period} decisionId={d.id} />
              )}
            </li>
          ))}
        </ul>
      )}
      <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-btns-group--icon-left">
        {PRINTABLE[period.status].map((document) => (
          <li key={document}>
            <Button
              priority="secondary"
              iconId="fr-icon-download-line"
              linkProps={serverLinkProps(domiciliationDocumentUrl(period.id, document), { download: true })}
            >
              {DOMICILIATION_DOCUMENT.labels[document]}
            </Button>
          </li>
        ))}
      </ul>
      {period.status === 'instruction' && list.canInstruct && (
        <DomiciliationWizard period={period} household={list.household} />
      )}
      {period.status === 'awaiting_decision' && list.canDecide && <DecisionForm period={period} />}
      {period.status === 'awaiting_decision' && !list.canDecide && (
        <p className="fr-text--sm">En attente de la décision d’une personne habilitée.</p>
      )}
      {period.status === 'granted' && list.canDecide && <RadiationForm period={period} />}
    </div>
  )
}

/**
 * The person's domiciliation: the periods, newest first, with their decisions and printable
 * documents; the instruction wizard, the decision form and the undo where the server allows them.
 */
export function DomiciliationSection(props: { personId: string; merged: boolean }) {
  const { data: me } = useMe()
  const periods = usePersonDomiciliations(props.personId)
  const openRequest = useOpenRequest()
  const form = useFormErrors()
  const list = periods.data
  const open = list?.items.some((p) => p.status === 'instruction' || p.status === 'awaiting_decision')
  const renewal = list?.items.some((p) => p.status === 'granted')

  async function start() {
    await form.run(() => openRequest.mutateAsync({ personId: props.personId, requestedOn: todayInFrance() }))
  }

  return (
    <section
      aria-labelledby="section-domiciliation"
      className="fr-p-3w fr-mb-3w"
      style={{ border: '1px solid var(--border-default-grey)' }}
    >
      <h2 id="section-domiciliation" className="fr-h5 fr-mb-2w">
        Domiciliation
      </h2>
      <ErrorAlert message={form.error ?? (periods.error ? applyApiError(periods.error) : undefined)} />
      {list && list.items.length === 0 && <p>Aucune demande de domiciliation.</p>}
      {list?.items.map((period) => (
        <Period key={period.id} period={period} list={list} />
      ))}
      {renewal && hasPermission(me, 'domiciliation.mail') && (
        <p className="fr-mt-2w">
          <Link
            className="fr-link fr-icon-mail-line fr-link--icon-left"
            to={`/courrier/personnes/${props.personId}`}
          >
            Courrier et procurations
          </Link>
        </p>
      )}
      {list?.canInstruct && !open && !props.merged && (
        <Button
          className="fr-mt-2w"
          iconId="fr-icon-add-line"
          onClick={start}
          disabled={openRequest.isPending}
        >
          {renewal ? 'Demander le renouvellement' : 'Nouvelle demande de domiciliation'}
        </Button>
      )}
    </section>
  )
}

/** The section on a person's page, for users the server lets read domiciliations. */
export function PersonDomiciliation(props: { personId: string; merged: boolean }) {
  const { data: me } = useMe()
  if (!hasPermission(me, 'domiciliation.read')) return null
  return <DomiciliationSection {...props} />
}
