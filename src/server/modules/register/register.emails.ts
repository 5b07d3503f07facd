import type { EmailMessage } from '../../platform/mail.ts'

/**
 * The weekly reminder of the yearly reviews: counts and a link only. The register is confidential, so
 * the e-mail names nobody; the list is behind the sign-in.
 */
export function reviewReminderEmail(
  to: string,
  counts: { due: number; overdue: number },
  link: string,
): EmailMessage {
  const plural = counts.due > 1
  const overdue = counts.overdue > 0 ? ` (dont ${counts.overdue} en retard)` : ''
  return {
    to,
    subject: 'Registre des personnes vulnérables : révisions annuelles à faire',
    text:
      `Bonjour,\n\n${counts.due} inscription${plural ? 's' : ''} du registre des personnes vulnérables ` +
      `${plural ? 'doivent' : 'doit'} être révisée${plural ? 's' : ''} dans les 30 jours${overdue}. ` +
      `Vérifiez avec chaque personne que son inscription est à jour : ${link}` +
      '\n\nCe message ne contient aucun nom : le registre est confidentiel.\n\n— Trame',
  }
}
