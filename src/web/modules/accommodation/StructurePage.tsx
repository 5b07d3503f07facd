import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useQuery } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Link, useParams } from 'react-router'
import {
  UNIT_KIND,
  UNIT_OCCUPANCY,
  type UnitKind,
  type UnitOccupancy,
} from '../../../shared/accommodation.ts'
import {
  agreementInputSchema,
  closureInputSchema,
  type StructureDetail,
  unitCreateSchema,
} from '../../../shared/accommodation-structures.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import { get } from '../../lib/api-client.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { AgreementForm } from '../../ui/AgreementForm.tsx'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { StructureForm } from './StructureForm.tsx'
import { send, useAccommodationChange, useStructure } from './structures-api.ts'

export const frenchDay = (day: string | null | undefined) => (day ? day.split('-').reverse().join('/') : '—')

/** A structure's page: its settings, rooms and dwellings with their places, closures and agreements. */
export function StructurePage() {
  const { id = '' } = useParams()
  const me = useMe()
  const structure = useStructure(id)
  usePageTitle(structure.data?.name ?? 'Structure d’hébergement')
  const configures = Boolean(me.data && hasPermission(me.data, 'accommodation.configure'))
  const closes = Boolean(
    me.data && hasPermission(me.data, ['accommodation.configure', 'accommodation.manage']),
  )
  const managesPartners = Boolean(me.data && hasPermission(me.data, 'partner.manage'))
  const [editing, setEditing] = useState(false)
  const [saved, setSaved] = useState<string>()
  if (structure.error) return <ErrorAlert message={structure.error.message} />
  const s = structure.data
  if (!s) return <p>Chargement…</p>
  return (
    <div>
      <p>
        <Link to="/hebergement/structures">Toutes les structures</Link> ·{' '}
        <Link to={`/hebergement/occupation?structure=${s.id}`}>Occupation de cette structure</Link>
      </p>
      <h1>{s.name}</h1>
      <ul>
        <li>{s.kindLabel}</li>
        <li>
          Capacité : {s.capacity} places déclarées, {s.placeCount} places en service
        </li>
        <li>
          Ouverte le {frenchDay(s.openedOn)}
          {s.closedOn ? `, fermée le ${frenchDay(s.closedOn)}` : ''}
        </li>
        {s.address && <li>{[s.address, s.postalCode, s.city].filter(Boolean).join(' ')}</li>}
        {s.hostName && <li>Sur place : {s.hostName}</li>}
        <li>
          Séjour prévu : {s.defaultStayMonths ? `${s.defaultStayMonths} mois` : 'sans durée prévue'} · Avis
          médical {s.requiresMedicalOpinion ? 'requis' : 'non requis'} · Validation de la direction{' '}
          {s.requiresDirectorValidation ? 'requise' : 'non requise'}
        </li>
      </ul>
      <SuccessAlert message={saved} />
      {configures && !editing && (
        <Button
          priority="secondary"
          onClick={() => {
            setSaved(undefined)
            setEditing(true)
          }}
        >
          Modifier la structure
        </Button>
      )}
      {configures && editing && (
        <StructureForm
          structure={s}
          onSaved={() => {
            setEditing(false)
            setSaved('Structure enregistrée.')
          }}
        />
      )}

      <h2>Chambres et logements</h2>
      {s.units.length === 0 && <p>Aucune chambre ni logement pour l’instant.</p>}
      {s.units.map((unit) => (
        <UnitCard key={unit.id} structure={s} unit={unit} configures={configures} />
      ))}
      {configures && <UnitForm structureId={s.id} />}

      <h2>Places hors service</h2>
      <Closures structure={s} closes={closes} />

      <h2>Conventions avec des partenaires</h2>
      {s.agreements.length === 0 && <p>Aucune convention pour cette structure.</p>}
      {s.agreements.length > 0 && (
        <Table
          caption="Conventions"
          headers={['Partenaire', 'Objet', 'Du', 'Au', 'Renouvellement']}
          data={s.agreements.map((a) => [
            a.partnerName,
            a.subject,
            frenchDay(a.startsOn),
            frenchDay(a.endsOn),
            a.toRenewSoon
              ? `À renouveler (dès le ${frenchDay(a.renewBy)})`
              : a.renewBy
                ? `à préparer dès le ${frenchDay(a.renewBy)}`
                : '—',
          ])}
        />
      )}
      {managesPartners && <StructureAgreementForm structureId={s.id} />}
    </div>
  )
}

type Unit = StructureDetail['units'][number]

