import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import {
  PERSON_STATUS,
  type PersonSummary,
  personDisplayName,
  SEARCH_MATCH_LABELS,
} from '../../../shared/people.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { errorMessage } from './form-fields.tsx'
import { peopleSearchQuery } from './people-api.ts'
import { formatBirth, formatDate, labelOf, useDebounced } from './people-format.ts'

/** A single word typed in the search box (a surname, usually) prefills the creation form. */
function newPersonLink(q: string) {
  const words = q.trim().split(/\s+/).filter(Boolean)
  if (words.length !== 1 || /\d/.test(words[0]!)) return '/personnes/nouvelle'
  return `/personnes/nouvelle?${new URLSearchParams({ nom: words[0]! })}`
}

/** Why a file answers the search: the names found ("nom d'usage Le Gall"), and what nothing answered. */
function MatchReason({ match }: { match: NonNullable<PersonSummary['match']> }) {
  if (match.names.length === 0 && match.unmatched.length === 0) return null
  return (
    <>
      <br />
      <span className="fr-text--xs fr-mb-0">
        {match.names.length > 0 && (
          <>
            Trouvé par{' '}
            {match.names.map((n, i) => (
              <span key={`${n.field}-${n.value}`}>
                {i > 0 && ', '}
                {SEARCH_MATCH_LABELS[n.field]} <mark>{n.value}</mark>
              </span>
            ))}
          </>
        )}
        {match.unmatched.length > 0 && (
          <>
            {match.names.length > 0 && ' · '}
            ne correspond pas à : {match.unmatched.map((u) => `« ${u} »`).join(', ')}
          </>
        )}
      </span>
    </>
  )
}

function ResultRow({ person }: { person: PersonSummary }) {
  return (
    <tr>
      <td>
        <Link to={`/personnes/${person.id}`} className="fr-link">
          {personDisplayName(person)}
        </Link>
        {person.status !== 'active' && (
          <Badge small severity={person.status === 'deceased' ? 'info' : 'new'} className="fr-ml-1w" noIcon>
            {labelOf(PERSON_STATUS.labels, person.status)}
          </Badge>
        )}
        <br />
        <span className="fr-text--xs fr-mb-0">
          Dossier n° {person.fileNumber}
          {person.aliases.length > 0 && <> · dit·e {person.aliases.map((a) => `« ${a} »`).join(', ')}</>}
          {person.description && personDisplayName(person) !== person.description && (
            <> · {person.description}</>
          )}
        </span>
        {person.match && <MatchReason match={person.match} />}
      </td>
      <td>{formatBirth(person.birthDate, person.approximateAge)}</td>
      <td>{person.phone ?? '—'}</td>
      <td>
        {person.householdSize === null
          ? '—'
          : `${person.householdSize} personne${person.householdSize > 1 ? 's' : ''}`}
      </td>
      <td>{person.lastActivityAt ? formatDate(person.lastActivityAt) : '—'}</td>
    </tr>
  )
}

