import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { zodResolver } from '@hookform/resolvers/zod'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useForm } from 'react-hook-form'
import { Link, useNavigate } from 'react-router'
import type { z } from 'zod'
import {
  type Person,
  personCreateSchema,
  personDisplayName,
  type personListSchema,
} from '../../../shared/people.ts'
import { get, post } from '../../lib/api-client.ts'
import { applyApiError } from '../../lib/forms.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { TextField } from '../../ui/TextField.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'

function useDebounced<T>(value: T, ms = 300): T {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return debounced
}

/** While a file is typed: the people Trame may already know, to open instead of creating a duplicate. */
function LikelyDuplicates(props: {
  lastName?: string | null
  firstNames?: string | null
  birthDate?: string | null
}) {
  const params = useDebounced(
    new URLSearchParams(
      Object.entries(props).filter((entry): entry is [string, string] => Boolean(entry[1])),
    ).toString(),
  )
  const likely = useQuery({
    queryKey: ['people', 'likely-duplicates', params],
    queryFn: () => get<z.infer<typeof personListSchema>>(`/api/people/likely-duplicates?${params}`),
    enabled: params.length > 0,
  })
  const items = likely.data?.items ?? []
  if (items.length === 0) return null
  return (
    <Alert
      className="fr-mb-3w"
      severity="warning"
      title="Cette personne est peut-être déjà connue"
      description={
        <ul>
          {items.map((p) => (
            <li key={p.id}>
              <Link to={`/personnes/${p.id}`}>{personDisplayName(p)}</Link>
              {p.birthDate
                ? `, née ou né le ${new Date(`${p.birthDate}T00:00:00`).toLocaleDateString('fr-FR')}`
                : ''}
              {` (dossier ${p.fileNumber})`}
            </li>
          ))}
        </ul>
      }
    />
  )
}

function CreatePersonForm() {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [error, setErrorMessage] = useState<string>()
  const form = useForm<z.input<typeof personCreateSchema>>({ resolver: zodResolver(personCreateSchema) })
  const { errors } = form.formState
  const blankToNull = (v: string | null | undefined) => (v ? v : null)
  const submit = form.handleSubmit(async (values) => {
    setErrorMessage(undefined)
    try {
      const person = await post<Person>('/api/people', {
        lastName: blankToNull(values.lastName),
        firstNames: blankToNull(values.firstNames),
        birthDate: blankToNull(values.birthDate),
        description: blankToNull(values.description),
      })
      await queryClient.invalidateQueries({ queryKey: ['people'] })
      navigate(`/personnes/${person.id}`)
    } catch (e) {
      setErrorMessage(applyApiError(e, form.setError))
    }
  })
  return (
    <form onSubmit={submit} noValidate aria-labelledby="create-person">
      <h2 id="create-person">Nouvelle personne</h2>
      <ErrorAlert message={error} />
      <LikelyDuplicates
        lastName={form.watch('lastName')}
        firstNames={form.watch('firstNames')}
        birthDate={form.watch('birthDate')}
      />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-3">
          <TextField
            label="Nom de naissance"
            error={errors.lastName}
            inputProps={form.register('lastName', { setValueAs: blankToNull })}
          />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <TextField
            label="Prénoms"
            error={errors.firstNames}
            inputProps={form.register('firstNames', { setValueAs: blankToNull })}
          />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <TextField
            label="Date de naissance"
            error={errors.birthDate}
            inputProps={{ ...form.register('birthDate', { setValueAs: blankToNull }), type: 'date' }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <TextField
            label="Description"
            hint="Pour une personne sans nom : « homme, ~25 ans »"
            error={errors.description}
            inputProps={form.register('description', { setValueAs: blankToNull })}
          />
        </div>
      </div>
      <Button type="submit">Créer le dossier</Button>
    </form>
  )
}

export function PeoplePage() {
  usePageTitle('Personnes')
  const { data: me } = useMe()
  const [q, setQ] = useState('')
  const people = useQuery({
    queryKey: ['people', q],
    queryFn: () => get<z.infer<typeof personListSchema>>(`/api/people?q=${encodeURIComponent(q)}`),
    placeholderData: (previous) => previous,
  })
  return (
    <>
      <h1>Personnes</h1>
      <Input
        label="Rechercher une personne"
        hintText="Nom, prénom ou numéro de dossier, sans se soucier des accents"
        nativeInputProps={{ type: 'search', value: q, onChange: (e) => setQ(e.target.value) }}
      />
      {people.data && (
        <Table
          caption="Personnes suivies"
          headers={['Dossier', 'Personne', 'Date de naissance']}
          data={people.data.items.map((p) => [
            p.fileNumber,
            <Link key="name" to={`/personnes/${p.id}`}>
              {personDisplayName(p)}
            </Link>,
            p.birthDate ? new Date(`${p.birthDate}T00:00:00`).toLocaleDateString('fr-FR') : '—',
          ])}
        />
      )}
      {hasPermission(me, 'person.write') && <CreatePersonForm />}
    </>
  )
}
