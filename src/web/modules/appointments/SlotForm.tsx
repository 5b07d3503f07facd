import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useState } from 'react'
import { todayInFrance } from '../../../shared/dates.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { useAddSlot } from './api/appointments.ts'

export const SLOT_MINUTES = [15, 30, 45, 60, 90, 120] as const
export const durationLabel = (m: number) => (m < 60 ? `${m} min` : `${m / 60} h`.replace('.5 h', ' h 30'))

/**
 * Opening a slot of the week's professional, for the front desk to book on: a day, a start, a length,
 * a place. Times are typed in the browser's time zone (the CCAS's), sent as instants.
 */
export function SlotForm({
  professionalId,
  professionalName,
}: {
  professionalId: string
  professionalName: string
}) {
  const add = useAddSlot()
  const form = useFormErrors()
  const [date, setDate] = useState(todayInFrance())
  const [time, setTime] = useState('')
  const [minutes, setMinutes] = useState('60')
  const [place, setPlace] = useState('')
  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    if (!time) {
      form.show('Indiquez l’heure de début du créneau.', [
        { path: 'startsAt', message: 'Indiquez l’heure de début du créneau.' },
      ])
      return
    }
    const start = new Date(`${date}T${time}`)
    const done = await form.run(
      () =>
        add.mutateAsync({
          professionalId,
          startsAt: start.toISOString(),
          endsAt: new Date(start.getTime() + Number(minutes) * 60_000).toISOString(),
          place: place || null,
        }),
      `Créneau ouvert le ${date.split('-').reverse().join('/')} à ${time}.`,
    )
    if (done) setTime('')
  }
  return (
    <section aria-labelledby="slot-title" className="fr-mb-4w">
      <h2 id="slot-title" className="fr-h5">
        Ouvrir un créneau de {professionalName}
      </h2>
      <form onSubmit={submit} noValidate>
        <ErrorAlert message={form.error} />
        <SuccessAlert message={form.done} />
        <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          <div className="fr-col-12 fr-col-md-3">
            <Input
              label="Jour du créneau"
              nativeInputProps={{ type: 'date', value: date, onChange: (e) => setDate(e.target.value) }}
            />
          </div>
          <div className="fr-col-12 fr-col-md-2">
            <Input
              label="Début"
              nativeInputProps={{ type: 'time', value: time, onChange: (e) => setTime(e.target.value) }}
              {...form.state('startsAt')}
            />
          </div>
          <div className="fr-col-12 fr-col-md-2">
            <Select
              label="Durée du créneau"
              nativeSelectProps={{ value: minutes, onChange: (e) => setMinutes(e.target.value) }}
              {...form.state('endsAt')}
            >
              {SLOT_MINUTES.map((m) => (
                <option key={m} value={m}>
                  {durationLabel(m)}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Input
              label="Lieu du créneau (facultatif)"
              nativeInputProps={{ value: place, onChange: (e) => setPlace(e.target.value) }}
              {...form.state('place')}
            />
          </div>
          <div className="fr-col-12 fr-col-md-2">
            <Button type="submit" priority="secondary" disabled={add.isPending}>
              Ouvrir le créneau
            </Button>
          </div>
        </div>
      </form>
    </section>
  )
}
