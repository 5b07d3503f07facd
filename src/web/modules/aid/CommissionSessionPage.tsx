import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { useEffect, useState } from 'react'
import { Link, useParams } from 'react-router'
import { COMMISSION_SESSION_STATUS } from '../../../shared/aid.ts'
import type { CommissionSession } from '../../../shared/aid-commission.ts'
import { formatEuros } from '../../../shared/pricing.ts'
import { applyApiError } from '../../lib/forms.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { AgendaItemCard } from './AgendaItemCard.tsx'
import {
  frenchDay,
  minutesUrl,
  useAddToAgenda,
  useCandidates,
  useCloseSession,
  useInvitableUsers,
  useOpenSession,
  useSession,
  useSetAttendance,
  useSetMembers,
} from './commission-api.ts'

/**
 * One session of the commission. The secretary plans it (members, agenda), records attendance, opens
 * it, records the decisions and closes it; a member reads its agenda while it is open, pseudonymised
 * unless the organisation shows names, and decides when present.
 */
export function CommissionSessionPage() {
  const { id = '' } = useParams()
  const session = useSession(id)
  usePageTitle(session.data ? `Séance du ${frenchDay(session.data.heldOn)}` : 'Séance de la commission')
  if (session.error) {
    return (
      <>
        <h1>Séance de la commission</h1>
        <ErrorAlert message={applyApiError(session.error)} />
      </>
    )
  }
  if (!session.data) return <p aria-live="polite">Chargement…</p>
  return <SessionView session={session.data} />
}

function SessionView({ session }: { session: CommissionSession }) {
  const { manage } = session.may
  const editable = manage && session.status !== 'closed'
  return (
    <>
      <p className="fr-mb-1w">
        <Link to={manage ? '/commission' : '/commission/mes-seances'}>
          {manage ? 'Toutes les séances' : 'Mes séances'}
        </Link>
      </p>
      <h1>
        Séance du {frenchDay(session.heldOn)}
        {session.startsAt ? ` à ${session.startsAt}` : ''}
      </h1>
      <p>
        <Badge
          severity={session.status === 'open' ? 'success' : session.status === 'closed' ? undefined : 'info'}
        >
          {COMMISSION_SESSION_STATUS.labels[session.status]}
        </Badge>
        {session.place ? ` — ${session.place}` : ''}
      </p>
      <p role="status">
        Quorum : {session.presentCount} membre(s) présent(s) sur {session.quorum} requis —{' '}
        {session.quorumMet ? 'atteint' : 'non atteint'}.
      </p>
      {session.status === 'open' && !session.quorumMet && (
        <Alert
          className="fr-mb-3w"
          severity="warning"
          small
          description="Le quorum n’est pas atteint : la commission ne peut pas décider. Enregistrez les membres présents."
        />
      )}
      {editable && <MembersForm session={session} />}
      {editable && <AttendanceForm session={session} />}
      {!editable && session.members.length > 0 && (
        <>
          <h2 className="fr-h4">Membres</h2>
          <ul>
            {session.members.map((m) => (
              <li key={m.userId}>
                {m.name} — {m.present ? 'présent·e' : 'absent·e'}
              </li>
            ))}
          </ul>
        </>
      )}
      {editable && <CandidatesForm session={session} />}
      <Agenda session={session} />
      {manage && <SessionActions session={session} />}
    </>
  )
}

function MembersForm({ session }: { session: CommissionSession }) {
  const users = useInvitableUsers(true)
  const save = useSetMembers(session.id)
  const [chosen, setChosen] = useState<string[]>(session.members.map((m) => m.userId))
  const errors = useFormErrors()
  useEffect(() => setChosen(session.members.map((m) => m.userId)), [session.members])
  const submit = () => errors.run(() => save.mutateAsync(chosen), 'Membres invités enregistrés.')
  return (
    <section className="fr-mb-3w">
      <h2 className="fr-h4">Membres invités</h2>
      <ErrorAlert message={errors.error} />
      <SuccessAlert message={errors.done} />
      <Checkbox
        legend="Qui siège à cette séance"
        hintText="Les membres de la commission d’abord ; d’autres personnes de l’organisation peuvent être invitées."
        options={(users.data?.items ?? []).map((u) => ({
          label: `${u.name}${u.commissionMember ? ' (membre de la commission)' : ''}`,
          nativeInputProps: {
            checked: chosen.includes(u.userId),
            onChange: (e) =>
              setChosen(e.target.checked ? [...chosen, u.userId] : chosen.filter((id) => id !== u.userId)),
          },
        }))}
      />
      <Button priority="secondary" onClick={submit} disabled={save.isPending}>
        Enregistrer les membres
      </Button>
    </section>
  )
}

