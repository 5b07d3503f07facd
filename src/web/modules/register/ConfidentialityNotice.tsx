import { Notice } from '@codegouvfr/react-dsfr/Notice'
import { REGISTER_CONFIDENTIALITY_NOTICE } from '../../../shared/register.ts'

/** Shown at each access to the register (CASF L121-6-1: duty of confidentiality). */
export function ConfidentialityNotice() {
  return (
    <Notice
      className="fr-mb-3w"
      title="Données confidentielles"
      description={REGISTER_CONFIDENTIALITY_NOTICE}
    />
  )
}
