import { Button } from '@codegouvfr/react-dsfr/Button'
import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { Link } from 'react-router'
import type { z } from 'zod'
import { passwordResetRequestSchema } from '../../../shared/auth.ts'
import { post } from '../../lib/api-client.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { TextField } from '../../ui/TextField.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'

export function ForgotPasswordPage() {
  usePageTitle('Mot de passe oublié')
  const [error, setErrorMessage] = useState<string>()
  const [sent, setSent] = useState(false)
  const form = useForm<z.input<typeof passwordResetRequestSchema>>({
    resolver: zodResolver(passwordResetRequestSchema),
  })

  const submit = form.handleSubmit(async (values) => {
    setErrorMessage(undefined)
    try {
      await post('/api/auth/password-reset/request', values)
      setSent(true)
    } catch (e) {
      setErrorMessage(applyApiError(e, form.setError))
    }
  })

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-6">
        <h1>Mot de passe oublié</h1>
        <ErrorAlert message={error} />
        <SuccessAlert
          message={
            sent
              ? 'Si un compte existe avec cette adresse, un e-mail contenant un lien de réinitialisation vient de lui être envoyé.'
              : undefined
          }
        />
        <form onSubmit={submit} noValidate>
          <TextField
            label="Adresse e-mail"
            error={form.formState.errors.email}
            inputProps={{ ...form.register('email'), type: 'email', autoComplete: 'email' }}
          />
          <Button type="submit" disabled={form.formState.isSubmitting}>
            Recevoir un lien
          </Button>
        </form>
        <p className="fr-mt-3w">
          <Link to="/connexion">Retour à la connexion</Link>
        </p>
      </div>
    </div>
  )
}
