import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useState } from 'react'
import {
  legalHoldInputSchema,
  RETENTION_END_LABELS,
  type RetentionKind,
  retentionRuleInputSchema,
  SWEEP_REASONS,
  type SweepCounts,
} from '../../../shared/privacy.ts'
import { formatDate, formatDateTime } from '../../lib/dates.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import {
  useHolds,
  usePlaceHold,
  usePreview,
  useReleaseHold,
  useRetentionRules,
  useRuns,
  useSaveRetentionRule,
} from './api/privacy.ts'
import { ReadingAlertsSection } from './ReadingAlertsSection.tsx'
import { RightsRequestsSection } from './RightsRequestsSection.tsx'

const months = (n: number) =>
  n === 0 ? 'aucune' : n % 12 === 0 ? `${n / 12} an${n > 12 ? 's' : ''}` : `${n} mois`

/** One line per reason, with the count: what a run did or a preview would do. */
function CountsTable(props: { caption: string; counts: SweepCounts }) {
  return (
    <Table
      caption={props.caption}
      headers={['Motif', 'Nombre']}
      data={[
        ...SWEEP_REASONS.values.map((reason) => [SWEEP_REASONS.labels[reason], String(props.counts[reason])]),
        ['Dossiers gelés, non traités', String(props.counts.held)],
      ]}
    />
  )
}

/**
 * The DPO's page: the retention periods, what the nightly sweeper would do (preview), the reports of
 * its runs and the legal holds. Counts and file numbers only: no name is ever shown here.
 */