function UnitCard({
  structure,
  unit,
  configures,
}: {
  structure: StructureDetail
  unit: Unit
  configures: boolean
}) {
  const form = useFormErrors()
  const [label, setLabel] = useState('')
  const change = useAccommodationChange(
    ({ method, url, body }: { method: 'POST' | 'PUT'; url: string; body: unknown }) =>
      send<StructureDetail>(method, url, body),
  )
  const describe = [
    UNIT_KIND.labels[unit.kind],
    UNIT_OCCUPANCY.labels[unit.occupancy],
    unit.rooms ? `${unit.rooms} pièce(s)` : null,
    unit.surfaceM2 ? `${unit.surfaceM2} m²` : null,
    unit.accessible ? 'accessible PMR' : null,
    unit.address ? [unit.address, unit.postalCode, unit.city].filter(Boolean).join(' ') : null,
  ]
    .filter(Boolean)
    .join(' · ')
  async function addPlace(event: FormEvent) {
    event.preventDefault()
    const done = await form.run(
      () =>
        change.mutateAsync({
          method: 'POST',
          url: '/api/accommodation-places',
          body: { unitId: unit.id, label },
        }),
      'Place ajoutée.',
    )
    if (done) setLabel('')
  }
  return (
    <section className="fr-mb-3w" aria-label={unit.label}>
      <h3 className="fr-h5">
        {unit.label} <span className="fr-text--sm">({describe})</span>
      </h3>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      <ul>
        {unit.places.map((place) => (
          <li key={place.id}>
            Place {place.label} {place.active ? '' : '(retirée)'}{' '}
            {configures && (
              <Button
                size="small"
                priority="tertiary"
                onClick={() =>
                  void form.run(
                    () =>
                      change.mutateAsync({
                        method: 'PUT',
                        url: `/api/accommodation-places/${place.id}`,
                        body: { label: place.label, active: !place.active },
                      }),
                    place.active ? 'Place retirée.' : 'Place remise en service.',
                  )
                }
              >
                {place.active ? `Retirer la place ${place.label}` : `Remettre la place ${place.label}`}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {configures && (
        <form onSubmit={addPlace} noValidate className="fr-grid-row fr-grid-row--bottom fr-grid-row--gutters">
          <div className="fr-col-auto">
            <Input
              label={`Nouvelle place dans ${unit.label}`}
              {...form.state('label')}
              nativeInputProps={{ value: label, onChange: (e) => setLabel(e.target.value) }}
            />
          </div>
          <div className="fr-col-auto fr-mb-3w">
            <Button type="submit" priority="secondary">
              Ajouter la place
            </Button>
          </div>
        </form>
      )}
      {structure.units.length === 0 && null}
    </section>
  )
}

function UnitForm({ structureId }: { structureId: string }) {
  const form = useFormErrors()
  const [values, setValues] = useState({
    label: '',
    rooms: '',
    surfaceM2: '',
    address: '',
    postalCode: '',
    city: '',
    places: '1',
  })
  const [kind, setKind] = useState<UnitKind>('room')
  const [occupancy, setOccupancy] = useState<UnitOccupancy>('single')
  const [accessible, setAccessible] = useState(false)
  const add = useAccommodationChange((body: unknown) =>
    send<StructureDetail>('POST', `/api/accommodation-structures/${structureId}/units`, body),
  )
  const set = (key: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: e.target.value }))
  async function submit(event: FormEvent) {
    event.preventDefault()
    const body = form.check(unitCreateSchema, {
      label: values.label,
      kind,
      occupancy,
      accessible,
      rooms: values.rooms || null,
      surfaceM2: values.surfaceM2 || null,
      address: values.address,
      postalCode: values.postalCode,
      city: values.city,
      placeLabels: values.places
        .split(',')
        .map((label) => label.trim())
        .filter(Boolean),
    })
    if (!body) return
    const done = await form.run(() => add.mutateAsync(body), 'Chambre ou logement ajouté.')
    if (done)
      setValues({ label: '', rooms: '', surfaceM2: '', address: '', postalCode: '', city: '', places: '1' })
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Ajouter une chambre ou un logement">
      <h3 className="fr-h5">Ajouter une chambre ou un logement</h3>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      <Input
        label="Nom (Chambre 1, T2 Canal…)"
        {...form.state('label')}
        nativeInputProps={{ value: values.label, onChange: set('label') }}
      />
      <Select
        label="Type"
        nativeSelectProps={{ value: kind, onChange: (e) => setKind(e.target.value as UnitKind) }}
      >
        {UNIT_KIND.values.map((value) => (
          <option key={value} value={value}>
            {UNIT_KIND.labels[value]}
          </option>
        ))}
      </Select>
      <Select
        label="Occupation"
        nativeSelectProps={{
          value: occupancy,
          onChange: (e) => setOccupancy(e.target.value as UnitOccupancy),
        }}
      >
        {UNIT_OCCUPANCY.values.map((value) => (
          <option key={value} value={value}>
            {UNIT_OCCUPANCY.labels[value]}
          </option>
        ))}
      </Select>
      <Input
        label="Places (leurs noms, séparés par des virgules)"
        hintText="Une chambre double : a, b"
        {...form.state('placeLabels')}
        nativeInputProps={{ value: values.places, onChange: set('places') }}
      />
      <Input
        label="Pièces"
        {...form.state('rooms')}
        nativeInputProps={{ type: 'number', value: values.rooms, onChange: set('rooms') }}
      />
      <Input
        label="Surface (m²)"
        {...form.state('surfaceM2')}
        nativeInputProps={{ type: 'number', value: values.surfaceM2, onChange: set('surfaceM2') }}
      />
      <Input
        label="Adresse du logement (s’il est en ville)"
        nativeInputProps={{ value: values.address, onChange: set('address') }}
      />
      <Input
        label="Code postal du logement"
        nativeInputProps={{ value: values.postalCode, onChange: set('postalCode') }}
      />
      <Input label="Commune du logement" nativeInputProps={{ value: values.city, onChange: set('city') }} />
      <Checkbox
        options={[
          {
            label: 'Accessible aux personnes à mobilité réduite',
            nativeInputProps: { checked: accessible, onChange: (e) => setAccessible(e.target.checked) },
          },
        ]}
      />
      <Button type="submit" disabled={add.isPending}>
        Ajouter la chambre ou le logement
      </Button>
    </form>
  )
}

function Closures({ structure, closes }: { structure: StructureDetail; closes: boolean }) {
  const form = useFormErrors()
  const places = structure.units.flatMap((unit) =>
    unit.places.filter((p) => p.active).map((p) => ({ id: p.id, label: `${unit.label} – place ${p.label}` })),
  )
  const labelOf = new Map(places.map((p) => [p.id, p.label]))
  const [placeId, setPlaceId] = useState('')
  const [values, setValues] = useState({ reason: '', startsOn: todayInFrance(), endsOn: '' })
  const change = useAccommodationChange(
    ({ method, url, body }: { method: 'POST' | 'PUT'; url: string; body: unknown }) =>
      send<StructureDetail>(method, url, body),
  )
  const set = (key: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: e.target.value }))
  async function submit(event: FormEvent) {
    event.preventDefault()
    const body = form.check(closureInputSchema, { ...values, endsOn: values.endsOn || null })
    if (!body) return
    if (!placeId)
      return form.show('Choisissez la place.', [{ path: 'placeId', message: 'Choisissez la place.' }])
    const done = await form.run(
      () =>
        change.mutateAsync({ method: 'POST', url: `/api/accommodation-places/${placeId}/closures`, body }),
      'Place mise hors service.',
    )
    if (done) setValues({ reason: '', startsOn: todayInFrance(), endsOn: '' })
  }
  return (
    <div>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      {structure.closures.length === 0 && <p>Aucune place hors service.</p>}
      {structure.closures.length > 0 && (
        <Table
          caption="Mises hors service en cours ou prévues"
          headers={['Place', 'Raison', 'Du', 'Au (inclus)', '']}
          data={structure.closures.map((c) => [
            labelOf.get(c.placeId) ?? '—',
            c.reason,
            frenchDay(c.startsOn),
            c.endsOn ? frenchDay(c.endsOn) : 'jusqu’à nouvel ordre',
            closes ? (
              <Button
                key={c.id}
                size="small"
                priority="secondary"
                onClick={() => {
                  // Back in service tonight: the last day out of service was yesterday (or its first day).
                  const yesterday = addDays(todayInFrance(), -1)
                  void form.run(
                    () =>
                      change.mutateAsync({
                        method: 'PUT',
                        url: `/api/accommodation-places/closures/${c.id}`,
                        body: {
                          reason: c.reason,
                          startsOn: c.startsOn,
                          endsOn: yesterday < c.startsOn ? c.startsOn : yesterday,
                        },
                      }),
                    'Place remise en service.',
                  )
                }}
              >
                Remettre en service
              </Button>
            ) : (
              ''
            ),
          ])}
        />
      )}
      {closes && (
        <form onSubmit={submit} noValidate aria-label="Mettre une place hors service">
          <h3 className="fr-h5">Mettre une place hors service</h3>
          <Select
            label="Place"
            {...form.state('placeId')}
            nativeSelectProps={{ value: placeId, onChange: (e) => setPlaceId(e.target.value) }}
          >
            <option value="">Choisir…</option>
            {places.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </Select>
          <Input
            label="Raison"
            {...form.state('reason')}
            nativeInputProps={{ value: values.reason, onChange: set('reason') }}
          />
          <Input
            label="Hors service à partir du"
            {...form.state('startsOn')}
            nativeInputProps={{ type: 'date', value: values.startsOn, onChange: set('startsOn') }}
          />
          <Input
            label="Jusqu’au (inclus, vide si la date n’est pas connue)"
            {...form.state('endsOn')}
            nativeInputProps={{ type: 'date', value: values.endsOn, onChange: set('endsOn') }}
          />
          <Button type="submit" disabled={change.isPending}>
            Mettre hors service
          </Button>
        </form>
      )}
    </div>
  )
}

/** The structure's « Ajouter une convention », the partner to choose; its success line stays until the next. */
function StructureAgreementForm({ structureId }: { structureId: string }) {
  const [saved, setSaved] = useState<string>()
  return (
    <>
      <SuccessAlert message={saved} />
      <AgreementForm
        structureId={structureId}
        headingLevel={3}
        onDone={(ok) => setSaved(ok ? 'Convention enregistrée.' : undefined)}
      />
    </>
  )
}
