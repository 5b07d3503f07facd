import { ROLE_LABELS, type Role } from '../../../shared/roles.ts'
import type { EmailMessage } from '../../platform/mail.ts'

const rolesText = (roles: readonly Role[]) => roles.map((role) => ROLE_LABELS[role]).join(', ')

/** To the other administrators: a grant of a sensitive role waits for one of them, or the director. */
export function roleGrantRequestedEmail(
  to: string,
  grant: { requesterName: string; userName: string; roles: readonly Role[] },
): EmailMessage {
  return {
    to,
    subject: 'Trame — un changement de rôle attend votre confirmation',
    text: `Bonjour,

${grant.requesterName} demande de donner à ${grant.userName} les rôles suivants : ${rolesText(grant.roles)}.

Ces rôles ouvrent un accès étendu : ils ne s'appliquent qu'une fois confirmés par un autre administrateur
ou par la direction. Si vous attendiez ce changement, confirmez-le dans Trame,
menu Administration, rubrique « Rôles à confirmer ».
Sinon, annulez la demande et parlez-en à votre responsable.

— Trame`,
  }
}

/**
 * To the account itself and the others who hold a wide role: an account with the director or
 * administrator role was deactivated or reactivated, so that nobody removes the others unseen.
 */
export function wideAccountStatusEmail(
  to: string,
  change: { actorName: string; userName: string; roles: readonly Role[]; active: boolean },
): EmailMessage {
  const what = change.active ? 'réactivé' : 'désactivé'
  return {
    to,
    subject: `Trame — un compte ${change.active ? 'de direction ou d’administration réactivé' : 'de direction ou d’administration désactivé'}`,
    text: `Bonjour,

${change.actorName} a ${what} le compte de ${change.userName} (${rolesText(change.roles)}).

Si ce changement vous surprend, parlez-en à votre responsable et consultez le journal d'audit de Trame.

— Trame`,
  }
}

/** To the other administrators: a sensitive role was given, once confirmed. */
export function roleGrantAppliedEmail(
  to: string,
  grant: { requesterName: string; confirmerName: string; userName: string; roles: readonly Role[] },
): EmailMessage {
  const who = `à la demande de ${grant.requesterName}, confirmée par ${grant.confirmerName}`
  return {
    to,
    subject: 'Trame — un rôle étendu a été donné',
    text: `Bonjour,

${grant.userName} a désormais les rôles suivants : ${rolesText(grant.roles)}, ${who}.

Si ce changement vous surprend, retirez ces rôles dans Trame, rubrique « Utilisateurs », et consultez le journal d'audit.

— Trame`,
  }
}
