import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { type FormEvent, useState } from 'react'
import { todayInFrance } from '../../../shared/dates.ts'
import { RADIATION_MOTIF, REFUSAL_MOTIF } from '../../../shared/domiciliation.ts'
import {
  type DecisionInput,
  type Domiciliation,
  domiciliationEnd,
} from '../../../shared/domiciliation-workflow.ts'
import { formatDate } from '../../lib/dates.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { useDecide, useUndoDecision } from './domiciliation-api.ts'

/** A motif chosen among the official ones (refusal or radiation). */
function MotifSelect(props: {
  label: string
  motifs: { values: readonly string[]; labels: Record<string, string> }
  value: string
  /** The field's state and message, from `useFormErrors().state`. */
  state: ReturnType<ReturnType<typeof useFormErrors>['state']>
  onChange: (value: string) => void
}) {
  return (
    <Select
      label={props.label}
      {...props.state}
      nativeSelectProps={{ value: props.value, onChange: (e) => props.onChange(e.target.value) }}
    >
      <option value="">Choisir un motif</option>
      {props.motifs.values.map((v) => (
        <option key={v} value={v}>
          {props.motifs.labels[v]}
        </option>
      ))}
    </Select>
  )
}

/** A choice left empty, said under its field before anything is sent. */
function missing(form: ReturnType<typeof useFormErrors>, path: string, message: string) {
  form.show('Certains champs sont à corriger : voir les messages sous les champs.', [{ path, message }])
}

/** The decision on a request waiting for one: grant (with its start) or refusal (motif and re-orientation). */
export function DecisionForm({ period }: { period: Domiciliation }) {
  const decide = useDecide()
  const [choice, setChoice] = useState<'granted' | 'refused'>('granted')
  const [startOn, setStartOn] = useState(todayInFrance())
  const [motif, setMotif] = useState('')
  const [reorientation, setReorientation] = useState('')
  const form = useFormErrors()

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (choice === 'refused' && !motif) return missing(form, 'motif', 'Choisissez le motif du refus.')
    const decision =
      choice === 'granted'
        ? { decision: 'granted' as const, startOn }
        : { decision: 'refused' as const, motif: motif as keyof typeof REFUSAL_MOTIF.labels, reorientation }
    await form.run(() => decide.mutateAsync({ id: period.id, decision: decision as DecisionInput }))
  }

  return (
    <form onSubmit={submit} noValidate className="fr-mt-2w">
      <h3 className="fr-h6">Décision</h3>
      <ErrorAlert message={form.error} />
      <RadioButtons
        legend="La domiciliation est"
        name="decision"
        orientation="horizontal"
        options={[
          {
            label: 'Accordée',
            nativeInputProps: { checked: choice === 'granted', onChange: () => setChoice('granted') },
          },
          {
            label: 'Refusée',
            nativeInputProps: { checked: choice === 'refused', onChange: () => setChoice('refused') },
          },
        ]}
      />
      {choice === 'granted' ? (
        <Input
          label="Date de début"
          hintText={
            startOn
              ? `Fin de validité : ${formatDate(domiciliationEnd(startOn))} (un an moins un jour).`
              : undefined
          }
          {...form.state('startOn')}
          nativeInputProps={{ type: 'date', value: startOn, onChange: (e) => setStartOn(e.target.value) }}
        />
      ) : (
        <>
          <MotifSelect
            label="Motif du refus"
            motifs={REFUSAL_MOTIF}
            value={motif}
            state={form.state('motif')}
            onChange={setMotif}
          />
          <Input
            label="Organisme vers lequel la personne est réorientée"
            hintText="Obligatoire : la lettre de refus l’indique à la personne."
            {...form.state('reorientation')}
            nativeInputProps={{ value: reorientation, onChange: (e) => setReorientation(e.target.value) }}
          />
        </>
      )}
      <Button type="submit" disabled={decide.isPending}>
        Enregistrer la décision
      </Button>
    </form>
  )
}

/** Radiation of a period in force: its motif and date. */
export function RadiationForm({ period }: { period: Domiciliation }) {
  const decide = useDecide()
  const [open, setOpen] = useState(false)
  const [motif, setMotif] = useState('')
  const [radiatedOn, setRadiatedOn] = useState(todayInFrance())
  const form = useFormErrors()
  if (!open) {
    return (
      <Button priority="secondary" iconId="fr-icon-close-circle-line" onClick={() => setOpen(true)}>
        Radier
      </Button>
    )
  }
  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!motif) return missing(form, 'motif', 'Choisissez le motif de la radiation.')
    const radiated = await form.run(() =>
      decide.mutateAsync({
        id: period.id,
        decision: { decision: 'radiated', motif: motif as keyof typeof RADIATION_MOTIF.labels, radiatedOn },
      }),
    )
    if (radiated) setOpen(false)
  }
  return (
    <form onSubmit={submit} noValidate className="fr-mt-2w">
      <h3 className="fr-h6">Radiation</h3>
      <ErrorAlert message={form.error} />
      <MotifSelect
        label="Motif de la radiation"
        motifs={RADIATION_MOTIF}
        value={motif}
        state={form.state('motif')}
        onChange={setMotif}
      />
      <Input
        label="Date de la radiation"
        {...form.state('radiatedOn')}
        nativeInputProps={{ type: 'date', value: radiatedOn, onChange: (e) => setRadiatedOn(e.target.value) }}
      />
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <Button type="button" priority="secondary" onClick={() => setOpen(false)}>
            Annuler
          </Button>
        </li>
        <li>
          <Button type="submit" disabled={decide.isPending}>
            Radier la domiciliation
          </Button>
        </li>
      </ul>
    </form>
  )
}

/** Undo of the last decision still in effect, with its reason (kept in the history and the audit). */
export function UndoDecision({ period, decisionId }: { period: Domiciliation; decisionId: string }) {
  const undo = useUndoDecision()
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const form = useFormErrors()
  if (!open) {
    return (
      <Button
        size="small"
        priority="tertiary"
        iconId="fr-icon-arrow-go-back-line"
        onClick={() => setOpen(true)}
      >
        Annuler cette décision
      </Button>
    )
  }
  async function submit(event: FormEvent) {
    event.preventDefault()
    const undone = await form.run(() => undo.mutateAsync({ id: period.id, decisionId, reason }))
    if (undone) setOpen(false)
  }
  return (
    <form onSubmit={submit} noValidate className="fr-mt-1w">
      <ErrorAlert message={form.error} />
      <Input
        label="Pourquoi annuler cette décision ?"
        {...form.state('reason')}
        nativeInputProps={{ value: reason, onChange: (e) => setReason(e.target.value) }}
      />
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
        <li>
          <Button type="button" priority="secondary" onClick={() => setOpen(false)}>
            Garder la décision
          </Button>
        </li>
        <li>
          <Button type="submit" disabled={undo.isPending}>
            Annuler la décision
          </Button>
        </li>
      </ul>
    </form>
  )
}
