import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { type FormEvent, useId, useState } from 'react'
import {
  AID_DECISION,
  AID_REFUSAL_MOTIF,
  type AidDecisionKind,
  BUDGET_CHARGE_KIND,
  BUDGET_RESOURCE_KIND,
  PAYMENT_FORM,
} from '../../../shared/aid.ts'
import type { AgendaItem, CommissionSession } from '../../../shared/aid-commission.ts'
import { formatEuros, parseEurosToCents } from '../../../shared/pricing.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { decisionLetterUrl, frenchDay, useDecide, useRemoveFromAgenda } from './commission-api.ts'

const TO_CORRECT = 'Certains champs sont à corriger : voir les messages sous les champs.'
/** An amount the budget may not know (no resources typed, no quotient): a dash then. */
const orDash = (cents: number | null) => (cents === null ? '—' : formatEuros(cents))
const labelOf = (labels: Record<string, string>, code: string | null) => (code ? (labels[code] ?? code) : '—')

/** One request of the agenda as the commission reads it, with its decision or the form to decide. */
export function AgendaItemCard({ session, item }: { session: CommissionSession; item: AgendaItem }) {
  const titleId = useId()
  const remove = useRemoveFromAgenda(session.id)
  const removal = useFormErrors()
  const who = item.applicant.name ?? item.applicant.initials
  const { budget } = item
  // Lines have no identity of their own: their place in the budget is their key.
  const budgetLines = [
    ...budget.resources.map((line, n) => ({
      key: `resource-${n}`,
      label: `Ressource : ${labelOf(BUDGET_RESOURCE_KIND.labels, line.kind)}`,
      monthlyCents: line.monthlyCents,
    })),
    ...budget.charges.map((line, n) => ({
      key: `charge-${n}`,
      label: `Charge : ${labelOf(BUDGET_CHARGE_KIND.labels, line.kind)}`,
      monthlyCents: line.monthlyCents,
    })),
  ]
  const warnings = item.warnings.map((w, n) => ({ key: `${w.code}-${n}`, message: w.message }))
  return (
    <article className="fr-card fr-card--no-arrow fr-mb-3w" aria-labelledby={titleId}>
      <div className="fr-card__body">
        <div className="fr-card__content">
          <h3 className="fr-card__title fr-h5" id={titleId}>
            {item.position}. {who}
            {item.applicant.age === null ? '' : `, ${item.applicant.age} ans`} —{' '}
            {item.applicant.householdType}
          </h3>
          <div className="fr-card__desc">
            {item.carried && (
              <p>
                <Badge severity="warning" small>
                  Ajournée à une séance précédente
                </Badge>{' '}
                {item.previousAdjournmentReason ? `Attendu : ${item.previousAdjournmentReason}` : ''}
              </p>
            )}
            <p>
              <strong>{item.aidTypeLabel}</strong> : {orDash(item.amountAskedCents)} demandés le{' '}
              {frenchDay(item.requestedOn)} — {item.purpose}
            </p>
            <div className="fr-table fr-table--no-caption fr-table--sm fr-mb-1w">
              <table>
                <caption>Budget mensuel du foyer</caption>
                <thead>
                  <tr>
                    <th scope="col">Ligne du budget</th>
                    <th scope="col">Montant mensuel</th>
                  </tr>
                </thead>
                <tbody>
                  {budgetLines.map((line) => (
                    <tr key={line.key}>
                      <td>{line.label}</td>
                      <td>{orDash(line.monthlyCents)}</td>
                    </tr>
                  ))}
                  <tr>
                    <td>Total des ressources</td>
                    <td>{orDash(budget.resourcesCents)}</td>
                  </tr>
                  <tr>
                    <td>Total des charges</td>
                    <td>{orDash(budget.chargesCents)}</td>
                  </tr>
                  <tr>
                    <td>Reste à vivre par jour (foyer / par unité de consommation)</td>
                    <td>
                      {orDash(budget.remainingPerDayCents)} / {orDash(budget.remainingPerUnitDayCents)}
                    </td>
                  </tr>
                  <tr>
                    <td>Quotient familial</td>
                    <td>{orDash(budget.quotientCents)}</td>
                  </tr>
                </tbody>
              </table>
            </div>
            <p>
              <strong>Évaluation du travailleur social :</strong> {item.assessment ?? 'non renseignée'}
            </p>
            {item.warnings.length > 0 && (
              <Alert
                severity="warning"
                small
                className="fr-mb-2w"
                description={
                  <ul className="fr-mb-0">
                    {warnings.map((w) => (
                      <li key={w.key}>{w.message}</li>
                    ))}
                  </ul>
                }
              />
            )}
            {item.decision ? (
              <DecisionSummary item={item} manage={session.may.manage} />
            ) : session.may.decide ? (
              <DecisionForm session={session} item={item} />
            ) : null}
            <ErrorAlert message={removal.error} />
            {session.may.manage && session.status !== 'closed' && !item.outcome && (
              <Button
                priority="tertiary"
                size="small"
                disabled={remove.isPending}
                onClick={() => void removal.run(() => remove.mutateAsync(item.requestId))}
              >
                Retirer de l’ordre du jour
              </Button>
            )}
          </div>
        </div>
      </div>
    </article>
  )
}

