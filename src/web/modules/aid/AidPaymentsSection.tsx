import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useState } from 'react'
import { useParams } from 'react-router'
import type { AidPayment } from '../../../shared/aid.payments.ts'
import { PAYMENT_FORM, type PaymentForm } from '../../../shared/aid.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { formatEuros, parseEurosToCents } from '../../../shared/pricing.ts'
import { api } from '../../lib/api-client.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useAidPayments, usePaymentChange } from './aid-money-api.ts'

const frenchDay = (day: string) => day.split('-').reverse().join('/')

function CancelPayment({ requestId, payment }: { requestId: string; payment: AidPayment }) {
  const form = useFormErrors()
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const cancel = usePaymentChange(requestId, () =>
    api('POST', `/api/aid-payments/${payment.id}/cancel`, { reason }),
  )
  if (!open) {
    return (
      <Button type="button" size="small" priority="tertiary" onClick={() => setOpen(true)}>
        Annuler ce paiement
      </Button>
    )
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        void form.run(() => cancel.mutateAsync(undefined))
      }}
    >
      <Input
        label="Motif de l’annulation"
        nativeInputProps={{ value: reason, onChange: (e) => setReason(e.target.value) }}
        {...form.state('reason')}
      />
      <Button size="small" type="submit">
        Confirmer l’annulation
      </Button>
      <ErrorAlert message={form.error} />
    </form>
  )
}

/**
 * The payments of a request, as its page shows them: what is granted, paid and left to pay; those
 * who pay (`aid.pay`) record a payment in one of the aid's forms, charged to a budget year (a closed
 * year asks why), and cancel one.
 */
