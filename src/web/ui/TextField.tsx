import { Input } from '@codegouvfr/react-dsfr/Input'
import type { InputHTMLAttributes } from 'react'
import type { FieldError } from 'react-hook-form'

/** A DSFR text field wired for react-hook-form: label, hint, and the field's error in French. */
export function TextField(props: {
  label: string
  hint?: string
  error?: FieldError
  inputProps: InputHTMLAttributes<HTMLInputElement>
}) {
  return (
    <Input
      label={props.label}
      hintText={props.hint}
      state={props.error ? 'error' : 'default'}
      stateRelatedMessage={props.error?.message}
      nativeInputProps={props.inputProps}
    />
  )
}
