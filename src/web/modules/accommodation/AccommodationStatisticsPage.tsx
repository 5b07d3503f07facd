import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { STRUCTURE_KIND } from '../../../shared/accommodation.ts'
import {
  type AccommodationFigures,
  type AccommodationStatistics,
  accommodationStatisticsQuerySchema,
} from '../../../shared/accommodation-statistics.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { get } from '../../lib/api-client.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { serverLinkProps } from '../../ui/server-link.ts'
import { usePageTitle } from '../../ui/use-page-title.ts'

type Filter = { from: string; to: string; kind: string }
const frenchDay = (iso: string) => iso.split('-').reverse().join('/')
const percent = (rate: number | null) =>
  rate === null ? '—' : `${(rate * 100).toFixed(1).replace('.', ',')} %`
const days = (value: number | null) => (value === null ? '—' : value.toLocaleString('fr-FR'))

const HEADERS = [
  'Séjours présents',
  'Entrées',
  'Sorties',
  'En cours à la fin',
  'Personnes',
  'Durée moyenne (jours)',
  'Durée médiane (jours)',
  'Nuitées occupées / disponibles',
  'Taux d’occupation',
]
const cells = (f: AccommodationFigures) => [
  String(f.present),
  String(f.started),
  String(f.ended),
  String(f.ongoing),
  String(f.beneficiaries),
  days(f.averageDays),
  days(f.medianDays),
  `${f.occupiedNights.toLocaleString('fr-FR')} / ${f.availableNights.toLocaleString('fr-FR')}`,
  percent(f.occupancyRate),
]
const query = (f: Filter) => `from=${f.from}&to=${f.to}${f.kind ? `&kind=${f.kind}` : ''}`

/**
 * « Statistiques de l’hébergement »: the figures of a period per structure and per kind, never a
 * name — stays, people, lengths, occupancy, exits by destination, refusals by motif — and the same as
 * CSV or XLSX. A stay counts in every period it touches.
 */
export function AccommodationStatisticsPage() {
  usePageTitle('Statistiques de l’hébergement')
  const today = todayInFrance()
  const [draft, setDraft] = useState<Filter>({ from: `${today.slice(0, 4)}-01-01`, to: today, kind: '' })
  const [filter, setFilter] = useState<Filter>(draft)
  const form = useFormErrors()
  const figures = useQuery({
    queryKey: ['accommodation-statistics', filter],
    queryFn: () => get<AccommodationStatistics>(`/api/accommodation-statistics?${query(filter)}`),
    placeholderData: keepPreviousData,
  })
  const file = (format: 'csv' | 'xlsx') =>
    serverLinkProps(`/api/accommodation-statistics/file?${query(filter)}&format=${format}`, {
      download: true,
    })
  const s = figures.data
  return (
    <div>
      <h1>Statistiques de l’hébergement</h1>
      <form
        className="fr-mb-4w"
        onSubmit={(e) => {
          e.preventDefault()
          const checked = form.check(accommodationStatisticsQuerySchema, {
            from: draft.from,
            to: draft.to,
            kind: draft.kind || undefined,
          })
          if (checked) setFilter({ from: checked.from, to: checked.to, kind: checked.kind ?? '' })
        }}
      >
        <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          {(['from', 'to'] as const).map((key) => (
            <div key={key} className="fr-col-12 fr-col-md-3">
              <Input
                label={key === 'from' ? 'Du' : 'Au'}
                nativeInputProps={{
                  type: 'date',
                  value: draft[key],
                  onChange: (e) => setDraft({ ...draft, [key]: e.target.value }),
                }}
                {...form.state(key)}
              />
            </div>
          ))}
          <div className="fr-col-12 fr-col-md-3">
            <Select
              label="Type de structure"
              nativeSelectProps={{
                value: draft.kind,
                onChange: (e) => setDraft({ ...draft, kind: e.target.value }),
              }}
            >
              <option value="">Tous les types</option>
              {STRUCTURE_KIND.values.map((k) => (
                <option key={k} value={k}>
                  {STRUCTURE_KIND.labels[k]}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Button type="submit">Afficher</Button>
          </div>
        </div>
        <ErrorAlert message={form.error ?? (figures.error ? figures.error.message : undefined)} />
      </form>
      {s && (
        <>
          <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            <li>
              <Button priority="secondary" iconId="fr-icon-download-line" linkProps={file('csv')}>
                Télécharger en CSV
              </Button>
            </li>
            <li>
              <Button priority="secondary" iconId="fr-icon-download-line" linkProps={file('xlsx')}>
                Télécharger en Excel (XLSX)
              </Button>
            </li>
          </ul>
          <h2>
            Du {frenchDay(s.from)} au {frenchDay(s.to)}
          </h2>
          <p className="fr-text--sm">
            Un séjour compte dans chaque période qu’il touche (jour de sortie compris) : un séjour à cheval
            sur deux années compte dans les deux. Les durées sont celles des séjours terminés dans la période.
          </p>
          <Table caption="Ensemble" headers={['', ...HEADERS]} data={[['Total', ...cells(s.totals)]]} />
          {s.byKind.length > 0 && (
            <Table
              caption="Par type de structure"
              headers={['Type', ...HEADERS]}
              data={s.byKind.map((k) => [k.label, ...cells(k)])}
            />
          )}
          {s.byStructure.length > 0 && (
            <Table
              caption="Par structure"
              headers={['Structure', ...HEADERS]}
              data={s.byStructure.map((b) => [`${b.name} (${b.kindLabel})`, ...cells(b)])}
            />
          )}
          <Table
            caption="Sorties par destination"
            headers={['Destination', 'Sorties']}
            data={s.exitsByDestination.map((e) => [e.label, String(e.count)])}
          />
          <Table
            caption="Refus d’admission par motif"
            headers={['Motif', 'Refus']}
            data={s.refusalsByMotif.map((r) => [r.label, String(r.count)])}
          />
        </>
      )}
    </div>
  )
}
