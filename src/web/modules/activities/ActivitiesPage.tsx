import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { ACTIVITY_AUDIENCE, ACTIVITY_PLACE } from '../../../shared/activities.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { ActivityForm } from './ActivityForm.tsx'
import { type ActivityFilter, useActivities, useActivityKinds } from './activities-api.ts'

export const frenchDay = (day: string | null) => (day ? day.split('-').reverse().join('/') : '—')
export const audienceLabel = (v: string) => (ACTIVITY_AUDIENCE.labels as Record<string, string>)[v] ?? v
export const placeLabel = (v: string) => (ACTIVITY_PLACE.labels as Record<string, string>)[v] ?? v

/** « Activités collectives »: the activities by page with their total and filters; creating one. */
export function ActivitiesPage() {
  usePageTitle('Activités collectives')
  const me = useMe().data
  const navigate = useNavigate()
  const [page, setPage] = useState(1)
  const [filter, setFilter] = useState<ActivityFilter>({})
  const kinds = useActivityKinds().data ?? []
  const activities = useActivities(page, filter)
  const change = (key: keyof ActivityFilter) => (e: { target: { value: string } }) => {
    setPage(1)
    setFilter({ ...filter, [key]: e.target.value || undefined })
  }
  return (
    <div>
      <h1>Activités collectives</h1>
      <p>
        <Link to="/activites/participants">Compter les participants sur une période</Link>
      </p>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label="Rechercher"
            hintText="Nom de l’activité, lieu ou type"
            nativeInputProps={{ type: 'search', value: filter.q ?? '', onChange: change('q') }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Select label="Type" nativeSelectProps={{ value: filter.kindId ?? '', onChange: change('kindId') }}>
            <option value="">Tous les types</option>
            {kinds.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Select
            label="Public"
            nativeSelectProps={{ value: filter.audience ?? '', onChange: change('audience') }}
          >
            <option value="">Tous les publics</option>
            {ACTIVITY_AUDIENCE.values.map((v) => (
              <option key={v} value={v}>
                {ACTIVITY_AUDIENCE.labels[v]}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <ErrorAlert message={activities.error?.message} />
      {activities.data && (
        <>
          <ListPagination list={activities.data} noun={['activité', 'activités']} onPage={setPage} />
          {activities.data.items.length > 0 && (
            <Table
              caption="Activités"
              headers={['Activité', 'Type', 'Public', 'Lieu', 'Équipe', 'Séances', 'Dernière séance']}
              data={activities.data.items.map((a) => [
                <Link key={a.id} to={`/activites/${a.id}`}>
                  {a.title}
                </Link>,
                a.kindLabel,
                audienceLabel(a.audience),
                a.placeLabel ?? placeLabel(a.placeKind),
                a.teamName ?? '—',
                String(a.sessionCount),
                frenchDay(a.lastSessionOn),
              ])}
            />
          )}
        </>
      )}
      {hasPermission(me, 'activities.manage') && (
        <ActivityForm onSaved={(created) => void navigate(`/activites/${created.id}`)} />
      )}
    </div>
  )
}
