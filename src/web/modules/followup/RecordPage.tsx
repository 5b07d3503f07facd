import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useLocation, useParams } from 'react-router'
import {
  EXIT_REASON,
  GOAL_STATUS,
  SUPPORT_DOMAIN,
  SUPPORT_STATUS,
  type SupportRecord,
} from '../../../shared/followup.ts'
import { formatDate } from '../../lib/dates.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { recordQuery, useAddGoal, useRecordTransition, useUpdateGoal } from './api/followup.ts'
import { InterviewsSection } from './InterviewsSection.tsx'
import { ReferralsSection } from './ReferralsSection.tsx'
import { RsaSection } from './RsaSection.tsx'

const domainLabels: Record<string, string> = SUPPORT_DOMAIN.labels

/** /accompagnement/:id — one support record: its state, referents, goals and interviews. */
export function RecordPage() {
  const { id = '' } = useParams()
  const location = useLocation()
  const message = (location.state as { message?: string } | null)?.message
  const record = useQuery(recordQuery(id))
  const { data: me } = useMe()
  const r = record.data
  usePageTitle(r ? `${r.typeLabel} — ${r.subjectName ?? 'accompagnement'}` : 'Accompagnement')
  const canWrite = hasPermission(me, 'followup.write') && r?.status !== 'closed'

  return (
    <>
      <Breadcrumb
        currentPageLabel={r?.typeLabel ?? 'Accompagnement'}
        segments={[
          { label: 'Mon plan de travail', linkProps: { to: '/accompagnement' } },
          ...(r?.personId
            ? [
                {
                  label: r.subjectName ?? 'Personne',
                  linkProps: { to: `/accompagnement/personnes/${r.personId}` },
                },
              ]
            : []),
        ]}
      />
      {record.error && (
        <>
          <h1>Accompagnement introuvable</h1>
          <Alert
            as="h2"
            severity="error"
            title="Cet accompagnement ne peut pas être affiché"
            description={record.error.message}
          />
        </>
      )}
      {record.isPending && <p aria-live="polite">Chargement…</p>}
      {r && (
        <>
          <h1 className="fr-mb-1w">{r.typeLabel}</h1>
          <p>
            {r.personId ? (
              <Link to={`/personnes/${r.personId}`}>{r.subjectName ?? 'Dossier'}</Link>
            ) : (
              r.subjectName
            )}{' '}
            <Badge
              small
              noIcon
              severity={r.status === 'open' ? 'success' : r.status === 'suspended' ? 'warning' : 'info'}
            >
              {SUPPORT_STATUS.labels[r.status]}
            </Badge>
            {r.typeLegal && (
              <Badge small noIcon className="fr-ml-1w">
                Légal
              </Badge>
            )}
          </p>
          <SuccessAlert message={message} />
          <dl className="fr-mb-3w">
            <dt className="fr-text--bold">Ouverture</dt>
            <dd>
              {formatDate(r.openedOn)}
              {r.teamName && ` — ${r.teamName}`}
            </dd>
            {r.suspendedOn && (
              <>
                <dt className="fr-text--bold">Suspendu depuis</dt>
                <dd>{formatDate(r.suspendedOn)}</dd>
              </>
            )}
            {r.closedOn && (
              <>
                <dt className="fr-text--bold">Clôture</dt>
                <dd>
                  {formatDate(r.closedOn)} —{' '}
                  {EXIT_REASON.labels[r.exitReason as keyof typeof EXIT_REASON.labels] ?? r.exitReason}
                  {r.exitNote && ` : ${r.exitNote}`}
                </dd>
              </>
            )}
            <dt className="fr-text--bold">Référent·es</dt>
            <dd>
              {r.referentHistory.length === 0
                ? 'Aucun'
                : r.referentHistory.map((h) => (
                    <span key={`${h.userId}-${h.fromOn}`} className="fr-mr-2w">
                      {h.name} (depuis le {formatDate(h.fromOn)}
                      {h.untilOn ? `, jusqu’au ${formatDate(h.untilOn)}` : ''})
                    </span>
                  ))}
            </dd>
            <dt className="fr-text--bold">Domaines</dt>
            <dd>{r.domains.map((d) => domainLabels[d] ?? d).join(', ') || '—'}</dd>
            <dt className="fr-text--bold">Projet de sortie</dt>
            <dd>{r.exitPlan ?? '—'}</dd>
            {r.nextReviewOn && (
              <>
                <dt className="fr-text--bold">Prochaine révision</dt>
                <dd>{formatDate(r.nextReviewOn)}</dd>
              </>
            )}
          </dl>
          {canWrite && <StatusActions record={r} />}
          {r.personId && r.status !== 'closed' && hasPermission(me, 'aid.request') && (
            <p className="fr-my-2w">
              <Link
                className="fr-btn fr-btn--secondary fr-icon-money-euro-circle-line fr-btn--icon-left"
                to={`/aides/nouvelle-demande?personId=${r.personId}&supportRecordId=${r.id}`}
              >
                Demande d’aide
              </Link>
            </p>
          )}
          {r.personId && r.status !== 'closed' && hasPermission(me, 'accommodation.request') && (
            <p className="fr-my-2w">
              <Link
                className="fr-btn fr-btn--secondary fr-icon-home-4-line fr-btn--icon-left"
                to={`/hebergement/admissions/nouvelle?personId=${r.personId}&supportRecordId=${r.id}`}
              >
                Demande d’admission en hébergement
              </Link>
            </p>
          )}
          <GoalsSection record={r} canWrite={canWrite} />
          <InterviewsSection recordId={r.id} canWrite={canWrite} />
          {r.personId && hasPermission(me, 'rsa.instruct') && (
            <RsaSection personId={r.personId} supportRecordId={r.id} canWrite={r.status !== 'closed'} />
          )}
          {r.personId && hasPermission(me, 'referral.read') && (
            <ReferralsSection
              personId={r.personId}
              supportRecordId={r.id}
              canWrite={hasPermission(me, 'referral.write') && r.status !== 'closed'}
            />
          )}
        </>
      )}
    </>
  )
}

