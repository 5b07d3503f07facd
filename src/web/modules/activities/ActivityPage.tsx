import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { type SessionDetail, sessionInputSchema } from '../../../shared/activities.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { api } from '../../lib/api-client.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { audienceLabel, frenchDay, placeLabel } from './ActivitiesPage.tsx'
import { ActivityForm } from './ActivityForm.tsx'
import { useActivitiesChange, useActivity, useSessions } from './activities-api.ts'
import { SessionForm } from './SessionForm.tsx'

/** One activity: what, where, for whom, with whom; its sessions (latest first); a new session. */
export function ActivityPage() {
  const { id = '' } = useParams()
  const activity = useActivity(id)
  const manage = hasPermission(useMe().data, 'activities.manage')
  const [editing, setEditing] = useState(false)
  const [saved, setSaved] = useState<string>()
  usePageTitle(activity.data?.title ?? 'Activité')
  if (activity.error) return <ErrorAlert message={activity.error.message} />
  if (!activity.data) return <p>Chargement…</p>
  const a = activity.data
  return (
    <div>
      <p>
        <Link to="/activites">Toutes les activités</Link>
      </p>
      <h1>{a.title}</h1>
      <SuccessAlert message={saved} />
      {editing ? (
        <ActivityForm
          activity={a}
          onSaved={() => {
            setEditing(false)
            setSaved('Activité enregistrée.')
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <dl>
            <dt className="fr-text--bold">Type</dt>
            <dd>{a.kindLabel}</dd>
            <dt className="fr-text--bold">Public</dt>
            <dd>{audienceLabel(a.audience)}</dd>
            <dt className="fr-text--bold">Lieu</dt>
            <dd>{[placeLabel(a.placeKind), a.placeLabel, a.placeAddress].filter(Boolean).join(' — ')}</dd>
            <dt className="fr-text--bold">Équipe</dt>
            <dd>{a.teamName ?? 'Aucune'}</dd>
            <dt className="fr-text--bold">Partenaires</dt>
            <dd>{a.partners.length ? a.partners.map((p) => p.name).join(', ') : 'Aucun'}</dd>
            {a.description && (
              <>
                <dt className="fr-text--bold">Description</dt>
                <dd>{a.description}</dd>
              </>
            )}
          </dl>
          {manage && (
            <Button
              type="button"
              priority="secondary"
              iconId="fr-icon-edit-line"
              onClick={() => {
                setSaved(undefined)
                setEditing(true)
              }}
            >
              Modifier l’activité
            </Button>
          )}
        </>
      )}
      <p className="fr-mt-2w">
        <Link to={`/activites/participants?activityId=${a.id}`}>
          Participants distincts de cette activité
        </Link>
      </p>
      <Sessions activityId={a.id} />
      {manage && <NewSessionForm activityId={a.id} />}
    </div>
  )
}

function Sessions({ activityId }: { activityId: string }) {
  const [page, setPage] = useState(1)
  const sessions = useSessions(activityId, page)
  if (sessions.error) return <ErrorAlert message={sessions.error.message} />
  if (!sessions.data) return null
  return (
    <section className="fr-mt-4w">
      <h2>Séances</h2>
      <ListPagination list={sessions.data} noun={['séance', 'séances']} onPage={setPage} />
      {sessions.data.items.length > 0 && (
        <Table
          caption="Séances de l’activité"
          headers={['Date', 'Horaires', 'Animation', 'Inscrits', 'Présents', 'Comptés sans nom', 'Places']}
          data={sessions.data.items.map((s) => [
            <Link key={s.id} to={`/activites/seances/${s.id}`}>
              {frenchDay(s.heldOn)}
            </Link>,
            s.startsAt ? `${s.startsAt}${s.endsAt ? ` – ${s.endsAt}` : ''}` : '—',
            s.facilitators.join(', ') || '—',
            String(s.registered),
            String(s.present),
            String(s.anonymousTotal),
            s.capacity === null ? '—' : String(s.capacity),
          ])}
        />
      )}
    </section>
  )
}

/** A new session, opened once saved. */
function NewSessionForm({ activityId }: { activityId: string }) {
  const navigate = useNavigate()
  return (
    <SessionForm
      activityId={activityId}
      onSaved={(created) => void navigate(`/activites/seances/${created.id}`)}
    />
  )
}
