import { hostConfirmCommand } from '../../../shared/organisation.ts'
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

/** Who confirms a grant when nobody in the organisation can (see scripts/roles-confirm.ts). */
export const HOST_NAME = 'l’hébergeur de Trame'

/**
 * To the requester, when no other active administrator nor the director could confirm (they were
 * deactivated): the hosting operator must, and is asked outside Trame.
 */
export function roleGrantAwaitsHostEmail(
  to: string,
  grant: { userName: string; roles: readonly Role[]; grantId: string },
): EmailMessage {
  return {
    to,
    subject: 'Trame — votre demande de rôle attend la confirmation de l’hébergeur',
    text: `Bonjour,

Vous avez demandé de donner à ${grant.userName} les rôles suivants : ${rolesText(grant.roles)}.

Aucun autre administrateur actif ni la direction ne peut confirmer cette demande : elle doit l'être par
${HOST_NAME}. Transmettez-lui l'identifiant de la demande, ${grant.grantId} ; il la confirme avec
la commande : ${hostConfirmCommand(grant.grantId)}

Les rôles ne s'appliquent qu'une fois la demande confirmée.

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