function StatusActions({ record }: { record: SupportRecord }) {
  const transition = useRecordTransition(record.id)
  const form = useFormErrors()
  const [closing, setClosing] = useState(false)
  const [exitReason, setExitReason] = useState('')
  const [note, setNote] = useState('')
  const move = (status: 'open' | 'suspended') =>
    form.run(
      () => transition.mutateAsync({ status }),
      status === 'open' ? 'Accompagnement repris.' : 'Accompagnement suspendu.',
    )
  const close = async (event: React.FormEvent) => {
    event.preventDefault()
    const done = await form.run(
      () => transition.mutateAsync({ status: 'closed', exitReason: exitReason as 'other', note }),
      'Accompagnement clos.',
    )
    if (done) setClosing(false)
  }
  return (
    <section aria-label="État de l’accompagnement" className="fr-mb-4w">
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
        {record.status === 'open' && (
          <li>
            <Button priority="secondary" onClick={() => move('suspended')} disabled={transition.isPending}>
              Suspendre
            </Button>
          </li>
        )}
        {record.status === 'suspended' && (
          <li>
            <Button priority="secondary" onClick={() => move('open')} disabled={transition.isPending}>
              Reprendre
            </Button>
          </li>
        )}
        <li>
          <Button priority="tertiary" aria-expanded={closing} onClick={() => setClosing(!closing)}>
            Clore l’accompagnement
          </Button>
        </li>
      </ul>
      {closing && (
        <form onSubmit={close} noValidate>
          <Select
            label="Motif de sortie"
            nativeSelectProps={{ value: exitReason, onChange: (e) => setExitReason(e.target.value) }}
            {...form.state('exitReason')}
          >
            <option value="" disabled>
              Choisir un motif
            </option>
            {EXIT_REASON.values.map((value) => (
              <option key={value} value={value}>
                {EXIT_REASON.labels[value]}
              </option>
            ))}
          </Select>
          <Input
            label="Commentaire (facultatif)"
            textArea
            nativeTextAreaProps={{ value: note, onChange: (e) => setNote(e.target.value), rows: 2 }}
            {...form.state('note')}
          />
          <Button type="submit" disabled={transition.isPending}>
            Confirmer la clôture
          </Button>
        </form>
      )}
    </section>
  )
}

function GoalsSection({ record, canWrite }: { record: SupportRecord; canWrite: boolean }) {
  const add = useAddGoal(record.id)
  const update = useUpdateGoal(record.id)
  const form = useFormErrors()
  const [label, setLabel] = useState('')
  const [targetOn, setTargetOn] = useState('')
  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    const done = await form.run(
      () => add.mutateAsync({ label, targetOn: targetOn || null }),
      'Objectif ajouté.',
    )
    if (done) {
      setLabel('')
      setTargetOn('')
    }
  }
  return (
    <section aria-labelledby="goals-title" className="fr-mb-4w">
      <h2 id="goals-title" className="fr-h4">
        Objectifs
      </h2>
      {record.goals.length === 0 && <p>Aucun objectif pour l’instant.</p>}
      <ul className="fr-raw-list">
        {record.goals.map((goal) => (
          <li key={goal.id} className="fr-py-1w fr-grid-row fr-grid-row--middle fr-grid-row--gutters">
            <div className="fr-col">
              <strong>{goal.label}</strong>
              <span className="fr-text--sm">
                {' '}
                · échéance {formatDate(goal.targetOn)} · {GOAL_STATUS.labels[goal.status]} depuis le{' '}
                {formatDate(goal.statusOn)}
              </span>
            </div>
            {canWrite && (
              <div className="fr-col-auto">
                <Select
                  label={<span className="fr-sr-only">État de l’objectif « {goal.label} »</span>}
                  nativeSelectProps={{
                    value: goal.status,
                    onChange: (e) =>
                      form.run(() =>
                        update.mutateAsync({ goalId: goal.id, status: e.target.value as 'achieved' }),
                      ),
                  }}
                >
                  {GOAL_STATUS.values.map((value) => (
                    <option key={value} value={value}>
                      {GOAL_STATUS.labels[value]}
                    </option>
                  ))}
                </Select>
              </div>
            )}
          </li>
        ))}
      </ul>
      {canWrite && (
        <form onSubmit={submit} noValidate>
          <ErrorAlert message={form.error} />
          <SuccessAlert message={form.done} />
          <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
            <div className="fr-col-12 fr-col-md-7">
              <Input
                label="Nouvel objectif"
                nativeInputProps={{ value: label, onChange: (e) => setLabel(e.target.value) }}
                {...form.state('label')}
              />
            </div>
            <div className="fr-col-12 fr-col-md-3">
              <Input
                label="Échéance"
                nativeInputProps={{
                  type: 'date',
                  value: targetOn,
                  onChange: (e) => setTargetOn(e.target.value),
                }}
                {...form.state('targetOn')}
              />
            </div>
            <div className="fr-col-12 fr-col-md-2">
              <Button type="submit" priority="secondary" disabled={add.isPending}>
                Ajouter
              </Button>
            </div>
          </div>
        </form>
      )}
    </section>
  )
}
