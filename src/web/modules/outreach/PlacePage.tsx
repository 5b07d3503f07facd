import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { type FormEvent, useState } from 'react'
import { Link, useParams } from 'react-router'
import { todayInFrance } from '../../../shared/dates.ts'
import { PLACE_STATUS, PLACE_TYPE, type Place } from '../../../shared/outreach.ts'
import { formatDate, formatInstant } from '../../lib/dates.ts'
import { formatPoint } from '../../lib/numbers.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { type PlaceDetail, useAddPlaceVisit, usePlace, useUpdatePlace } from './api/places.ts'
import { SummaryRow } from './outreach-format.tsx'
import { PlaceStatusBadge } from './PlacesPage.tsx'
import { enumOptions, FormPanel, loading, OptionSelect, TableFrame } from './ui.tsx'

/** A place: its risks, its status over time, the visits with the number of people seen. */
export function PlacePage() {
  const { id = '' } = useParams()
  const [visitsPage, setVisitsPage] = useState(1)
  const place = usePlace(id, visitsPage)
  const { data: me } = useMe()
  usePageTitle(place.data?.name ?? 'Lieu')
  const waiting = loading(place)
  if (waiting) return waiting
  const p = place.data!
  const canWrite = hasPermission(me, 'outreach.write')
  return (
    <>
      <p className="fr-mb-1w">
        <Link to="/aller-vers/lieux">← Tous les lieux</Link>
      </p>
      <h1 className="fr-mb-1w">{p.name}</h1>
      <ul className="fr-badges-group fr-mb-2w">
        <li>
          <PlaceStatusBadge status={p.status} />
        </li>
      </ul>
      {p.riskNotes && (
        <div className="fr-alert fr-alert--warning fr-mb-3w">
          <h2 className="fr-alert__title">Risques pour les agents</h2>
          <p className="outreach-pre">{p.riskNotes}</p>
        </div>
      )}
      <dl className="outreach-summary fr-mb-3w">
        <SummaryRow label="Type">{PLACE_TYPE.labels[p.type]}</SummaryRow>
        <SummaryRow label="Adresse">{p.address ?? 'Non précisée'}</SummaryRow>
        {p.latitude !== null && p.longitude !== null && (
          <SummaryRow label="Position">{formatPoint(p.latitude, p.longitude)}</SummaryRow>
        )}
        <SummaryRow label="Secteur">{p.zoneName ?? 'Non précisé'}</SummaryRow>
        <SummaryRow label="Statut">
          {PLACE_STATUS.labels[p.status]} depuis le {formatDate(p.statusSince)}
        </SummaryRow>
      </dl>
      {canWrite && (
        <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--icon-left fr-mb-3w">
          <li>
            <Button
              priority="secondary"
              iconId="fr-icon-edit-line"
              linkProps={{ to: `/aller-vers/lieux/${p.id}/modifier` }}
            >
              Modifier
            </Button>
          </li>
          <li>
            <Button
              iconId="fr-icon-add-line"
              linkProps={{ to: `/aller-vers/rencontres/nouvelle?lieu=${p.id}` }}
            >
              Rencontre sur ce lieu
            </Button>
          </li>
        </ul>
      )}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-lg-7">
          <Visits place={p} onPage={setVisitsPage} />
          <StatusHistory place={p} />
        </div>
        {canWrite && (
          <div className="fr-col-12 fr-col-lg-5">
            <VisitForm place={p} />
            <StatusForm place={p} />
          </div>
        )}
      </div>
    </>
  )
}

function Visits({ place, onPage }: { place: PlaceDetail; onPage: (page: number) => void }) {
  return (
    <section aria-labelledby="place-visits" className="fr-mb-4w">
      <h2 id="place-visits" className="fr-h4">
        Visites
      </h2>
      {place.visits.total === 0 ? (
        <p>Aucune visite enregistrée.</p>
      ) : (
        <TableFrame caption="Visites du lieu" head={['Date', 'Personnes vues', 'Note']}>
          {place.visits.items.map((v) => (
            <tr key={v.id}>
              <td>
                {formatInstant(v.visitedAt)}
                <br />
                <span className="fr-text--xs">{v.recordedBy}</span>
              </td>
              <td>{v.occupants ?? '—'}</td>
              <td>
                {v.note ?? ''}
                {v.roundId && (
                  <>
                    {v.note ? ' · ' : ''}
                    <Link to={`/aller-vers/tournees/${v.roundId}`}>Tournée</Link>
                  </>
                )}
              </td>
            </tr>
          ))}
        </TableFrame>
      )}
      {place.visits.total > place.visits.pageSize && (
        <ListPagination list={place.visits} noun={['visite', 'visites']} onPage={onPage} />
      )}
    </section>
  )
}

