import type { EmailMessage } from '../../platform/mail.ts'

/** The invitation of a partner's contact: the link to choose a password, nothing about any person. */
export function partnerContactInvitationEmail(
  to: string,
  partnerName: string,
  organisationName: string,
  link: string,
): EmailMessage {
  return {
    to,
    subject: `Votre accès à la page partenaire de ${organisationName}`,
    text: `Bonjour,\n\n${organisationName} vous invite à répondre aux orientations adressées à ${partnerName} sur sa page partenaire. Choisissez votre mot de passe avec ce lien, valable 7 jours et une seule fois :\n${link}\n\nSi vous n’attendiez pas ce message, ignorez-le.\n\n— Trame, ${organisationName}`,
  }
}
