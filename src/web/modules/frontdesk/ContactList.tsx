import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Link } from 'react-router'
import { CONTACT_CHANNEL, type Contact } from '../../../shared/frontdesk.ts'
import { formatDateTime } from '../../lib/dates.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useReasons, useTeams } from './frontdesk-api.ts'

const channelLabels: Record<string, string> = CONTACT_CHANNEL.labels

/** Who a contact was with, as the desk says it: the person's name, or the anonymous description. */
export function ContactWho({ contact }: { contact: Contact }) {
  if (contact.personId && contact.personName) {
    return <Link to={`/personnes/${contact.personId}`}>{contact.personName}</Link>
  }
  if (contact.personName === null && contact.personId === null && contact.anonymousDescription) {
    return <span>Anonyme — {contact.anonymousDescription}</span>
  }
  return <span>Anonyme</span>
}

/** A compact list of contacts, newest first, with an optional action per contact. */
export function ContactList(props: { contacts: Contact[]; action?: (contact: Contact) => React.ReactNode }) {
  const reasons = useReasons()
  const teams = useTeams()
  // A contact about a known person may lead to a follow-up: the follow-up page opens it (once per type).
  const canFollow = hasPermission(useMe().data, 'followup.write')
  const reasonLabel = new Map(reasons.data?.map((r) => [r.id, r.label]))
  const teamName = new Map(teams.data?.map((t) => [t.id, t.name]))
  if (props.contacts.length === 0) return <p>Aucun contact.</p>
  return (
    <ul className="fr-raw-list">
      {props.contacts.map((contact) => (
        <li
          key={contact.id}
          className="fr-py-2w"
          style={{ borderBottom: '1px solid var(--border-default-grey)' }}
        >
          <p className="fr-mb-1v">
            <strong>{formatDateTime(contact.occurredAt)}</strong> ·{' '}
            {channelLabels[contact.channel] ?? contact.channel}
            {contact.teamId && ` · ${teamName.get(contact.teamId) ?? 'Équipe'}`} ·{' '}
            <ContactWho contact={contact} />
            {contact.followUpStatus === 'pending' && (
              <Badge severity="warning" small className="fr-ml-1w">
                Suivi à faire
              </Badge>
            )}
            {contact.followUpStatus === 'done' && (
              <Badge severity="success" small className="fr-ml-1w">
                Suivi fait
              </Badge>
            )}
          </p>
          {contact.reasonIds.length > 0 && (
            <p className="fr-mb-1v fr-text--sm">
              Motifs : {contact.reasonIds.map((id) => reasonLabel.get(id) ?? '—').join(', ')}
            </p>
          )}
          {contact.orientationPartnerServiceName && (
            <p className="fr-mb-1v fr-text--sm">Orientation : {contact.orientationPartnerServiceName}</p>
          )}
          {contact.note && <p className="fr-mb-1v fr-text--sm">{contact.note}</p>}
          {contact.noteRestricted && (
            <p className="fr-mb-1v fr-text--sm">
              <span className="fr-icon-lock-line fr-icon--sm" aria-hidden="true" /> Note réservée à l’équipe
              du contact, à son auteur·rice et à la direction.
            </p>
          )}
          {contact.assignedToName && (
            <p className="fr-mb-1v fr-text--sm">Suivi confié à {contact.assignedToName}</p>
          )}
          <p className="fr-mb-0 fr-text--xs">Enregistré par {contact.createdBy}</p>
          {canFollow && contact.personId && (
            <p className="fr-mb-0 fr-text--sm">
              <Link to={`/accompagnement/personnes/${contact.personId}?contact=${contact.id}`}>
                Ouvrir un accompagnement
              </Link>
            </p>
          )}
          {props.action?.(contact)}
        </li>
      ))}
    </ul>
  )
}
