import { Button } from '@codegouvfr/react-dsfr/Button'
import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import type { z } from 'zod'
import { type loginResponseSchema, totpLoginBodySchema } from '../../../shared/auth.ts'
import { post } from '../../lib/api-client.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useFollowSession } from './auth-api.ts'
import { TotpCodeField } from './PasswordFields.tsx'

export function LoginCodePage() {
  usePageTitle('Code de vérification')
  const follow = useFollowSession()
  const [error, setErrorMessage] = useState<string>()
  const form = useForm<z.input<typeof totpLoginBodySchema>>({ resolver: zodResolver(totpLoginBodySchema) })

  const submit = form.handleSubmit(async (values) => {
    setErrorMessage(undefined)
    try {
      const result = await post<z.infer<typeof loginResponseSchema>>('/api/auth/login/totp', values)
      await follow(result.state)
    } catch (e) {
      setErrorMessage(applyApiError(e, form.setError))
    }
  })

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-6">
        <h1>Double authentification</h1>
        <p>Saisissez le code à 6 chiffres affiché par votre application d'authentification.</p>
        <ErrorAlert message={error} />
        <form onSubmit={submit} noValidate>
          <TotpCodeField register={form.register} error={form.formState.errors.code} />
          <Button type="submit" disabled={form.formState.isSubmitting}>
            Valider
          </Button>
        </form>
      </div>
    </div>
  )
}
