import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { type ReactNode, useEffect, useState } from 'react'
import { Link, useParams } from 'react-router'
import {
  AID_DECISION,
  AID_DECISION_CHANNEL,
  AID_REFUSAL_MOTIF,
  AID_REQUEST_STATUS,
  type AidRefusalMotif,
  BUDGET_CHARGE_KIND,
  BUDGET_RESOURCE_KIND,
  PAYMENT_FORM,
  type PaymentForm,
} from '../../../shared/aid.ts'
import { type AidBudget, type AidRequest, budgetFigures } from '../../../shared/aid-requests.ts'
import { centsToEurosText, formatEuros, formatNumber, parseEurosToCents } from '../../../shared/pricing.ts'
import { formatDate } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { AidPaymentsSection } from './AidPaymentsSection.tsx'
import { decisionLetterUrl } from './commission-api.ts'
import { useAidRequest, useAidRequestAction, usePersonDocuments } from './requests-api.ts'

export const STATUS_SEVERITY = {
  draft: 'info',
  submitted: 'new',
  on_agenda: 'new',
  granted: 'success',
  refused: 'error',
  adjourned: 'warning',
  withdrawn: 'info',
  dismissed: 'info',
} as const

function Panel(props: { id: string; title: string; children: ReactNode }) {
  return (
    <section
      aria-labelledby={props.id}
      className="fr-p-3w fr-mb-3w"
      style={{ border: '1px solid var(--border-default-grey)' }}
    >
      <h2 id={props.id} className="fr-h5 fr-mb-2w">
        {props.title}
      </h2>
      {props.children}
    </section>
  )
}

