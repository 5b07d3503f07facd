import { todayInFrance } from '../../../shared/dates.ts'
import type { Census } from '../../../shared/outreach.ts'
import { formatDate } from '../../lib/dates.ts'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { censusCsvUrl, useCensus } from './api/census.ts'
import { PeriodTeamFields, useUrlFilters } from './filters.tsx'
import { plural } from './outreach-format.tsx'
import { filterState, listError, TableFrame } from './ui.tsx'

type Line = Census['bySex'][number]
const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 })
const share = (count: number, total: number) => (total > 0 ? percent.format(count / total) : '—')

const BREAKDOWNS: {
  key: 'bySex' | 'byAgeBand' | 'byHouseholdType' | 'bySituation' | 'byPlaceType'
  title: string
}[] = [
  { key: 'bySex', title: 'Par sexe' },
  { key: 'byAgeBand', title: 'Par âge' },
  { key: 'byHouseholdType', title: 'Par composition' },
  { key: 'bySituation', title: 'Par situation' },
  { key: 'byPlaceType', title: 'Par type de lieu' },
]

/** The largest known line of a breakdown ("unknown" and "none" left aside), if any. */
function mostly(lines: Line[]) {
  const known = lines.filter((l) => l.key !== 'unknown' && l.key !== 'none' && l.count > 0)
  return known.reduce<Line | undefined>((best, l) => (!best || l.count > best.count ? l : best), undefined)
}

/**
 * The census of a period: distinct situations met, by sex, age, household, situation and place, and
 * the share who accepted support. Counts only: the analyst and the elected official read it too.
 */
export function CensusPage() {
  usePageTitle('Recensement')
  const filters = useUrlFilters({
    from: `${todayInFrance().slice(0, 4)}-01-01`,
    to: todayInFrance(),
    teamId: '',
  })
  const census = useCensus(filters.values)
  const c = census.data
  return (
    <>
      <h1>Recensement de l’aller-vers</h1>
      <search className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mb-2w">
        <PeriodTeamFields values={filters.values} set={filters.set} state={filterState(census.error)} />
        <div className="fr-col-12 fr-col-md-3">
          {c && (
            // A plain link: the browser downloads the file the API writes (with the session cookie).
            <a
              className="fr-btn fr-btn--secondary fr-btn--icon-left fr-icon-download-line fr-mb-3w"
              href={censusCsvUrl(filters.values)}
              download
            >
              Télécharger (CSV)
            </a>
          )}
        </div>
      </search>
      {listError(census.error)}
      {c && (
        <>
          <div className="fr-callout fr-mb-4w" role="status">
            <p className="fr-callout__title">
              {plural(c.situations, 'situation rencontrée', 'situations rencontrées')}, dont{' '}
              {c.acceptedSupport.toLocaleString('fr-FR')} {c.acceptedSupport > 1 ? 'ont' : 'a'} accepté un
              accompagnement ({share(c.acceptedSupport, c.situations)})
            </p>
            <p className="fr-callout__text">
              Du {formatDate(c.from)} au {formatDate(c.to)} :{' '}
              {plural(c.persons, 'personne connue', 'personnes connues')} et{' '}
              {plural(c.anonymousSituations, 'situation anonyme', 'situations anonymes')} ;{' '}
              {plural(c.peopleSeen, 'personne vue', 'personnes vues')} en comptant chaque membre des groupes.
              <Mostly census={c} />
            </p>
          </div>
          <div className="fr-grid-row fr-grid-row--gutters">
            {BREAKDOWNS.map((b) => (
              <div key={b.key} className="fr-col-12 fr-col-lg-6">
                <Breakdown title={b.title} lines={c[b.key]} total={c.situations} />
              </div>
            ))}
          </div>
          <p className="fr-text--sm fr-mt-2w">
            <strong>Règle de comptage.</strong> {c.countingRule}
          </p>
        </>
      )}
      {!c && !census.error && <p aria-live="polite">Chargement…</p>}
    </>
  )
}

function Mostly({ census }: { census: Census }) {
  const sex = mostly(census.bySex)
  const age = mostly(census.byAgeBand)
  if (census.situations === 0 || (!sex && !age)) return null
  const parts = [
    sex && `${sex.label.toLowerCase()} (${share(sex.count, census.situations)})`,
    age && `${age.label} (${share(age.count, census.situations)})`,
  ].filter(Boolean)
  return (
    <>
      <br />
      Le plus souvent : {parts.join(', ')}.
    </>
  )
}

/** A bar chart and, beside it, the table of the same numbers (the table is what assistive technology reads). */
function Breakdown({ title, lines, total }: { title: string; lines: Line[]; total: number }) {
  const max = Math.max(1, ...lines.map((l) => l.count))
  return (
    <section className="outreach-card fr-mb-2w" aria-label={title}>
      <h2 className="fr-h5">{title}</h2>
      <div className="outreach-bars" aria-hidden="true">
        {lines.map((l) => (
          <div key={l.key} className="outreach-bars__row">
            <span className="outreach-bars__label">{l.label}</span>
            <span className="outreach-bars__track">
              <span className="outreach-bars__bar" style={{ width: `${(l.count / max) * 100}%` }} />
            </span>
            <span className="outreach-bars__value">{l.count}</span>
          </div>
        ))}
      </div>
      <TableFrame
        small
        caption={`${title} : situations rencontrées`}
        head={[title.replace(/^Par /, '').replace(/^./, (ch) => ch.toUpperCase()), 'Situations', 'Part']}
      >
        {lines.map((l) => (
          <tr key={l.key}>
            <th scope="row">{l.label}</th>
            <td>{l.count.toLocaleString('fr-FR')}</td>
            <td>{share(l.count, total)}</td>
          </tr>
        ))}
      </TableFrame>
    </section>
  )
}
