import type { EmailMessage } from '../../platform/mail.ts'

export function passwordResetEmail(to: string, link: string): EmailMessage {
  return {
    to,
    subject: 'Trame — réinitialisation de votre mot de passe',
    text: `Bonjour,

Une réinitialisation du mot de passe de votre compte Trame a été demandée.
Pour choisir un nouveau mot de passe, ouvrez ce lien (valable 1 heure) :

${link}

Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.

— Trame`,
  }
}

export function invitationEmail(to: string, link: string, organisationName: string): EmailMessage {
  return {
    to,
    subject: `Trame — invitation à rejoindre ${organisationName}`,
    text: `Bonjour,

Vous êtes invité·e à utiliser Trame, l'outil de l'action sociale de ${organisationName}.
Pour créer votre mot de passe et activer votre compte, ouvrez ce lien (valable 7 jours) :

${link}

— Trame`,
  }
}
