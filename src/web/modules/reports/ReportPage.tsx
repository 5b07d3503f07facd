import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { type FormEvent, type ReactNode, useState } from 'react'
import { Link, useParams } from 'react-router'
import {
  CHILDREN_PRESENT,
  REPORT_OUTCOME,
  REPORT_SOURCE,
  REPORT_STATUS,
  REPORT_URGENCY,
  type ReportDetail,
  type ReportOutcome,
} from '../../../shared/reports.ts'
import { ApiError } from '../../lib/api-client.ts'
import { formatInstant } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { NotFoundPage } from '../../ui/NotFoundPage.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useColleagues, useEncountersSince, usePlannedRounds, useZones } from './api/pickers.ts'
import { useReport, useReportTransition, useUpdateReport } from './api/reports.ts'
import { OptionList, ReportBadges } from './report-format.tsx'

type FieldErrors = Record<string, string>

/** Runs a change; puts the server's French messages next to the fields, or in the page alert. */
function useAction() {
  const [error, setError] = useState<string>()
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})
  const [done, setDone] = useState<string>()
  const run = async (work: () => Promise<unknown>, success: string) => {
    setError(undefined)
    setFieldErrors({})
    setDone(undefined)
    try {
      await work()
      setDone(success)
    } catch (caught) {
      const errors = caught instanceof ApiError ? (caught.problem.errors ?? []) : []
      setFieldErrors(Object.fromEntries(errors.map((e) => [e.path, e.message])))
      // A refused status change has no field of its own: its message goes in the alert.
      setError(errors.find((e) => e.path === 'status')?.message ?? applyApiError(caught))
    }
  }
  const state = (path: string) =>
    fieldErrors[path] ? { state: 'error' as const, stateRelatedMessage: fieldErrors[path] } : {}
  return { error, done, run, state }
}

/** One report: what was reported, who reported it, and its triage (assign, visited, close). */
export function ReportPage() {
  const { id = '' } = useParams()
  const report = useReport(id)
  usePageTitle(report.data ? `Signalement ${report.data.reference}` : 'Signalement')
  if (report.error instanceof ApiError && report.error.problem.status === 404) return <NotFoundPage />
  if (report.error) return <ErrorAlert message={applyApiError(report.error)} />
  if (!report.data) return <p aria-live="polite">Chargement…</p>
  const r = report.data
  return (
    <>
      <p className="fr-mb-1w">
        <Link to="/signalements">← Retour aux signalements</Link>
      </p>
      <h1 className="fr-mb-1w">Signalement {r.reference}</h1>
      <ReportBadges report={r} />
      <div className="fr-grid-row fr-grid-row--gutters fr-mt-2w">
        <div className="fr-col-12 fr-col-lg-7">
          <ReportSummary report={r} />
          <History report={r} />
        </div>
        <div className="fr-col-12 fr-col-lg-5">{r.status === 'closed' ? null : <Triage report={r} />}</div>
      </div>
    </>
  )
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="fr-text--bold fr-mb-0">{label}</dt>
      <dd className="fr-ml-0 fr-mb-2w">{children}</dd>
    </>
  )
}

