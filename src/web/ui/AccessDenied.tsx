import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { usePageTitle } from './use-page-title.ts'

export function AccessDenied() {
  usePageTitle('Accès refusé')
  return (
    <>
      <h1>Accès refusé</h1>
      <Alert
        severity="warning"
        title="Vous n'avez pas accès à cette page"
        description="Votre rôle ne permet pas de consulter cette page. Si vous en avez besoin, adressez-vous à l'administrateur de votre organisation."
      />
    </>
  )
}
