import { Input } from '@codegouvfr/react-dsfr/Input'
import { useSearchParams } from 'react-router'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import { TeamSelect } from './ui.tsx'

/**
 * Filters kept in the page's address, so that "back" from a record returns to the same list; `defaults`
 * apply while the address says nothing.
 */
export function useUrlFilters<K extends string>(defaults: Record<K, string>) {
  const [params, setParams] = useSearchParams()
  const values = Object.fromEntries(
    (Object.keys(defaults) as K[]).map((k) => [k, params.get(k) ?? defaults[k]]),
  ) as Record<K, string>
  /** Several filters at once: two `set` calls in a row would each start from the same address. */
  const setAll = (changes: Partial<Record<K, string>>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        for (const [key, value] of Object.entries(changes)) next.set(key, value as string)
        return next
      },
      { replace: true },
    )
  const set = (key: K, value: string) => setAll({ [key]: value } as Partial<Record<K, string>>)
  return { values, set, setAll }
}

/** A period around today: the last `before` days and the next `after`. */
export const periodAround = (before: number, after: number) => {
  const today = todayInFrance()
  return { from: addDays(today, -before), to: addDays(today, after) }
}

/** Du, Au and Équipe: the filters of every outreach list, map and count. */
export function PeriodTeamFields(props: {
  values: { from: string; to: string; teamId: string }
  set: (key: 'from' | 'to' | 'teamId', value: string) => void
  state?: (path: string) => { state?: 'error'; stateRelatedMessage?: string }
}) {
  const state = props.state ?? (() => ({}))
  return (
    <>
      <div className="fr-col-6 fr-col-md-3">
        <Input
          label="Du"
          nativeInputProps={{
            type: 'date',
            value: props.values.from,
            onChange: (e) => props.set('from', e.target.value),
          }}
          {...state('from')}
        />
      </div>
      <div className="fr-col-6 fr-col-md-3">
        <Input
          label="Au"
          nativeInputProps={{
            type: 'date',
            value: props.values.to,
            onChange: (e) => props.set('to', e.target.value),
          }}
          {...state('to')}
        />
      </div>
      <div className="fr-col-12 fr-col-md-3">
        <TeamSelect
          value={props.values.teamId}
          onChange={(v) => props.set('teamId', v)}
          empty="Toutes"
          state={state('teamId')}
        />
      </div>
    </>
  )
}
