import nodemailer from 'nodemailer'

export interface EmailMessage {
  to: string
  subject: string
  text: string
}

export interface Mailer {
  /** `messageId` is stable per outbox row, so a resent e-mail can be recognised as the same one. */
  send(message: EmailMessage & { messageId: string }): Promise<void>
  close(): void
}

export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl)
  return {
    async send(message) {
      await transport.sendMail({ from, ...message })
    },
    close: () => transport.close(),
  }
}

/** Development only (the config refuses production without SMTP): e-mails go to the console. */
export function consoleMailer(write: (line: string) => void = (line) => process.stdout.write(line)): Mailer {
  return {
    async send(message) {
      write(
        `\n──── E-mail (SMTP non configuré, mode développement) ────\nÀ : ${message.to}\nObjet : ${message.subject}\n\n${message.text}\n────────────────────────────────────────────────────────\n`,
      )
    },
    close: () => {},
  }
}
