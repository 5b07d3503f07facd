import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo, useRef } from 'react'
import { useNavigate, useParams, useSearchParams } from 'react-router'
import { personDisplayName } from '../../../shared/people.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { errorMessage } from './form-fields.tsx'
import { PersonForm } from './PersonForm.tsx'
import { personQuery } from './people-api.ts'

function useFocusOnMount() {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    ref.current?.focus()
  }, [])
  return ref
}

/** /personnes/nouvelle — names typed in the search box arrive as ?nom=…&prenoms=… */
export function PersonCreatePage() {
  usePageTitle('Nouvelle personne')
  const navigate = useNavigate()
  const [searchParams] = useSearchParams()
  const headingRef = useFocusOnMount()
  const nom = searchParams.get('nom') ?? ''
  const prenoms = searchParams.get('prenoms') ?? ''
  const prefill = useMemo(() => ({ lastName: nom, firstNames: prenoms }), [nom, prenoms])
  return (
    <>
      <Breadcrumb
        currentPageLabel="Nouvelle personne"
        segments={[{ label: 'Personnes', linkProps: { to: '/personnes' } }]}
      />
      <h1 ref={headingRef} tabIndex={-1}>
        Nouvelle personne
      </h1>
      <PersonForm
        prefill={prefill}
        onSaved={(person) =>
          navigate(`/personnes/${person.id}`, { state: { message: `Dossier n° ${person.fileNumber} créé.` } })
        }
        onCancel={() => navigate('/personnes')}
      />
    </>
  )
}

/** /personnes/:id/modifier */
export function PersonEditPage() {
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const person = useQuery(personQuery(id))
  const headingRef = useFocusOnMount()
  const name = person.data ? personDisplayName(person.data) : 'Dossier'
  usePageTitle(person.data ? `Modifier le dossier ${person.data.fileNumber}` : 'Modifier le dossier')
  return (
    <>
      <Breadcrumb
        currentPageLabel="Modifier"
        segments={[
          { label: 'Personnes', linkProps: { to: '/personnes' } },
          { label: name, linkProps: { to: `/personnes/${id}` } },
        ]}
      />
      <h1 ref={headingRef} tabIndex={-1}>
        Modifier le dossier{person.data ? ` de ${name}` : ''}
      </h1>
      {person.error && <ErrorAlert message={errorMessage(person.error)} />}
      {person.data && (
        <PersonForm
          key={person.data.updatedAt}
          person={person.data}
          onSaved={() => navigate(`/personnes/${id}`, { state: { message: 'Modifications enregistrées.' } })}
          onCancel={() => navigate(`/personnes/${id}`)}
        />
      )}
    </>
  )
}
