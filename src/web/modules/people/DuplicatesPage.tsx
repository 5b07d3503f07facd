import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import { DUPLICATE_REASON, type PersonSummary, personDisplayName } from '../../../shared/people.ts'
import { formatInstant } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import {
  dismissDuplicatePair,
  duplicateDismissalsQuery,
  duplicatePairsQuery,
  peopleKeys,
  restoreDuplicatePair,
} from './people-api.ts'
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
  const queryClient = useQueryClient()
  const [message, setMessage] = useState<string>()
  const [error, setError] = useState<string>()
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: peopleKeys.duplicatePairs(page).slice(0, 2) }),
      queryClient.invalidateQueries({ queryKey: ['people', 'duplicate-dismissals'] }),
    ])
  const dismiss = useMutation({
    mutationFn: (pair: { kept: PersonSummary; duplicate: PersonSummary }) =>
      dismissDuplicatePair([pair.kept.id, pair.duplicate.id]),
    onMutate: () => {
      setError(undefined)
      setMessage(undefined)
    },
    onSuccess: async (_, pair) => {
      setMessage(
        `${personDisplayName(pair.kept)} et ${personDisplayName(pair.duplicate)} ne sont plus proposés comme doublons : la paire est dans « Paires écartées », d’où elle peut être remise.`,
      )
      await refresh()
    },
    onError: (caught) => setError(applyApiError(caught)),
  })
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
      <ErrorAlert message={pairs.error ? applyApiError(pairs.error) : error} />
      <SuccessAlert message={message} />
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
                  <ul key="actions" className="fr-btns-group fr-btns-group--sm">
                    <li>
                      <Button
                        size="small"
                        priority="secondary"
                        linkProps={{
                          to: `/personnes/${pair.kept.id}/fusionner?doublon=${pair.duplicate.id}`,
                        }}
                        title={`Comparer et fusionner ${personDisplayName(pair.kept)} et ${personDisplayName(pair.duplicate)}`}
                      >
                        Comparer et fusionner
                      </Button>
                    </li>
                    <li>
                      <Button
                        size="small"
                        priority="tertiary"
                        disabled={dismiss.isPending}
                        onClick={() => dismiss.mutate(pair)}
                        title={`Ce ne sont pas les mêmes personnes : ${personDisplayName(pair.kept)} et ${personDisplayName(pair.duplicate)}`}
                      >
                        Ce ne sont pas les mêmes personnes
                      </Button>
                    </li>
                  </ul>,
                ])}
              />
            </div>
          )}
        </>
      )}
      <DismissedPairs
        onRestored={async (text) => {
          setError(undefined)
          setMessage(text)
          await refresh()
        }}
        onError={(text) => {
          setMessage(undefined)
          setError(text)
        }}
      />
    </>
  )
}

/** The pairs set aside as « not the same people », each of which can be brought back to the list. */
function DismissedPairs(props: {
  onRestored: (message: string) => void
  onError: (message: string) => void
}) {
  const [page, setPage] = useState(1)
  const dismissed = useQuery(duplicateDismissalsQuery(page))
  const restore = useMutation({
    mutationFn: (id: string) => restoreDuplicatePair(id),
    onError: (caught) => props.onError(applyApiError(caught)),
  })
  if (!dismissed.data || dismissed.data.total === 0) return null
  return (
    <section aria-labelledby="paires-ecartees" className="fr-mt-4w">
      <h2 id="paires-ecartees">Paires écartées</h2>
      <p>
        Dossiers dont quelqu’un a dit qu’ils ne désignent pas la même personne : ils ne sont plus proposés.
      </p>
      <ListPagination list={dismissed.data} noun={['paire écartée', 'paires écartées']} onPage={setPage} />
      <div data-testid="dismissed-pairs">
        <Table
          caption="Paires écartées"
          className="fr-table--no-caption"
          headers={['Dossier', 'Dossier', 'Écartée', 'Action']}
          data={dismissed.data.items.map((dismissal) => {
            const [a, b] = dismissal.people as [PersonSummary, PersonSummary]
            return [
              <File key="a" person={a} />,
              <File key="b" person={b} />,
              <span key="when" className="fr-text--sm">
                le {formatInstant(dismissal.dismissedAt)} par {dismissal.dismissedBy}
              </span>,
              <Button
                key="restore"
                size="small"
                priority="tertiary"
                disabled={restore.isPending}
                title={`Remettre ${personDisplayName(a)} et ${personDisplayName(b)} dans les doublons probables`}
                onClick={() =>
                  restore.mutate(dismissal.id, {
                    onSuccess: () =>
                      props.onRestored(
                        `${personDisplayName(a)} et ${personDisplayName(b)} sont de nouveau proposés comme doublons probables.`,
                      ),
                  })
                }
              >
                Remettre dans les doublons
              </Button>,
            ]
          })}
        />
      </div>
    </section>
  )
}
