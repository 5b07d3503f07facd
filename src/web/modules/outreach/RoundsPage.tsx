import { Button } from '@codegouvfr/react-dsfr/Button'
import { Link } from 'react-router'
import { ROUND_MODE, ROUND_STATUS } from '../../../shared/outreach.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useRounds } from './api/rounds.ts'
import { PeriodTeamFields, periodAround, useUrlFilters } from './filters.tsx'
import { plural, RoundStatusBadge, roundTitle } from './outreach-format.tsx'
import { enumOptions, filterState, listError, OptionSelect, PageHeading, ZoneSelect } from './ui.tsx'

/** The rounds of a period: planned ones to prepare, done ones with their report. */
export function RoundsPage() {
  usePageTitle('Tournées')
  const { data: me } = useMe()
  const filters = useUrlFilters({ ...periodAround(30, 30), teamId: '', zoneId: '', status: '' })
  const rounds = useRounds(filters.values)
  const items = rounds.data ?? []
  return (
    <>
      <PageHeading
        title="Tournées"
        action={
          hasPermission(me, 'outreach.write') && (
            <Button
              priority="secondary"
              iconId="fr-icon-calendar-line"
              linkProps={{ to: '/aller-vers/tournees/nouvelle' }}
            >
              Planifier une tournée
            </Button>
          )
        }
      />
      <search className="fr-grid-row fr-grid-row--gutters fr-mb-2w">
        <PeriodTeamFields values={filters.values} set={filters.set} state={filterState(rounds.error)} />
        <div className="fr-col-6 fr-col-md-3">
          <OptionSelect
            label="Statut"
            empty="Tous"
            value={filters.values.status}
            onChange={(v) => filters.set('status', v)}
            options={enumOptions(ROUND_STATUS.labels)}
          />
        </div>
        <div className="fr-col-6 fr-col-md-3">
          <ZoneSelect empty="Tous" value={filters.values.zoneId} onChange={(v) => filters.set('zoneId', v)} />
        </div>
      </search>
      {listError(rounds.error)}
      <p role="status" className="fr-mb-1w">
        {rounds.data ? plural(items.length, 'tournée') : ''}
      </p>
      <ul className="fr-raw-list">
        {items.map((r) => (
          <li key={r.id} className="outreach-card fr-mb-2w">
            <h2 className="fr-h6 fr-mb-1v">
              <Link to={`/aller-vers/tournees/${r.id}`}>{roundTitle(r)}</Link>
            </h2>
            <ul className="fr-badges-group fr-mb-1v">
              <li>
                <RoundStatusBadge status={r.status} />
              </li>
            </ul>
            <p className="fr-text--sm fr-mb-1v">
              {[r.zoneName ?? 'Secteur non précisé', r.teamName, ROUND_MODE.labels[r.mode]]
                .filter(Boolean)
                .join(' · ')}
            </p>
            <p className="fr-text--sm fr-mb-0">
              {[r.leadUserName && `${r.leadUserName} (responsable)`, ...r.agents.map((a) => a.name)]
                .filter(Boolean)
                .join(', ') || 'Agents non précisés'}{' '}
              · {plural(r.encounterCount, 'rencontre')}
            </p>
          </li>
        ))}
      </ul>
    </>
  )
}