function ReportSummary({ report: r }: { report: ReportDetail }) {
  const reporter = [r.reporterName, r.reporterPhone, r.reporterEmail].filter(Boolean).join(' · ')
  return (
    <section aria-labelledby="report-what">
      <h2 id="report-what" className="fr-h4">
        Ce qui a été signalé
      </h2>
      <dl>
        <Row label="Reçu le">
          {formatInstant(r.receivedAt)} — {REPORT_SOURCE.labels[r.source]}
          {r.partnerServiceName && ` (${r.partnerServiceName})`}
          {r.createdByName && `, saisi par ${r.createdByName}`}
        </Row>
        <Row label="Lieu">
          {r.locationText}
          {r.latitude !== null && r.longitude !== null && (
            <span className="fr-text--sm">
              {' '}
              (position : {r.latitude.toLocaleString('fr-FR')}, {r.longitude.toLocaleString('fr-FR')})
            </span>
          )}
        </Row>
        {r.seenAt && <Row label="Vu le">{formatInstant(r.seenAt)}</Row>}
        <Row label="Situation">
          <span style={{ whiteSpace: 'pre-line' }}>{r.situation}</span>
        </Row>
        <Row label="Enfants présents">{CHILDREN_PRESENT.labels[r.childrenPresent]}</Row>
        <Row label="Urgence">{REPORT_URGENCY.labels[r.urgency]}</Row>
        <Row label="Personne qui signale">
          {reporter || 'Anonyme'}
          {r.callbackAccepted && ' — accepte d’être rappelée'}
        </Row>
        {r.personId && (
          <Row label="Personne concernée">
            <Link to={`/personnes/${r.personId}`}>{r.personName}</Link>
          </Row>
        )}
        {r.zoneName && <Row label="Secteur">{r.zoneName}</Row>}
        {(r.assignedToName || r.roundLabel) && (
          <Row label="Confié à">{[r.assignedToName, r.roundLabel].filter(Boolean).join(' · ')}</Row>
        )}
        {r.visitedAt && <Row label="Visité le">{formatInstant(r.visitedAt)}</Row>}
        {r.encounterId && <Row label="Rencontre">Une rencontre de l’équipe est liée à ce signalement.</Row>}
        {r.outcome && (
          <Row label="Issue">
            {REPORT_OUTCOME.labels[r.outcome]}
            {r.closingNote && ` — ${r.closingNote}`}
          </Row>
        )}
      </dl>
    </section>
  )
}

function History({ report }: { report: ReportDetail }) {
  return (
    <section aria-labelledby="report-history">
      <h2 id="report-history" className="fr-h4">
        Historique
      </h2>
      <ol className="fr-pl-2w">
        {report.history.map((e) => (
          <li key={`${e.at}-${e.status}`} className="fr-mb-1w">
            <strong>{formatInstant(e.at)}</strong> — {REPORT_STATUS.labels[e.status]}
            {e.byName ? ` par ${e.byName}` : ' (formulaire en ligne)'}
            {(e.assignedToName || e.roundLabel) &&
              ` : confié à ${[e.assignedToName, e.roundLabel].filter(Boolean).join(', ')}`}
            {e.outcome && ` : ${REPORT_OUTCOME.labels[e.outcome]}`}
            {e.note && <span className="fr-text--sm"> — {e.note}</span>}
          </li>
        ))}
      </ol>
    </section>
  )
}

