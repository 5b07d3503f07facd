import { Button } from '@codegouvfr/react-dsfr/Button'
import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { Link, useLocation } from 'react-router'
import type { z } from 'zod'
import { loginBodySchema, type loginResponseSchema } from '../../../shared/auth.ts'
import { post } from '../../lib/api-client.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { TextField } from '../../ui/TextField.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useFollowSession } from './auth-api.ts'

export function LoginPage() {
  usePageTitle('Connexion')
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/'
  const follow = useFollowSession()
  const [error, setErrorMessage] = useState<string>()
  const form = useForm<z.input<typeof loginBodySchema>>({ resolver: zodResolver(loginBodySchema) })
  const { errors, isSubmitting } = form.formState

  const submit = form.handleSubmit(async (values) => {
    setErrorMessage(undefined)
    try {
      const result = await post<z.infer<typeof loginResponseSchema>>('/api/auth/login', values)
      await follow(result.state, from)
    } catch (e) {
      setErrorMessage(applyApiError(e, form.setError))
    }
  })

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-6">
        <h1>Connexion à Trame</h1>
        <ErrorAlert message={error} />
        <form onSubmit={submit} noValidate>
          <TextField
            label="Adresse e-mail"
            error={errors.email}
            inputProps={{ ...form.register('email'), type: 'email', autoComplete: 'username' }}
          />
          <TextField
            label="Mot de passe"
            error={errors.password}
            inputProps={{ ...form.register('password'), type: 'password', autoComplete: 'current-password' }}
          />
          <p>
            <Link to="/mot-de-passe-oublie">Mot de passe oublié ?</Link>
          </p>
          <Button type="submit" disabled={isSubmitting}>
            Se connecter
          </Button>
        </form>
      </div>
    </div>
  )
}
