import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { type ReactNode, useState } from 'react'
import { applyApiError } from '../lib/forms.ts'
import { ErrorAlert } from './ErrorAlert.tsx'

/**
 * The sign-in of a public portal (the neighbour network's volunteers, the partners' contacts): an address
 * and a password, sent with the portal's organisation once it is known.
 */
export function PortalSignInForm(props: {
  /** Undefined while the portal's organisation loads: the button waits. */
  organisationId: string | undefined
  pending: boolean
  signIn: (input: { organisationId: string; email: string; password: string }) => Promise<unknown>
}) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string>()
  return (
    <>
      <ErrorAlert message={error} />
      <form
        onSubmit={async (event) => {
          event.preventDefault()
          if (!props.organisationId) return
          setError(undefined)
          try {
            await props.signIn({ organisationId: props.organisationId, email, password })
          } catch (caught) {
            setError(applyApiError(caught))
          }
        }}
      >
        <Input
          label="Adresse e-mail"
          nativeInputProps={{
            type: 'email',
            value: email,
            autoComplete: 'email',
            onChange: (e) => setEmail(e.target.value),
          }}
        />
        <Input
          label="Mot de passe"
          nativeInputProps={{
            type: 'password',
            value: password,
            autoComplete: 'current-password',
            onChange: (e) => setPassword(e.target.value),
          }}
        />
        <Button type="submit" disabled={props.pending || !props.organisationId}>
          Se connecter
        </Button>
      </form>
    </>
  )
}

/**
 * A public portal's page: its title, then its sign-in while no one is signed in (`me` null), or what the
 * signed-in account sees.
 */
export function PortalFrame<Me>(props: {
  title: string
  me: { isPending: boolean; data: Me | null | undefined }
  signIn: ReactNode
  signed: (me: Me) => ReactNode
}) {
  const { data } = props.me
  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-10">
        <h1>{props.title}</h1>
        {props.me.isPending && <p aria-live="polite">Chargement…</p>}
        {data === null && props.signIn}
        {data !== null && data !== undefined && props.signed(data)}
      </div>
    </div>
  )
}
