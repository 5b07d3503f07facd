import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { useState } from 'react'
import { PARTNER_CONTACT_STATUS } from '../../../shared/partner-portal.ts'
import { applyApiError } from '../../lib/forms.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { useContacts, useDisableContact, useInviteContact, useResendInvitation } from './portal-api.ts'

const SEVERITY = { invited: 'info', active: 'success', disabled: 'error' } as const

/**
 * The partner's contacts who answer its referrals on the partner page: staff invite them by e-mail and
 * disable their accounts. Loaded on demand, since each reading is in the trail.
 */
export function ContactsBlock(props: { partnerId: string; partnerName: string }) {
  const [open, setOpen] = useState(false)
  const contacts = useContacts(props.partnerId, open)
  const invite = useInviteContact(props.partnerId)
  const disable = useDisableContact(props.partnerId)
  const resend = useResendInvitation(props.partnerId)
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [error, setError] = useState<string>()
  const [message, setMessage] = useState<string>()
  const form = useFormErrors()
  if (!open) {
    return (
      <Button size="small" priority="secondary" className="fr-mt-1w" onClick={() => setOpen(true)}>
        Inviter un contact<span className="fr-sr-only"> de {props.partnerName} sur la page partenaire</span>
      </Button>
    )
  }
  return (
    <div className="fr-mt-2w">
      <h3 className="fr-h6 fr-mb-1w">Page partenaire : contacts de {props.partnerName}</h3>
      <p className="fr-text--sm fr-mb-1w">
        Un contact invité reçoit un e-mail pour choisir son mot de passe, puis répond aux orientations
        adressées à {props.partnerName}. Il ne voit que ce que chaque personne a accepté de partager.
      </p>
      <SuccessAlert message={message} />
      <ErrorAlert message={error} />
      {contacts.data && contacts.data.items.length === 0 && (
        <p className="fr-text--sm">Aucun contact invité.</p>
      )}
      {contacts.data && contacts.data.items.length > 0 && (
        <ul className="fr-raw-list fr-mb-2w">
          {contacts.data.items.map((contact) => (
            <li key={contact.id} className="fr-py-1v">
              {contact.name} · {contact.email}{' '}
              <Badge small noIcon severity={SEVERITY[contact.status]}>
                {PARTNER_CONTACT_STATUS.labels[contact.status]}
              </Badge>{' '}
              {contact.status === 'invited' && (
                <Button
                  size="small"
                  priority="tertiary"
                  disabled={resend.isPending}
                  onClick={async () => {
                    setError(undefined)
                    setMessage(undefined)
                    try {
                      await resend.mutateAsync(contact.id)
                      setMessage(
                        `Invitation renvoyée à ${contact.email} ; le lien précédent ne fonctionne plus.`,
                      )
                    } catch (caught) {
                      setError(applyApiError(caught))
                    }
                  }}
                >
                  Renvoyer l’invitation<span className="fr-sr-only"> de {contact.name}</span>
                </Button>
              )}{' '}
              {contact.status !== 'disabled' && (
                <Button
                  size="small"
                  priority="tertiary"
                  disabled={disable.isPending}
                  onClick={async () => {
                    if (!window.confirm(`Désactiver le compte de ${contact.name} ?`)) return
                    setError(undefined)
                    try {
                      await disable.mutateAsync(contact.id)
                      setMessage(`Le compte de ${contact.name} est désactivé.`)
                    } catch (caught) {
                      setError(applyApiError(caught))
                    }
                  }}
                >
                  Désactiver<span className="fr-sr-only"> le compte de {contact.name}</span>
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form
        aria-label={`Inviter un contact de ${props.partnerName}`}
        noValidate
        onSubmit={async (event) => {
          event.preventDefault()
          setError(undefined)
          setMessage(undefined)
          const invited = await form.run(() => invite.mutateAsync({ name, email }))
          if (!invited) return
          setMessage(`Invitation envoyée à ${invited.email}.`)
          setName('')
          setEmail('')
        }}
      >
        <ErrorAlert message={form.error} />
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-5">
            <Input
              label="Nom du contact"
              nativeInputProps={{
                value: name,
                autoComplete: 'off',
                onChange: (e) => setName(e.target.value),
              }}
            />
          </div>
          <div className="fr-col-12 fr-col-md-5">
            <Input
              label="Adresse e-mail du contact"
              nativeInputProps={{
                type: 'email',
                value: email,
                autoComplete: 'off',
                onChange: (e) => setEmail(e.target.value),
              }}
              {...form.state('email')}
            />
          </div>
        </div>
        <div className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
          <Button type="submit" size="small" disabled={invite.isPending}>
            Envoyer l’invitation
          </Button>
          <Button type="button" size="small" priority="tertiary" onClick={() => setOpen(false)}>
            Fermer
          </Button>
        </div>
      </form>
    </div>
  )
}
