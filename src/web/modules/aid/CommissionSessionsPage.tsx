import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { type FormEvent, useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { COMMISSION_SESSION_STATUS } from '../../../shared/aid.ts'
import { applyApiError } from '../../lib/forms.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { frenchDay, usePlanSession, useSessions } from './commission-api.ts'

type StatusFilter = '' | 'planned' | 'open' | 'closed'

/**
 * The commission's sessions. The secretary (`manage`) sees them all and plans new ones; a member sees
 * the sessions they are invited to, and opens the one in progress to read its agenda.
 */
export function CommissionSessionsPage({ manage }: { manage: boolean }) {
  const title = manage ? 'Commission des aides' : 'Mes séances de commission'
  usePageTitle(title)
  const [status, setStatus] = useState<StatusFilter>('')
  const [page, setPage] = useState(1)
  const sessions = useSessions(status, page)

  return (
    <>
      <h1>{title}</h1>
      {manage ? (
        <PlanSessionForm />
      ) : (
        <p>
          Les demandes d’une séance sont visibles pendant la séance seulement, de son ouverture à sa clôture.
        </p>
      )}
      <h2 className="fr-h4 fr-mt-4w">Séances</h2>
      <Select
        label="Statut"
        nativeSelectProps={{
          value: status,
          onChange: (e) => {
            setStatus(e.target.value as StatusFilter)
            setPage(1)
          },
        }}
      >
        <option value="">Toutes</option>
        {COMMISSION_SESSION_STATUS.values.map((value) => (
          <option key={value} value={value}>
            {COMMISSION_SESSION_STATUS.labels[value]}
          </option>
        ))}
      </Select>
      <ErrorAlert message={sessions.error ? applyApiError(sessions.error) : undefined} />
      {sessions.data && (
        <>
          <ListPagination list={sessions.data} noun={['séance', 'séances']} onPage={setPage} />
          {sessions.data.items.length > 0 && (
            <div className="fr-table fr-table--no-caption">
              <table>
                <caption>Séances de la commission</caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Lieu</th>
                    <th scope="col">Statut</th>
                    <th scope="col">Membres présents</th>
                    <th scope="col">Demandes décidées</th>
                  </tr>
                </thead>
                <tbody>
                  {sessions.data.items.map((s) => (
                    <tr key={s.id}>
                      <td>
                        <Link to={`/commission/seances/${s.id}`}>
                          Séance du {frenchDay(s.heldOn)}
                          {s.startsAt ? ` à ${s.startsAt}` : ''}
                        </Link>
                      </td>
                      <td>{s.place ?? '—'}</td>
                      <td>{COMMISSION_SESSION_STATUS.labels[s.status]}</td>
                      <td>
                        {s.presentCount} / {s.memberCount}
                      </td>
                      <td>
                        {s.decidedCount} / {s.agendaCount}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  )
}

/** The secretary's list: every session, and planning a new one. */
export const SecretarySessionsPage = () => <CommissionSessionsPage manage />
/** A member's list: the sessions they are invited to. */
export const MemberSessionsPage = () => <CommissionSessionsPage manage={false} />

function PlanSessionForm() {
  const plan = usePlanSession()
  const navigate = useNavigate()
  const [heldOn, setHeldOn] = useState('')
  const [startsAt, setStartsAt] = useState('')
  const [place, setPlace] = useState('')
  const errors = useFormErrors()
  const fields = errors.fields

  async function submit(event: FormEvent) {
    event.preventDefault()
    const session = await errors.run(() => plan.mutateAsync({ heldOn, startsAt: startsAt || null, place }))
    if (session) navigate(`/commission/seances/${session.id}`)
  }

  return (
    <form onSubmit={submit} noValidate className="fr-mb-3w">
      <h2 className="fr-h4">Planifier une séance</h2>
      <ErrorAlert message={errors.error} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label="Date"
            state={fields.heldOn ? 'error' : 'default'}
            stateRelatedMessage={fields.heldOn}
            nativeInputProps={{ type: 'date', value: heldOn, onChange: (e) => setHeldOn(e.target.value) }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <Input
            label="Heure (facultatif)"
            state={fields.startsAt ? 'error' : 'default'}
            stateRelatedMessage={fields.startsAt}
            nativeInputProps={{ type: 'time', value: startsAt, onChange: (e) => setStartsAt(e.target.value) }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-5">
          <Input
            label="Lieu (facultatif)"
            state={fields.place ? 'error' : 'default'}
            stateRelatedMessage={fields.place}
            nativeInputProps={{ value: place, onChange: (e) => setPlace(e.target.value) }}
          />
        </div>
      </div>
      <Button type="submit" disabled={plan.isPending}>
        Planifier la séance
      </Button>
    </form>
  )
}
