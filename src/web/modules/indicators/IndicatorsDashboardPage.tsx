import { Button } from '@codegouvfr/react-dsfr/Button'
import { Link } from 'react-router'
import type { DashboardItem } from '../../../shared/indicators.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useCatalogue, useDashboard, useIndicator, useSaveDashboard } from './api/indicators.ts'
import { IndicatorResult } from './IndicatorResult.tsx'

/** « Mon tableau de bord »: the indicators one chose, each with its filters, chart and table. */
export function IndicatorsDashboardPage() {
  usePageTitle('Mon tableau de bord')
  const dashboard = useDashboard()
  const catalogue = useCatalogue()
  const save = useSaveDashboard()
  const form = useFormErrors()
  const items = dashboard.data?.items ?? []
  const names = new Map((catalogue.data?.indicators ?? []).map((i) => [i.id, i.name]))
  const move = (from: number, to: number) => {
    const next = [...items]
    const [item] = next.splice(from, 1)
    next.splice(to, 0, item!)
    return next
  }
  return (
    <div>
      <h1>Mon tableau de bord</h1>
      <p>
        Les indicateurs que vous avez choisis dans le <Link to="/indicateurs">catalogue</Link>, avec leurs
        filtres.
      </p>
      <ErrorAlert message={form.error ?? dashboard.error?.message} />
      {dashboard.data && items.length === 0 && (
        <p>Votre tableau de bord est vide : ajoutez-y des indicateurs depuis le catalogue.</p>
      )}
      {items.map((item, index) => (
        <section
          // biome-ignore lint/suspicious/noArrayIndexKey: one indicator may sit twice, with other filters.
          key={`${item.indicatorId}-${index}`}
          className="fr-card fr-p-3w fr-mb-3w"
          aria-label={names.get(item.indicatorId) ?? item.indicatorId}
        >
          <h2 className="fr-h5">{names.get(item.indicatorId) ?? item.indicatorId}</h2>
          <DashboardFigure item={item} />
          <ul className="fr-btns-group fr-btns-group--inline-sm">
            {index > 0 && (
              <li>
                <Button
                  priority="tertiary"
                  size="small"
                  disabled={save.isPending}
                  onClick={() => form.run(() => save.mutateAsync(move(index, index - 1)))}
                >
                  Monter
                  <span className="fr-sr-only"> : {names.get(item.indicatorId)}</span>
                </Button>
              </li>
            )}
            <li>
              <Button
                priority="tertiary"
                size="small"
                iconId="fr-icon-delete-line"
                disabled={save.isPending}
                onClick={() =>
                  form.run(() => save.mutateAsync(items.filter((_, i) => i !== index)), 'Indicateur retiré.')
                }
              >
                Retirer
                <span className="fr-sr-only"> : {names.get(item.indicatorId)}</span>
              </Button>
            </li>
          </ul>
        </section>
      ))}
      {form.done && (
        <p role="status" className="fr-alert fr-alert--success fr-alert--sm">
          {form.done}
        </p>
      )}
    </div>
  )
}

function DashboardFigure({ item }: { item: DashboardItem }) {
  const table = useIndicator(item.indicatorId, item.query)
  if (table.error) return <ErrorAlert message={table.error.message} />
  if (!table.data) return <p>Chargement…</p>
  return <IndicatorResult table={table.data} query={item.query} chart={item.chart} />
}
