import { Button } from '@codegouvfr/react-dsfr/Button'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { zodResolver } from '@hookform/resolvers/zod'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { Link, useNavigate } from 'react-router'
import type { z } from 'zod'
import { type accountSessionsSchema, changePasswordSchema, totpDisableSchema } from '../../../shared/auth.ts'
import { ROLE_LABELS } from '../../../shared/roles.ts'
import { get, post } from '../../lib/api-client.ts'
import { applyApiError } from '../../lib/forms.ts'
import { meQuery, useMe } from '../../lib/session.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { TextField } from '../../ui/TextField.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'

/** Only for roles where 2FA is optional: the password and a current code prove it is the owner. */
function DisableTotpForm({ onDone }: { onDone: (message: string) => void }) {
  const queryClient = useQueryClient()
  const [error, setErrorMessage] = useState<string>()
  const form = useForm<z.input<typeof totpDisableSchema>>({ resolver: zodResolver(totpDisableSchema) })
  const submit = form.handleSubmit(async (values) => {
    setErrorMessage(undefined)
    try {
      await post('/api/account/totp/disable', values)
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey })
      onDone('La double authentification est désactivée.')
    } catch (e) {
      setErrorMessage(applyApiError(e, form.setError))
    }
  })
  return (
    <form
      onSubmit={submit}
      noValidate
      className="fr-col-md-6"
      aria-label="Désactiver la double authentification"
    >
      <ErrorAlert message={error} />
      <TextField
        label="Votre mot de passe"
        error={form.formState.errors.password}
        inputProps={{ ...form.register('password'), type: 'password', autoComplete: 'current-password' }}
      />
      <TextField
        label="Code de vérification"
        error={form.formState.errors.code}
        inputProps={{
          ...form.register('code'),
          inputMode: 'numeric',
          autoComplete: 'one-time-code',
          maxLength: 6,
        }}
      />
      <Button type="submit" priority="secondary">
        Désactiver la double authentification
      </Button>
    </form>
  )
}

export function AccountPage() {
  usePageTitle('Mon compte')
  const { data: me } = useMe()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [message, setMessage] = useState<string>()
  const [error, setErrorMessage] = useState<string>()
  const sessions = useQuery({
    queryKey: ['account', 'sessions'],
    queryFn: () => get<z.infer<typeof accountSessionsSchema>>('/api/account/sessions'),
  })
  const form = useForm<z.input<typeof changePasswordSchema>>({ resolver: zodResolver(changePasswordSchema) })

  const changePassword = form.handleSubmit(async (values) => {
    setErrorMessage(undefined)
    try {
      await post('/api/account/password', values)
      form.reset()
      setMessage('Mot de passe changé. Vos autres sessions ont été fermées.')
      // The session was renewed with the password: its new security token comes with the signed-in user.
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey })
      await queryClient.invalidateQueries({ queryKey: ['account', 'sessions'] })
    } catch (e) {
      setErrorMessage(applyApiError(e, form.setError))
    }
  })

  const revokeOthers = async () => {
    await post('/api/account/sessions/revoke-others')
    setMessage('Vos autres sessions ont été fermées.')
    await queryClient.invalidateQueries({ queryKey: ['account', 'sessions'] })
  }
  const logoutEverywhere = async () => {
    await post('/api/account/sessions/revoke-all')
    queryClient.clear()
    navigate('/connexion')
  }

  if (!me) return null
  return (
    <>
      <h1>Mon compte</h1>
      <SuccessAlert message={message} />
      <ErrorAlert message={error} />
      <dl>
        <dt>Nom</dt>
        <dd>{me.user.name}</dd>
        <dt>Adresse e-mail</dt>
        <dd>{me.user.email}</dd>
        <dt>Rôles</dt>
        <dd>{me.user.roles.map((r) => ROLE_LABELS[r]).join(', ')}</dd>
      </dl>

      <h2 className="fr-mt-5w">Double authentification</h2>
      {me.user.totpEnabled ? (
        <>
          <p>La double authentification est activée sur votre compte.</p>
          {!me.user.totpRequired && <DisableTotpForm onDone={setMessage} />}
        </>
      ) : (
        <p>
          La double authentification n'est pas activée.{' '}
          <Link to="/double-authentification">Activer la double authentification</Link>
        </p>
      )}

      <h2 className="fr-mt-5w">Changer de mot de passe</h2>
      <form onSubmit={changePassword} noValidate className="fr-col-md-6">
        <TextField
          label="Mot de passe actuel"
          error={form.formState.errors.currentPassword}
          inputProps={{
            ...form.register('currentPassword'),
            type: 'password',
            autoComplete: 'current-password',
          }}
        />
        <TextField
          label="Nouveau mot de passe"
          hint="12 caractères au moins"
          error={form.formState.errors.newPassword}
          inputProps={{ ...form.register('newPassword'), type: 'password', autoComplete: 'new-password' }}
        />
        <Button type="submit">Changer le mot de passe</Button>
      </form>

      <h2 className="fr-mt-5w">Sessions ouvertes</h2>
      {sessions.data && (
        <Table
          caption="Vos sessions"
          headers={['Ouverte le', 'Dernière activité', 'Navigateur', '']}
          data={sessions.data.items.map((s) => [
            new Date(s.createdAt).toLocaleString('fr-FR'),
            new Date(s.lastSeenAt).toLocaleString('fr-FR'),
            s.userAgent ?? '—',
            s.current ? 'Cette session' : '',
          ])}
        />
      )}
      <div className="fr-btns-group fr-btns-group--inline">
        <Button priority="secondary" onClick={revokeOthers}>
          Déconnecter mes autres sessions
        </Button>
        <Button priority="tertiary" onClick={logoutEverywhere}>
          Se déconnecter partout
        </Button>
      </div>
    </>
  )
}
