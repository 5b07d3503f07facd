import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { useState } from 'react'
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
