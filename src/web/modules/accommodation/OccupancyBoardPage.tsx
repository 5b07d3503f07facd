import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { type FormEvent, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { PLACE_STATE } from '../../../shared/accommodation.ts'
import { occupancyQuerySchema } from '../../../shared/accommodation-structures.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { frenchDay } from './StructurePage.tsx'
import { useBoard, useOccupancy, useStructures } from './structures-api.ts'

const percent = (rate: number | null) =>
  rate === null ? '—' : `${(rate * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`

/**
 * The occupancy board: every structure's count for the night, one structure's places with their state
 * (occupants named only to who may see their file), nights and occupancy rate over a period, and the
 * list of free places for the SIAO.
 */
export function OccupancyBoardPage() {
  usePageTitle('Tableau d’occupation')
  const [params, setParams] = useSearchParams()
  const structureId = params.get('structure') ?? ''
  const [day, setDay] = useState(todayInFrance())
  const structures = useStructures()
  const board = useBoard(day, structureId)
  const form = useFormErrors()
  const [from, setFrom] = useState(addDays(todayInFrance(), -30))
  const [to, setTo] = useState(addDays(todayInFrance(), -1))
  const [period, setPeriod] = useState<{ from: string; to: string } | null>(null)
  const occupancy = useOccupancy(period, structureId)

  function showPeriod(event: FormEvent) {
    event.preventDefault()
    const checked = form.check(occupancyQuerySchema, { from, to })
    if (checked) setPeriod({ from: checked.from, to: checked.to })
  }
  const choose = (id: string) => setParams(id ? { structure: id } : {})

  return (
    <div>
      <h1>Tableau d’occupation</h1>
      <p>
        <Link to="/hebergement/structures">Structures</Link>
      </p>
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div className="fr-col-12 fr-col-md-4">
          <Select
            label="Structure"
            nativeSelectProps={{ value: structureId, onChange: (e) => choose(e.target.value) }}
          >
            <option value="">Toutes les structures</option>
            {(structures.data?.items ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <Input
            label="Nuit du"
            nativeInputProps={{
              type: 'date',
              value: day,
              onChange: (e) => setDay(e.target.value || todayInFrance()),
            }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4 fr-mb-3w">
          <a
            className="fr-btn fr-btn--secondary"
            href={`/api/accommodation-board/free-places.csv?day=${day}`}
            download
          >
            Places libres pour le SIAO (CSV)
          </a>
        </div>
      </div>
      <ErrorAlert message={board.error?.message} />
      {board.data && (
        <Table
          caption={`La nuit du ${frenchDay(board.data.day)}`}
          headers={['Structure', 'Places', 'Occupées', 'Réservées', 'Libres', 'Hors service']}
          data={[
            ...board.data.structures.map((s) => [
              structureId ? (
                s.name
              ) : (
                <Button key={s.id} priority="tertiary no outline" size="small" onClick={() => choose(s.id)}>
                  {s.name}
                </Button>
              ),
              String(s.counts.places),
              String(s.counts.occupied),
              String(s.counts.reserved),
              String(s.counts.free),
              String(s.counts.out_of_service),
            ]),
            ...(structureId
              ? []
              : [
                  [
                    'Total',
                    String(board.data.total.places),
                    String(board.data.total.occupied),
                    String(board.data.total.reserved),
                    String(board.data.total.free),
                    String(board.data.total.out_of_service),
                  ],
                ]),
          ]}
        />
      )}
      {board.data && structureId && (
        <>
          {!board.data.namesShown && (
            <p>Les noms des personnes hébergées ne sont pas affichés pour votre rôle.</p>
          )}
          <Table
            caption="Les places"
            headers={['Logement', 'Place', 'État', 'Personne', 'Depuis', 'Fin prévue ou détail']}
            data={board.data.places.map((p) => [
              p.unitLabel,
              p.placeLabel,
              PLACE_STATE.labels[p.state],
              p.personId ? (
                <Link key={p.placeId} to={`/personnes/${p.personId}`}>
                  {p.personName}
                </Link>
              ) : p.state === 'occupied' || p.state === 'reserved' ? (
                'Nom non affiché'
              ) : (
                ''
              ),
              frenchDay(p.stayStartedOn),
              p.state === 'occupied'
                ? frenchDay(p.plannedEndOn)
                : p.state === 'out_of_service'
                  ? `${p.closureReason ?? 'Structure fermée'}${p.closureEndsOn ? ` (jusqu’au ${frenchDay(p.closureEndsOn)})` : ''}`
                  : p.state === 'reserved'
                    ? `Arrivée prévue : ${frenchDay(p.expectedArrivalOn)}`
                    : '',
            ])}
          />
        </>
      )}

      <h2>Nuitées et taux d’occupation sur une période</h2>
      <ErrorAlert message={form.error ?? occupancy.error?.message} />
      <form onSubmit={showPeriod} noValidate className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div className="fr-col-auto">
          <Input
            label="Du"
            {...form.state('from')}
            nativeInputProps={{ type: 'date', value: from, onChange: (e) => setFrom(e.target.value) }}
          />
        </div>
        <div className="fr-col-auto">
          <Input
            label="Au (inclus)"
            {...form.state('to')}
            nativeInputProps={{ type: 'date', value: to, onChange: (e) => setTo(e.target.value) }}
          />
        </div>
        <div className="fr-col-auto fr-mb-3w">
          <Button type="submit">Calculer l’occupation</Button>
        </div>
      </form>
      {occupancy.data && (
        <Table
          caption={`Du ${frenchDay(occupancy.data.from)} au ${frenchDay(occupancy.data.to)}`}
          headers={[
            'Structure',
            'Nuitées offertes',
            'Hors service',
            'Disponibles',
            'Occupées',
            'Taux d’occupation',
          ]}
          data={[
            ...occupancy.data.structures.map((s) => [
              s.name,
              String(s.placeNights),
              String(s.outOfServiceNights),
              String(s.availableNights),
              String(s.occupiedNights),
              percent(s.rate),
            ]),
            [
              'Total',
              String(occupancy.data.total.placeNights),
              String(occupancy.data.total.outOfServiceNights),
              String(occupancy.data.total.availableNights),
              String(occupancy.data.total.occupiedNights),
              percent(occupancy.data.total.rate),
            ],
          ]}
        />
      )}
    </div>
  )
}
