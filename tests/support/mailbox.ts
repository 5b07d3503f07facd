import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedEmail {
  to: string
  subject: string
  messageId: string
  text: string
}

/** A real SMTP server on loopback: tests read what Trame actually sent. */
export async function startMailbox(options: { onMessage?: (index: number) => Promise<void> } = {}) {
  const received: ReceivedEmail[] = []
  let index = 0
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', async () => {
        const n = index++
        try {
          await options.onMessage?.(n)
        } catch (error) {
          return callback(error as Error)
        }
        const parsed = await simpleParser(Buffer.concat(chunks))
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address).join(', '),
          subject: parsed.subject ?? '',
          messageId: parsed.messageId ?? '',
          text: parsed.text ?? '',
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** The first link to Trame found in the last e-mail sent to `to`. */
    linkFor(to: string) {
      const mail = received.filter((m) => m.to === to).at(-1)
      const link = mail?.text.match(/https?:\/\/\S+token=[A-Za-z0-9_%-]+/)?.[0]
      if (!link) throw new Error(`no link in e-mails to ${to}`)
      return link
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
