import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { type ReactNode, useState } from 'react'
import { Link, useParams } from 'react-router'
import {
  PARTICIPANT_STATUS,
  type ParticipantStatus,
  type SessionDetail,
  sessionCountsInputSchema,
} from '../../../shared/activities.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { api } from '../../lib/api-client.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { audienceLabel, frenchDay } from './ActivitiesPage.tsx'
import { useActivitiesChange, useSession } from './activities-api.ts'
import { SessionForm } from './SessionForm.tsx'

type Picked = { id: string; label: string }
type Picker = (onPick: (person: Picked) => void) => ReactNode

const statusLabel = (s: string) => (PARTICIPANT_STATUS.labels as Record<string, string>)[s] ?? s

/**
 * One session: the people named in it (registered, then present, absent or excused once it was held),
 * the participants counted without a name per category, and its totals.
 */
export function SessionPage({ picker }: { picker: Picker }) {
  const { id = '' } = useParams()
  const session = useSession(id)
  const manage = hasPermission(useMe().data, 'activities.manage')
  const [editing, setEditing] = useState(false)
  const [saved, setSaved] = useState<string>()
  const title = session.data
    ? `${session.data.activity.title} — séance du ${frenchDay(session.data.heldOn)}`
    : 'Séance'
  usePageTitle(title)
  if (session.error) return <ErrorAlert message={session.error.message} />
  if (!session.data) return <p>Chargement…</p>
  const s = session.data
  const held = s.heldOn <= todayInFrance()
  return (
    <div>
      <p>
        <Link to={`/activites/${s.activity.id}`}>{s.activity.title}</Link>
      </p>
      <h1>{title}</h1>
      <p>
        {s.activity.kindLabel} — {audienceLabel(s.activity.audience)}
        {s.startsAt ? `, de ${s.startsAt}${s.endsAt ? ` à ${s.endsAt}` : ''}` : ''}
        {s.facilitators.length ? `, animée par ${s.facilitators.join(', ')}` : ''}
        {s.capacity !== null ? ` — ${s.capacity} places` : ''}.
      </p>
      {s.note && <p className="fr-text--sm">{s.note}</p>}
      <SuccessAlert message={saved} />
      {manage &&
        (editing ? (
          <SessionForm
            activityId={s.activity.id}
            session={s}
            onSaved={() => {
              setEditing(false)
              setSaved('Séance modifiée.')
            }}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <Button
            priority="secondary"
            size="small"
            className="fr-mb-2w"
            onClick={() => {
              setSaved(undefined)
              setEditing(true)
            }}
          >
            Modifier la séance
          </Button>
        ))}
      <p className="fr-text--lg" role="status">
        <strong>{s.present + s.anonymousTotal}</strong> participant·es : {s.present} présent·es nommé·es et{' '}
        {s.anonymousTotal} compté·es sans nom ({s.registered} personnes inscrites).
      </p>
      {!held && (
        <p className="fr-text--sm">
          Séance à venir : on y inscrit des personnes ; la présence se note une fois la séance tenue.
        </p>
      )}
      <Participants session={s} manage={manage} held={held} />
      {manage && <AddParticipant session={s} picker={picker} held={held} />}
      <Counts session={s} manage={manage && held} />
    </div>
  )
}

function Participants({ session, manage, held }: { session: SessionDetail; manage: boolean; held: boolean }) {
  const form = useFormErrors()
  const change = useActivitiesChange((input: { personId: string; status: ParticipantStatus | 'remove' }) =>
    input.status === 'remove'
      ? api<SessionDetail>('DELETE', `/api/activity-sessions/${session.id}/participants/${input.personId}`)
      : api<SessionDetail>('PUT', `/api/activity-sessions/${session.id}/participants/${input.personId}`, {
          status: input.status,
        }),
  )
  return (
    <section className="fr-mt-4w">
      <h2>Participants nommés</h2>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      {session.participants.length === 0 ? (
        <p>Personne n’est inscrit à cette séance.</p>
      ) : (
        <Table
          caption="Personnes inscrites et leur présence"
          headers={['Personne', 'Présence', ...(manage ? ['Actions'] : [])]}
          data={session.participants.map((p) => [
            p.displayName,
            statusLabel(p.status),
            ...(manage
              ? [
                  <ul key={p.id} className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
                    {held &&
                      (['present', 'absent', 'excused'] as const)
                        .filter((s) => s !== p.status)
                        .map((status) => (
                          <li key={status}>
                            <Button
                              type="button"
                              size="small"
                              priority="secondary"
                              title={`${statusLabel(status)} : ${p.displayName}`}
                              onClick={() =>
                                void form.run(
                                  () => change.mutateAsync({ personId: p.personId, status }),
                                  `${p.displayName} : ${statusLabel(status).toLowerCase()}.`,
                                )
                              }
                            >
                              {statusLabel(status)}
                            </Button>
                          </li>
                        ))}
                    <li>
                      <Button
                        type="button"
                        size="small"
                        priority="tertiary"
                        title={`Retirer ${p.displayName} de la séance`}
                        onClick={() =>
                          void form.run(
                            () => change.mutateAsync({ personId: p.personId, status: 'remove' }),
                            `${p.displayName} est retiré·e de la séance.`,
                          )
                        }
                      >
                        Retirer
                      </Button>
                    </li>
                  </ul>,
                ]
              : []),
          ])}
        />
      )}
      {session.hiddenParticipants > 0 && (
        <p className="fr-text--sm">
          Et {session.hiddenParticipants} personne{session.hiddenParticipants > 1 ? 's' : ''} suivie
          {session.hiddenParticipants > 1 ? 's' : ''} par une équipe confidentielle : comptée
          {session.hiddenParticipants > 1 ? 's' : ''}, sans nom.
        </p>
      )}
    </section>
  )
}

