import { Input } from '@codegouvfr/react-dsfr/Input'
import { useState } from 'react'
import { Link } from 'react-router'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useDashboard } from './api/coordination.ts'
import { NetworkFrame } from './NetworkFrame.tsx'

/** "236 needs met in 2020: shopping 55 %…", with the seniors line's calls and the escalations. */
export function NetworkDashboardPage() {
  usePageTitle('Tableau de bord du réseau')
  const year = new Date().getFullYear()
  const [from, setFrom] = useState(`${year}-01-01`)
  const [to, setTo] = useState(`${year}-12-31`)
  const dashboard = useDashboard(from, to)
  const d = dashboard.data
  return (
    <NetworkFrame heading="Tableau de bord">
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-6 fr-col-md-3">
          <Input
            label="Du"
            nativeInputProps={{ type: 'date', value: from, onChange: (e) => setFrom(e.target.value) }}
          />
        </div>
        <div className="fr-col-6 fr-col-md-3">
          <Input
            label="Au"
            nativeInputProps={{ type: 'date', value: to, onChange: (e) => setTo(e.target.value) }}
          />
        </div>
      </div>
      {dashboard.isError && <ErrorAlert message={applyApiError(dashboard.error)} />}
      {d && (
        <>
          <p className="fr-text--lead fr-mt-3w">
            <strong>{d.needsMet}</strong> besoin(s) réalisé(s) sur la période
            {d.needsMetByKind.length > 0 && ' : '}
            {d.needsMetByKind
              .map((s) => `${s.label.toLowerCase()} ${s.percent.toLocaleString('fr-FR')} %`)
              .join(', ')}
          </p>
          <ul>
            <li>
              Délai médian avant acceptation :{' '}
              {d.medianHoursToAcceptance === null
                ? '—'
                : `${d.medianHoursToAcceptance.toLocaleString('fr-FR')} h`}
            </li>
            <li>
              Besoins transmis à un partenaire ou une équipe : {d.escalations}
              {d.escalations > 0 && `, dont ${d.automaticEscalations} automatiquement (délai dépassé)`}
            </li>
            <li>
              Appels sur la ligne seniors :{' '}
              {d.seniorsLineCalls === null ? (
                <>
                  choisissez l’équipe de la ligne dans les <Link to="/reseau/reglages">réglages</Link> pour
                  les compter
                </>
              ) : (
                d.seniorsLineCalls
              )}
            </li>
          </ul>
          <Shares title="Bénévoles par statut" rows={d.volunteersByStatus} />
          <Shares title="Besoins par issue" rows={d.needsByOutcome} />
        </>
      )}
    </NetworkFrame>
  )
}

function Shares({
  title,
  rows,
}: {
  title: string
  rows: { key: string; label: string; count: number; percent: number }[]
}) {
  return (
    <div className="fr-table fr-table--sm">
      <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Catégorie</th>
            <th scope="col">Nombre</th>
            <th scope="col">Part</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{r.label}</td>
              <td>{r.count}</td>
              <td>{r.percent.toLocaleString('fr-FR')} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
