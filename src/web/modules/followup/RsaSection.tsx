import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { todayInFrance } from '../../../shared/dates.ts'
import { RSA_ORIENTATION, RSA_STATUS, type RsaApplication, type RsaStep } from '../../../shared/rsa.ts'
import { formatDate } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { personRsaQuery, useCreateRsaApplication, useRsaStep } from './api/rsa.ts'

/** One item per non-empty line of a text area (the missing documents, the contract's goals). */
const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)

const SEVERITY = {
  received: 'info',
  documents_missing: 'warning',
  sent_to_caf: 'info',
  granted: 'success',
  refused: 'error',
  oriented: 'success',
  contract_signed: 'success',
} as const

/**
 * The "Instruction RSA" section: the person's RSA applications, step by step from the application
 * received to the contrat d'engagement réciproque. On a support record, a new application is linked to it.
 */
export function RsaSection(props: { personId: string; canWrite: boolean; supportRecordId?: string }) {
  const list = useQuery(personRsaQuery(props.personId))
  const [adding, setAdding] = useState(false)
  const [message, setMessage] = useState<string>()
  return (
    <section aria-labelledby="section-rsa" className="fr-mb-4w">
      <div className="fr-grid-row fr-grid-row--middle fr-mb-1w">
        <h2 id="section-rsa" className="fr-h4 fr-mb-0 fr-col">
          Instruction RSA
        </h2>
        {props.canWrite && !adding && (
          <Button
            size="small"
            priority="secondary"
            iconId="fr-icon-add-line"
            onClick={() => {
              setMessage(undefined)
              setAdding(true)
            }}
          >
            Enregistrer une demande de RSA
          </Button>
        )}
      </div>
      <SuccessAlert message={message} />
      {list.error && <ErrorAlert message={applyApiError(list.error)} />}
      {adding && (
        <NewApplicationForm
          {...props}
          onDone={(done) => {
            setAdding(false)
            if (done) setMessage('Demande de RSA enregistrée.')
          }}
        />
      )}
      {list.data && list.data.items.length === 0 && <p className="fr-mb-0">Aucune demande de RSA.</p>}
      {list.data?.items.map((application) => (
        <ApplicationCard
          key={application.id}
          application={application}
          canWrite={props.canWrite}
          onDone={setMessage}
        />
      ))}
    </section>
  )
}

function NewApplicationForm(props: {
  personId: string
  supportRecordId?: string
  onDone: (done: boolean) => void
}) {
  const create = useCreateRsaApplication()
  const form = useFormErrors()
  const [receivedOn, setReceivedOn] = useState(todayInFrance())
  const [missing, setMissing] = useState('')
  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    const done = await form.run(() =>
      create.mutateAsync({
        personId: props.personId,
        supportRecordId: props.supportRecordId ?? null,
        receivedOn,
        missingDocuments: lines(missing),
      }),
    )
    if (done) props.onDone(true)
  }
  return (
    <form onSubmit={submit} noValidate className="fr-mb-3w" aria-labelledby="rsa-new-title">
      <h3 id="rsa-new-title" className="fr-h6">
        Nouvelle demande de RSA
      </h3>
      <ErrorAlert message={form.error} />
      <Input
        label="Demande reçue le"
        nativeInputProps={{ type: 'date', value: receivedOn, onChange: (e) => setReceivedOn(e.target.value) }}
        {...form.state('receivedOn')}
      />
      <Input
        label="Pièces manquantes (une par ligne, facultatif)"
        textArea
        nativeTextAreaProps={{ value: missing, rows: 3, onChange: (e) => setMissing(e.target.value) }}
        {...form.state('missingDocuments')}
      />
      <ul className="fr-btns-group fr-btns-group--inline-sm">
        <li>
          <Button type="submit" disabled={create.isPending}>
            Enregistrer la demande
          </Button>
        </li>
        <li>
          <Button type="button" priority="secondary" onClick={() => props.onDone(false)}>
            Annuler
          </Button>
        </li>
      </ul>
    </form>
  )
}

