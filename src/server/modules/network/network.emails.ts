import { HELP_KIND, type HelpKind } from '../../../shared/network.ts'
import type { EmailMessage } from '../../platform/mail.ts'

const SIGNATURE = '\n\n— Trame, réseau de voisins solidaires'

/** Sent after every sign-up, so that the form never tells whether an address already has an account. */
export function signupReceivedEmail(
  to: string,
  organisationName: string,
  alreadyRegistered: boolean,
): EmailMessage {
  return {
    to,
    subject: 'Votre inscription au réseau de voisins solidaires',
    text: alreadyRegistered
      ? `Bonjour,\n\nUne inscription au réseau de voisins solidaires de ${organisationName} a été demandée avec votre adresse, qui a déjà un compte. Connectez-vous avec votre mot de passe habituel. Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.${SIGNATURE}`
      : `Bonjour,\n\nMerci de votre inscription au réseau de voisins solidaires de ${organisationName}. La coordinatrice va examiner votre candidature ; vous recevrez un message dès qu’elle sera validée.${SIGNATURE}`,
  }
}

export function volunteerApprovedEmail(
  to: string,
  organisationName: string,
  portalUrl: string,
): EmailMessage {
  return {
    to,
    subject: 'Votre inscription est validée',
    text: `Bonjour,\n\nVotre inscription au réseau de voisins solidaires de ${organisationName} est validée. Vous pouvez voir les besoins des personnes âgées de votre quartier : ${portalUrl}${SIGNATURE}`,
  }
}

/** The offer of a need: its kind and the link, nothing about the senior. */
export function needOfferedEmail(to: string, kind: HelpKind, link: string): EmailMessage {
  return {
    to,
    subject: `Un voisin a besoin d’aide : ${HELP_KIND.labels[kind].toLowerCase()}`,
    text: `Bonjour,\n\nUne personne âgée près de chez vous a besoin d’aide (${HELP_KIND.labels[kind].toLowerCase()}). Le premier bénévole qui accepte s’en charge : ${link}${SIGNATURE}`,
  }
}
