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

/**
 * A need escalated to a partner association: what kind of help, never who; the coordinator passes the
 * senior's details on by phone, with the person's agreement.
 */
export function needEscalatedToPartnerEmail(
  to: string,
  organisationName: string,
  kind: HelpKind,
  urgent: boolean,
): EmailMessage {
  const what = HELP_KIND.labels[kind].toLowerCase()
  return {
    to,
    subject: `${urgent ? 'Urgent — ' : ''}Demande d’aide transmise par ${organisationName} : ${what}`,
    text: `Bonjour,\n\nLe réseau de voisins solidaires de ${organisationName} n’a pas trouvé de bénévole pour aider une personne âgée (${what}) et vous transmet sa demande. La coordinatrice du réseau vous appellera pour vous donner les informations utiles, avec l’accord de la personne.${SIGNATURE}`,
  }
}

/**
 * A need escalated to an internal team: what kind of help, never who; as for a partner, the
 * coordinator passes the senior's details on to the team.
 */
export function needEscalatedToTeamEmail(
  to: string,
  teamName: string,
  kind: HelpKind,
  urgent: boolean,
): EmailMessage {
  const what = HELP_KIND.labels[kind].toLowerCase()
  return {
    to,
    subject: `${urgent ? 'Urgent — ' : ''}Un besoin du réseau de voisins solidaires est transmis à votre équipe : ${what}`,
    text: `Bonjour,\n\nAucun bénévole du réseau de voisins solidaires n’a accepté à temps d’aider une personne âgée (${what}). Le besoin est transmis à l’équipe « ${teamName} ». La coordinatrice du réseau vous appellera pour vous donner les informations utiles ; dites-lui ensuite la suite donnée, qu’elle notera dans Trame.${SIGNATURE}`,
  }
}

/** The coordinators' notice of needs left waiting past their delay: counts and a link only. */
export function needsWaitingEmail(
  to: string,
  counts: { escalated: number; waiting: number },
  link: string,
): EmailMessage {
  const lines = [
    counts.escalated > 0
      ? `${counts.escalated} besoin(s) sans bénévole ont été transmis automatiquement ; notez la suite donnée.`
      : null,
    counts.waiting > 0
      ? `${counts.waiting} besoin(s) attendent un bénévole au-delà du délai prévu ; aucun destinataire n’est configuré pour les transmettre automatiquement.`
      : null,
  ].filter(Boolean)
  return {
    to,
    subject: 'Réseau de voisins solidaires : besoins en attente',
    text: `Bonjour,\n\n${lines.join('\n')}\n\n${link}${SIGNATURE}`,
  }
}

/** New reports of people who seem isolated: how many, from whom, and the link; never what they say. */
export function newReportsEmail(
  to: string,
  counts: { volunteer: number; citizen: number },
  link: string,
): EmailMessage {
  const total = counts.volunteer + counts.citizen
  const parts = [
    counts.volunteer > 0 ? `${counts.volunteer} par des bénévoles du réseau` : null,
    counts.citizen > 0 ? `${counts.citizen} reçu(s) par le CCAS (formulaire en ligne ou accueil)` : null,
  ].filter(Boolean)
  return {
    to,
    subject: `Réseau de voisins solidaires : ${total} nouveau(x) signalement(s) de personne isolée`,
    text: `Bonjour,\n\n${total} nouveau(x) signalement(s) de personne qui semble isolée : ${parts.join(', ')}. Examinez-les dans Trame : ${link}${SIGNATURE}`,
  }
}

/** A volunteer gave back as many needs as the weekly limit: counts only, the coordinator looks them up. */
export function weeklyReleaseLimitEmail(to: string, released: number, link: string): EmailMessage {
  return {
    to,
    subject: 'Un bénévole a atteint la limite de besoins rendus',
    text: `Bonjour,\n\nUn bénévole du réseau a rendu ${released} besoins ces 7 derniers jours, la limite fixée dans les réglages. Chaque besoin accepté lui a montré le nom, l’adresse et le téléphone d’une personne aidée : il ne peut plus accepter de besoin pendant quelques jours. Il est signalé dans la liste des bénévoles : ${link}${SIGNATURE}`,
  }
}