function StatusHistory({ place }: { place: PlaceDetail }) {
  return (
    <section aria-labelledby="place-history" className="fr-mb-4w">
      <h2 id="place-history" className="fr-h4">
        Historique du statut
      </h2>
      <ul>
        {place.statusHistory.map((h) => (
          <li key={`${h.on}-${h.status}-${h.recordedBy}`} className="fr-mb-1w">
            <strong>{formatDate(h.on)}</strong> — {PLACE_STATUS.labels[h.status]}
            <span className="fr-text--sm"> ({h.recordedBy})</span>
            {h.note && <span className="fr-text--sm"> : {h.note}</span>}
          </li>
        ))}
      </ul>
    </section>
  )
}

function VisitForm({ place }: { place: Place }) {
  const add = useAddPlaceVisit(place.id)
  const form = useFormErrors()
  const [visitedAt, setVisitedAt] = useState('')
  const [occupants, setOccupants] = useState('')
  const [note, setNote] = useState('')
  async function submit(event: FormEvent) {
    event.preventDefault()
    const saved = await form.run(
      () =>
        add.mutateAsync({
          visitedAt: visitedAt ? new Date(visitedAt).toISOString() : undefined,
          occupants: occupants.trim() === '' ? null : Number(occupants),
          note,
        }),
      'Visite enregistrée.',
    )
    if (saved !== undefined) {
      setVisitedAt('')
      setOccupants('')
      setNote('')
    }
  }
  return (
    <FormPanel id="place-visit" title="Enregistrer une visite" form={form} onSubmit={submit}>
      <Input
        label="Date et heure (facultatif)"
        hintText="Laissez vide pour une visite à l’instant."
        nativeInputProps={{
          type: 'datetime-local',
          value: visitedAt,
          onChange: (e) => setVisitedAt(e.target.value),
        }}
        {...form.state('visitedAt')}
      />
      <Input
        label="Personnes vues"
        nativeInputProps={{
          type: 'number',
          inputMode: 'numeric',
          min: 0,
          value: occupants,
          onChange: (e) => setOccupants(e.target.value),
        }}
        {...form.state('occupants')}
      />
      <Input
        label="Note (facultatif)"
        nativeInputProps={{ value: note, onChange: (e) => setNote(e.target.value) }}
        {...form.state('note')}
      />
      <Button type="submit" disabled={add.isPending}>
        Enregistrer la visite
      </Button>
    </FormPanel>
  )
}

function StatusForm({ place }: { place: Place }) {
  const update = useUpdatePlace(place.id)
  const form = useFormErrors()
  const [status, setStatus] = useState<Place['status']>(place.status === 'active' ? 'closed' : 'active')
  const [on, setOn] = useState(todayInFrance)
  const [note, setNote] = useState('')
  async function submit(event: FormEvent) {
    event.preventDefault()
    await form.run(() => update.mutateAsync({ status, statusOn: on, statusNote: note }), 'Statut enregistré.')
    setNote('')
  }
  return (
    <FormPanel id="place-status" title="Changer le statut" form={form} onSubmit={submit}>
      <OptionSelect
        label="Nouveau statut"
        empty={null}
        value={status}
        onChange={(v) => setStatus(v as Place['status'])}
        options={enumOptions(PLACE_STATUS.labels)}
        state={form.state('status')}
      />
      <Input
        label="Le"
        nativeInputProps={{ type: 'date', value: on, onChange: (e) => setOn(e.target.value) }}
        {...form.state('statusOn')}
      />
      <Input
        label="Note (facultatif)"
        hintText="Par exemple : évacuation par arrêté préfectoral."
        nativeInputProps={{ value: note, onChange: (e) => setNote(e.target.value) }}
        {...form.state('statusNote')}
      />
      <Button type="submit" priority="secondary" disabled={update.isPending}>
        Enregistrer le statut
      </Button>
    </FormPanel>
  )
}