export function PrivacyPage() {
  usePageTitle('Protection des données')
  const { data: me } = useMe()
  const rules = useRetentionRules()
  const preview = usePreview()
  const [runsPage, setRunsPage] = useState(1)
  const runs = useRuns(runsPage)
  const [holdsPage, setHoldsPage] = useState(1)
  const holds = useHolds(holdsPage)
  const placeHold = usePlaceHold()
  const releaseHold = useReleaseHold()
  const saveRule = useSaveRetentionRule()
  const holdForm = useFormErrors()
  const ruleForm = useFormErrors()
  const [hold, setHold] = useState({ fileNumber: '', reason: '', reviewOn: '' })
  const [rule, setRule] = useState<{ kind: RetentionKind; activeMonths: string; archiveMonths: string }>({
    kind: 'person_file',
    activeMonths: '',
    archiveMonths: '',
  })
  const mayHold = hasPermission(me, 'privacy.hold')
  const mayConfigure = hasPermission(me, 'privacy.configure')
  const mayAnswerRequests = hasPermission(me, 'privacy.requests')
  const mayReadAlerts = hasPermission(me, 'privacy.alerts')

  const submitHold = async (event: React.FormEvent) => {
    event.preventDefault()
    const input = holdForm.check(legalHoldInputSchema, hold)
    if (!input) return
    const placed = await holdForm.run(() => placeHold.mutateAsync(input), 'Le dossier est gelé.')
    if (placed) setHold({ fileNumber: '', reason: '', reviewOn: '' })
  }
  const submitRule = async (event: React.FormEvent) => {
    event.preventDefault()
    const input = ruleForm.check(retentionRuleInputSchema, {
      activeMonths: rule.activeMonths === '' ? undefined : Number(rule.activeMonths),
      archiveMonths: rule.archiveMonths === '' ? undefined : Number(rule.archiveMonths),
    })
    if (!input) return
    await ruleForm.run(() => saveRule.mutateAsync({ kind: rule.kind, ...input }), 'Durée enregistrée.')
  }

  return (
    <div>
      <h1>Protection des données</h1>
      <p>
        Chaque nuit, Trame applique les durées de conservation : un dossier sans aucun contact depuis la durée
        en base active est archivé (consultable seulement par les rôles autorisés, hors des recherches), puis
        anonymisé à la fin de son archivage ; les chiffres des années passées ne changent pas.
      </p>

      <h2>Aperçu de la prochaine purge</h2>
      <p>Ce que la purge ferait si elle passait maintenant. Rien n’est modifié.</p>
      <Button onClick={() => preview.refetch()} disabled={preview.isFetching}>
        {preview.isFetching ? 'Calcul en cours…' : 'Calculer l’aperçu'}
      </Button>
      <ErrorAlert message={preview.error ? 'L’aperçu n’a pas pu être calculé. Réessayez.' : undefined} />
      {preview.data && (
        <CountsTable
          caption={`Aperçu calculé le ${formatDateTime(preview.data.at)}`}
          counts={preview.data.counts}
        />
      )}

      <h2 className="fr-mt-5w">Gels de dossiers</h2>
      <p>
        Un dossier gelé (contentieux, demande en cours) n’est ni archivé ni anonymisé tant que le gel n’est
        pas levé. Réexaminez chaque gel à sa date.
      </p>
      {holds.data && (
        <>
          <ListPagination list={holds.data} noun={['gel', 'gels']} onPage={setHoldsPage} />
          {holds.data.items.length > 0 && (
            <Table
              caption="Gels de dossiers"
              headers={['Dossier', 'Motif', 'À réexaminer le', 'État', '']}
              data={holds.data.items.map((h) => [
                h.fileNumber,
                h.reason,
                formatDate(h.reviewOn),
                h.releasedAt ? `Levé le ${formatDate(h.releasedAt)}` : 'En cours',
                mayHold && !h.releasedAt ? (
                  <Button
                    key="release"
                    size="small"
                    priority="secondary"
                    onClick={() =>
                      holdForm.run(
                        () => releaseHold.mutateAsync(h.id),
                        `Gel du dossier ${h.fileNumber} levé.`,
                      )
                    }
                  >
                    Lever le gel du dossier {h.fileNumber}
                  </Button>
                ) : (
                  ''
                ),
              ])}
            />
          )}
        </>
      )}
      {mayHold && (
        <form onSubmit={submitHold} noValidate className="fr-mt-3w">
          <h3>Geler un dossier</h3>
          <ErrorAlert message={holdForm.error} />
          <SuccessAlert message={holdForm.done} />
          <Input
            label="Numéro du dossier"
            hintText="Tel qu’il figure sur la demande ou le courrier reçu."
            nativeInputProps={{
              value: hold.fileNumber,
              onChange: (e) => setHold({ ...hold, fileNumber: e.target.value }),
            }}
            {...holdForm.state('fileNumber')}
          />
          <Input
            label="Motif de la conservation"
            textArea
            nativeTextAreaProps={{
              value: hold.reason,
              onChange: (e) => setHold({ ...hold, reason: e.target.value }),
            }}
            {...holdForm.state('reason')}
          />
          <Input
            label="À réexaminer le"
            nativeInputProps={{
              type: 'date',
              value: hold.reviewOn,
              onChange: (e) => setHold({ ...hold, reviewOn: e.target.value }),
            }}
            {...holdForm.state('reviewOn')}
          />
          <Button type="submit" disabled={placeHold.isPending}>
            Geler le dossier
          </Button>
        </form>
      )}

      {mayAnswerRequests && <RightsRequestsSection />}

      {mayReadAlerts && <ReadingAlertsSection mayConfigure={mayConfigure} />}

      <h2 className="fr-mt-5w">Rapports des purges</h2>
      {runs.data && (
        <>
          <ListPagination list={runs.data} noun={['exécution', 'exécutions']} onPage={setRunsPage} />
          {runs.data.items.length > 0 && (
            <Table
              caption="Exécutions de la purge (nombres uniquement)"
              headers={[
                'Date',
                'Archivés',
                'Anonymisés',
                'Signalements',
                'Appels d’alerte',
                'Bénévoles',
                'Demandes de droits',
                'Contacts partenaires',
                'Sessions',
                'Journal',
                'Gelés',
                'État',
              ]}
              data={runs.data.items.map((run) => [
                formatDateTime(run.startedAt),
                String(run.counts.person_archive),
                String(run.counts.person_anonymise),
                String(run.counts.report_reporter),
                String(run.counts.alert_calls),
                String(run.counts.network_volunteer),
                String(run.counts.rights_requests),
                String(run.counts.partner_contact),
                String(run.counts.sessions),
                String(run.counts.audit_trail),
                String(run.counts.held),
                run.finishedAt ? 'Terminée' : 'Interrompue (reprise la nuit suivante)',
              ])}
            />
          )}
        </>
      )}

      <h2 className="fr-mt-5w">Durées de conservation</h2>
      {rules.data && (
        <Table
          caption="Durées de conservation (référentiels CNIL 2021-028 et 2023-095)"
          headers={['Données', 'À partir de', 'Base active', 'Archivage', 'Ensuite', 'Fondement']}
          data={rules.data.items.map((r) => [
            r.label,
            r.startsAt,
            months(r.activeMonths),
            months(r.archiveMonths),
            RETENTION_END_LABELS[r.end],
            r.basis,
          ])}
        />
      )}
      {mayConfigure && rules.data && (
        <form onSubmit={submitRule} noValidate className="fr-mt-3w">
          <h3>Modifier une durée</h3>
          <ErrorAlert message={ruleForm.error} />
          <SuccessAlert message={ruleForm.done} />
          <Select
            label="Données"
            nativeSelectProps={{
              value: rule.kind,
              onChange: (e) => setRule({ ...rule, kind: e.target.value as RetentionKind }),
            }}
          >
            {rules.data.items.map((r) => (
              <option key={r.kind} value={r.kind}>
                {r.label}
              </option>
            ))}
          </Select>
          <Input
            label="Base active (en mois)"
            hintText={(() => {
              const b = rules.data.items.find((r) => r.kind === rule.kind)?.bounds.active
              return b ? `Entre ${b.min} et ${b.max} mois.` : undefined
            })()}
            nativeInputProps={{
              type: 'number',
              value: rule.activeMonths,
              onChange: (e) => setRule({ ...rule, activeMonths: e.target.value }),
            }}
            {...ruleForm.state('activeMonths')}
          />
          <Input
            label="Archivage intermédiaire (en mois)"
            hintText={(() => {
              const b = rules.data.items.find((r) => r.kind === rule.kind)?.bounds.archive
              return b ? `Entre ${b.min} et ${b.max} mois.` : undefined
            })()}
            nativeInputProps={{
              type: 'number',
              value: rule.archiveMonths,
              onChange: (e) => setRule({ ...rule, archiveMonths: e.target.value }),
            }}
            {...ruleForm.state('archiveMonths')}
          />
          <Button type="submit" disabled={saveRule.isPending}>
            Enregistrer la durée
          </Button>
        </form>
      )}
    </div>
  )
}
