import { Button } from '@codegouvfr/react-dsfr/Button'
import { zodResolver } from '@hookform/resolvers/zod'
import { useQuery, useQueryClient } from '@tanstack/react-query'
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

type TotpSetup = z.infer<typeof totpSetupResponseSchema>

/** Setting up TOTP: scan the QR code, type a code to prove it works. */
export function TotpEnrolmentPage() {
  usePageTitle('Double authentification')
  const { data: me, isPending } = useMe()
  const follow = useFollowSession()
  const [error, setErrorMessage] = useState<string>()
  const queryClient = useQueryClient()
  const [renewed, setRenewed] = useState(false)
  // The server keeps the same key until it is confirmed: reloading this page changes nothing.
  const enrolment = useQuery({
    queryKey: ['totp-setup'],
    queryFn: () => post<TotpSetup>('/api/account/totp/setup'),
    enabled: Boolean(me),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  })
  const form = useForm<z.input<typeof totpConfirmSchema>>({ resolver: zodResolver(totpConfirmSchema) })

  if (isPending) return <p>Chargement…</p>
  if (!me) return <Navigate to="/connexion" replace />

  const renew = async () => {
    if (!window.confirm('Remplacer la clé ? Celle déjà enregistrée dans votre application ne marchera plus.'))
      return
    setErrorMessage(undefined)
    try {
      queryClient.setQueryData(
        ['totp-setup'],
        await post<TotpSetup>('/api/account/totp/setup', { renew: true }),
      )
      setRenewed(true)
    } catch (e) {
      setErrorMessage(applyApiError(e))
    }
  }

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
            <p className="fr-text--sm" role="status">
              {renewed
                ? 'Nouvelle clé : scannez ce QR code à la place de l’ancien.'
                : 'Cette clé reste la même jusqu’à la validation, même si vous rechargez la page.'}
            </p>
            <Button type="button" priority="tertiary" size="small" onClick={renew}>
              Générer une nouvelle clé
            </Button>
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