function ApplicationCard(props: {
  application: RsaApplication
  canWrite: boolean
  onDone: (message: string) => void
}) {
  const a = props.application
  const headingId = `rsa-${a.id}`
  return (
    <article
      aria-labelledby={headingId}
      className="fr-p-2w fr-mb-2w"
      style={{ border: '1px solid var(--border-default-grey)' }}
    >
      <h3 id={headingId} className="fr-h6 fr-mb-1w">
        Demande reçue le {formatDate(a.receivedOn)}{' '}
        <Badge small noIcon severity={SEVERITY[a.status]}>
          {RSA_STATUS.labels[a.status]}
        </Badge>
      </h3>
      <ul className="fr-text--sm fr-mb-1w">
        {a.missingDocuments.length > 0 && <li>Pièces manquantes : {a.missingDocuments.join(', ')}</li>}
        {a.sentOn && <li>Transmise à la CAF le {formatDate(a.sentOn)}</li>}
        {a.decision && a.decidedOn && (
          <li>
            {a.decision === 'granted' ? 'Accordé' : 'Refusé'} le {formatDate(a.decidedOn)}
          </li>
        )}
        {a.orientation && a.orientedOn && (
          <li>
            Orientation {RSA_ORIENTATION.labels[a.orientation].toLowerCase()} le {formatDate(a.orientedOn)}
            {a.toCcas ? ', accompagnement par le CCAS' : ''}
          </li>
        )}
        {a.contract && (
          <li>
            Contrat d’engagement réciproque signé le {formatDate(a.contract.signedOn)} — objectifs :{' '}
            {a.contract.goals.map((g) => g.label).join(' ; ')} — révisions :{' '}
            {a.contract.reviewDates.map((d) => formatDate(d)).join(', ')}
            {a.contract.note && ` — ${a.contract.note}`}
          </li>
        )}
      </ul>
      {props.canWrite && <NextStep application={a} onDone={props.onDone} />}
    </article>
  )
}

