import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { useEffect, useId, useState } from 'react'
import { personDisplayName } from '../../../shared/people.ts'
import { formatPoint } from '../../lib/numbers.ts'
import { usePersonSearch, useServiceSearch } from './api/pickers.ts'

export type Picked = { id: string; name: string }

function useDebounced(value: string, ms = 250) {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return debounced.trim()
}

/** Search a record and pick it: the result buttons are large, for a finger in the street. */
function SearchChooser(props: {
  label: string
  hint: string
  /** "Personne", "Service partenaire": how the picked record is introduced. */
  pickedLabel: string
  changeLabel: string
  resultsLabel: string
  noneText: string
  picked: Picked | null
  onPick: (p: Picked | null) => void
  error?: string
  q: string
  setQ: (q: string) => void
  /** Results of the debounced search (undefined while it loads or below two characters). */
  results: (Picked & { text: string })[] | undefined
}) {
  const resultsId = useId()
  if (props.picked) {
    return (
      <div className="fr-mb-3w">
        <p className="fr-mb-1w">
          {props.pickedLabel} : <strong>{props.picked.name}</strong>
        </p>
        <Button priority="secondary" size="small" type="button" onClick={() => props.onPick(null)}>
          {props.changeLabel}
        </Button>
      </div>
    )
  }
  return (
    <div className="fr-mb-3w">
      <Input
        label={props.label}
        hintText={props.hint}
        nativeInputProps={{
          type: 'search',
          value: props.q,
          autoComplete: 'off',
          'aria-controls': resultsId,
          onChange: (e) => props.setQ(e.target.value),
        }}
        state={props.error ? 'error' : 'default'}
        stateRelatedMessage={props.error}
      />
      <ul id={resultsId} aria-label={props.resultsLabel} aria-live="polite" className="fr-raw-list">
        {props.results?.slice(0, 6).map((r) => (
          <li key={r.id} className="fr-mb-1w">
            <Button
              priority="secondary"
              type="button"
              className="outreach-choice"
              onClick={() => props.onPick({ id: r.id, name: r.name })}
            >
              {r.text}
            </Button>
          </li>
        ))}
        {props.results?.length === 0 && <li className="fr-text--sm">{props.noneText}</li>}
      </ul>
    </div>
  )
}

/** A person's file, found by name, nickname, birth date or file number. */
export function PersonChooser(props: {
  picked: Picked | null
  onPick: (p: Picked | null) => void
  error?: string
}) {
  const [q, setQ] = useState('')
  const debounced = useDebounced(q)
  const results = usePersonSearch(debounced)
  return (
    <SearchChooser
      {...props}
      label="Rechercher la personne"
      hint="Nom, prénom, surnom, date de naissance ou numéro de dossier."
      pickedLabel="Personne"
      changeLabel="Changer de personne"
      resultsLabel="Personnes trouvées"
      noneText="Aucune personne trouvée : choisissez « Nouvelle personne »."
      q={q}
      setQ={setQ}
      results={
        debounced.length >= 2
          ? results.data?.map((p) => {
              const name = personDisplayName(p)
              const age = p.approximateAge !== null && `~${p.approximateAge} ans`
              return {
                id: p.id,
                name,
                text: [name, age, `dossier ${p.fileNumber}`].filter(Boolean).join(' · '),
              }
            })
          : undefined
      }
    />
  )
}

/** A partner service of the directory, searched by name, partner, city. */
export function ServiceChooser(props: {
  label: string
  picked: Picked | null
  onPick: (p: Picked | null) => void
  error?: string
}) {
  const [q, setQ] = useState('')
  const debounced = useDebounced(q)
  const results = useServiceSearch(debounced)
  return (
    <SearchChooser
      {...props}
      hint="Nom du partenaire ou du service, ville…"
      pickedLabel={props.label}
      changeLabel="Changer de service"
      resultsLabel="Services partenaires trouvés"
      noneText="Aucun service trouvé."
      q={q}
      setQ={setQ}
      results={
        debounced.length >= 2
          ? results.data?.map((s) => {
              const name = `${s.partnerName} — ${s.name}`
              return { id: s.id, name, text: [name, s.city].filter(Boolean).join(' · ') }
            })
          : undefined
      }
    />
  )
}

export type Position = { latitude: number; longitude: number; accuracy: number | null }

const GEOLOCATION_ERRORS: Record<number, string> = {
  1: 'Vous avez refusé l’accès à la position : indiquez une adresse ou un lieu.',
  2: 'Position introuvable ici : indiquez une adresse ou un lieu.',
  3: 'La position met trop de temps à venir : réessayez, ou indiquez une adresse.',
}

/** "Use my position": optional, asked only when the agent taps the button. */
export function PositionField(props: {
  position: Position | null
  onChange: (p: Position | null) => void
  error?: string
}) {
  const [asking, setAsking] = useState(false)
  const [problem, setProblem] = useState<string>()
  const ask = () => {
    setProblem(undefined)
    if (!('geolocation' in navigator)) {
      setProblem('Ce navigateur ne donne pas la position : indiquez une adresse ou un lieu.')
      return
    }
    setAsking(true)
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setAsking(false)
        // Five decimals: about one metre, more than a phone knows.
        const round = (n: number) => Math.round(n * 100_000) / 100_000
        props.onChange({
          latitude: round(p.coords.latitude),
          longitude: round(p.coords.longitude),
          accuracy: Number.isFinite(p.coords.accuracy) ? Math.round(p.coords.accuracy) : null,
        })
      },
      (e) => {
        setAsking(false)
        setProblem(GEOLOCATION_ERRORS[e.code] ?? GEOLOCATION_ERRORS[2])
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    )
  }
  return (
    <div className="fr-mb-3w" aria-live="polite">
      {props.position ? (
        <>
          <p className="fr-mb-1w">
            Position relevée : {formatPoint(props.position.latitude, props.position.longitude)}
            {props.position.accuracy !== null && ` (à ${props.position.accuracy} m près)`}
          </p>
          <Button priority="tertiary" size="small" type="button" onClick={() => props.onChange(null)}>
            Retirer la position
          </Button>
        </>
      ) : (
        <Button
          priority="secondary"
          type="button"
          iconId="fr-icon-map-pin-2-line"
          onClick={ask}
          disabled={asking}
          className="outreach-choice"
        >
          {asking ? 'Recherche de la position…' : 'Utiliser ma position'}
        </Button>
      )}
      {(problem || props.error) && <p className="fr-error-text">{problem ?? props.error}</p>}
    </div>
  )
}
