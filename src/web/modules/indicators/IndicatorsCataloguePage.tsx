import { Button } from '@codegouvfr/react-dsfr/Button'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useState } from 'react'
import { Link } from 'react-router'
import { todayInFrance } from '../../../shared/dates.ts'
import {
  INDICATOR_MODULE_LABELS,
  type IndicatorEntry,
  type IndicatorQuery,
  indicatorQuerySchema,
} from '../../../shared/indicators.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useCatalogue, useDashboard, useIndicator, useSaveDashboard } from './api/indicators.ts'
import { IndicatorFilters } from './IndicatorFilters.tsx'
import { IndicatorResult } from './IndicatorResult.tsx'

const thisYear = (): IndicatorQuery => {
  const today = todayInFrance()
  return { from: `${today.slice(0, 4)}-01-01`, to: today }
}

/**
 * « Catalogue des indicateurs »: every figure the modules produce, by module, each with its
 * description and filters; one is computed, charted, exported, or added to one's dashboard.
 */
export function IndicatorsCataloguePage() {
  usePageTitle('Catalogue des indicateurs')
  const catalogue = useCatalogue()
  const [selectedId, setSelectedId] = useState<string>()
  const [draft, setDraft] = useState<IndicatorQuery>(thisYear)
  const [query, setQuery] = useState<IndicatorQuery>(thisYear)
  const [chart, setChart] = useState<'bar' | 'line'>('bar')
  const form = useFormErrors()
  const table = useIndicator(selectedId, query)
  const dashboard = useDashboard()
  const save = useSaveDashboard()
  const entries = catalogue.data?.indicators ?? []
  const selected = entries.find((entry) => entry.id === selectedId)
  const modules = [...new Set(entries.map((entry) => entry.module))]

  const choose = (entry: IndicatorEntry) => {
    setSelectedId(entry.id)
    const period = { from: draft.from, to: draft.to }
    setDraft(period)
    setQuery(period)
    setChart(entry.dimensions[0] === 'Mois' ? 'line' : 'bar')
    form.clear()
  }

  return (
    <div>
      <h1>Catalogue des indicateurs</h1>
      <p>
        Chaque indicateur compte, sans jamais nommer personne.{' '}
        {catalogue.data?.smallCells.applies &&
          `Les effectifs de moins de ${catalogue.data.smallCells.threshold} s’affichent « < ${catalogue.data.smallCells.threshold} ».`}{' '}
        <Link to="/indicateurs/tableau-de-bord">Voir mon tableau de bord</Link>
      </p>
      <ErrorAlert message={catalogue.error?.message} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          {modules.map((module) => (
            <section key={module} className="fr-mb-3w">
              <h2 className="fr-h6">{INDICATOR_MODULE_LABELS[module] ?? module}</h2>
              <ul className="fr-raw-list">
                {entries
                  .filter((entry) => entry.module === module)
                  .map((entry) => (
                    <li key={entry.id} className="fr-mb-1w">
                      <Button
                        priority={entry.id === selectedId ? 'primary' : 'tertiary'}
                        size="small"
                        onClick={() => choose(entry)}
                        nativeButtonProps={{ 'aria-pressed': entry.id === selectedId }}
                      >
                        {entry.name}
                      </Button>
                    </li>
                  ))}
              </ul>
            </section>
          ))}
        </div>
        <div className="fr-col-12 fr-col-md-8">
          {!selected && <p>Choisissez un indicateur dans la liste.</p>}
          {selected && catalogue.data && (
            <section aria-labelledby="indicator-title">
              <h2 id="indicator-title">{selected.name}</h2>
              <p>{selected.description}</p>
              <form
                onSubmit={(e) => {
                  e.preventDefault()
                  const checked = form.check(indicatorQuerySchema, draft)
                  if (checked) setQuery(checked)
                }}
              >
                <IndicatorFilters
                  entry={selected}
                  options={catalogue.data.options}
                  value={draft}
                  onChange={setDraft}
                  form={form}
                />
                <Button type="submit" className="fr-mt-2w">
                  Afficher
                </Button>
              </form>
              <ErrorAlert message={form.error ?? table.error?.message} />
              {table.data && table.data.id === selected.id && (
                <>
                  <IndicatorResult table={table.data} query={query} chart={chart} />
                  <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mt-2w">
                    <div className="fr-col-12 fr-col-md-6">
                      <Select
                        label="Graphique"
                        nativeSelectProps={{
                          value: chart,
                          onChange: (e) => setChart(e.target.value === 'line' ? 'line' : 'bar'),
                        }}
                      >
                        <option value="bar">Barres</option>
                        <option value="line">Courbe</option>
                      </Select>
                    </div>
                    <div className="fr-col-12 fr-col-md-6">
                      <Button
                        iconId="fr-icon-add-line"
                        disabled={!dashboard.data || save.isPending}
                        onClick={() =>
                          form.run(
                            () =>
                              save.mutateAsync([
                                ...(dashboard.data?.items ?? []),
                                { indicatorId: selected.id, query, chart },
                              ]),
                            'Indicateur ajouté à votre tableau de bord.',
                          )
                        }
                      >
                        Ajouter à mon tableau de bord
                      </Button>
                    </div>
                  </div>
                  {form.done && (
                    <p role="status" className="fr-alert fr-alert--success fr-alert--sm fr-mt-2w">
                      {form.done}
                    </p>
                  )}
                </>
              )}
            </section>
          )}
        </div>
      </div>
    </div>
  )
}
