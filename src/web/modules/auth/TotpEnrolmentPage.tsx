import { Button } from '@codegouvfr/react-dsfr/Button'
import { zodResolver } from '@hookform/resolvers/zod'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { Navigate } from 'react-router'
import type { z } from 'zod'
import { totpConfirmSchema, type totpSetupResponseSchema } from '../../../shared/auth.ts'
import { post } from '../../lib/api-client.ts'
import { applyApiError } from '../../lib/forms.ts'
import { useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useFollowSession } from './auth-api.ts'
import { TotpCodeField } from './PasswordFields.tsx'

/** Setting up TOTP: scan the QR code, type a code to prove it works. */
export function TotpEnrolmentPage() {
  usePageTitle('Double authentification')
  const { data: me, isPending } = useMe()
  const follow = useFollowSession()
  const [error, setErrorMessage] = useState<string>()
  const enrolment = useQuery({
    queryKey: ['totp-setup'],
    queryFn: () => post<z.infer<typeof totpSetupResponseSchema>>('/api/account/totp/setup'),
    enabled: Boolean(me),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  })
  const form = useForm<z.input<typeof totpConfirmSchema>>({ resolver: zodResolver(totpConfirmSchema) })

  if (isPending) return <p>Chargement…</p>
  if (!me) return <Navigate to="/connexion" replace />

  const submit = form.handleSubmit(async (values) => {
    setErrorMessage(undefined)
    try {
      await post('/api/account/totp/confirm', values)
      await follow('active')
    } catch (e) {
      setErrorMessage(applyApiError(e, form.setError))
    }
  })

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8">
        <h1>Activer la double authentification</h1>
        {me.state === 'totp_enrolment_required' && (
          <p>Votre rôle exige la double authentification. Configurez-la pour accéder à Trame.</p>
        )}
        <ol>
          <li>
            Installez une application d'authentification sur votre téléphone (FreeOTP, Aegis, Google
            Authenticator…).
          </li>
          <li>Scannez ce QR code avec l'application, ou saisissez la clé à la main.</li>
          <li>Saisissez le code à 6 chiffres affiché par l'application.</li>
        </ol>
        <ErrorAlert message={error ?? (enrolment.error ? applyApiError(enrolment.error) : undefined)} />
        {enrolment.data && (
          <div className="fr-mb-3w">
            <img
              src={enrolment.data.qrCodeDataUrl}
              alt="QR code à scanner avec votre application d'authentification"
              width={220}
              height={220}
            />
            <p>
              Clé à saisir à la main : <code data-testid="totp-secret">{enrolment.data.secret}</code>
            </p>
          </div>
        )}
        <form onSubmit={submit} noValidate>
          <TotpCodeField register={form.register} error={form.formState.errors.code} />
          <Button type="submit" disabled={form.formState.isSubmitting || !enrolment.data}>
            Valider
          </Button>
        </form>
      </div>
    </div>
  )
}