export function AidPaymentsSection({ requestId }: { requestId: string }) {
  const me = useMe().data
  const mayPay = hasPermission(me, 'aid.pay')
  const payments = useAidPayments(requestId)
  const form = useFormErrors()
  const today = todayInFrance()
  const [amount, setAmount] = useState('')
  const [formOf, setForm] = useState<PaymentForm | ''>('')
  const [payee, setPayee] = useState('')
  const [paidOn, setPaidOn] = useState(today)
  const [budgetYear, setBudgetYear] = useState(Number(today.slice(0, 4)))
  const [reference, setReference] = useState('')
  const [note, setNote] = useState('')
  const pay = usePaymentChange(requestId, (body: object) => api('POST', '/api/aid-payments', body))
  const data = payments.data
  if (payments.error) return <ErrorAlert message={payments.error.message} />
  if (!data) return <p aria-live="polite">Chargement des paiements…</p>
  const request = data.request
  const forms = request.paymentForms.filter((f) => f !== 'voucher' || !request.voucherKindId)
  const chosenForm =
    formOf || (request.paymentForm && forms.includes(request.paymentForm) ? request.paymentForm : forms[0])
  const closedYear = request.closedYears.includes(budgetYear)
  const submit = () => {
    const cents = parseEurosToCents(amount)
    if (cents === null) {
      form.show('Certains champs sont à corriger.', [
        { path: 'amountCents', message: 'Montant en euros, par exemple 150,00.' },
      ])
      return
    }
    void form
      .run(
        () =>
          pay.mutateAsync({
            requestId,
            amountCents: cents,
            form: chosenForm,
            payee: payee || null,
            paidOn,
            budgetYear,
            reference: reference || null,
            closedYearNote: closedYear ? note || null : null,
          }),
        'Paiement enregistré.',
      )
      .then((done) => {
        if (done) {
          setAmount('')
          setReference('')
          setNote('')
        }
      })
  }
  return (
    <section aria-labelledby="aid-payments-title">
      <h2 id="aid-payments-title">Paiements</h2>
      <p>
        {request.aidTypeLabel} — fonds « {request.fundName} ». Accordé :{' '}
        <strong>{request.grantedCents === null ? '—' : formatEuros(request.grantedCents)}</strong>, payé :{' '}
        <strong>{formatEuros(request.paidCents)}</strong>, reste à payer :{' '}
        <strong>{formatEuros(request.remainingCents)}</strong>.
      </p>
      {data.items.length > 0 ? (
        <Table
          caption="Paiements de cette aide"
          headers={['Date', 'Montant', 'Mode', 'Bénéficiaire', 'Exercice', 'État', '']}
          data={data.items.map((p) => [
            frenchDay(p.paidOn),
            formatEuros(p.amountCents),
            PAYMENT_FORM.labels[p.form],
            p.payee ?? (p.voucherNumbers.length ? `Bons n° ${p.voucherNumbers.join(', ')}` : 'La personne'),
            `${p.budgetYear}${p.closedYearNote ? ` (clos : ${p.closedYearNote})` : ''}`,
            p.cancelledAt ? `Annulé${p.cancelReason ? ` : ${p.cancelReason}` : ''}` : 'Payé',
            mayPay && !p.cancelledAt && p.voucherNumbers.length === 0 ? (
              <CancelPayment key={p.id} requestId={requestId} payment={p} />
            ) : (
              ''
            ),
          ])}
        />
      ) : (
        <p>Aucun paiement pour l’instant.</p>
      )}
      {request.voucherKindId && (
        <p className="fr-text--sm">
          Cette aide se paie en bons numérotés : remettez-les depuis « Bons et tickets ».
        </p>
      )}
      {mayPay && request.status === 'granted' && request.remainingCents > 0 && forms.length > 0 && (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            submit()
          }}
        >
          <h3>Enregistrer un paiement</h3>
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-md-4">
              <Input
                label="Montant payé (€)"
                hintText={`${formatEuros(request.remainingCents)} au plus`}
                nativeInputProps={{
                  value: amount,
                  onChange: (e) => setAmount(e.target.value),
                  inputMode: 'decimal',
                }}
                {...form.state('amountCents')}
              />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Select
                label="Mode de paiement"
                nativeSelectProps={{
                  value: chosenForm,
                  onChange: (e) => setForm(e.target.value as PaymentForm),
                }}
                {...form.state('form')}
              >
                {forms.map((f) => (
                  <option key={f} value={f}>
                    {PAYMENT_FORM.labels[f]}
                  </option>
                ))}
              </Select>
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Input
                label="Bénéficiaire du paiement"
                hintText={
                  chosenForm === 'creditor'
                    ? `Par défaut : ${request.creditorName ?? 'à indiquer'}`
                    : 'La personne, si vide'
                }
                nativeInputProps={{ value: payee, onChange: (e) => setPayee(e.target.value) }}
                {...form.state('payee')}
              />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Input
                label="Date du paiement"
                nativeInputProps={{
                  type: 'date',
                  value: paidOn,
                  max: today,
                  onChange: (e) => setPaidOn(e.target.value),
                }}
                {...form.state('paidOn')}
              />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Input
                label="Exercice imputé"
                nativeInputProps={{
                  type: 'number',
                  value: budgetYear,
                  onChange: (e) => setBudgetYear(Number(e.target.value)),
                }}
                {...form.state('budgetYear')}
              />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Input
                label="Référence (mandat, virement)"
                nativeInputProps={{ value: reference, onChange: (e) => setReference(e.target.value) }}
                {...form.state('reference')}
              />
            </div>
            {closedYear && (
              <div className="fr-col-12">
                <Input
                  textArea
                  label={`Pourquoi imputer ce paiement sur l’exercice clos ${budgetYear}`}
                  nativeTextAreaProps={{ value: note, onChange: (e) => setNote(e.target.value) }}
                  {...form.state('closedYearNote')}
                />
              </div>
            )}
          </div>
          <Button type="submit">Enregistrer le paiement</Button>
        </form>
      )}
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
    </section>
  )
}

/** The payments of one request on a page of their own (the request's page embeds the section). */
export function AidPaymentsPage() {
  usePageTitle('Paiements d’une aide')
  const { id } = useParams()
  return (
    <div>
      <h1>Paiements d’une aide</h1>
      <AidPaymentsSection requestId={id!} />
    </div>
  )
}
