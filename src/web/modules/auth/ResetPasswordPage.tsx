import { Button } from '@codegouvfr/react-dsfr/Button'
import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { Link, useSearchParams } from 'react-router'
import type { z } from 'zod'
import { post } from '../../lib/api-client.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { NewPasswordFields, newPasswordFormSchema } from './PasswordFields.tsx'

export function ResetPasswordPage() {
  usePageTitle('Nouveau mot de passe')
  const token = useSearchParams()[0].get('token') ?? ''
  const [error, setErrorMessage] = useState<string>()
  const [done, setDone] = useState(false)
  const form = useForm<z.input<typeof newPasswordFormSchema>>({
    resolver: zodResolver(newPasswordFormSchema),
  })
  const { errors, isSubmitting } = form.formState

  const submit = form.handleSubmit(async (values) => {
    setErrorMessage(undefined)
    try {
      await post('/api/auth/password-reset/complete', { token, password: values.password })
      setDone(true)
    } catch (e) {
      setErrorMessage(applyApiError(e, form.setError))
    }
  })

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-6">
        <h1>Choisir un nouveau mot de passe</h1>
        <ErrorAlert message={error} />
        <SuccessAlert
          message={done ? 'Votre mot de passe a été changé. Toutes vos sessions ont été fermées.' : undefined}
        />
        {done ? (
          <Link to="/connexion">Se connecter</Link>
        ) : (
          <form onSubmit={submit} noValidate>
            <NewPasswordFields register={form.register} errors={errors} />
            <Button type="submit" disabled={isSubmitting}>
              Enregistrer le mot de passe
            </Button>
          </form>
        )}
      </div>
    </div>
  )
}
