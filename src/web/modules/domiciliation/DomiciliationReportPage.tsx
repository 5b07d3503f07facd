import { Button } from '@codegouvfr/react-dsfr/Button'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useState } from 'react'
import { todayInFrance } from '../../../shared/dates.ts'
import type { DomiciliationReport } from '../../../shared/domiciliation-domifa.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { serverLinkProps } from '../../ui/server-link.ts'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { domiciliationReportFileUrl, useDomiciliationReport } from './domifa-api.ts'

/** The years offered: this one and the nine before (the API takes 2000 to 2100). */
const YEARS_SHOWN = 10

const number = (n: number) => n.toLocaleString('fr-FR')

type Line = { label: string; count: number }

function Figures({ caption, lines }: { caption: string; lines: Line[] }) {
  return (
    <Table
      className="fr-mb-4w"
      fixed
      caption={caption}
      headers={['Ligne', 'Nombre']}
      data={lines.map((line) => [line.label, number(line.count)])}
    />
  )
}

/**
 * The yearly activity report the prefecture asks of every domiciliation body, for the year chosen:
 * counts only, never a name; the same figures as CSV or Excel for the prefecture's form.
 */
export function DomiciliationReportPage() {
  usePageTitle('Rapport annuel de domiciliation')
  const thisYear = Number(todayInFrance().slice(0, 4))
  const [year, setYear] = useState(thisYear)
  const report = useDomiciliationReport(year)
  const data: DomiciliationReport | undefined = report.data

  return (
    <div>
      <h1>Rapport annuel de domiciliation</h1>
      <p>
        Les chiffres de l’activité de domiciliation demandés chaque année par la préfecture. Les personnes
        domiciliées sont comptées au 31 décembre de l’année choisie ; les décisions et le courrier, sur toute
        l’année. Aucun nom n’y figure.
      </p>
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mb-3w">
        <div className="fr-col-12 fr-col-md-3">
          <Select
            label="Année"
            nativeSelectProps={{ value: year, onChange: (e) => setYear(Number(e.target.value)) }}
          >
            {Array.from({ length: YEARS_SHOWN }, (_, i) => thisYear - i).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-9">
          <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            <li>
              <Button
                priority="secondary"
                iconId="fr-icon-download-line"
                linkProps={serverLinkProps(domiciliationReportFileUrl(year, 'csv'), { download: true })}
              >
                Télécharger en CSV
              </Button>
            </li>
            <li>
              <Button
                priority="secondary"
                iconId="fr-icon-download-line"
                linkProps={serverLinkProps(domiciliationReportFileUrl(year, 'xlsx'), { download: true })}
              >
                Télécharger en Excel (XLSX)
              </Button>
            </li>
          </ul>
        </div>
      </div>
      <ErrorAlert message={report.error ? applyApiError(report.error) : undefined} />
      {!data && !report.error && <p aria-live="polite">Chargement du rapport…</p>}
      {data && (
        <div className="fr-grid-row fr-grid-row--gutters" aria-busy={report.isFetching}>
          <div className="fr-col-12 fr-col-md-6">
            <Figures
              caption={`Domiciliations en ${data.year}`}
              lines={[
                { label: `Personnes domiciliées au 31 décembre ${data.year}`, count: data.inForce },
                { label: 'Ayants droit couverts au 31 décembre', count: data.beneficiariesInForce },
                { label: 'Premières domiciliations accordées', count: data.firstGranted },
                { label: 'Renouvellements accordés', count: data.renewals },
                { label: 'Refus', count: data.refusals },
                { label: 'Radiations', count: data.radiations },
              ]}
            />
            <Figures caption="Refus par motif" lines={data.refusalsByMotif} />
            <Figures caption="Radiations par motif" lines={data.radiationsByMotif} />
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <Figures caption={`Domiciliés au 31 décembre ${data.year} par sexe`} lines={data.bySex} />
            <Figures caption={`Domiciliés au 31 décembre ${data.year} par âge`} lines={data.byAgeBand} />
            <Figures
              caption="Courrier"
              lines={[
                { label: 'Courriers reçus', count: data.mailReceived },
                { label: 'Courriers traités', count: data.mailHandled },
                ...data.mailHandledByOutcome,
              ]}
            />
          </div>
        </div>
      )}
    </div>
  )
}
