import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMailbox } from '../../../tests/support/mailbox.ts'
import { createTestContext, type TestContext } from '../../../tests/support/test-app.ts'
import { smtpMailer } from './mail.ts'
import { emailHandler, enqueueEmail, OutboxSweeper } from './outbox.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const silent = { info: () => {}, warn: () => {}, error: () => {} }

describe('outbox sweeper', () => {
  it('loses no e-mail and sends each once when a sweeper dies mid-run', async () => {
    // The SMTP server stalls on the third message, as a network cut would; the sweeper then "dies".
    let releaseStall: () => void = () => {}
    let stalled: () => void = () => {}
    const stallReached = new Promise<void>((resolve) => {
      stalled = resolve
    })
    const mailbox = await startMailbox({
      onMessage: (index) => {
        if (index !== 2) return Promise.resolve()
        stalled()
        return new Promise<void>((_resolve, reject) => {
          releaseStall = () => reject(new Error('connection lost'))
        })
      },
    })
    const recipients = Array.from({ length: 6 }, (_, i) => `agent${i}@outbox.test`)
    for (const to of recipients)
      await enqueueEmail(ctx.db, { to, subject: `Message ${to}`, text: 'Bonjour' }, null)

    const dyingMailer = smtpMailer(mailbox.url, 'Trame <t@trame.test>')
    const dying = new OutboxSweeper(ctx.db, {
      handlers: { email: emailHandler(dyingMailer) },
      logger: silent,
      intervalMs: 60_000,
      leaseSeconds: 1,
    })
    const zombie = dying.runOnce()
    await stallReached
    // Killed mid-send: this runner never comes back. Its claimed rows stay "sending" until the lease runs out.
    const afterCrash = await ctx.db
      .selectFrom('outbox')
      .select(['status'])
      .where('kind', '=', 'email')
      .execute()
    expect(afterCrash.filter((r) => r.status === 'done')).toHaveLength(2)
    expect(afterCrash.filter((r) => r.status === 'sending')).toHaveLength(4)

    await new Promise((resolve) => setTimeout(resolve, 1100))
    const healthyMailer = smtpMailer(mailbox.url, 'Trame <t@trame.test>')
    const resumed = new OutboxSweeper(ctx.db, {
      handlers: { email: emailHandler(healthyMailer) },
      logger: silent,
      intervalMs: 60_000,
      leaseSeconds: 30,
    })
    expect(await resumed.runOnce()).toBe(4)
    healthyMailer.close()

    // Even if the dead runner wakes up later, it must not resend or undo anything.
    releaseStall()
    await zombie.catch(() => {})
    dyingMailer.close()

    const delivered = mailbox.received.map((m) => m.to).sort()
    expect(delivered).toEqual([...recipients].sort())
    expect(new Set(mailbox.received.map((m) => m.messageId)).size).toBe(recipients.length)
    const statuses = await ctx.db
      .selectFrom('outbox')
      .select(['status', 'payload'])
      .where('kind', '=', 'email')
      .execute()
    expect(statuses.every((r) => r.status === 'done')).toBe(true)
    // A delivered e-mail (and the link it carried) is not kept in the database.
    expect(statuses.every((r) => JSON.stringify(r.payload) === '{}')).toBe(true)
    await mailbox.close()
  })

  it('lets only one sweeper claim a row when two run at once', async () => {
    for (let i = 0; i < 5; i++)
      await enqueueEmail(ctx.db, { to: `twice${i}@outbox.test`, subject: 'x', text: 'x' }, null)
    const mailbox = await startMailbox()
    const mailer = smtpMailer(mailbox.url, 'Trame <t@trame.test>')
    const make = () =>
      new OutboxSweeper(ctx.db, {
        handlers: { email: emailHandler(mailer) },
        logger: silent,
        intervalMs: 60_000,
      })
    await Promise.all([make().runOnce(), make().runOnce()])
    await make().runOnce()
    mailer.close()
    expect(
      mailbox.received
        .filter((m) => m.to.startsWith('twice'))
        .map((m) => m.to)
        .sort(),
    ).toEqual(Array.from({ length: 5 }, (_, i) => `twice${i}@outbox.test`))
    await mailbox.close()
  })
})
