import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons'
import { type FormEvent, useState } from 'react'
import { Link } from 'react-router'
import { MEMBER_REPORT_OUTCOME, MEMBER_REPORT_SOURCE, type MemberReport } from '../../../shared/network.ts'
import { formatInstant } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useCloseMemberReport, useMemberReports } from './api/coordination.ts'
import { ChoiceSelect } from './ChoiceSelect.tsx'
import { NetworkFrame } from './NetworkFrame.tsx'
import { CARD } from './network-ui.ts'

type Outcome = MemberReport['outcome'] & string
type Shown = 'new' | 'closed' | 'all'
const SHOWN: { id: Shown; name: string }[] = [
  { id: 'new', name: 'À traiter' },
  { id: 'closed', name: 'Clos' },
  { id: 'all', name: 'Tous' },
]

/** Reports of people who seem isolated, from volunteers (portal) and citizens (public form). */
export function MemberReportsPage() {
  usePageTitle('Signalements reçus par le réseau')
  const [shown, setShown] = useState<Shown>('new')
  const [page, setPage] = useState(1)
  const reports = useMemberReports(shown === 'all' ? '' : shown, page)
  const list = reports.data?.items
  return (
    <NetworkFrame heading="Signalements du réseau">
      <p>
        Les bénévoles (depuis leur portail) et les habitants (par le formulaire en ligne, ou en appelant
        l’accueil) signalent une personne qui semble isolée ou fragile. Chaque signalement est clos avec sa
        suite ; la coordination est prévenue par e-mail des nouveaux signalements.
      </p>
      <ChoiceSelect
        label="Afficher"
        value={shown}
        onChange={(value) => {
          setShown(value)
          setPage(1)
        }}
        choices={SHOWN}
      />
      {reports.isError && <ErrorAlert message={applyApiError(reports.error)} />}
      {list?.length === 0 && <p>Aucun signalement.</p>}
      {list?.map((r) => (
        <ReportCard key={r.id} report={r} />
      ))}
      {reports.data && reports.data.total > 0 && (
        <ListPagination list={reports.data} noun={['signalement', 'signalements']} onPage={setPage} />
      )}
    </NetworkFrame>
  )
}

function ReportCard({ report: r }: { report: MemberReport }) {
  const title = `Signalement du ${formatInstant(r.createdAt)}`
  return (
    <section className="fr-p-3w fr-mb-2w" style={CARD} aria-label={title}>
      <h3 className="fr-h6 fr-mb-1w">
        {title}{' '}
        <Badge as="span" small>
          {r.status === 'new' ? 'À traiter' : 'Clos'}
        </Badge>{' '}
        <Badge as="span" small severity="info">
          {MEMBER_REPORT_SOURCE.labels[r.source]}
        </Badge>
      </h3>
      <p className="fr-mb-1w fr-text--sm">
        {[
          r.volunteerName && `par ${r.volunteerName}`,
          r.citizenReference && `référence ${r.citizenReference}`,
          r.location,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <p className="fr-mb-1w" style={{ whiteSpace: 'pre-line' }}>
        {r.about}
      </p>
      {r.status === 'closed' ? (
        <p className="fr-mb-0">
          <strong>Clos{r.closedAt && ` le ${formatInstant(r.closedAt)}`}</strong>
          {r.outcome && ` — ${MEMBER_REPORT_OUTCOME.labels[r.outcome]}`}
          {r.closingNote && ` : ${r.closingNote}`}
          {r.outcome === 'need_created' && (
            <>
              {' '}
              · <Link to="/reseau/besoins">Voir les besoins</Link>
            </>
          )}
        </p>
      ) : (
        <CloseForm report={r} />
      )}
    </section>
  )
}

function CloseForm({ report: r }: { report: MemberReport }) {
  const close = useCloseMemberReport()
  const form = useFormErrors()
  const [outcome, setOutcome] = useState<Outcome | ''>('')
  const [note, setNote] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!outcome) {
      return form.show('Certains champs sont à corriger.', [
        { path: 'outcome', message: 'Choisissez la suite donnée.' },
      ])
    }
    form.run(() => close.mutateAsync({ id: r.id, outcome, closingNote: note || null }))
  }
  return (
    <form
      onSubmit={submit}
      noValidate
      className="fr-mt-2w"
      aria-label={`Clore le signalement du ${formatInstant(r.createdAt)}`}
    >
      <ErrorAlert message={form.error} />
      <RadioButtons
        legend="Suite donnée"
        small
        options={MEMBER_REPORT_OUTCOME.values.map((value) => ({
          label: MEMBER_REPORT_OUTCOME.labels[value],
          hintText:
            value === 'register_referral'
              ? 'Le signalement rejoint la file de l’équipe du registre des personnes vulnérables.'
              : undefined,
          nativeInputProps: { checked: outcome === value, onChange: () => setOutcome(value) },
        }))}
        {...form.state('outcome')}
      />
      {outcome === 'need_created' && (
        <p className="fr-text--sm">
          <Link to="/reseau/besoins/nouveau" target="_blank" rel="noopener">
            Saisir le besoin (nouvel onglet)
          </Link>
          , puis clore ce signalement.
        </p>
      )}
      <Input
        label="Note (facultatif)"
        textArea
        nativeTextAreaProps={{ value: note, onChange: (e) => setNote(e.target.value), rows: 2 }}
        {...form.state('closingNote')}
      />
      <Button type="submit" size="small" priority="secondary" disabled={close.isPending}>
        Clore le signalement
      </Button>
    </form>
  )
}