function Field(props: { id: string; label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div className={`fr-input-group${props.error ? ' fr-input-group--error' : ''}`}>
      <label className="fr-label" htmlFor={props.id}>
        {props.label}
        {props.hint && <span className="fr-hint-text">{props.hint}</span>}
      </label>
      {props.children}
      {props.error && (
        <p className="fr-error-text" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  )
}

type Act = ReturnType<typeof useAidRequestAction>
const TO_CORRECT = 'Certains champs sont à corriger : voir les messages sous les champs.'

/** What is asked, for what, the residence and the worker's assessment. */
function RequestForm({ request, act }: { request: AidRequest; act: Act }) {
  const [amount, setAmount] = useState(centsToEurosText(request.amountAskedCents))
  const [purpose, setPurpose] = useState(request.purpose)
  const [urgent, setUrgent] = useState(request.urgent)
  const [creditor, setCreditor] = useState(request.creditorName ?? '')
  const [resident, setResident] = useState(request.resident === null ? '' : String(request.resident))
  const [assessment, setAssessment] = useState(request.assessment ?? '')
  const errors = useFormErrors()
  const fields = errors.fields

  async function save(event: React.FormEvent) {
    event.preventDefault()
    const cents = parseEurosToCents(amount)
    if (cents === null || cents <= 0) {
      errors.show(TO_CORRECT, [
        { path: 'amountAskedCents', message: 'Indiquez le montant demandé en euros (par exemple 120,50).' },
      ])
      return
    }
    await errors.run(
      () =>
        act.mutateAsync({
          kind: 'update',
          input: {
            aidTypeId: request.aidTypeId,
            requestedOn: request.requestedOn,
            amountAskedCents: cents,
            purpose,
            urgent,
            creditorName: creditor,
            resident: resident === '' ? null : resident === 'true',
            assessment,
          },
        }),
      'Demande enregistrée.',
    )
  }

  return (
    <form onSubmit={save} noValidate>
      <ErrorAlert message={errors.error} />
      <Field id="aid-amount" label="Montant demandé (€)" error={fields.amountAskedCents}>
        <input
          className="fr-input"
          id="aid-amount"
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      </Field>
      <Field id="aid-purpose" label="Objet de la demande" error={fields.purpose}>
        <input
          className="fr-input"
          id="aid-purpose"
          value={purpose}
          onChange={(e) => setPurpose(e.target.value)}
        />
      </Field>
      <Field id="aid-creditor" label="Créancier à payer (facultatif)" hint="Fournisseur d’énergie, bailleur…">
        <input
          className="fr-input"
          id="aid-creditor"
          value={creditor}
          onChange={(e) => setCreditor(e.target.value)}
        />
      </Field>
      <div className="fr-checkbox-group fr-mb-2w">
        <input
          type="checkbox"
          id="aid-urgent"
          checked={urgent}
          onChange={(e) => setUrgent(e.target.checked)}
        />
        <label className="fr-label" htmlFor="aid-urgent">
          Demande urgente
        </label>
      </div>
      <Field id="aid-resident" label="Résidence sur la commune">
        <select
          className="fr-select"
          id="aid-resident"
          value={resident}
          onChange={(e) => setResident(e.target.value)}
        >
          <option value="">Non vérifiée</option>
          <option value="true">Réside (ou est domicilié·e) sur la commune</option>
          <option value="false">Ne réside pas sur la commune</option>
        </select>
      </Field>
      <Field id="aid-assessment" label="Évaluation sociale" error={fields.assessment}>
        <textarea
          className="fr-input"
          id="aid-assessment"
          rows={5}
          value={assessment}
          onChange={(e) => setAssessment(e.target.value)}
        />
      </Field>
      <Button type="submit" disabled={act.isPending}>
        Enregistrer la demande
      </Button>
      {errors.done && (
        <p className="fr-message fr-message--valid fr-mt-1w" role="status">
          {errors.done}
        </p>
      )}
    </form>
  )
}

/** A budget line being typed; `key` keeps React's rows apart when one is removed. */
type Line = { key: number; kind: string; euros: string }
let nextLineKey = 0
const toLines = (lines: { kind: string; monthlyCents: number }[]) =>
  lines.map((l) => ({ key: nextLineKey++, kind: l.kind, euros: centsToEurosText(l.monthlyCents) }))

function BudgetLines(props: {
  title: string
  prefix: string
  kinds: Record<string, string>
  lines: Line[]
  onChange: (lines: Line[]) => void
}) {
  const { lines, onChange } = props
  return (
    <fieldset className="fr-fieldset">
      <legend className="fr-fieldset__legend">{props.title}</legend>
      {lines.map((line, i) => (
        <div key={line.key} className="fr-grid-row fr-grid-row--gutters fr-mb-1w" style={{ width: '100%' }}>
          <div className="fr-col-6">
            <label className="fr-label" htmlFor={`${props.prefix}-kind-${i}`}>
              Nature ({props.title.toLowerCase()} {i + 1})
            </label>
            <select
              className="fr-select"
              id={`${props.prefix}-kind-${i}`}
              value={line.kind}
              onChange={(e) => onChange(lines.map((l, j) => (j === i ? { ...l, kind: e.target.value } : l)))}
            >
              {Object.entries(props.kinds).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div className="fr-col-4">
            <label className="fr-label" htmlFor={`${props.prefix}-amount-${i}`}>
              Montant mensuel (€) ({props.title.toLowerCase()} {i + 1})
            </label>
            <input
              className="fr-input"
              id={`${props.prefix}-amount-${i}`}
              inputMode="decimal"
              value={line.euros}
              onChange={(e) => onChange(lines.map((l, j) => (j === i ? { ...l, euros: e.target.value } : l)))}
            />
          </div>
          <div className="fr-col-2" style={{ alignSelf: 'end' }}>
            <Button
              type="button"
              priority="tertiary"
              size="small"
              onClick={() => onChange(lines.filter((_, j) => j !== i))}
            >
              Retirer
            </Button>
          </div>
        </div>
      ))}
      <Button
        type="button"
        priority="secondary"
        size="small"
        iconId="fr-icon-add-line"
        onClick={() =>
          onChange([...lines, { key: nextLineKey++, kind: Object.keys(props.kinds)[0]!, euros: '' }])
        }
      >
        {props.prefix === 'resource' ? 'Ajouter une ressource' : 'Ajouter une charge'}
      </Button>
    </fieldset>
  )
}

/** The household's budget: the reste à vivre shows as the lines are typed; the server computes the stored one. */
function BudgetForm({ request, act }: { request: AidRequest; act: Act }) {
  const [adults, setAdults] = useState(String(request.budget?.adults ?? 1))
  const [children, setChildren] = useState(String(request.budget?.children ?? 0))
  const [resources, setResources] = useState<Line[]>(toLines(request.budget?.resources ?? []))
  const [charges, setCharges] = useState<Line[]>(toLines(request.budget?.charges ?? []))
  const errors = useFormErrors()
  const parse = (lines: Line[]) =>
    lines.map((l) => ({ kind: l.kind, monthlyCents: parseEurosToCents(l.euros) ?? Number.NaN }))
  const budget = {
    adults: Number(adults) || 0,
    children: Number(children) || 0,
    resources: parse(resources),
    charges: parse(charges),
  } as AidBudget
  const valid = [...budget.resources, ...budget.charges].every((l) => Number.isFinite(l.monthlyCents))
  const live = valid ? budgetFigures(budget) : null

  async function save(event: React.FormEvent) {
    event.preventDefault()
    if (!valid) {
      errors.show('Un montant n’est pas un nombre d’euros : corrigez-le (par exemple 635,50).')
      return
    }
    await errors.run(() => act.mutateAsync({ kind: 'budget', input: budget }))
  }

  return (
    <form onSubmit={save} noValidate>
      <ErrorAlert message={errors.error} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-6">
          <Field id="budget-adults" label="Adultes et jeunes de 14 ans ou plus">
            <input
              className="fr-input"
              id="budget-adults"
              type="number"
              min={0}
              value={adults}
              onChange={(e) => setAdults(e.target.value)}
            />
          </Field>
        </div>
        <div className="fr-col-6">
          <Field id="budget-children" label="Enfants de moins de 14 ans">
            <input
              className="fr-input"
              id="budget-children"
              type="number"
              min={0}
              value={children}
              onChange={(e) => setChildren(e.target.value)}
            />
          </Field>
        </div>
      </div>
      <BudgetLines
        title="Ressources"
        prefix="resource"
        kinds={BUDGET_RESOURCE_KIND.labels}
        lines={resources}
        onChange={setResources}
      />
      <BudgetLines
        title="Charges"
        prefix="charge"
        kinds={BUDGET_CHARGE_KIND.labels}
        lines={charges}
        onChange={setCharges}
      />
      {live && (
        <div className="fr-callout fr-my-2w" aria-live="polite">
          <p className="fr-callout__text">
            Ressources {formatEuros(live.resourcesCents)}, charges {formatEuros(live.chargesCents)} par mois.
            <br />
            Reste à vivre : <strong>{formatEuros(live.remainingPerDayCents)} par jour</strong>
            {live.remainingPerUnitDayCents !== null && (
              <>
                , soit{' '}
                <strong>
                  {formatEuros(live.remainingPerUnitDayCents)} par jour et par unité de consommation
                </strong>{' '}
                ({formatNumber(live.consumptionUnits)} UC)
              </>
            )}
            .
          </p>
        </div>
      )}
      <Button type="submit" disabled={act.isPending}>
        Enregistrer le budget
      </Button>
    </form>
  )
}

function DocumentsForm({ request, act }: { request: AidRequest; act: Act }) {
  const documents = usePersonDocuments(request.personId)
  const [chosen, setChosen] = useState(new Set(request.documents.map((d) => d.id)))
  const errors = useFormErrors()
  useEffect(() => setChosen(new Set(request.documents.map((d) => d.id))), [request.documents])
  const save = () => errors.run(() => act.mutateAsync({ kind: 'documents', documentIds: [...chosen] }))
  const items = documents.data?.items ?? []
  return (
    <>
      <ErrorAlert message={errors.error} />
      {items.length === 0 && (
        <p>Aucun document dans le dossier de la personne : déposez-les depuis sa fiche.</p>
      )}
      {items.length > 0 && (
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend">Documents du dossier joints à la demande</legend>
          {items.map((d) => (
            <div className="fr-checkbox-group" key={d.id}>
              <input
                type="checkbox"
                id={`doc-${d.id}`}
                checked={chosen.has(d.id)}
                onChange={(e) => {
                  const next = new Set(chosen)
                  if (e.target.checked) next.add(d.id)
                  else next.delete(d.id)
                  setChosen(next)
                }}
              />
              <label className="fr-label" htmlFor={`doc-${d.id}`}>
                {d.typeLabel} — {d.fileName}
              </label>
            </div>
          ))}
        </fieldset>
      )}
      {items.length > 0 && (
        <Button type="button" onClick={save} disabled={act.isPending}>
          Enregistrer les pièces
        </Button>
      )}
    </>
  )
}

function UrgentDecisionForm({ request, act }: { request: AidRequest; act: Act }) {
  const [decision, setDecision] = useState<'granted' | 'refused'>('granted')
  const [amount, setAmount] = useState(
    centsToEurosText(Math.min(request.amountAskedCents, request.aid.urgentCeilingCents ?? 0)),
  )
  const [form, setForm] = useState<PaymentForm>(request.aid.paymentForms[0] ?? 'transfer')
  const [motif, setMotif] = useState<AidRefusalMotif>('not_eligible')
  const [derogationNote, setDerogationNote] = useState('')
  const errors = useFormErrors()
  const fields = errors.fields

  async function decide(event: React.FormEvent) {
    event.preventDefault()
    const cents = parseEurosToCents(amount)
    if (decision === 'granted' && (cents === null || cents <= 0)) {
      errors.show(TO_CORRECT, [{ path: 'grantedCents', message: 'Indiquez le montant accordé en euros.' }])
      return
    }
    await errors.run(() =>
      act.mutateAsync({
        kind: 'urgent',
        input:
          decision === 'granted'
            ? { decision, grantedCents: cents!, paymentForm: form, derogationNote }
            : { decision, refusalMotif: motif },
      }),
    )
  }

  return (
    <form onSubmit={decide} noValidate>
      <p>
        Votre rôle peut décider seul cette aide en urgence, jusqu’à{' '}
        {formatEuros(request.aid.urgentCeilingCents ?? 0)}. Au-delà, la commission décide.
      </p>
      <ErrorAlert message={errors.error} />
      <Field id="urgent-decision" label="Décision">
        <select
          className="fr-select"
          id="urgent-decision"
          value={decision}
          onChange={(e) => setDecision(e.target.value as 'granted' | 'refused')}
        >
          <option value="granted">Accorder</option>
          <option value="refused">Refuser</option>
        </select>
      </Field>
      {decision === 'granted' ? (
        <>
          <Field id="urgent-amount" label="Montant accordé (€)" error={fields.grantedCents}>
            <input
              className="fr-input"
              id="urgent-amount"
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          </Field>
          <Field id="urgent-form" label="Forme du versement" error={fields.paymentForm}>
            <select
              className="fr-select"
              id="urgent-form"
              value={form}
              onChange={(e) => setForm(e.target.value as PaymentForm)}
            >
              {request.aid.paymentForms.map((f) => (
                <option key={f} value={f}>
                  {PAYMENT_FORM.labels[f]}
                </option>
              ))}
            </select>
          </Field>
          {request.warnings.length > 0 && (
            <Field
              id="urgent-derogation"
              label="Motif de la dérogation"
              hint="La demande dépasse le règlement : l’accord sera enregistré comme une dérogation."
            >
              <input
                className="fr-input"
                id="urgent-derogation"
                value={derogationNote}
                onChange={(e) => setDerogationNote(e.target.value)}
              />
            </Field>
          )}
        </>
      ) : (
        <Field id="urgent-motif" label="Motif du refus">
          <select
            className="fr-select"
            id="urgent-motif"
            value={motif}
            onChange={(e) => setMotif(e.target.value as AidRefusalMotif)}
          >
            {Object.entries(AID_REFUSAL_MOTIF.labels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Button type="submit" disabled={act.isPending}>
        Enregistrer la décision d’urgence
      </Button>
    </form>
  )
}

function CloseForm({ request, act }: { request: AidRequest; act: Act }) {
  const [reason, setReason] = useState('')
  const errors = useFormErrors()
  const close = (kind: 'withdraw' | 'dismiss') => errors.run(() => act.mutateAsync({ kind, reason }))
  return (
    <>
      <Field id="close-reason" label="Raison" error={errors.fields.reason ?? errors.error}>
        <input
          className="fr-input"
          id="close-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Field>
      <div className="fr-btns-group fr-btns-group--inline-md">
        {request.can.withdraw && (
          <Button priority="secondary" onClick={() => close('withdraw')} disabled={act.isPending}>
            Retirée par la personne
          </Button>
        )}
        {request.can.dismiss && (
          <Button priority="tertiary" onClick={() => close('dismiss')} disabled={act.isPending}>
            Classer sans suite
          </Button>
        )}
      </div>
    </>
  )
}

export function AidRequestPage() {
  const { id = '' } = useParams()
  const query = useAidRequest(id)
  const act = useAidRequestAction(id)
  const errors = useFormErrors()
  const request = query.data
  usePageTitle(request ? `Demande d’aide — ${request.aidTypeLabel}` : 'Demande d’aide')
  if (query.error) return <ErrorAlert message={applyApiError(query.error)} />
  if (!request) return <p>Chargement…</p>

  const submit = () => errors.run(() => act.mutateAsync({ kind: 'submit' }))

  return (
    <div className="fr-container fr-my-4w">
      <h1 className="fr-h3">Demande d’aide — {request.aidTypeLabel}</h1>
      <p>
        Pour <Link to={`/personnes/${request.personId}`}>{request.personName}</Link>, demandée le{' '}
        {formatDate(request.requestedOn)} : {formatEuros(request.amountAskedCents)}.{' '}
        <Badge severity={STATUS_SEVERITY[request.status]} noIcon>
          {AID_REQUEST_STATUS.labels[request.status]}
        </Badge>{' '}
        {request.urgent && (
          <Badge severity="warning" noIcon>
            Urgente
          </Badge>
        )}
      </p>
      {request.status === 'granted' && (
        <Alert
          severity="success"
          small
          className="fr-mb-3w"
          description={`Accordée le ${formatDate(request.decidedOn)} : ${formatEuros(request.grantedCents ?? 0)}, ${PAYMENT_FORM.labels[request.paymentForm ?? 'transfer'].toLowerCase()}${request.derogation ? ', par dérogation au règlement' : ''}.`}
        />
      )}
      {(request.status === 'granted' || request.status === 'refused' || request.status === 'dismissed') && (
        <p>
          <a
            className="fr-link fr-icon-download-line fr-link--icon-left"
            href={decisionLetterUrl(request.id)}
            download
          >
            Lettre de décision (PDF)
          </a>
        </p>
      )}
      {request.status === 'granted' && <AidPaymentsSection requestId={request.id} />}
      {request.status === 'refused' && request.refusalMotif && (
        <Alert
          severity="error"
          small
          className="fr-mb-3w"
          description={`Refusée : ${AID_REFUSAL_MOTIF.labels[request.refusalMotif]}.`}
        />
      )}
      {request.closedReason && <p>Raison : {request.closedReason}</p>}
      {request.warnings.length > 0 && !request.decidedOn && !request.closedReason && (
        <Alert
          severity="warning"
          className="fr-mb-3w"
          title="Au regard du règlement"
          description={
            <ul>
              {request.warnings.map((w) => (
                <li key={w.code}>{w.message}</li>
              ))}
            </ul>
          }
        />
      )}
      <ErrorAlert message={errors.error} />
      {request.can.submit && (
        <Button
          className="fr-mb-3w"
          iconId="fr-icon-send-plane-line"
          onClick={submit}
          disabled={act.isPending}
        >
          Déposer la demande
        </Button>
      )}
      {request.can.decideUrgently && (
        <Panel id="section-urgent" title="Décision d’urgence">
          <UrgentDecisionForm request={request} act={act} />
        </Panel>
      )}
      <Panel id="section-request" title="La demande">
        {request.can.edit ? (
          <RequestForm key={request.id} request={request} act={act} />
        ) : (
          <>
            <p>Objet : {request.purpose}</p>
            {request.assessment && <p>Évaluation sociale : {request.assessment}</p>}
          </>
        )}
      </Panel>
      <Panel id="section-budget" title="Budget du foyer">
        {request.figures && (
          <p>
            Enregistré : reste à vivre de {formatEuros(request.figures.remainingPerDayCents)} par jour
            {request.figures.remainingPerUnitDayCents !== null &&
              ` (${formatEuros(request.figures.remainingPerUnitDayCents)} par unité de consommation)`}
            {request.quotientCents !== null && `, quotient familial ${formatEuros(request.quotientCents)}`}.
          </p>
        )}
        {request.can.edit && <BudgetForm request={request} act={act} />}
      </Panel>
      <Panel id="section-documents" title="Pièces justificatives">
        {request.requiredDocuments.length > 0 && (
          <ul>
            {request.requiredDocuments.map((d) => (
              <li key={d.typeId}>
                {d.label} : {d.attached ? 'jointe' : 'manquante'}
              </li>
            ))}
          </ul>
        )}
        {request.can.edit ? (
          <DocumentsForm request={request} act={act} />
        ) : (
          <ul>
            {request.documents.map((d) => (
              <li key={d.id}>
                {d.typeLabel} — {d.fileName}
              </li>
            ))}
          </ul>
        )}
      </Panel>
      {request.decisions.length > 0 && (
        <Panel id="section-decisions" title="Décisions">
          <ul>
            {request.decisions.map((d) => (
              <li key={d.id}>
                {formatDate(d.decidedOn)} — {AID_DECISION.labels[d.decision]} (
                {AID_DECISION_CHANNEL.labels[d.channel]})
                {d.grantedCents !== null && ` : ${formatEuros(d.grantedCents)}`}
                {d.derogation && ', par dérogation'}
                {d.decidedByName && `, par ${d.decidedByName}`}
              </li>
            ))}
          </ul>
        </Panel>
      )}
      {(request.can.withdraw || request.can.dismiss) && (
        <Panel id="section-close" title="Retrait ou classement">
          <CloseForm request={request} act={act} />
        </Panel>
      )}
    </div>
  )
}
