import { Button } from '@codegouvfr/react-dsfr/Button'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Link } from 'react-router'
import { ROUND_MODE, ROUND_STATUS } from '../../../shared/outreach.ts'
import { ApiError } from '../../lib/api-client.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useZones } from './api/pickers.ts'
import { useRounds } from './api/rounds.ts'
import { PeriodTeamFields, periodAround, useUrlFilters } from './filters.tsx'
import { plural, RoundStatusBadge, roundTitle } from './outreach-format.tsx'

/** The rounds of a period: planned ones to prepare, done ones with their report. */
export function RoundsPage() {
  usePageTitle('Tournées')
  const { data: me } = useMe()
  const filters = useUrlFilters({ ...periodAround(30, 30), teamId: '', zoneId: '', status: '' })
  const rounds = useRounds(filters.values)
  const zones = useZones()
  const fieldError = (path: string) => {
    const message =
      rounds.error instanceof ApiError
        ? rounds.error.problem.errors?.find((e) => e.path === path)?.message
        : undefined
    return message ? { state: 'error' as const, stateRelatedMessage: message } : {}
  }
  const items = rounds.data ?? []
  return (
    <>
      <div className="fr-grid-row fr-grid-row--middle fr-grid-row--gutters fr-mb-1w">
        <div className="fr-col">
          <h1 className="fr-mb-0">Tournées</h1>
        </div>
        {hasPermission(me, 'outreach.write') && (
          <div className="fr-col-auto">
            <Button
              priority="secondary"
              iconId="fr-icon-calendar-line"
              linkProps={{ to: '/aller-vers/tournees/nouvelle' }}
            >
              Planifier une tournée
            </Button>
          </div>
        )}
      </div>
      <search className="fr-grid-row fr-grid-row--gutters fr-mb-2w">
        <PeriodTeamFields values={filters.values} set={filters.set} state={fieldError} />
        <div className="fr-col-6 fr-col-md-3">
          <Select
            label="Statut"
            nativeSelectProps={{
              value: filters.values.status,
              onChange: (e) => filters.set('status', e.target.value),
            }}
          >
            <option value="">Tous</option>
            {ROUND_STATUS.values.map((s) => (
              <option key={s} value={s}>
                {ROUND_STATUS.labels[s]}
              </option>
            ))}
          </Select>
        </div>
        {zones.data && zones.data.length > 0 && (
          <div className="fr-col-6 fr-col-md-3">
            <Select
              label="Secteur"
              nativeSelectProps={{
                value: filters.values.zoneId,
                onChange: (e) => filters.set('zoneId', e.target.value),
              }}
            >
              <option value="">Tous</option>
              {zones.data.map((z) => (
                <option key={z.id} value={z.id}>
                  {z.label}
                </option>
              ))}
            </Select>
          </div>
        )}
      </search>
      {rounds.error && !(rounds.error instanceof ApiError && rounds.error.problem.errors?.length) && (
        <ErrorAlert message={rounds.error instanceof ApiError ? rounds.error.problem.detail : 'Erreur.'} />
      )}
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
