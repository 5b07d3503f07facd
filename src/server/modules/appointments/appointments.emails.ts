import type { EmailMessage } from '../../platform/mail.ts'

const when = (at: Date) =>
  new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at)

/** The day-before reminder to the person: when and where only, nothing about why. */
export function appointmentReminderEmail(
  to: string,
  appointment: { startsAt: Date; place: string | null; organisationName: string },
): EmailMessage {
  const place = appointment.place ? ` (${appointment.place})` : ''
  return {
    to,
    subject: `Rappel : votre rendez-vous de demain — ${appointment.organisationName}`,
    text:
      `Bonjour,\n\nNous vous rappelons votre rendez-vous ${when(appointment.startsAt)}${place} ` +
      `avec ${appointment.organisationName}.\n\nSi vous ne pouvez pas venir, merci de nous prévenir.` +
      '\n\nVous recevez ce message parce que vous avez accepté d’être contacté·e par e-mail.\n\n— Trame',
  }
}
