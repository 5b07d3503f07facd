import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { type FormEvent, useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { todayInFrance } from '../../../shared/dates.ts'
import { PLACE_STATUS, PLACE_TYPE, type Place, placeCreateSchema } from '../../../shared/outreach.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useCreatePlace, usePlace, useUpdatePlace } from './api/places.ts'
import { type Position, PositionField } from './encounter-fields.tsx'
import { enumOptions, loading, OptionSelect, ZoneSelect } from './ui.tsx'

type Values = {
  type: string
  name: string
  address: string
  zoneId: string
  riskNotes: string
  position: Position | null
  status: string
  statusOn: string
}

export function PlaceCreatePage() {
  usePageTitle('Nouveau lieu')
  const create = useCreatePlace()
  const navigate = useNavigate()
  return (
    <>
      <h1>Nouveau lieu</h1>
      <PlaceForm
        pending={create.isPending}
        submitLabel="Enregistrer le lieu"
        save={async (values) => {
          const place = await create.mutateAsync(values)
          navigate(`/aller-vers/lieux/${place.id}`)
        }}
      />
    </>
  )
}

export function PlaceEditPage() {
  const { id = '' } = useParams()
  const place = usePlace(id)
  const update = useUpdatePlace(id)
  const navigate = useNavigate()
  usePageTitle('Modifier le lieu')
  const waiting = loading(place)
  if (waiting) return waiting
  return (
    <>
      <p className="fr-mb-1w">
        <Link to={`/aller-vers/lieux/${id}`}>← Retour au lieu</Link>
      </p>
      <h1>Modifier le lieu</h1>
      <PlaceForm
        place={place.data!}
        pending={update.isPending}
        submitLabel="Enregistrer"
        save={async ({ status: _status, statusOn: _on, ...values }) => {
          await update.mutateAsync(values)
          navigate(`/aller-vers/lieux/${id}`)
        }}
      />
    </>
  )
}

/** Type, name, address and/or a point, zone, and the risks agents should know before going. */
function PlaceForm(props: {
  place?: Place
  pending: boolean
  submitLabel: string
  save: (values: ReturnType<typeof payloadOf>) => Promise<unknown>
}) {
  const form = useFormErrors()
  const p = props.place
  const [values, setValues] = useState<Values>({
    type: p?.type ?? 'sleeping_spot',
    name: p?.name ?? '',
    address: p?.address ?? '',
    zoneId: p?.zoneId ?? '',
    riskNotes: p?.riskNotes ?? '',
    position:
      p?.latitude != null && p.longitude != null
        ? { latitude: p.latitude, longitude: p.longitude, accuracy: null }
        : null,
    status: 'active',
    statusOn: todayInFrance(),
  })
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }))

  async function submit(event: FormEvent) {
    event.preventDefault()
    const payload = payloadOf(values)
    if (form.check(placeCreateSchema, payload)) await form.run(() => props.save(payload))
  }

  return (
    <form onSubmit={submit} noValidate className="outreach-narrow" aria-label={props.submitLabel}>
      <ErrorAlert message={form.error} />
      <OptionSelect
        label="Type de lieu"
        empty={null}
        value={values.type}
        onChange={(v) => set('type', v)}
        options={enumOptions(PLACE_TYPE.labels)}
        state={form.state('type')}
      />
      <Input
        label="Nom"
        hintText="Comme l’équipe l’appelle : « Squat Tarentaize », « Sous le pont Balay »."
        nativeInputProps={{ value: values.name, onChange: (e) => set('name', e.target.value) }}
        {...form.state('name')}
      />
      <Input
        label="Adresse ou repère"
        hintText="Une adresse ou un point sur la carte est nécessaire."
        nativeInputProps={{ value: values.address, onChange: (e) => set('address', e.target.value) }}
        {...form.state('address')}
      />
      <PositionField
        position={values.position}
        onChange={(position) => set('position', position)}
        error={form.fields.longitude ?? form.fields.latitude}
      />
      <ZoneSelect value={values.zoneId} onChange={(v) => set('zoneId', v)} state={form.state('zoneId')} />
      <Input
        label="Risques pour les agents (facultatif)"
        hintText="Chiens, structure instable, tensions… : affiché en évidence sur la feuille de tournée."
        textArea
        nativeTextAreaProps={{
          rows: 3,
          value: values.riskNotes,
          onChange: (e) => set('riskNotes', e.target.value),
        }}
        {...form.state('riskNotes')}
      />
      {!props.place && (
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-6">
            <OptionSelect
              label="Statut"
              empty={null}
              value={values.status}
              onChange={(v) => set('status', v)}
              options={enumOptions(PLACE_STATUS.labels)}
              state={form.state('status')}
            />
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <Input
              label="Depuis le"
              nativeInputProps={{
                type: 'date',
                value: values.statusOn,
                onChange: (e) => set('statusOn', e.target.value),
              }}
              {...form.state('statusOn')}
            />
          </div>
        </div>
      )}
      <Button type="submit" disabled={props.pending}>
        {props.submitLabel}
      </Button>
    </form>
  )
}

function payloadOf(v: Values) {
  return {
    type: v.type as Place['type'],
    name: v.name,
    address: v.address,
    zoneId: v.zoneId || null,
    riskNotes: v.riskNotes,
    latitude: v.position?.latitude ?? null,
    longitude: v.position?.longitude ?? null,
    status: v.status as Place['status'],
    statusOn: v.statusOn || undefined,
  }
}