function AddParticipant({
  session,
  picker,
  held,
}: {
  session: SessionDetail
  picker: Picker
  held: boolean
}) {
  const [person, setPerson] = useState<Picked>()
  const [status, setStatus] = useState<ParticipantStatus>(held ? 'present' : 'registered')
  const form = useFormErrors()
  const add = useActivitiesChange((p: Picked) =>
    api<SessionDetail>('POST', `/api/activity-sessions/${session.id}/participants`, {
      personId: p.id,
      status,
    }),
  )
  return (
    <form
      className="fr-my-4w"
      onSubmit={(e) => {
        e.preventDefault()
        if (!person) {
          form.show('Choisissez d’abord la personne.')
          return
        }
        void form
          .run(() => add.mutateAsync(person), `${person.label} : ${statusLabel(status).toLowerCase()}.`)
          .then((done) => {
            if (done) setPerson(undefined)
          })
      }}
    >
      <h2>Ajouter une personne</h2>
      {person ? (
        <p>
          Personne : <strong>{person.label}</strong>{' '}
          <Button type="button" size="small" priority="tertiary" onClick={() => setPerson(undefined)}>
            Changer de personne
          </Button>
        </p>
      ) : (
        picker((p) => {
          form.clear()
          setPerson(p)
        })
      )}
      <Select
        label="Présence"
        nativeSelectProps={{ value: status, onChange: (e) => setStatus(e.target.value as ParticipantStatus) }}
      >
        {(held ? PARTICIPANT_STATUS.values : (['registered'] as const)).map((v) => (
          <option key={v} value={v}>
            {PARTICIPANT_STATUS.labels[v]}
          </option>
        ))}
      </Select>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      <Button type="submit" disabled={add.isPending}>
        Ajouter à la séance
      </Button>
    </form>
  )
}

/** Participants counted without a name, per category, as on the sign-in sheet. */
function Counts({ session, manage }: { session: SessionDetail; manage: boolean }) {
  const form = useFormErrors()
  const [values, setValues] = useState<Record<string, string>>(
    Object.fromEntries(session.counts.map((c) => [c.category, c.count ? String(c.count) : ''])),
  )
  const save = useActivitiesChange((input: object) =>
    api<SessionDetail>('PUT', `/api/activity-sessions/${session.id}/counts`, input),
  )
  if (!manage)
    return (
      <section className="fr-mt-4w">
        <h2>Participants comptés sans nom</h2>
        <Table
          caption="Participants comptés sans nom, par catégorie"
          headers={['Catégorie', 'Nombre']}
          data={session.counts.map((c) => [c.label, String(c.count)])}
        />
      </section>
    )
  return (
    <form
      className="fr-mt-4w"
      onSubmit={(e) => {
        e.preventDefault()
        const payload = form.check(sessionCountsInputSchema, {
          counts: session.counts.map((c) => ({
            category: c.category,
            count: values[c.category]?.trim() ? Number(values[c.category]) : 0,
          })),
        })
        if (payload) void form.run(() => save.mutateAsync(payload), 'Comptes enregistrés.')
      }}
    >
      <h2>Participants comptés sans nom</h2>
      <p className="fr-text--sm">Le nombre de participants de chaque catégorie, sans leur nom.</p>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      <div className="fr-grid-row fr-grid-row--gutters">
        {session.counts.map((c, index) => (
          <div key={c.category} className="fr-col-6 fr-col-md-3">
            <Input
              label={c.label}
              nativeInputProps={{
                inputMode: 'numeric',
                value: values[c.category] ?? '',
                onChange: (e) => setValues({ ...values, [c.category]: e.target.value }),
              }}
              {...form.state(`counts.${index}.count`)}
            />
          </div>
        ))}
      </div>
      <Button type="submit" disabled={save.isPending}>
        Enregistrer les comptes
      </Button>
    </form>
  )
}