/** The form of the step the application is at; nothing once it is refused, oriented elsewhere or signed. */
function NextStep({ application: a, onDone }: { application: RsaApplication; onDone: (m: string) => void }) {
  const step = useRsaStep(a.id)
  const form = useFormErrors()
  const today = todayInFrance()
  const [missing, setMissing] = useState(a.missingDocuments.join('\n'))
  const [date, setDate] = useState(today)
  const [decision, setDecision] = useState<'granted' | 'refused'>('granted')
  const [orientation, setOrientation] = useState<'social' | 'professional'>('social')
  const [toCcas, setToCcas] = useState(true)
  const [goals, setGoals] = useState('')
  const [reviews, setReviews] = useState(['', ''])
  const [note, setNote] = useState('')
  const send = (input: RsaStep, message: string) =>
    form.run(async () => {
      await step.mutateAsync(input)
      onDone(message)
    })
  const dateField = (label: string, path: string) => (
    <Input
      label={label}
      nativeInputProps={{ type: 'date', value: date, onChange: (e) => setDate(e.target.value) }}
      {...form.state(path)}
    />
  )
  const submitButton = (label: string) => (
    <Button type="submit" size="small" disabled={step.isPending}>
      {label}
    </Button>
  )
  const submit = (build: () => [RsaStep, string]) => (event: React.FormEvent) => {
    event.preventDefault()
    void send(...build())
  }

  let body: React.ReactNode = null
  if (a.status === 'received' || a.status === 'documents_missing') {
    body = (
      <>
        <form
          noValidate
          className="fr-mb-2w"
          onSubmit={submit(() => [
            { step: 'documents', missingDocuments: lines(missing) },
            'Pièces manquantes mises à jour.',
          ])}
        >
          <Input
            label="Pièces manquantes (une par ligne ; videz quand le dossier est complet)"
            textArea
            nativeTextAreaProps={{ value: missing, rows: 3, onChange: (e) => setMissing(e.target.value) }}
            {...form.state('missingDocuments')}
          />
          {submitButton('Mettre à jour les pièces')}
        </form>
        <form
          noValidate
          onSubmit={submit(() => [{ step: 'sent', sentOn: date }, 'Demande transmise à la CAF.'])}
        >
          {dateField('Transmise à la CAF le', 'sentOn')}
          {submitButton('Enregistrer l’envoi à la CAF')}
        </form>
      </>
    )
  } else if (a.status === 'sent_to_caf') {
    body = (
      <form
        noValidate
        onSubmit={submit(() => [{ step: 'decision', decision, decidedOn: date }, 'Décision enregistrée.'])}
      >
        <Select
          label="Décision de la CAF"
          nativeSelectProps={{ value: decision, onChange: (e) => setDecision(e.target.value as 'granted') }}
          {...form.state('decision')}
        >
          <option value="granted">Accordé</option>
          <option value="refused">Refusé</option>
        </Select>
        {dateField('Décision du', 'decidedOn')}
        {submitButton('Enregistrer la décision')}
      </form>
    )
  } else if (a.status === 'granted') {
    body = (
      <form
        noValidate
        onSubmit={submit(() => [
          { step: 'orientation', orientation, orientedOn: date, toCcas: orientation === 'social' && toCcas },
          'Orientation enregistrée.',
        ])}
      >
        <Select
          label="Orientation"
          nativeSelectProps={{
            value: orientation,
            onChange: (e) => setOrientation(e.target.value as 'social'),
          }}
          {...form.state('orientation')}
        >
          {RSA_ORIENTATION.values.map((o) => (
            <option key={o} value={o}>
              {RSA_ORIENTATION.labels[o]}
            </option>
          ))}
        </Select>
        {dateField('Orientation décidée le', 'orientedOn')}
        {orientation === 'social' && (
          <Checkbox
            small
            options={[
              {
                label: 'Accompagnement social par le CCAS (un contrat d’engagement réciproque suivra)',
                nativeInputProps: { checked: toCcas, onChange: (e) => setToCcas(e.target.checked) },
              },
            ]}
            {...form.state('toCcas')}
          />
        )}
        {submitButton('Enregistrer l’orientation')}
      </form>
    )
  } else if (a.status === 'oriented' && a.toCcas) {
    body = (
      <form
        noValidate
        onSubmit={submit(() => [
          {
            step: 'contract',
            signedOn: date,
            goals: lines(goals).map((label) => ({ label })),
            reviewDates: reviews.filter(Boolean),
            note: note || null,
          },
          'Contrat d’engagement réciproque enregistré.',
        ])}
      >
        <h4 className="fr-text--md fr-mb-1w">Contrat d’engagement réciproque</h4>
        {dateField('Contrat signé le', 'signedOn')}
        <Input
          label="Objectifs du contrat (un par ligne)"
          textArea
          nativeTextAreaProps={{ value: goals, rows: 3, onChange: (e) => setGoals(e.target.value) }}
          {...form.state('goals')}
        />
        <div className="fr-grid-row fr-grid-row--gutters">
          {(['Première révision le', 'Révision suivante le (facultatif)'] as const).map((label, index) => (
            <div key={label} className="fr-col-12 fr-col-md-6">
              <Input
                label={label}
                nativeInputProps={{
                  type: 'date',
                  value: reviews[index],
                  onChange: (e) =>
                    setReviews((list) => list.map((v, i) => (i === index ? e.target.value : v))),
                }}
                {...form.state(
                  form.fields[`reviewDates.${index}`] || index > 0 ? `reviewDates.${index}` : 'reviewDates',
                )}
              />
            </div>
          ))}
        </div>
        <Input
          label="Note (facultatif)"
          nativeInputProps={{ value: note, onChange: (e) => setNote(e.target.value) }}
          {...form.state('note')}
        />
        {submitButton('Enregistrer le contrat')}
      </form>
    )
  }
  if (!body) return null
  return (
    <div>
      <ErrorAlert message={form.error} />
      {body}
    </div>
  )
}