export function PeoplePage() {
  usePageTitle('Personnes')
  const { data: me } = useMe()
  const [searchParams, setSearchParams] = useSearchParams()
  const [q, setQ] = useState(searchParams.get('q') ?? '')
  const debounced = useDebounced(q.trim(), 250)
  // Archived files (no contact for the retention period) are out of the search unless asked for,
  // by those who may reactivate one.
  const canSeeArchives = hasPermission(me, 'person.reactivate')
  const [withArchives, setWithArchives] = useState(searchParams.get('archives') === 'oui')
  const includeArchived = canSeeArchives && withArchives
  // The query stays in the address, so "back" from a file returns to the same results.
  useEffect(() => {
    setSearchParams(
      { ...(debounced ? { q: debounced } : {}), ...(includeArchived ? { archives: 'oui' } : {}) },
      { replace: true },
    )
  }, [debounced, includeArchived, setSearchParams])
  const people = useQuery(peopleSearchQuery(debounced, includeArchived))
  // Without a query, the latest files: a short list, the search is the way in.
  const items = (people.data?.items ?? []).slice(0, people.data?.q ? undefined : 15)
  // The caption tells what the rows are, even while the next results load.
  const shownQ = people.data?.q ?? ''
  const caption = shownQ ? `Résultats pour « ${shownQ} »` : 'Dossiers modifiés récemment'
  const canWrite = hasPermission(me, 'person.write')
  const total = people.data?.total ?? 0
  // Namesakes beyond those shown are counted, so the agent adds a first name or a birth date.
  const found = !shownQ
    ? `${items.length} dossier${items.length > 1 ? 's' : ''}`
    : total === 0
      ? 'Aucun dossier ne correspond à tout ce qui est saisi : dossiers les plus proches'
      : `${total >= 10_000 ? 'Plus de 10 000' : total.toLocaleString('fr-FR')} dossier${total > 1 ? 's' : ''} correspond${total > 1 ? 'ent' : ''} à la recherche${total > items.length ? ` : les ${items.length} plus proches sont affichés, précisez un prénom ou une date de naissance pour voir les autres` : ''}`

  return (
    <>
      <div className="fr-grid-row fr-grid-row--middle fr-grid-row--gutters fr-mb-1w">
        <div className="fr-col">
          <h1 className="fr-mb-0">Personnes</h1>
        </div>
        {hasPermission(me, 'person.merge') && (
          <div className="fr-col-auto">
            <Button
              priority="secondary"
              iconId="fr-icon-git-merge-line"
              linkProps={{ to: '/personnes/doublons' }}
            >
              Doublons probables
            </Button>
          </div>
        )}
        {canWrite && (
          <div className="fr-col-auto">
            <Button iconId="fr-icon-user-add-line" linkProps={{ to: newPersonLink(q) }}>
              Nouvelle personne
            </Button>
          </div>
        )}
      </div>
      <search>
        <Input
          label="Rechercher une personne"
          hintText="Nom, prénom, surnom, date de naissance (03/02/1987), année (martin 1987), âge (martin 37 ans), téléphone ou numéro de dossier. Accents, fautes de frappe et orthographes proches tolérés."
          nativeInputProps={{
            type: 'search',
            value: q,
            autoComplete: 'off',
            onChange: (e) => setQ(e.target.value),
          }}
        />
        {canSeeArchives && (
          <Checkbox
            small
            options={[
              {
                label: 'Inclure les dossiers archivés',
                hintText:
                  'Dossiers sans contact depuis la durée de conservation : en lecture seule, à réactiver si la personne revient.',
                nativeInputProps: {
                  checked: withArchives,
                  onChange: (e) => setWithArchives(e.target.checked),
                },
              },
            ]}
          />
        )}
      </search>
      <p className="fr-sr-only" aria-live="polite" aria-atomic="true">
        {people.isFetching || !people.data ? '' : found}
      </p>
      {people.error && <ErrorAlert message={errorMessage(people.error)} />}
      {people.data &&
        (items.length === 0 ? (
          <div className="fr-callout fr-mt-3w">
            <p className="fr-callout__text">
              {shownQ ? `Aucune personne ne correspond à « ${shownQ} ».` : 'Aucun dossier pour le moment.'}
            </p>
            {canWrite && (
              <Button priority="secondary" linkProps={{ to: newPersonLink(q) }} className="fr-mt-2w">
                Créer le dossier d'une nouvelle personne
              </Button>
            )}
          </div>
        ) : (
          <div className="fr-table fr-mt-2w" aria-busy={people.isFetching}>
            <div className="fr-table__wrapper">
              <div className="fr-table__container">
                <div className="fr-table__content">
                  <table>
                    <caption>
                      {caption}
                      {shownQ && <span className="fr-text--sm fr-mb-0 fr-hint-text">{found}</span>}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Personne</th>
                        <th scope="col">Naissance ou âge</th>
                        <th scope="col">Téléphone</th>
                        <th scope="col">Foyer</th>
                        <th scope="col">Dernière activité</th>
                      </tr>
                    </thead>
                    <tbody>
                      {items.map((p) => (
                        <ResultRow key={p.id} person={p} />
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            </div>
          </div>
        ))}
    </>
  )
}
