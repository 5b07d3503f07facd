import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { STAY_EXIT_DESTINATION } from '../../../shared/accommodation.ts'
import { stayEntryInputSchema } from '../../../shared/accommodation-stays.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { formatDate } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { useEnterStay, useEntryOptions, usePersonStays } from './stays-api.ts'

/** A direct entry where no admission request is needed (an emergency night), from the person's file. */
function DirectEntryForm({ personId, onDone }: { personId: string; onDone: () => void }) {
  const form = useFormErrors()
  const options = useEntryOptions()
  const enter = useEnterStay()
  const navigate = useNavigate()
  const structures = (options.data?.structures ?? []).filter((s) => s.directEntry)
  const [values, setValues] = useState({ structureId: '', placeId: '', startedOn: todayInFrance() })
  const places = structures.find((s) => s.id === values.structureId)?.freePlaces ?? []
  const submit = async () => {
    const body = form.check(stayEntryInputSchema, { ...values, personId })
    if (!body) return
    const stay = await form.run(() => enter.mutateAsync(body))
    if (stay) navigate(`/hebergement/sejours/${stay.id}`)
  }
  if (options.data && structures.length === 0) {
    return <p className="fr-text--sm">Aucune structure n’accueille sans demande d’admission.</p>
  }
  return (
    <form
      aria-label="Entrée en hébergement d’urgence"
      className="fr-mt-2w"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h3 className="fr-h6">Entrée en hébergement d’urgence</h3>
      <Select
        label="Structure"
        nativeSelectProps={{
          value: values.structureId,
          onChange: (e) => setValues({ ...values, structureId: e.target.value, placeId: '' }),
        }}
        {...form.state('structureId')}
      >
        <option value="" disabled>
          Choisir
        </option>
        {structures.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({s.freePlaces.length} place{s.freePlaces.length > 1 ? 's' : ''} libre
            {s.freePlaces.length > 1 ? 's' : ''})
          </option>
        ))}
      </Select>
      <Select
        label="Place"
        nativeSelectProps={{
          value: values.placeId,
          onChange: (e) => setValues({ ...values, placeId: e.target.value }),
        }}
        {...form.state('placeId')}
      >
        <option value="" disabled>
          Choisir
        </option>
        {places.map((p) => (
          <option key={p.placeId} value={p.placeId}>
            {p.unitLabel} — place {p.placeLabel}
          </option>
        ))}
      </Select>
      <Input
        label="Date d’entrée"
        nativeInputProps={{
          type: 'date',
          value: values.startedOn,
          onChange: (e) => setValues({ ...values, startedOn: e.target.value }),
        }}
        {...form.state('startedOn')}
      />
      <ErrorAlert message={form.error} />
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <Button type="submit">Enregistrer l’entrée</Button>
        </li>
        <li>
          <Button type="button" priority="secondary" onClick={onDone}>
            Annuler
          </Button>
        </li>
      </ul>
    </form>
  )
}

function StaysSection(props: { personId: string; merged: boolean }) {
  const { data: me } = useMe()
  const list = usePersonStays(props.personId)
  const [entering, setEntering] = useState(false)
  const hosted = list.data?.items.some((stay) => stay.endedOn === null) ?? false
  return (
    <section
      aria-labelledby="section-hebergement"
      className="fr-p-3w fr-mb-3w"
      style={{ border: '1px solid var(--border-default-grey)' }}
    >
      <h2 id="section-hebergement" className="fr-h5 fr-mb-2w">
        Hébergement
      </h2>
      <ErrorAlert message={list.error ? applyApiError(list.error) : undefined} />
      {list.data && list.data.items.length === 0 && <p>Aucun séjour en hébergement.</p>}
      <ul className="fr-raw-list">
        {list.data?.items.map((stay) => (
          <li key={stay.id} className="fr-mb-1w">
            <Link to={`/hebergement/sejours/${stay.id}`}>
              {stay.structureName} depuis le {formatDate(stay.startedOn)}
            </Link>{' '}
            {stay.endedOn === null ? (
              <Badge small severity="success" noIcon>
                En cours{stay.plannedEndOn ? ` — fin prévue le ${formatDate(stay.plannedEndOn)}` : ''}
              </Badge>
            ) : (
              <span>
                — sorti·e le {formatDate(stay.endedOn)}
                {stay.exitDestination && ` (${STAY_EXIT_DESTINATION.labels[stay.exitDestination]})`}
              </span>
            )}
          </li>
        ))}
      </ul>
      {hasPermission(me, 'accommodation.manage') &&
        !props.merged &&
        !hosted &&
        (entering ? (
          <DirectEntryForm personId={props.personId} onDone={() => setEntering(false)} />
        ) : (
          <Button
            priority="secondary"
            iconId="fr-icon-add-line"
            className="fr-mt-2w"
            onClick={() => setEntering(true)}
          >
            Entrée en hébergement d’urgence
          </Button>
        ))}
    </section>
  )
}

/** The « Hébergement » panel of a person's page, for users who read stays. */
export function PersonStays(props: { personId: string; merged: boolean }) {
  const { data: me } = useMe()
  if (!hasPermission(me, 'accommodation.read') || !hasPermission(me, 'person.read')) return null
  return <StaysSection {...props} />
}
