import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import type { ReactNode } from 'react'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { useNavigate, useSearchParams } from 'react-router'
import { todayInFrance } from '../../../shared/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useBook, useProfessionals } from './api/appointments.ts'
import { durationLabel, SLOT_MINUTES } from './SlotForm.tsx'

type Picked = { id: string; label: string }
type Values = {
  professionalId: string
  date: string
  time: string
  minutes: string
  place: string
  purpose: string
}

/**
 * /rendez-vous/nouveau — book an appointment: from the front desk (a person searched), from a file
 * (`?personId=`) or on a free slot (`?slotId=`). The person search is the people module's, given by
 * the router.
 */
export function BookAppointmentPage({ picker }: { picker: (onPick: (person: Picked) => void) => ReactNode }) {
  usePageTitle('Prendre un rendez-vous')
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const { data: me } = useMe()
  const slotId = params.get('slotId') ?? undefined
  const fromFile = params.get('personId')
  const [person, setPerson] = useState<Picked | null>(
    fromFile ? { id: fromFile, label: 'la personne du dossier' } : null,
  )
  const [error, setError] = useState<string>()
  const professionals = useProfessionals()
  const book = useBook()
  const form = useForm<Values>({
    defaultValues: {
      professionalId: '',
      date: todayInFrance(),
      time: '',
      minutes: '60',
      place: '',
      purpose: '',
    },
  })
  const errors = form.formState.errors
  // The server names startsAt and endsAt: shown under the date and the duration.
  const serverErrors = errors as Record<string, { message?: string } | undefined>
  const submit = form.handleSubmit(async (v) => {
    setError(undefined)
    if (!person) {
      setError('Choisissez la personne qui prend rendez-vous.')
      return
    }
    if (!slotId && !v.time) {
      form.setError('time', { message: 'Indiquez l’heure du rendez-vous.' })
      return
    }
    const start = slotId ? null : new Date(`${v.date}T${v.time}`)
    try {
      const booked = await book.mutateAsync({
        personId: person.id,
        ...(slotId
          ? { slotId }
          : {
              professionalId: v.professionalId || professionals.data?.items[0]?.id,
              startsAt: start!.toISOString(),
              endsAt: new Date(start!.getTime() + Number(v.minutes) * 60_000).toISOString(),
            }),
        place: v.place || null,
        purpose: v.purpose || null,
        bookedFrom: fromFile ? 'file' : 'front_desk',
      })
      navigate(
        `/rendez-vous?professionalId=${booked.professionalId}&day=${todayInFrance(new Date(booked.startsAt))}`,
        {
          state: { message: `Rendez-vous enregistré pour ${booked.displayName}.` },
        },
      )
    } catch (caught) {
      setError(applyApiError(caught, form.setError as never))
    }
  })
  return (
    <div className="fr-grid-row">
      <div className="fr-col-12 fr-col-md-8">
        <h1>Prendre un rendez-vous</h1>
        {me && <ErrorAlert message={error} />}
        {person ? (
          <p>
            Pour <strong>{person.label}</strong>{' '}
            {!fromFile && (
              <Button size="small" priority="tertiary" onClick={() => setPerson(null)}>
                Changer de personne
              </Button>
            )}
          </p>
        ) : (
          picker(setPerson)
        )}
        <form onSubmit={submit} noValidate>
          {slotId ? (
            <p>Sur le créneau choisi dans la semaine du ou de la professionnel·le.</p>
          ) : (
            <>
              <Select
                label="Professionnel·le"
                state={errors.professionalId ? 'error' : 'default'}
                stateRelatedMessage={errors.professionalId?.message}
                nativeSelectProps={form.register('professionalId')}
              >
                {(professionals.data?.items ?? []).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </Select>
              <div className="fr-grid-row fr-grid-row--gutters">
                <div className="fr-col-12 fr-col-md-4">
                  <Input
                    label="Date"
                    state={serverErrors.startsAt ? 'error' : 'default'}
                    stateRelatedMessage={serverErrors.startsAt?.message}
                    nativeInputProps={{ type: 'date', ...form.register('date') }}
                  />
                </div>
                <div className="fr-col-12 fr-col-md-4">
                  <Input
                    label="Heure"
                    state={errors.time ? 'error' : 'default'}
                    stateRelatedMessage={errors.time?.message}
                    nativeInputProps={{ type: 'time', ...form.register('time') }}
                  />
                </div>
                <div className="fr-col-12 fr-col-md-4">
                  <Select
                    label="Durée"
                    state={serverErrors.endsAt ? 'error' : 'default'}
                    stateRelatedMessage={serverErrors.endsAt?.message}
                    nativeSelectProps={form.register('minutes')}
                  >
                    {SLOT_MINUTES.map((m) => (
                      <option key={m} value={m}>
                        {durationLabel(m)}
                      </option>
                    ))}
                  </Select>
                </div>
              </div>
            </>
          )}
          <Input
            label="Lieu"
            hintText="Facultatif : bureau, antenne, visite à domicile"
            state={errors.place ? 'error' : 'default'}
            stateRelatedMessage={errors.place?.message}
            nativeInputProps={form.register('place')}
          />
          <Input
            label="Motif"
            hintText="Facultatif ; n’apparaît ni dans l’agenda en ligne ni dans le rappel"
            state={errors.purpose ? 'error' : 'default'}
            stateRelatedMessage={errors.purpose?.message}
            nativeInputProps={form.register('purpose')}
          />
          <Button type="submit" disabled={book.isPending}>
            Enregistrer le rendez-vous
          </Button>
        </form>
      </div>
    </div>
  )
}
