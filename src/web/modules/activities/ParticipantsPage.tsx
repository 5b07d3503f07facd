import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useState } from 'react'
import { useSearchParams } from 'react-router'
import { distinctParticipantsQuerySchema } from '../../../shared/activities.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { frenchDay } from './ActivitiesPage.tsx'
import { queryOf, useActivityKinds, useDistinctParticipants } from './activities-api.ts'

const AUDIENCES = { seniors: 'Seniors', youths: 'Jeunes', families: 'Familles' } as const

/**
 * « Participants aux activités »: how many people took part over a period, for an audience, a kind or
 * one activity — each person named counted once, those counted without a name added. Numbers only.
 */
export function ParticipantsPage() {
  usePageTitle('Participants aux activités')
  const [params] = useSearchParams()
  const activityId = params.get('activityId') ?? undefined
  const year = todayInFrance().slice(0, 4)
  const kinds = useActivityKinds().data ?? []
  const form = useFormErrors()
  const [values, setValues] = useState({
    from: `${year}-01-01`,
    to: `${year}-12-31`,
    audience: '',
    kindId: '',
  })
  const [query, setQuery] = useState<string | null>(null)
  const figures = useDistinctParticipants(query)
  const set = (key: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues({ ...values, [key]: e.target.value })
  const f = figures.data
  return (
    <div>
      <h1>Participants aux activités</h1>
      <p>
        Chaque personne nommée compte une fois sur la période, quel que soit le nombre de séances (deux
        dossiers fusionnés sont une personne) ; les participants comptés sans nom s’ajoutent tels quels.
        {activityId ? ' Pour une seule activité.' : ''}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          const filter = {
            from: values.from,
            to: values.to,
            audience: values.audience || undefined,
            kindId: values.kindId || undefined,
            activityId,
          }
          if (form.check(distinctParticipantsQuerySchema, filter)) setQuery(queryOf(filter).toString())
        }}
      >
        <ErrorAlert message={form.error} />
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-3">
            <Input
              label="Du"
              nativeInputProps={{ type: 'date', value: values.from, onChange: set('from') }}
              {...form.state('from')}
            />
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Input
              label="Au"
              nativeInputProps={{ type: 'date', value: values.to, onChange: set('to') }}
              {...form.state('to')}
            />
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Select label="Public" nativeSelectProps={{ value: values.audience, onChange: set('audience') }}>
              <option value="">Tous les publics</option>
              {Object.entries(AUDIENCES).map(([v, label]) => (
                <option key={v} value={v}>
                  {label}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Select
              label="Type d’activité"
              nativeSelectProps={{ value: values.kindId, onChange: set('kindId') }}
            >
              <option value="">Tous les types</option>
              {kinds.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.label}
                </option>
              ))}
            </Select>
          </div>
        </div>
        <Button type="submit" className="fr-mt-2w">
          Compter les participants
        </Button>
      </form>
      <ErrorAlert message={figures.error?.message} />
      {f && (
        <section className="fr-mt-4w">
          <h2>
            Du {frenchDay(f.from)} au {frenchDay(f.to)}
          </h2>
          <p className="fr-text--lead" role="status">
            <strong>{f.total}</strong> participant·es distinct·es
          </p>
          <Table
            caption="Participants et séances de la période"
            headers={['', 'Nombre']}
            data={[
              ['Séances tenues', String(f.sessions)],
              ['Personnes nommées, présentes au moins une fois', String(f.named)],
              ['Participants comptés sans nom', String(f.anonymous)],
              ['Total', String(f.total)],
              ['Présences notées (personnes × séances)', String(f.attendance.present)],
              ['Absences', String(f.attendance.absent)],
              ['Absences excusées', String(f.attendance.excused)],
            ]}
          />
          <Table
            caption="Participants comptés sans nom, par catégorie"
            headers={['Catégorie', 'Nombre']}
            data={f.byCategory.map((c) => [c.label, String(c.count)])}
          />
        </section>
      )}
    </div>
  )
}
