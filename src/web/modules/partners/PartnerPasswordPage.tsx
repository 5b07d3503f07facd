import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { MIN_PASSWORD_LENGTH } from '../../../shared/validation.ts'
import { applyApiError } from '../../lib/forms.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useInvitationInfo, useSetPartnerPassword } from './portal-api.ts'

/** The invitation's link: the partner's contact chooses their password, then signs in. */
export function PartnerPasswordPage() {
  usePageTitle('Choisir votre mot de passe — page partenaire')
  const [search] = useSearchParams()
  const token = search.get('token') ?? ''
  const info = useInvitationInfo(token)
  const setPassword = useSetPartnerPassword()
  const [password, setPasswordValue] = useState('')
  const form = useFormErrors()
  const [organisationId, setOrganisationId] = useState<string>()
  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8">
        <h1>Choisir votre mot de passe</h1>
        {(token === '' || info.isError) && (
          <ErrorAlert message={token === '' ? 'Ce lien est incomplet.' : applyApiError(info.error)} />
        )}
        {info.data && !organisationId && (
          <>
            <p>
              Bonjour {info.data.name}, {info.data.organisationName} vous invite à répondre aux orientations
              adressées à {info.data.partnerName}. Votre identifiant est {info.data.email}.
            </p>
            <ErrorAlert message={form.error} />
            <form
              noValidate
              onSubmit={async (event) => {
                event.preventDefault()
                const set = await form.run(() => setPassword.mutateAsync({ token, password }))
                if (set) setOrganisationId(set.organisationId)
              }}
            >
              <Input
                label="Mot de passe"
                hintText={`${MIN_PASSWORD_LENGTH} caractères au moins.`}
                nativeInputProps={{
                  type: 'password',
                  value: password,
                  autoComplete: 'new-password',
                  onChange: (e) => setPasswordValue(e.target.value),
                }}
                {...form.state('password')}
              />
              <Button type="submit" disabled={setPassword.isPending}>
                Enregistrer mon mot de passe
              </Button>
            </form>
          </>
        )}
        {organisationId && (
          <>
            <SuccessAlert message="Votre mot de passe est enregistré." />
            <Link className="fr-btn" to={`/page-partenaire?organisation=${organisationId}`}>
              Me connecter à la page partenaire
            </Link>
          </>
        )}
      </div>
    </div>
  )
}
