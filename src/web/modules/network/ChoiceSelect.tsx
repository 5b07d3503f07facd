import { Select } from '@codegouvfr/react-dsfr/Select'
import type { ReactNode } from 'react'

export type Choice = { id: string; name: string }

/** A labelled enum of `src/shared` as choices. */
export const labelledChoices = <V extends string>(l: { values: readonly V[]; labels: Record<V, string> }) =>
  l.values.map((value): Choice => ({ id: value, name: l.labels[value] }))

/**
 * A select of named things (partners, teams, neighbourhoods, people) or of an enum's labels; `empty`
 * is the first choice, standing for none.
 */
export function ChoiceSelect<V extends string>(props: {
  label: string
  hint?: ReactNode
  empty?: string
  value: V
  onChange: (value: V) => void
  choices: readonly Choice[] | undefined
  /** The field's error, from `useFormErrors().state(path)`. */
  state?: object
}) {
  return (
    <Select
      label={props.label}
      hint={props.hint}
      nativeSelectProps={{ value: props.value, onChange: (e) => props.onChange(e.target.value as V) }}
      {...props.state}
    >
      {props.empty !== undefined && <option value="">{props.empty}</option>}
      {props.choices?.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </Select>
  )
}
