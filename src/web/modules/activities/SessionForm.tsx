import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { useState } from 'react'
import { type SessionDetail, sessionInputSchema } from '../../../shared/activities.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { api } from '../../lib/api-client.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { useActivitiesChange } from './activities-api.ts'

/**
 * A session held (even long ago: history is welcome) or planned; with `session`, the same form corrects
 * it (its day, times, places, facilitators, note) and the participants stay.
 */
export function SessionForm(props: {
  activityId: string
  session?: SessionDetail
  onSaved: (session: SessionDetail) => void
  onCancel?: () => void
}) {
  const form = useFormErrors()
  const s = props.session
  const [values, setValues] = useState({
    heldOn: s?.heldOn ?? todayInFrance(),
    startsAt: s?.startsAt ?? '',
    endsAt: s?.endsAt ?? '',
    capacity: s?.capacity === null || s?.capacity === undefined ? '' : String(s.capacity),
    facilitators: s?.facilitators.join(', ') ?? '',
    note: s?.note ?? '',
  })
  const save = useActivitiesChange((input: object) =>
    s
      ? api<SessionDetail>('PUT', `/api/activity-sessions/${s.id}`, input)
      : api<SessionDetail>('POST', `/api/activities/${props.activityId}/sessions`, input),
  )
  const set = (key: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues({ ...values, [key]: e.target.value })
  const submit = async () => {
    const payload = form.check(sessionInputSchema, {
      heldOn: values.heldOn,
      startsAt: values.startsAt || null,
      endsAt: values.endsAt || null,
      capacity: values.capacity.trim() ? Number(values.capacity) : null,
      facilitators: values.facilitators
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean),
      note: values.note.trim() || null,
    })
    if (!payload) return
    const saved = await form.run(() => save.mutateAsync(payload))
    if (saved) props.onSaved(saved)
  }
  const title = s ? 'Modifier la séance' : 'Nouvelle séance'
  return (
    <form
      className="fr-my-4w"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h2>{title}</h2>
      <p className="fr-text--sm">
        Une séance passée s’enregistre à sa date, même ancienne ; une séance prévue reçoit ses inscriptions.
      </p>
      <ErrorAlert message={form.error} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-3">
          <Input
            label="Date de la séance"
            nativeInputProps={{ type: 'date', value: values.heldOn, onChange: set('heldOn') }}
            {...form.state('heldOn')}
          />
        </div>
        <div className="fr-col-6 fr-col-md-2">
          <Input
            label="Début"
            nativeInputProps={{ type: 'time', value: values.startsAt, onChange: set('startsAt') }}
            {...form.state('startsAt')}
          />
        </div>
        <div className="fr-col-6 fr-col-md-2">
          <Input
            label="Fin"
            nativeInputProps={{ type: 'time', value: values.endsAt, onChange: set('endsAt') }}
            {...form.state('endsAt')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-2">
          <Input
            label="Places"
            nativeInputProps={{ inputMode: 'numeric', value: values.capacity, onChange: set('capacity') }}
            {...form.state('capacity')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <Input
            label="Animateur·rices"
            hintText="Séparés par des virgules"
            nativeInputProps={{ value: values.facilitators, onChange: set('facilitators') }}
            {...form.state('facilitators')}
          />
        </div>
      </div>
      <Input
        label="Note (facultatif)"
        hintText="Ce qui s’est passé, sans rien de personnel sur les participant·es"
        textArea
        nativeTextAreaProps={{ value: values.note, onChange: set('note'), rows: 2 }}
        {...form.state('note')}
      />
      <Button type="submit" disabled={save.isPending} className="fr-mr-2w">
        Enregistrer la séance
      </Button>
      {props.onCancel && (
        <Button type="button" priority="secondary" onClick={props.onCancel}>
          Annuler
        </Button>
      )}
    </form>
  )
}
