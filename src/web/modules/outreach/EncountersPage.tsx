import { Link } from 'react-router'
import { ENCOUNTER_ACTION, OUTREACH_NEED, SITUATION } from '../../../shared/outreach.ts'
import { formatInstant } from '../../lib/dates.ts'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useEncounters } from './api/encounters.ts'
import { PeriodTeamFields, periodAround, useUrlFilters } from './filters.tsx'
import { describeAnonymous, plural } from './outreach-format.tsx'
import { filterState, listError } from './ui.tsx'

/** The encounters of a period, newest first. */
export function EncountersPage() {
  usePageTitle('Rencontres')
  const filters = useUrlFilters({ ...periodAround(30, 0), teamId: '' })
  const encounters = useEncounters({ ...filters.values, limit: '500' })
  const items = encounters.data ?? []
  return (
    <>
      <h1>Rencontres</h1>
      <search className="fr-grid-row fr-grid-row--gutters fr-mb-2w">
        <PeriodTeamFields values={filters.values} set={filters.set} state={filterState(encounters.error)} />
      </search>
      {listError(encounters.error)}
      <p role="status">{encounters.data ? plural(items.length, 'rencontre') : ''}</p>
      <ul className="fr-raw-list">
        {items.map((e) => (
          <li key={e.id} className="outreach-card fr-mb-2w">
            <p className="fr-mb-1v">
              <Link to={`/aller-vers/rencontres/${e.id}`}>
                {e.personName ?? (e.anonymous ? `Anonyme — ${describeAnonymous(e.anonymous)}` : 'Rencontre')}
              </Link>
            </p>
            <p className="fr-text--sm fr-mb-1v">
              {[
                formatInstant(e.occurredAt),
                SITUATION.labels[e.situation],
                e.placeName ?? e.address,
                e.teamName,
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
            {(e.needs.length > 0 || e.actions.length > 0) && (
              <p className="fr-text--sm fr-mb-0">
                {[
                  ...e.needs.map((n) => OUTREACH_NEED.labels[n]),
                  ...e.actions.map((a) => ENCOUNTER_ACTION.labels[a]),
                ].join(', ')}
              </p>
            )}
          </li>
        ))}
      </ul>
    </>
  )
}
