import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb'
import { useQuery } from '@tanstack/react-query'
import { useParams } from 'react-router'
import { type Person, personDisplayName } from '../../../shared/people.ts'
import { get } from '../../lib/api-client.ts'
import { applyApiError } from '../../lib/forms.ts'
import { usePageTitle } from '../../ui/use-page-title.ts'

export function PersonPage() {
  const { id = '' } = useParams()
  const person = useQuery({
    queryKey: ['people', 'one', id],
    queryFn: () => get<Person>(`/api/people/${id}`),
  })
  usePageTitle(person.data ? `Dossier ${person.data.fileNumber}` : 'Dossier')
  return (
    <>
      <Breadcrumb
        currentPageLabel={person.data ? personDisplayName(person.data) : 'Dossier'}
        segments={[{ label: 'Personnes', linkProps: { to: '/personnes' } }]}
      />
      {person.error && (
        <Alert severity="error" title="Dossier introuvable" description={applyApiError(person.error)} />
      )}
      {person.data && (
        <>
          <h1>{personDisplayName(person.data)}</h1>
          <dl>
            <dt>Numéro de dossier</dt>
            <dd>{person.data.fileNumber}</dd>
            <dt>Nom de naissance</dt>
            <dd>{person.data.lastName ?? '—'}</dd>
            <dt>Nom d'usage</dt>
            <dd>{person.data.usageName ?? '—'}</dd>
            <dt>Prénoms</dt>
            <dd>{person.data.firstNames ?? '—'}</dd>
            <dt>Date de naissance</dt>
            <dd>
              {person.data.birthDate
                ? new Date(`${person.data.birthDate}T00:00:00`).toLocaleDateString('fr-FR')
                : '—'}
            </dd>
            <dt>Description</dt>
            <dd>{person.data.description ?? '—'}</dd>
          </dl>
        </>
      )}
    </>
  )
}
