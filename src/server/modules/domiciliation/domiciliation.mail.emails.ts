import type { EmailMessage } from '../../platform/mail.ts'

/**
 * Tells a domiciled person that mail waits for them. Neither sender nor content nor kind: an e-mail
 * box may be read by others, and a letter from a court or a creditor says much.
 */
export function mailWaitingEmail(to: string, organisationName: string): EmailMessage {
  return {
    to,
    subject: `Du courrier vous attend — ${organisationName}`,
    text:
      `Bonjour,\n\nDu courrier est arrivé pour vous à ${organisationName}, où vous êtes domicilié·e. ` +
      'Vous pouvez venir le retirer aux heures d’ouverture de l’accueil, muni·e d’une pièce d’identité, ' +
      'ou le faire retirer par une personne à qui vous avez donné procuration.' +
      '\n\nVous recevez ce message parce que vous avez accepté d’être contacté·e par e-mail.\n\n— Trame',
  }
}