function AttendanceForm({ session }: { session: CommissionSession }) {
  const save = useSetAttendance(session.id)
  const present = session.members.filter((m) => m.present).map((m) => m.userId)
  const [chosen, setChosen] = useState<string[]>(present)
  const errors = useFormErrors()
  useEffect(() => setChosen(session.members.filter((m) => m.present).map((m) => m.userId)), [session.members])
  if (session.members.length === 0) return null
  const submit = () => errors.run(() => save.mutateAsync(chosen), 'Présences enregistrées.')
  return (
    <section className="fr-mb-3w">
      <h2 className="fr-h4">Présences</h2>
      <ErrorAlert message={errors.error} />
      <SuccessAlert message={errors.done} />
      <Checkbox
        legend="Membres présents"
        options={session.members.map((m) => ({
          label: m.name,
          nativeInputProps: {
            checked: chosen.includes(m.userId),
            onChange: (e) =>
              setChosen(e.target.checked ? [...chosen, m.userId] : chosen.filter((id) => id !== m.userId)),
          },
        }))}
      />
      <Button priority="secondary" onClick={submit} disabled={save.isPending}>
        Enregistrer les présences
      </Button>
    </section>
  )
}

/** The requests waiting for a commission; those adjourned at an earlier session come first, ticked. */
function CandidatesForm({ session }: { session: CommissionSession }) {
  const candidates = useCandidates(session.id, true)
  const add = useAddToAgenda(session.id)
  const [chosen, setChosen] = useState<string[] | null>(null)
  const errors = useFormErrors()
  const items = candidates.data?.items ?? []
  const selected = chosen ?? items.filter((c) => c.proposed).map((c) => c.requestId)
  async function submit() {
    if (await errors.run(() => add.mutateAsync(selected))) setChosen(null)
  }
  return (
    <section className="fr-mb-3w">
      <h2 className="fr-h4">Demandes en attente de commission</h2>
      <ErrorAlert message={errors.error} />
      {items.length === 0 ? (
        <p>Aucune demande déposée n’attend de commission.</p>
      ) : (
        <>
          <Checkbox
            legend="Demandes à inscrire à l’ordre du jour"
            options={items.map((c) => ({
              label: `${c.name} — ${c.aidTypeLabel}, ${formatEuros(c.amountAskedCents)} demandés le ${frenchDay(c.requestedOn)}`,
              hintText: c.proposed
                ? `Ajournée, proposée de nouveau : ${c.adjournmentReason ?? ''}`
                : undefined,
              nativeInputProps: {
                checked: selected.includes(c.requestId),
                onChange: (e) =>
                  setChosen(
                    e.target.checked
                      ? [...selected, c.requestId]
                      : selected.filter((id) => id !== c.requestId),
                  ),
              },
            }))}
          />
          <Button priority="secondary" onClick={submit} disabled={add.isPending || selected.length === 0}>
            Inscrire à l’ordre du jour
          </Button>
        </>
      )}
    </section>
  )
}

function Agenda({ session }: { session: CommissionSession }) {
  return (
    <section className="fr-mb-3w">
      <h2 className="fr-h4">Ordre du jour ({session.agendaCount})</h2>
      {!session.agendaVisible ? (
        <p>
          {session.status === 'planned'
            ? 'Les demandes seront visibles à l’ouverture de la séance.'
            : 'La séance est close : ses demandes ne sont plus visibles.'}
        </p>
      ) : session.agenda.length === 0 ? (
        <p>Aucune demande à l’ordre du jour.</p>
      ) : (
        <>
          {!session.namesShown && (
            <p className="fr-text--sm">
              Les demandeurs sont présentés par leurs initiales (pseudonymisation).
            </p>
          )}
          {session.agenda.map((item) => (
            <AgendaItemCard key={item.requestId} session={session} item={item} />
          ))}
          {session.decidedCount > 0 && (
            <p role="status">
              Décidées : {session.decidedCount} sur {session.agendaCount} — {session.totals.granted} accord(s)
              pour {formatEuros(session.totals.grantedCents)}, {session.totals.refused} refus.
            </p>
          )}
        </>
      )}
    </section>
  )
}

function SessionActions({ session }: { session: CommissionSession }) {
  const open = useOpenSession(session.id)
  const close = useCloseSession(session.id)
  const [note, setNote] = useState('')
  const errors = useFormErrors()
  const run = (action: () => Promise<unknown>) => errors.run(action)
  return (
    <section className="fr-mb-3w">
      <h2 className="fr-h4">Déroulement de la séance</h2>
      <ErrorAlert message={errors.error} />
      {session.status === 'planned' && (
        <Button onClick={() => run(() => open.mutateAsync(undefined))} disabled={open.isPending}>
          Ouvrir la séance
        </Button>
      )}
      {session.status === 'open' && (
        <>
          <Input
            label="Observations pour le procès-verbal (facultatif)"
            textArea
            nativeTextAreaProps={{ value: note, onChange: (e) => setNote(e.target.value) }}
          />
          <Button onClick={() => run(() => close.mutateAsync(note))} disabled={close.isPending}>
            Clore la séance
          </Button>
        </>
      )}
      {session.status === 'closed' && (
        <p>
          <a
            className="fr-link fr-icon-download-line fr-link--icon-left"
            href={minutesUrl(session.id)}
            download
          >
            Télécharger le procès-verbal (PDF)
          </a>
        </p>
      )}
    </section>
  )
}
