import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { zodResolver } from '@hookform/resolvers/zod'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { useSearchParams } from 'react-router'
import { z } from 'zod'
import type { invitationInfoSchema, loginResponseSchema } from '../../../shared/auth.ts'
import { nameSchema } from '../../../shared/validation.ts'
import { post } from '../../lib/api-client.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { TextField } from '../../ui/TextField.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useFollowSession } from './auth-api.ts'
import { NewPasswordFields, newPasswordFormSchema } from './PasswordFields.tsx'

const formSchema = z.object({ name: nameSchema }).and(newPasswordFormSchema)

export function InvitationPage() {
  usePageTitle('Invitation')
  const token = useSearchParams()[0].get('token') ?? ''
  const follow = useFollowSession()
  const [error, setErrorMessage] = useState<string>()
  const invitation = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => post<z.infer<typeof invitationInfoSchema>>('/api/auth/invitations/info', { token }),
  })
  const form = useForm<z.input<typeof formSchema>>({
    resolver: zodResolver(formSchema),
    values: invitation.data ? { name: invitation.data.name, password: '', confirmation: '' } : undefined,
  })
  const { errors, isSubmitting } = form.formState

  const submit = form.handleSubmit(async (values) => {
    setErrorMessage(undefined)
    try {
      const result = await post<z.infer<typeof loginResponseSchema>>('/api/auth/invitations/accept', {
        token,
        name: values.name,
        password: values.password,
      })
      await follow(result.state)
    } catch (e) {
      setErrorMessage(applyApiError(e, form.setError))
    }
  })

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-6">
        <h1>Activer votre compte</h1>
        {invitation.isPending && <p>Vérification de l'invitation…</p>}
        {invitation.error && (
          <Alert severity="error" title="Invitation invalide" description={applyApiError(invitation.error)} />
        )}
        {invitation.data && (
          <>
            <p>
              Vous êtes invité·e à rejoindre <strong>{invitation.data.organisationName}</strong> sur Trame
              avec l'adresse <strong>{invitation.data.email}</strong>. Choisissez votre mot de passe.
            </p>
            <ErrorAlert message={error} />
            <form onSubmit={submit} noValidate>
              <TextField
                label="Votre nom"
                error={errors.name}
                inputProps={{ ...form.register('name'), autoComplete: 'name' }}
              />
              <NewPasswordFields register={form.register} errors={errors} />
              <Button type="submit" disabled={isSubmitting}>
                Activer mon compte
              </Button>
            </form>
          </>
        )}
      </div>
    </div>
  )
}
