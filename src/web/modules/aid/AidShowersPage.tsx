import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useState } from 'react'
import { todayInFrance } from '../../../shared/dates.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useRecordShowerDay, useShowerMonth } from './aid-money-api.ts'

const frenchDay = (day: string) => day.split('-').reverse().join('/')
const MONTH_NAMES = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
]
const monthLabel = (month: string) => `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`
/** This month and the 23 before it, as 'YYYY-MM'. */
function lastMonths(today: string) {
  const [year, month] = today.split('-').map(Number) as [number, number]
  return Array.from({ length: 24 }, (_, i) => {
    const index = year * 12 + (month - 1) - i
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
  })
}

/**
 * « Douches »: the municipal showers' entries of a day (paid, with a voucher, free), typed at the end
 * of the day (typing a day again corrects it), and the month's days with their totals.
 */
export function AidShowersPage() {
  usePageTitle('Douches municipales')
  const today = todayInFrance()
  const [month, setMonth] = useState(today.slice(0, 7))
  const [day, setDay] = useState(today)
  const [counts, setCounts] = useState({ paidCount: '', voucherCount: '', freeCount: '' })
  const form = useFormErrors()
  const shower = useShowerMonth(month)
  const record = useRecordShowerDay()
  const field = (key: keyof typeof counts, label: string) => (
    <div className="fr-col-12 fr-col-md-2">
      <Input
        label={label}
        nativeInputProps={{
          type: 'number',
          min: 0,
          value: counts[key],
          onChange: (e) => setCounts({ ...counts, [key]: e.target.value }),
        }}
        {...form.state(key)}
      />
    </div>
  )
  const data = shower.data
  return (
    <div>
      <h1>Douches municipales</h1>
      <form
        className="fr-mb-6w"
        onSubmit={(e) => {
          e.preventDefault()
          void form.run(
            () =>
              record.mutateAsync({
                day,
                paidCount: Number(counts.paidCount || 0),
                voucherCount: Number(counts.voucherCount || 0),
                freeCount: Number(counts.freeCount || 0),
              }),
            `Journée du ${frenchDay(day)} enregistrée.`,
          )
        }}
      >
        <h2>Entrées d’une journée</h2>
        <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          <div className="fr-col-12 fr-col-md-3">
            <Input
              label="Jour"
              nativeInputProps={{
                type: 'date',
                value: day,
                max: today,
                onChange: (e) => setDay(e.target.value),
              }}
              {...form.state('day')}
            />
          </div>
          {field('paidCount', 'Entrées payantes')}
          {field('voucherCount', 'Avec un ticket')}
          {field('freeCount', 'Gratuites')}
          <div className="fr-col-12 fr-col-md-3">
            <Button type="submit">Enregistrer la journée</Button>
          </div>
        </div>
        <ErrorAlert message={form.error} />
        <SuccessAlert message={form.done} />
      </form>
      <h2>Fréquentation du mois</h2>
      <div className="fr-grid-row fr-mb-2w">
        <div className="fr-col-12 fr-col-md-3">
          <Select
            label="Mois"
            nativeSelectProps={{ value: month, onChange: (e) => setMonth(e.target.value) }}
          >
            {lastMonths(today).map((m) => (
              <option key={m} value={m}>
                {monthLabel(m)}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <ErrorAlert message={shower.error ? shower.error.message : undefined} />
      {data && (
        <Table
          caption={`Entrées du mois (${data.days.length} ${data.days.length > 1 ? 'journées saisies' : 'journée saisie'})`}
          headers={['Jour', 'Site', 'Payantes', 'Avec un ticket', 'Gratuites', 'Total']}
          data={[
            ...data.days.map((d) => [
              frenchDay(d.day),
              d.siteName ?? '—',
              String(d.paidCount),
              String(d.voucherCount),
              String(d.freeCount),
              String(d.total),
            ]),
            [
              'Total du mois',
              '',
              String(data.totals.paidCount),
              String(data.totals.voucherCount),
              String(data.totals.freeCount),
              String(data.totals.total),
            ],
          ]}
        />
      )}
    </div>
  )
}
