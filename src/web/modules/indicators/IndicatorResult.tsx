import { Button } from '@codegouvfr/react-dsfr/Button'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { lazy, Suspense } from 'react'
import { formatIndicatorCount, type IndicatorQuery, type IndicatorTable } from '../../../shared/indicators.ts'
import { serverLinkProps } from '../../ui/server-link.ts'
import { indicatorFileUrl } from './api/indicators.ts'

const IndicatorChart = lazy(async () => ({ default: (await import('./IndicatorChart.tsx')).IndicatorChart }))
const frenchDay = (iso: string) => iso.split('-').reverse().join('/')

/** An indicator's figures: its chart, the same as a table (for everyone), its export buttons. */
export function IndicatorResult({
  table,
  query,
  chart,
}: {
  table: IndicatorTable
  query: IndicatorQuery
  chart: 'bar' | 'line'
}) {
  const caption = `${table.name}, du ${frenchDay(table.from)} au ${frenchDay(table.to)}`
  const rows = table.rows.map((row) => [...row.labels, formatIndicatorCount(row)])
  const totalRow = [
    ...table.dimensions.map((_, i) => (i === 0 ? 'Total' : '')),
    formatIndicatorCount(table.total),
  ]
  return (
    <div>
      {table.rows.length > 0 && (
        <Suspense fallback={<p>Chargement du graphique…</p>}>
          <IndicatorChart table={table} kind={chart} />
        </Suspense>
      )}
      <Table
        caption={caption}
        headers={[...table.dimensions, 'Nombre']}
        data={
          table.dimensions.length === 0 ? [['Total', formatIndicatorCount(table.total)]] : [...rows, totalRow]
        }
      />
      {(table.total.count === null || table.rows.some((row) => row.count === null)) && (
        <p className="fr-text--sm">
          « &lt; {table.total.below ?? table.rows.find((r) => r.below)?.below} » : effectif trop petit pour
          être montré, afin qu’aucun chiffre ne désigne une personne.
        </p>
      )}
      <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--icon-left">
        <li>
          <Button
            priority="secondary"
            size="small"
            iconId="fr-icon-download-line"
            linkProps={serverLinkProps(indicatorFileUrl(table.id, query, 'csv'), { download: true })}
          >
            CSV
            <span className="fr-sr-only"> : {table.name}</span>
          </Button>
        </li>
        <li>
          <Button
            priority="secondary"
            size="small"
            iconId="fr-icon-download-line"
            linkProps={serverLinkProps(indicatorFileUrl(table.id, query, 'xlsx'), { download: true })}
          >
            Excel (XLSX)
            <span className="fr-sr-only"> : {table.name}</span>
          </Button>
        </li>
      </ul>
    </div>
  )
}
