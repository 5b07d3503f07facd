import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useState } from 'react'
import { Link } from 'react-router'
import { REPORT_LIST_STATUS, REPORT_SOURCE } from '../../../shared/reports.ts'
import { formatInstant } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useZones } from './api/pickers.ts'
import { type ReportFilters, useReportList } from './api/reports.ts'
import { OptionList, ReportBadges } from './report-format.tsx'

const excerpt = (text: string, max = 140) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** The triage queue of the outreach team; staff who only enter reports find the entry form here. */
export function ReportsPage() {
  usePageTitle('Signalements')
  const { data: me } = useMe()
  const canTriage = hasPermission(me, 'report.triage')
  return (
    <>
      <div className="fr-grid-row fr-grid-row--middle fr-mb-2w">
        <h1 className="fr-col fr-mb-0">Signalements</h1>
        <Button linkProps={{ to: '/signalements/nouveau' }} iconId="fr-icon-add-line">
          Saisir un signalement
        </Button>
      </div>
      {canTriage ? (
        <TriageQueue />
      ) : (
        <p>
          Un partenaire, la police municipale ou un habitant vous signale une personne en difficulté dans la
          rue, ou une personne âgée ou fragile qui semble isolée chez elle ? Saisissez le signalement :
          l’équipe d’aller-vers ou la coordination du réseau de voisins solidaires le recevra dans sa file.
        </p>
      )}
    </>
  )
}

function TriageQueue() {
  const [filters, setFilters] = useState<ReportFilters>({
    status: 'open',
    zoneId: '',
    assignedToMe: false,
    overdue: false,
  })
  const list = useReportList(filters)
  const zones = useZones()
  const set = (change: Partial<ReportFilters>) => setFilters({ ...filters, ...change })
  const delay = list.data?.triageDelayDays

  return (
    <>
      {list.data && list.data.overdueCount > 0 && (
        <Alert
          className="fr-mb-3w"
          severity="warning"
          small
          description={`${list.data.overdueCount} signalement${list.data.overdueCount > 1 ? 's' : ''} sans action depuis plus de ${delay} jours.`}
        />
      )}
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mb-2w">
        <div className="fr-col-12 fr-col-md-3">
          <Select
            label="Statut"
            nativeSelectProps={{ value: filters.status, onChange: (e) => set({ status: e.target.value }) }}
          >
            {REPORT_LIST_STATUS.values.map((value) => (
              <option key={value} value={value}>
                {REPORT_LIST_STATUS.labels[value]}
              </option>
            ))}
          </Select>
        </div>
        {zones.data && zones.data.length > 0 && (
          <div className="fr-col-12 fr-col-md-3">
            <Select
              label="Secteur"
              nativeSelectProps={{ value: filters.zoneId, onChange: (e) => set({ zoneId: e.target.value }) }}
            >
              <OptionList none="Tous les secteurs" options={zones.data} />
            </Select>
          </div>
        )}
        <div className="fr-col-12 fr-col-md-6">
          <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
            <li>
              <Button
                priority={filters.assignedToMe ? 'primary' : 'secondary'}
                type="button"
                aria-pressed={filters.assignedToMe}
                onClick={() => set({ assignedToMe: !filters.assignedToMe })}
              >
                Confiés à moi
              </Button>
            </li>
            <li>
              <Button
                priority={filters.overdue ? 'primary' : 'secondary'}
                type="button"
                aria-pressed={filters.overdue}
                onClick={() => set({ overdue: !filters.overdue })}
              >
                En retard seulement
              </Button>
            </li>
          </ul>
        </div>
      </div>
      <ErrorAlert message={list.error ? applyApiError(list.error) : undefined} />
      {list.isPending && <p aria-live="polite">Chargement…</p>}
      {list.data && (
        <>
          <p role="status">
            {list.data.items.length} signalement{list.data.items.length > 1 ? 's' : ''}
          </p>
          {list.data.items.length > 0 && (
            <Table
              className="fr-table--no-caption"
              caption="Signalements"
              headers={['Référence', 'Reçu le', 'Lieu et situation', 'Statut', 'Confié à']}
              data={list.data.items.map((r) => [
                <Link key="ref" to={`/signalements/${r.id}`} style={{ whiteSpace: 'nowrap' }}>
                  {r.reference}
                </Link>,
                <span key="received">
                  {formatInstant(r.receivedAt)}
                  <br />
                  <span className="fr-text--xs">{REPORT_SOURCE.labels[r.source]}</span>
                </span>,
                <span key="where">
                  <strong>{r.locationText}</strong>
                  {r.zoneName && <span className="fr-text--xs"> · {r.zoneName}</span>}
                  <br />
                  {excerpt(r.situation)}
                </span>,
                <ReportBadges key="status" report={r} />,
                [r.assignedToName, r.roundLabel].filter(Boolean).join(' · ') || '—',
              ])}
            />
          )}
        </>
      )}
    </>
  )
}
