import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { type FormEvent, useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { todayInFrance } from '../../../shared/dates.ts'
import { PLACE_STATUS, PLACE_TYPE, type Place, placeCreateSchema } from '../../../shared/outreach.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useZones } from './api/pickers.ts'
import { useCreatePlace, usePlace, useUpdatePlace } from './api/places.ts'
import { type Position, PositionField } from './encounter-fields.tsx'
import { useFormErrors, zodIssues } from './use-form-errors.ts'

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
  if (place.error) return <ErrorAlert message={place.error.message} />
  if (!place.data) return <p aria-live="polite">Chargement…</p>
  return (
    <>
      <p className="fr-mb-1w">
        <Link to={`/aller-vers/lieux/${id}`}>← Retour au lieu</Link>
      </p>
      <h1>Modifier le lieu</h1>
      <PlaceForm
        place={place.data}
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
  const zones = useZones()
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
    const checked = placeCreateSchema.safeParse(payload)
    if (!checked.success) {
      form.show(
        'Certains champs sont à corriger : voir les messages sous les champs.',
        zodIssues(checked.error.issues),
      )
      return
    }
    await form.run(() => props.save(payload))
  }

  return (
    <form onSubmit={submit} noValidate className="outreach-narrow" aria-label={props.submitLabel}>
      <ErrorAlert message={form.error} />
      <Select
        label="Type de lieu"
        nativeSelectProps={{ value: values.type, onChange: (e) => set('type', e.target.value) }}
        {...form.state('type')}
      >
        {PLACE_TYPE.values.map((t) => (
          <option key={t} value={t}>
            {PLACE_TYPE.labels[t]}
          </option>
        ))}
      </Select>
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
      <Select
        label="Secteur"
        nativeSelectProps={{ value: values.zoneId, onChange: (e) => set('zoneId', e.target.value) }}
        {...form.state('zoneId')}
      >
        <option value="">Non précisé</option>
        {zones.data
          ?.filter((z) => z.active || z.id === values.zoneId)
          .map((z) => (
            <option key={z.id} value={z.id}>
              {z.label}
            </option>
          ))}
      </Select>
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
            <Select
              label="Statut"
              nativeSelectProps={{ value: values.status, onChange: (e) => set('status', e.target.value) }}
              {...form.state('status')}
            >
              {PLACE_STATUS.values.map((s) => (
                <option key={s} value={s}>
                  {PLACE_STATUS.labels[s]}
                </option>
              ))}
            </Select>
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