function DecisionSummary({ item, manage }: { item: AgendaItem; manage: boolean }) {
  const d = item.decision
  if (!d) return null
  const detail =
    d.decision === 'granted'
      ? `${orDash(d.grantedCents)}, ${labelOf(PAYMENT_FORM.labels, d.paymentForm).toLowerCase()}${d.derogation ? ', par dérogation au règlement' : ''}`
      : d.decision === 'refused'
        ? labelOf(AID_REFUSAL_MOTIF.labels, d.motif)
        : d.decision === 'adjourned'
          ? `attendu : ${d.adjournmentReason ?? ''}`
          : ''
  return (
    <p>
      <Badge severity={d.decision === 'granted' ? 'success' : d.decision === 'refused' ? 'error' : 'info'}>
        {AID_DECISION.labels[d.decision]}
      </Badge>{' '}
      {detail}
      {manage && (
        <>
          {' — '}
          <a className="fr-link" href={decisionLetterUrl(item.requestId)} download>
            Lettre de décision (PDF)
          </a>
        </>
      )}
    </p>
  )
}

function DecisionForm({ session, item }: { session: CommissionSession; item: AgendaItem }) {
  const decide = useDecide(session.id)
  const [decision, setDecision] = useState<AidDecisionKind | ''>('')
  const [amount, setAmount] = useState('')
  const [paymentForm, setPaymentForm] = useState('')
  const [motif, setMotif] = useState('')
  const [reason, setReason] = useState('')
  const [derogationNote, setDerogationNote] = useState('')
  const errors = useFormErrors()
  const fields = errors.fields

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!decision) {
      errors.show(TO_CORRECT, [{ path: 'decision', message: 'Choisissez une décision.' }])
      return
    }
    const grantedCents = decision === 'granted' ? (parseEurosToCents(amount) ?? undefined) : undefined
    if (decision === 'granted' && grantedCents === undefined) {
      errors.show(TO_CORRECT, [
        { path: 'grantedCents', message: 'Indiquez un montant en euros, par exemple 150 ou 150,50.' },
      ])
      return
    }
    await errors.run(() =>
      decide.mutateAsync({
        requestId: item.requestId,
        decision,
        grantedCents,
        paymentForm: decision === 'granted' ? ((paymentForm || undefined) as never) : undefined,
        refusalMotif: decision === 'refused' ? ((motif || undefined) as never) : undefined,
        adjournmentReason: decision === 'adjourned' ? reason : undefined,
        derogationNote: decision === 'granted' && derogationNote ? derogationNote : undefined,
      }),
    )
  }

  return (
    <form onSubmit={submit} noValidate className="fr-mt-2w">
      <ErrorAlert message={errors.error} />
      <RadioButtons
        legend="Décision de la commission"
        orientation="horizontal"
        state={fields.decision ? 'error' : 'default'}
        stateRelatedMessage={fields.decision}
        options={AID_DECISION.values.map((value) => ({
          label: AID_DECISION.labels[value],
          nativeInputProps: { checked: decision === value, onChange: () => setDecision(value) },
        }))}
      />
      {decision === 'granted' && (
        <>
          <Input
            label="Montant accordé (€)"
            state={fields.grantedCents ? 'error' : 'default'}
            stateRelatedMessage={fields.grantedCents}
            nativeInputProps={{
              inputMode: 'decimal',
              value: amount,
              onChange: (e) => setAmount(e.target.value),
            }}
          />
          <Select
            label="Forme du versement"
            state={fields.paymentForm ? 'error' : 'default'}
            stateRelatedMessage={fields.paymentForm}
            nativeSelectProps={{ value: paymentForm, onChange: (e) => setPaymentForm(e.target.value) }}
          >
            <option value="">Choisir</option>
            {PAYMENT_FORM.values.map((value) => (
              <option key={value} value={value}>
                {PAYMENT_FORM.labels[value]}
              </option>
            ))}
          </Select>
          {item.warnings.length > 0 && (
            <Input
              label="Motif de la dérogation au règlement (facultatif)"
              hintText="La demande dépasse une règle : l’accord est enregistré comme une dérogation."
              state={fields.derogationNote ? 'error' : 'default'}
              stateRelatedMessage={fields.derogationNote}
              nativeInputProps={{ value: derogationNote, onChange: (e) => setDerogationNote(e.target.value) }}
            />
          )}
        </>
      )}
      {decision === 'refused' && (
        <Select
          label="Motif du refus"
          state={fields.refusalMotif ? 'error' : 'default'}
          stateRelatedMessage={fields.refusalMotif}
          nativeSelectProps={{ value: motif, onChange: (e) => setMotif(e.target.value) }}
        >
          <option value="">Choisir</option>
          {AID_REFUSAL_MOTIF.values.map((value) => (
            <option key={value} value={value}>
              {AID_REFUSAL_MOTIF.labels[value]}
            </option>
          ))}
        </Select>
      )}
      {decision === 'adjourned' && (
        <Input
          label="Ce qui manque pour décider"
          state={fields.adjournmentReason ? 'error' : 'default'}
          stateRelatedMessage={fields.adjournmentReason}
          nativeInputProps={{ value: reason, onChange: (e) => setReason(e.target.value) }}
        />
      )}
      <Button type="submit" disabled={decide.isPending}>
        Enregistrer la décision
      </Button>
    </form>
  )
}
