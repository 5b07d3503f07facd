import type { FieldErrors, UseFormRegister } from 'react-hook-form'
import { z } from 'zod'
import { passwordSchema } from '../../../shared/validation.ts'
import { TextField } from '../../ui/TextField.tsx'

/** A new password typed twice; the server checks the rules again. */
export const newPasswordFormSchema = z
  .object({ password: passwordSchema, confirmation: z.string() })
  .refine((v) => v.password === v.confirmation, {
    error: 'Les deux mots de passe ne sont pas identiques.',
    path: ['confirmation'],
  })

type NewPassword = { password: string; confirmation: string }

export function NewPasswordFields<T extends NewPassword>(props: {
  register: UseFormRegister<T>
  errors: FieldErrors<NewPassword>
}) {
  const register = props.register as unknown as UseFormRegister<NewPassword>
  return (
    <>
      <TextField
        label="Mot de passe"
        hint="12 caractères au moins"
        error={props.errors.password}
        inputProps={{ ...register('password'), type: 'password', autoComplete: 'new-password' }}
      />
      <TextField
        label="Confirmer le mot de passe"
        error={props.errors.confirmation}
        inputProps={{ ...register('confirmation'), type: 'password', autoComplete: 'new-password' }}
      />
    </>
  )
}

/** The 6-digit code of an authenticator app. */
export function TotpCodeField(props: {
  register: UseFormRegister<{ code: string }>
  error: FieldErrors<{ code: string }>['code']
}) {
  return (
    <TextField
      label="Code de vérification"
      hint="6 chiffres, renouvelés toutes les 30 secondes"
      error={props.error}
      inputProps={{
        ...props.register('code'),
        inputMode: 'numeric',
        autoComplete: 'one-time-code',
        maxLength: 6,
      }}
    />
  )
}
