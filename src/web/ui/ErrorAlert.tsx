import { Alert } from '@codegouvfr/react-dsfr/Alert'

export function ErrorAlert({ message }: { message: string | undefined }) {
  if (!message) return null
  return <Alert className="fr-mb-3w" severity="error" small description={message} role="alert" />
}

export function SuccessAlert({ message }: { message: string | undefined }) {
  if (!message) return null
  return <Alert className="fr-mb-3w" severity="success" small description={message} role="status" />
}
