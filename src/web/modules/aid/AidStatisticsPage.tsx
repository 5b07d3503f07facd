import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import {
  type AidStatistics,
  type AidStatisticsLine,
  aidStatisticsQuerySchema,
} from '../../../shared/aid.statistics.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { formatEuros } from '../../../shared/pricing.ts'
import { get } from '../../lib/api-client.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { serverLinkProps } from '../../ui/server-link.ts'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { frenchDay } from './CampaignsPage.tsx'

type Period = { from: string; to: string }

/** « 2026-12 » as « décembre 2026 ». */
const monthLabel = (month: string) =>
  /^\d{4}-\d{2}$/.test(month)
    ? new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(`${month}-01T00:00:00Z`),
      )
    : month

const LINE_HEADERS = ['Demandes', 'Accords', 'Refus', 'Montant accordé', 'Montant versé']
const lineCells = (l: Omit<AidStatisticsLine, 'key' | 'label'>) => [
  String(l.requests),
  String(l.granted),
  String(l.refused),
  formatEuros(l.grantedCents),
  formatEuros(l.paidCents),
]

/**
 * « Statistiques des aides »: figures of a period, never a name — per aid, fund, team and month,
 * refusals by motif, days to a decision, the FLAJ report — and the same as CSV or XLSX.
 */
export function AidStatisticsPage() {
  usePageTitle('Statistiques des aides')
  const today = todayInFrance()
  const [draft, setDraft] = useState<Period>({ from: `${today.slice(0, 4)}-01-01`, to: today })
  const [period, setPeriod] = useState<Period>(draft)
  const form = useFormErrors()
  const figures = useQuery({
    queryKey: ['aid-statistics', period.from, period.to],
    queryFn: () => get<AidStatistics>(`/api/aid-statistics?from=${period.from}&to=${period.to}`),
    placeholderData: keepPreviousData,
  })
  const file = (format: 'csv' | 'xlsx') =>
    serverLinkProps(`/api/aid-statistics/file?from=${period.from}&to=${period.to}&format=${format}`, {
      download: true,
    })
  const s = figures.data
  const breakdown = (caption: string, first: string, lines: AidStatisticsLine[]) =>
    lines.length === 0 ? null : (
      <Table
        caption={caption}
        headers={[first, ...LINE_HEADERS]}
        data={lines.map((l) => [l.label, ...lineCells(l)])}
      />
    )
  return (
    <div>
      <h1>Statistiques des aides</h1>
      <form
        className="fr-mb-4w"
        onSubmit={(e) => {
          e.preventDefault()
          const checked = form.check(aidStatisticsQuerySchema, draft)
          if (checked) setPeriod(checked)
        }}
      >
        <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          {(['from', 'to'] as const).map((key) => (
            <div key={key} className="fr-col-12 fr-col-md-3">
              <Input
                label={key === 'from' ? 'Du' : 'Au'}
                nativeInputProps={{
                  type: 'date',
                  value: draft[key],
                  onChange: (e) => setDraft({ ...draft, [key]: e.target.value }),
                }}
                {...form.state(key)}
              />
            </div>
          ))}
          <div className="fr-col-12 fr-col-md-3">
            <Button type="submit">Afficher la période</Button>
          </div>
        </div>
        <ErrorAlert message={form.error ?? (figures.error ? figures.error.message : undefined)} />
      </form>
      {s && (
        <>
          <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            <li>
              <Button priority="secondary" iconId="fr-icon-download-line" linkProps={file('csv')}>
                Télécharger en CSV
              </Button>
            </li>
            <li>
              <Button priority="secondary" iconId="fr-icon-download-line" linkProps={file('xlsx')}>
                Télécharger en Excel (XLSX)
              </Button>
            </li>
          </ul>
          <h2>
            Du {frenchDay(s.from)} au {frenchDay(s.to)}
          </h2>
          <Table
            caption="Ensemble de la période"
            headers={['', ...LINE_HEADERS]}
            data={[['Total', ...lineCells(s.totals)]]}
          />
          <Table
            caption="Autres décisions et foyers aidés"
            headers={['', 'Nombre']}
            data={[
              ['Ajournements', String(s.totals.adjourned)],
              ['Classements sans suite', String(s.totals.dismissed)],
              ['Demandes retirées', String(s.totals.withdrawn)],
              ['Foyers ayant reçu au moins une aide', String(s.totals.householdsHelped)],
              ['Décisions prises', String(s.daysToDecision.decided)],
              ['Délai médian de décision (jours)', s.daysToDecision.median?.toString() ?? '—'],
              ['Délai de décision, 90e centile (jours)', s.daysToDecision.p90?.toString() ?? '—'],
            ]}
          />
          {breakdown('Par aide', 'Aide', s.byAid)}
          {breakdown('Par fonds', 'Fonds', s.byFund)}
          {breakdown('Par équipe', 'Équipe', s.byTeam)}
          {breakdown(
            'Par mois',
            'Mois',
            s.byMonth.map((m) => ({ ...m, label: monthLabel(m.label) })),
          )}
          {s.refusalsByMotif.length > 0 && (
            <Table
              caption="Refus par motif"
              headers={['Motif', 'Refus']}
              data={s.refusalsByMotif.map((m) => [m.label, String(m.count)])}
            />
          )}
          <h2>Rapport FLAJ</h2>
          {s.flaj ? (
            <>
              <Table
                caption={s.flaj.fund}
                headers={['Jeunes aidés', 'Aides accordées', 'Montant accordé', 'Montant versé']}
                data={[
                  [
                    String(s.flaj.youthsHelped),
                    String(s.flaj.grants),
                    formatEuros(s.flaj.grantedCents),
                    formatEuros(s.flaj.paidCents),
                  ],
                ]}
              />
              <Table
                caption="FLAJ par objet"
                headers={['Objet', 'Jeunes', 'Aides accordées', 'Montant accordé']}
                data={s.flaj.byPurpose.map((p) => [
                  p.label,
                  String(p.youths),
                  String(p.grants),
                  formatEuros(p.grantedCents),
                ])}
              />
            </>
          ) : (
            <p>Aucun fonds codé « FLAJ » dans le règlement des aides.</p>
          )}
        </>
      )}
    </div>
  )
}
