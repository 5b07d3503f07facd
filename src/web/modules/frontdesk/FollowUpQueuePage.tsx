import { Button } from '@codegouvfr/react-dsfr/Button'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useState } from 'react'
import type { Contact } from '../../../shared/frontdesk.ts'
import { applyApiError } from '../../lib/forms.ts'
import { useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { ContactList } from './ContactList.tsx'
import { useColleagues, useContacts, useTeams, useUpdateContact } from './frontdesk-api.ts'

/** A team's contacts waiting for follow-up, oldest first: take one, deal with it, mark it done. */
export function FollowUpQueuePage() {
  usePageTitle('File de suivi')
  const { data: me } = useMe()
  const teams = useTeams()
  const [teamId, setTeamId] = useState('')
  const [mine, setMine] = useState(false)
  const queue = useContacts({
    queue: 'true',
    teamId: teamId || undefined,
    assignedToMe: mine ? 'true' : undefined,
  })
  const update = useUpdateContact()
  const colleagues = useColleagues()
  const [error, setError] = useState<string>()

  const act = async (contact: Contact, change: Parameters<typeof update.mutateAsync>[0]) => {
    setError(undefined)
    try {
      await update.mutateAsync(change)
    } catch (caught) {
      setError(applyApiError(caught))
    }
    return contact
  }

  return (
    <>
      <h1>File de suivi</h1>
      <p>Les contacts pour lesquels un suivi a été demandé, du plus ancien au plus récent.</p>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Select
            label="Équipe"
            nativeSelectProps={{ value: teamId, onChange: (e) => setTeamId(e.target.value) }}
          >
            <option value="">Toutes les équipes</option>
            {teams.data?.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-6 fr-mt-md-4w">
          <Button
            priority={mine ? 'primary' : 'secondary'}
            type="button"
            onClick={() => setMine(!mine)}
            aria-pressed={mine}
          >
            Seulement ceux qui me sont confiés
          </Button>
        </div>
      </div>
      <ErrorAlert message={error} />
      {queue.data && (
        <>
          <p role="status">
            {queue.data.length} contact{queue.data.length > 1 ? 's' : ''} en attente de suivi
          </p>
          <ContactList
            contacts={queue.data}
            action={(contact) => (
              <>
                <div className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm fr-mt-1w">
                  {contact.assignedTo !== me?.user.id && (
                    <Button
                      priority="secondary"
                      size="small"
                      type="button"
                      onClick={() => act(contact, { id: contact.id, assignedTo: me?.user.id ?? null })}
                    >
                      Je m’en occupe
                    </Button>
                  )}
                  <Button
                    size="small"
                    type="button"
                    onClick={() => act(contact, { id: contact.id, followUpStatus: 'done' })}
                  >
                    Marquer comme fait
                  </Button>
                </div>
                <div className="fr-col-12 fr-col-md-4">
                  <Select
                    label="Confier à"
                    className="fr-mb-0"
                    nativeSelectProps={{
                      value: contact.assignedTo ?? '',
                      onChange: (e) => act(contact, { id: contact.id, assignedTo: e.target.value || null }),
                    }}
                  >
                    <option value="">Personne pour l’instant</option>
                    {colleagues.data?.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))}
                  </Select>
                </div>
              </>
            )}
          />
        </>
      )}
    </>
  )
}