/** The next steps a report can take, each a small form of its own. */
function Triage({ report }: { report: ReportDetail }) {
  const { data: me } = useMe()
  const colleagues = useColleagues()
  const rounds = usePlannedRounds()
  const zones = useZones()
  const encounters = useEncountersSince(report.receivedAt)
  const transition = useReportTransition(report.id)
  const update = useUpdateReport(report.id)
  const action = useAction()
  const [assignedTo, setAssignedTo] = useState(report.assignedTo ?? '')
  const [roundId, setRoundId] = useState(report.roundId ?? '')
  const [visitNote, setVisitNote] = useState('')
  const [outcome, setOutcome] = useState<ReportOutcome | ''>('')
  const [closingNote, setClosingNote] = useState('')
  const waiting = report.status === 'new' || report.status === 'assigned'

  const assign = (event: FormEvent) => {
    event.preventDefault()
    action.run(
      () =>
        transition.mutateAsync({
          status: 'assigned',
          assignedTo: assignedTo || null,
          roundId: roundId || null,
        }),
      'Signalement attribué.',
    )
  }
  const takeIt = () =>
    action.run(
      () =>
        transition.mutateAsync({
          status: 'assigned',
          assignedTo: me?.user.id ?? null,
          roundId: roundId || null,
        }),
      'Signalement attribué.',
    )
  const visited = (event: FormEvent) => {
    event.preventDefault()
    action.run(
      () => transition.mutateAsync({ status: 'visited', note: visitNote || null }),
      'Signalement marqué comme visité.',
    )
  }
  const close = (event: FormEvent) => {
    event.preventDefault()
    action.run(
      () =>
        transition.mutateAsync({
          status: 'closed',
          outcome: outcome as ReportOutcome,
          closingNote: closingNote || null,
        }),
      'Signalement clos.',
    )
  }

  return (
    <section aria-labelledby="report-triage" className="fr-p-3w fr-background-alt--grey">
      <h2 id="report-triage" className="fr-h4">
        Traitement
      </h2>
      <ErrorAlert message={action.error} />
      <SuccessAlert message={action.done} />

      {zones.data && zones.data.length > 0 && (
        <Select
          label="Secteur"
          nativeSelectProps={{
            value: report.zoneId ?? '',
            onChange: (e) =>
              action.run(() => update.mutateAsync({ zoneId: e.target.value || null }), 'Secteur enregistré.'),
          }}
          {...action.state('zoneId')}
        >
          <OptionList none="Non précisé" options={zones.data} />
        </Select>
      )}

      {encounters.data && encounters.data.length > 0 && (
        <Select
          label="Rencontre qui a répondu au signalement"
          hint="Les rencontres enregistrées depuis la réception du signalement."
          nativeSelectProps={{
            value: report.encounterId ?? '',
            onChange: (e) =>
              action.run(
                () => update.mutateAsync({ encounterId: e.target.value || null }),
                'Rencontre liée au signalement.',
              ),
          }}
          {...action.state('encounterId')}
        >
          <OptionList none="Aucune" options={encounters.data} />
        </Select>
      )}

      {waiting && (
        <form onSubmit={assign} aria-labelledby="report-assign" className="fr-mb-4w">
          <h3 id="report-assign" className="fr-h6">
            Attribuer
          </h3>
          <Select
            label="Agent"
            nativeSelectProps={{ value: assignedTo, onChange: (e) => setAssignedTo(e.target.value) }}
            {...action.state('assignedTo')}
          >
            <OptionList none="Aucun" options={colleagues.data ?? []} />
          </Select>
          {rounds.data && rounds.data.length > 0 && (
            <Select
              label="Tournée"
              hint="La tournée prévue qui passera par ce lieu."
              nativeSelectProps={{ value: roundId, onChange: (e) => setRoundId(e.target.value) }}
              {...action.state('roundId')}
            >
              <OptionList none="Aucune" options={rounds.data} />
            </Select>
          )}
          <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
            <li>
              <Button type="submit" priority="secondary" disabled={transition.isPending}>
                Attribuer
              </Button>
            </li>
            {report.assignedTo !== me?.user.id && (
              <li>
                <Button type="button" onClick={takeIt} disabled={transition.isPending}>
                  Je m’en occupe
                </Button>
              </li>
            )}
          </ul>
        </form>
      )}

      {waiting && (
        <form onSubmit={visited} aria-labelledby="report-visit" className="fr-mb-4w">
          <h3 id="report-visit" className="fr-h6">
            Passage sur place
          </h3>
          {hasPermission(me, 'outreach.write') && (
            <p>
              {/* The encounter form marks the report visited and links the encounter to it. */}
              <Link
                className="fr-link fr-icon-user-add-line fr-link--icon-left"
                to={`/aller-vers/rencontres/nouvelle?${new URLSearchParams({
                  signalement: report.id,
                  ...(report.roundId ? { tournee: report.roundId } : {}),
                })}`}
              >
                Enregistrer la rencontre sur place
              </Link>
            </p>
          )}
          <Input
            label="Note de visite (facultatif)"
            nativeInputProps={{ value: visitNote, onChange: (e) => setVisitNote(e.target.value) }}
            {...action.state('note')}
          />
          <Button type="submit" priority="secondary" size="small" disabled={transition.isPending}>
            Marquer comme visité
          </Button>
        </form>
      )}

      <form onSubmit={close} aria-labelledby="report-close">
        <h3 id="report-close" className="fr-h6">
          Clore le signalement
        </h3>
        <RadioButtons
          legend="Issue"
          small
          options={REPORT_OUTCOME.values.map((value) => ({
            label: REPORT_OUTCOME.labels[value],
            nativeInputProps: { checked: outcome === value, onChange: () => setOutcome(value) },
          }))}
          {...action.state('outcome')}
        />
        <Input
          label="Note de clôture (facultatif)"
          textArea
          nativeTextAreaProps={{
            value: closingNote,
            rows: 2,
            onChange: (e) => setClosingNote(e.target.value),
          }}
          {...action.state('closingNote')}
        />
        <Button type="submit" size="small" disabled={transition.isPending}>
          Clore le signalement
        </Button>
      </form>
    </section>
  )
}
