import type { EmailMessage } from '../../platform/mail.ts'

/**
 * The acknowledgement a citizen receives: the reference and generic words, nothing about anyone,
 * the same whatever the report is about.
 */
export function reportAcknowledgementEmail(
  to: string,
  reference: string,
  organisationName: string,
): EmailMessage {
  return {
    to,
    subject: `Signalement ${reference} bien reçu`,
    text: `Bonjour,

Votre signalement a bien été reçu par ${organisationName}. Sa référence est ${reference}.

Il a été transmis à l'équipe du CCAS chargée de ce type de situation, qui va l'examiner. Pour
protéger les personnes concernées, aucune information sur la suite donnée ne peut vous être
communiquée. Si vous avez accepté d'être rappelé·e, un agent pourra vous contacter.

En cas de danger immédiat, appelez le 115 (urgence sociale), le 15 (SAMU) ou le 112.

Vous n'êtes pas à l'origine de ce signalement ? Ignorez ce message.

— Trame`,
  }
}
