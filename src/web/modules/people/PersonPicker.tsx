import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { type PersonSummary, personDisplayName } from '../../../shared/people.ts'
import { peopleSearchQuery } from './people-api.ts'
import { formatBirth, useDebounced } from './people-format.ts'

/** Search a person and pick one: used to add a household member and to choose a duplicate to merge. */
export function PersonPicker(props: {
  label: string
  hint?: string
  /** Text of each result's button, e.g. "Ajouter au foyer"; the person's name is appended for screen readers. */
  actionLabel: string
  onPick: (person: PersonSummary) => void
  excludeIds?: string[]
}) {
  const [q, setQ] = useState('')
  const debounced = useDebounced(q.trim(), 250)
  const results = useQuery({ ...peopleSearchQuery(debounced), enabled: debounced.length >= 2 })
  const items =
    debounced.length >= 2 ? (results.data?.items ?? []).filter((p) => !props.excludeIds?.includes(p.id)) : []
  return (
    <div className="fr-mb-2w">
      <Input
        label={props.label}
        hintText={props.hint ?? 'Nom, prénom, date de naissance ou numéro de dossier'}
        nativeInputProps={{
          type: 'search',
          value: q,
          autoComplete: 'off',
          onChange: (e) => setQ(e.target.value),
        }}
      />
      <div aria-live="polite">
        {debounced.length >= 2 && results.data && items.length === 0 && (
          <p className="fr-text--sm">Aucune personne trouvée.</p>
        )}
        {items.length > 0 && (
          <ul className="fr-raw-list">
            {items.slice(0, 8).map((p) => (
              <li
                key={p.id}
                className="fr-py-1w fr-grid-row fr-grid-row--middle"
                style={{ borderBottom: '1px solid var(--border-default-grey)' }}
              >
                <span className="fr-col">
                  <strong>{personDisplayName(p)}</strong>
                  <span className="fr-text--sm fr-mb-0">
                    {' '}
                    — n° {p.fileNumber}
                    {p.birthDate || p.approximateAge !== null
                      ? `, ${formatBirth(p.birthDate, p.approximateAge)}`
                      : ''}
                    {p.householdSize ? `, foyer de ${p.householdSize}` : ''}
                  </span>
                </span>
                <Button
                  type="button"
                  size="small"
                  priority="secondary"
                  className="fr-col-auto"
                  onClick={() => {
                    props.onPick(p)
                    setQ('')
                  }}
                >
                  {props.actionLabel}
                  <span className="fr-sr-only"> : {personDisplayName(p)}</span>
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  )
}
