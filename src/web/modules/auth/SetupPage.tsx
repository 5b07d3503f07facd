import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { zodResolver } from '@hookform/resolvers/zod'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { Link, useSearchParams } from 'react-router'
import type { z } from 'zod'
import { type loginResponseSchema, setupBodySchema, type setupStatusSchema } from '../../../shared/auth.ts'
import { post } from '../../lib/api-client.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { TextField } from '../../ui/TextField.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useFollowSession } from './auth-api.ts'
import { NewPasswordFields, newPasswordFormSchema } from './PasswordFields.tsx'

// The password is typed twice: a typo here would lock the only administrator out.
const formSchema = setupBodySchema.omit({ token: true, password: true }).and(newPasswordFormSchema)

export function SetupPage() {
  usePageTitle('Installation')
  const token = useSearchParams()[0].get('token') ?? ''
  const follow = useFollowSession()
  const [error, setErrorMessage] = useState<string>()
  const status = useQuery({
    queryKey: ['setup-status', token],
    queryFn: () => post<z.infer<typeof setupStatusSchema>>('/api/auth/setup/status', { token }),
  })
  const form = useForm<z.input<typeof formSchema>>({ resolver: zodResolver(formSchema) })
  const { errors, isSubmitting } = form.formState

  const submit = form.handleSubmit(async ({ confirmation: _, ...values }) => {
    setErrorMessage(undefined)
    try {
      const result = await post<z.infer<typeof loginResponseSchema>>('/api/auth/setup', { ...values, token })
      await follow(result.state)
    } catch (e) {
      setErrorMessage(applyApiError(e, form.setError))
    }
  })

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8">
        <h1>Installation de Trame</h1>
        {status.isPending && <p>Vérification du lien…</p>}
        {status.data?.setupDone && (
          <Alert
            severity="info"
            title="Trame est déjà configuré"
            description={<Link to="/connexion">Connectez-vous avec votre compte.</Link>}
          />
        )}
        {status.data && !status.data.setupDone && !status.data.tokenValid && (
          <Alert
            severity="error"
            title="Lien d'installation invalide"
            description="Ce lien n'est plus valide. Redémarrez Trame : la console affichera un nouveau lien."
          />
        )}
        {status.data?.tokenValid && (
          <>
            <p>Créez votre organisation et le compte de son premier administrateur.</p>
            <ErrorAlert message={error} />
            <form onSubmit={submit} noValidate>
              <fieldset className="fr-fieldset">
                <legend className="fr-fieldset__legend">Votre organisation</legend>
                <div className="fr-fieldset__element">
                  <TextField
                    label="Nom de l'organisation"
                    hint="Par exemple : CCAS de Villebelle"
                    error={errors.organisationName}
                    inputProps={{ ...form.register('organisationName'), autoComplete: 'organization' }}
                  />
                </div>
                <div className="fr-fieldset__element">
                  <TextField
                    label="Premier site"
                    hint="Par exemple : Hôtel de ville — accueil central"
                    error={errors.siteName}
                    inputProps={form.register('siteName')}
                  />
                </div>
              </fieldset>
              <fieldset className="fr-fieldset">
                <legend className="fr-fieldset__legend">Compte administrateur</legend>
                <div className="fr-fieldset__element">
                  <TextField
                    label="Votre nom"
                    error={errors.adminName}
                    inputProps={{ ...form.register('adminName'), autoComplete: 'name' }}
                  />
                </div>
                <div className="fr-fieldset__element">
                  <TextField
                    label="Adresse e-mail"
                    error={errors.email}
                    inputProps={{ ...form.register('email'), type: 'email', autoComplete: 'email' }}
                  />
                </div>
                <div className="fr-fieldset__element">
                  <NewPasswordFields register={form.register} errors={errors} />
                </div>
              </fieldset>
              <Button type="submit" disabled={isSubmitting}>
                Créer l'organisation
              </Button>
            </form>
          </>
        )}
      </div>
    </div>
  )
}
