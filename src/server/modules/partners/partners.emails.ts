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

/** A password reset the contact asked for on the partner page's sign-in. */
export function partnerContactPasswordResetEmail(
  to: string,
  organisationName: string,
  link: string,
): EmailMessage {
  return {
    to,
    subject: `Page partenaire de ${organisationName} : nouveau mot de passe`,
    text: `Bonjour,\n\nUn nouveau mot de passe a été demandé pour votre accès à la page partenaire de ${organisationName}. Choisissez-le avec ce lien, valable 1 heure et une seule fois :\n${link}\n\nSi vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.\n\n— Trame, ${organisationName}`,
  }
}
