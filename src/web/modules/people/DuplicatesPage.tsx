import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import { DUPLICATE_REASON, type PersonSummary, personDisplayName } from '../../../shared/people.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { duplicatePairsQuery } from './people-api.ts'
import { formatBirth } from './people-format.ts'

function File({ person }: { person: PersonSummary }) {
  return (
    <>
      <Link to={`/personnes/${person.id}`}>{personDisplayName(person)}</Link>
      <br />
      <span className="fr-text--sm">
        n° {person.fileNumber} · {formatBirth(person.birthDate, person.approximateAge)}
        {person.phone ? ` · ${person.phone}` : ''}
      </span>
    </>
  )
}

/**
 * « Doublons probables »: pairs of files across the whole base that may be one person (the duplicate
 * check's rules), the likeliest first; each opens the merge screen, the older file kept by default.
 */
export function DuplicatesPage() {
  usePageTitle('Doublons probables')
  const [page, setPage] = useState(1)
  const pairs = useQuery(duplicatePairsQuery(page))
  return (
    <>
      <h1>Doublons probables</h1>
      <p>
        Dossiers de toute la base qui désignent peut-être la même personne : même date de naissance et noms
        identiques, proches ou de même prononciation, ou même numéro de téléphone et noms proches. Vérifiez
        avant de fusionner ; une fusion peut être annulée depuis le dossier conservé.
      </p>
      <p>
        <Link to="/personnes">Retour aux personnes</Link>
      </p>
      <ErrorAlert message={pairs.error ? applyApiError(pairs.error) : undefined} />
      {pairs.data && (
        <>
          <ListPagination
            list={pairs.data}
            noun={['paire de dossiers', 'paires de dossiers']}
            onPage={setPage}
          />
          {pairs.data.total === 0 && <p>Aucun doublon probable dans la base.</p>}
          {pairs.data.items.length > 0 && (
            <div data-testid="duplicate-pairs">
              <Table
                caption="Doublons probables"
                className="fr-table--no-caption"
                headers={['Dossier le plus ancien', 'Dossier le plus récent', 'Pourquoi', 'Action']}
                data={pairs.data.items.map((pair) => [
                  <File key="kept" person={pair.kept} />,
                  <File key="duplicate" person={pair.duplicate} />,
                  <ul key="reasons" className="fr-badges-group">
                    {pair.reasons.map((reason) => (
                      <li key={reason}>
                        <Badge small noIcon severity="info">
                          {DUPLICATE_REASON.labels[reason]}
                        </Badge>
                      </li>
                    ))}
                  </ul>,
                  <Button
                    key="merge"
                    size="small"
                    priority="secondary"
                    linkProps={{ to: `/personnes/${pair.kept.id}/fusionner?doublon=${pair.duplicate.id}` }}
                    title={`Comparer et fusionner ${personDisplayName(pair.kept)} et ${personDisplayName(pair.duplicate)}`}
                  >
                    Comparer et fusionner
                  </Button>,
                ])}
              />
            </div>
          )}
        </>
      )}
    </>
  )
}
