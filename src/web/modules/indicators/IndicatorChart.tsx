import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import type { IndicatorTable } from '../../../shared/indicators.ts'

/**
 * The chart of an indicator's table (recharts, loaded with this file only when a chart shows).
 * Hidden from assistive technologies: the table beside it carries the same figures. A small cell
 * (« < 5 ») is drawn as an empty bar.
 */
export function IndicatorChart({ table, kind }: { table: IndicatorTable; kind: 'bar' | 'line' }) {
  const data = table.rows.map((row) => ({ label: row.labels.join(' · '), value: row.count ?? 0 }))
  const blue = 'var(--background-action-high-blue-france, #000091)'
  return (
    <div aria-hidden="true" style={{ width: '100%', height: 280 }}>
      <ResponsiveContainer>
        {kind === 'line' ? (
          <LineChart
            accessibilityLayer={false}
            data={data}
            margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Line type="monotone" dataKey="value" name="Nombre" stroke={blue} isAnimationActive={false} />
          </LineChart>
        ) : (
          <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="value" name="Nombre" fill={blue} isAnimationActive={false} />
          </BarChart>
        )}
      </ResponsiveContainer>
    </div>
  )
}
