import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { todayInFrance } from '../../../shared/dates.ts'
import {
  type MailHandoverInput,
  type MailItem,
  type MailItemInput,
  type MailRecipient,
  type mailForwardInputSchema,
  type mailItemPageQuerySchema,
  type mailReturnInputSchema,
  proxyDisplayName,
} from '../../../shared/domiciliation.mail.ts'
import { MAIL_KIND } from '../../../shared/domiciliation.ts'
import type { ContactChannel } from '../../../shared/frontdesk.ts'
import { personDisplayName, type TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import { enqueueEmail } from '../../platform/outbox.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { andInActiveBase } from '../../platform/retention.ts'
import { newestFirst, type TimelineSource } from '../../platform/timeline.ts'
import type { FrontdeskService } from '../frontdesk/frontdesk.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import { mailWaitingEmail } from './domiciliation.mail.emails.ts'
import type { MailItemRow, MailRepository } from './domiciliation.mail.repository.ts'
import type { ProxiesService } from './domiciliation.proxies.service.ts'

/** At most one "mail waits" e-mail to a person in this time, however many letters arrive. */
const NOTIFY_AT_MOST_EVERY_MS = 12 * 3600_000

/** Calls and visits of the person at the front desk count for the 3-month rule. */
const CONTACT_CHANNELS: readonly ContactChannel[] = ['walk_in', 'phone']

const NOT_IN_FORCE =
  'Cette personne n’a pas de domiciliation en cours aujourd’hui : son courrier ne peut pas être enregistré.'
const NOT_WAITING = 'Ce courrier n’est plus en attente (déjà remis, réexpédié ou retourné).'

function toItem(row: MailItemRow): MailItem {
  return {
    id: row.id,
    personId: row.person_id,
    kind: row.kind,
    sender: row.sender,
    receivedAt: isoTimestamp(row.received_at),
    status: row.status,
    closedAt: isoTimestamp(row.closed_at),
    handedTo: row.handed_to,
    proxyName:
      row.proxy_last_name === null
        ? null
        : proxyDisplayName({ lastName: row.proxy_last_name, firstName: row.proxy_first_name }),
    forwardedTo: row.forwarded_to,
    contactId: row.contact_id,
    notifiedAt: isoTimestamp(row.notified_at),
  }
}

type RecipientRow = {
  id: string
  file_number: string
  last_name: string | null
  usage_name: string | null
  first_names: string | null
  description: string | null
  aliases: string[]
  start_on: string | null
  end_on: string | null
  waiting: string
}
const toRecipient = (row: RecipientRow): MailRecipient => ({
  personId: row.id,
  displayName: personDisplayName({
    lastName: row.last_name,
    usageName: row.usage_name,
    firstNames: row.first_names,
    description: row.description,
    aliases: row.aliases,
  }),
  fileNumber: row.file_number,
  period: row.start_on && row.end_on ? { startOn: String(row.start_on), endOn: String(row.end_on) } : null,
  waitingCount: Number(row.waiting),
})

/**
 * The mail of domiciled people: logged as it arrives (only for a period in force), handed over to the
 * person or a valid proxy, forwarded, or returned to its sender. The front desk (`domiciliation.mail`)
 * sees names, file numbers, the period in force and waiting items, nothing of the instruction.
 */
export class MailService {
  constructor(
    private readonly repo: MailRepository,
    private readonly people: PeopleService,
    private readonly frontdesk: FrontdeskService,
    private readonly proxies: ProxiesService,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  /** "Dupont", "jean dup", "000123" or the scanned "123": people domiciled today, with waiting counts. */
  async recipients(actor: Actor, q: string) {
    assertAllowed(actor, 'domiciliation.mail')
    const typed = q.trim()
    const query = /^\d+$/.test(typed)
      ? { fileNumber: typed.padStart(6, '0'), words: [] }
      : { fileNumber: null, words: typed.split(/\s+/).filter(Boolean).slice(0, 5) }
    return this.db.transaction().execute(async (trx) => {
      const rows = await this.repo.recipients(
        actor.organisationId,
        query,
        todayInFrance(),
        // A search: an archived file is out of it.
        andInActiveBase(this.people.visibleFileSql(actor, 'r.id'), 'r.id'),
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'mail.recipient_search',
        entityType: 'person',
        personIds: rows.map((r) => r.id),
      })
      return rows.map(toRecipient)
    })
  }

  /** One person as the mail desk sees them: also those whose period ended (their mail waits still). */
  async recipient(actor: Actor, personId: string) {
    assertAllowed(actor, 'domiciliation.mail')
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.people.visiblePeople(actor, [personId], trx)).has(personId)) throw notFound()
      const row = await this.repo.recipient(actor.organisationId, personId, todayInFrance(), trx)
      if (!row) throw notFound()
      await recordAudit(trx, actor, { action: 'mail.recipient_read', entityType: 'person', personId })
      return toRecipient(row)
    })
  }

  async log(actor: Actor, input: MailItemInput) {
    return (await this.logBatch(actor, [input], (_i) => ''))[0]!
  }

  /**
   * Logs a pile of mail: all items, or none when one is for someone without a period in force (the
   * field error names that item). People who said yes to messages are told that mail waits.
   */
  async logBatch(actor: Actor, items: MailItemInput[], pathOf = (i: number) => `items.${i}.`) {
    assertAllowed(actor, 'domiciliation.mail')
    const today = todayInFrance()
    return this.db.transaction().execute(async (trx) => {
      const personIds = [...new Set(items.map((item) => item.personId))]
      const visible = await this.people.visiblePeople(actor, personIds, trx)
      const periods = await this.repo.periodsInForce(
        actor.organisationId,
        personIds.filter((id) => visible.has(id) && visible.get(id)!.mergedIntoId === null),
        today,
        trx,
      )
      items.forEach((item, i) => {
        if (!visible.has(item.personId)) throw validationError(`${pathOf(i)}personId`, 'Personne inconnue.')
        if (!periods.has(item.personId)) throw validationError(`${pathOf(i)}personId`, NOT_IN_FORCE)
      })
      const rows = await this.repo.insertItems(
        trx,
        items.map((item) => ({
          organisation_id: actor.organisationId,
          person_id: item.personId,
          domiciliation_id: periods.get(item.personId)!.id,
          kind: item.kind,
          sender: item.sender ?? null,
          received_by: actor.userId,
        })),
      )
      const notified = await this.notify(actor.organisationId, personIds, rows, trx)
      await recordAudit(trx, actor, {
        action: 'mail.log',
        entityType: 'mail_item',
        entityId: rows.length === 1 ? rows[0]!.id : null,
        personId: personIds.length === 1 ? personIds[0] : null,
        personIds,
        details: { items: rows.length },
      })
      return rows.map((row) =>
        toItem({
          ...row,
          notified_at: notified.has(row.id) ? new Date() : null,
          proxy_last_name: null,
          proxy_first_name: null,
        }),
      )
    })
  }

  /** Enqueues the e-mails in the logging transaction: sent only if the mail is really logged. */
  private async notify(
    organisationId: string,
    personIds: string[],
    rows: { id: string; person_id: string }[],
    trx: Kysely<Database>,
  ) {
    const since = new Date(Date.now() - NOTIFY_AT_MOST_EVERY_MS)
    const recipients = await this.repo.toNotify(organisationId, personIds, since, trx)
    if (recipients.length === 0) return new Set<string>()
    const organisationName = await this.repo.organisationName(trx, organisationId)
    for (const recipient of recipients) {
      await enqueueEmail(trx, mailWaitingEmail(recipient.email!, organisationName), organisationId)
    }
    const told = new Set(recipients.map((r) => r.id))
    const itemIds = rows.filter((row) => told.has(row.person_id)).map((row) => row.id)
    await this.repo.markNotified(trx, itemIds)
    return new Set(itemIds)
  }

  async page(actor: Actor, query: z.infer<typeof mailItemPageQuerySchema>) {
    assertAllowed(actor, 'domiciliation.mail')
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.people.visiblePeople(actor, [query.personId], trx)).has(query.personId))
        throw notFound()
      const { items, total } = await this.repo.page(
        actor.organisationId,
        [query.personId],
        query.status,
        query,
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'mail.list',
        entityType: 'mail_item',
        personId: query.personId,
      })
      return { items: items.map(toItem), total, page: query.page, pageSize: query.pageSize }
    })
  }

  /** Locks the items and checks they are the person's and still waiting. */
  private async waitingItems(actor: Actor, personId: string, itemIds: string[], trx: Kysely<Database>) {
    if (!(await this.people.visiblePeople(actor, [personId], trx)).has(personId)) {
      throw validationError('personId', 'Personne inconnue.')
    }
    const ids = [...new Set(itemIds)]
    const found = new Map(
      (await this.repo.lockItems(trx, actor.organisationId, personId, ids)).map((r) => [r.id, r.status]),
    )
    itemIds.forEach((id, i) => {
      const status = found.get(id)
      if (!status) throw validationError(`itemIds.${i}`, 'Courrier inconnu.')
      if (status !== 'waiting') throw validationError(`itemIds.${i}`, NOT_WAITING)
    })
    return ids
  }

  /**
   * Hands waiting mail over. To the person: it is a contact (the 3-month rule); to a proxy valid
   * today: it is not. With `contact`, the front desk visit is logged in the same transaction and the
   * items carry it.
   */
  async handover(actor: Actor, input: MailHandoverInput) {
    assertAllowed(actor, 'domiciliation.mail')
    if (input.contact) assertAllowed(actor, 'contact.write')
    return this.db.transaction().execute(async (trx) => {
      const ids = await this.waitingItems(actor, input.personId, input.itemIds, trx)
      const proxy =
        input.recipient === 'proxy'
          ? await this.proxies.validProxy(actor, input.personId, input.proxyId!, trx)
          : null
      const contact = input.contact
        ? await this.frontdesk.create(actor, { ...input.contact, personId: input.personId }, trx)
        : null
      const rows = await this.repo.close(trx, ids, {
        status: 'handed_over',
        closed_by: actor.userId,
        handed_to: input.recipient,
        proxy_id: proxy?.id ?? null,
        contact_id: contact?.id ?? null,
      })
      if (!proxy) {
        await this.repo.touchLastContact(
          trx,
          actor.organisationId,
          input.personId,
          new Date(),
          todayInFrance(),
        )
      }
      await recordAudit(trx, actor, {
        action: 'mail.handover',
        entityType: 'mail_item',
        personId: input.personId,
        details: { items: ids.length, recipient: input.recipient, proxyId: proxy?.id ?? null },
      })
      return { items: rows.map(toItem), contactId: contact?.id ?? null }
    })
  }

  async forward(actor: Actor, input: z.infer<typeof mailForwardInputSchema>) {
    assertAllowed(actor, 'domiciliation.mail')
    return this.db.transaction().execute(async (trx) => {
      const ids = await this.waitingItems(actor, input.personId, input.itemIds, trx)
      const rows = await this.repo.close(trx, ids, {
        status: 'forwarded',
        closed_by: actor.userId,
        forwarded_to: input.address,
      })
      await recordAudit(trx, actor, {
        action: 'mail.forward',
        entityType: 'mail_item',
        personId: input.personId,
        details: { items: ids.length },
      })
      return { items: rows.map(toItem), contactId: null }
    })
  }

  /** NPAI: the mail goes back to its sender (the person is unknown here, or no longer domiciled). */
  async returnToSender(actor: Actor, input: z.infer<typeof mailReturnInputSchema>) {
    assertAllowed(actor, 'domiciliation.mail')
    return this.db.transaction().execute(async (trx) => {
      const ids = await this.waitingItems(actor, input.personId, input.itemIds, trx)
      const rows = await this.repo.close(trx, ids, { status: 'returned', closed_by: actor.userId })
      await recordAudit(trx, actor, {
        action: 'mail.return',
        entityType: 'mail_item',
        personId: input.personId,
        details: { items: ids.length },
      })
      return { items: rows.map(toItem), contactId: null }
    })
  }

  /** The front desk's calls and visits of a domiciled person count for the 3-month rule. */
  contactListener() {
    return {
      channels: CONTACT_CHANNELS,
      contactLogged: (db: Kysely<Database>, actor: Actor, contact: { personId: string; occurredAt: Date }) =>
        this.repo
          .touchLastContact(db, actor.organisationId, contact.personId, contact.occurredAt, todayInFrance())
          .then(() => undefined),
    }
  }

  /** Mail handed over, on the person's timeline: one entry per handover (items closed together). */
  timelineSource(): TimelineSource {
    const mayRead = (actor: Actor) =>
      roleAllows(actor.roles, 'domiciliation.mail') || roleAllows(actor.roles, 'domiciliation.read')
    return {
      kind: 'mail',
      label: 'Courrier (domiciliation)',
      entries: async (db, actor, personIds, { limit }) => {
        if (!mayRead(actor)) return []
        const rows = await this.repo.latestHandoverItems(db, personIds, limit)
        const handovers = new Map<string, MailItemRow[]>()
        for (const row of rows) {
          const key = `${row.person_id}|${isoTimestamp(row.closed_at)}|${row.proxy_id ?? ''}`
          handovers.set(key, [...(handovers.get(key) ?? []), row])
        }
        const entries = [...handovers.values()].map((items): TimelineEntry => {
          const first = items[0]!
          const counts = new Map<string, number>()
          for (const item of items) counts.set(item.kind, (counts.get(item.kind) ?? 0) + 1)
          const to =
            first.handed_to === 'proxy' && first.proxy_last_name !== null
              ? `à son mandataire ${proxyDisplayName({ lastName: first.proxy_last_name, firstName: first.proxy_first_name })}`
              : 'à la personne'
          return {
            kind: 'mail',
            kindLabel: 'Courrier',
            id: first.id,
            at: isoTimestamp(first.closed_at)!,
            title: `${items.length === 1 ? 'Courrier remis' : `${items.length} courriers remis`} ${to}`,
            detail: [...counts]
              .map(([kind, n]) => `${n} × ${MAIL_KIND.labels[kind as keyof typeof MAIL_KIND.labels]}`)
              .join(', '),
            personId: first.person_id,
          }
        })
        return newestFirst(entries, limit)
      },
      count: async (db, actor, personIds) => (mayRead(actor) ? this.repo.handoverCount(db, personIds) : 0),
      latest: async (db, actor, personIds) => {
        if (!mayRead(actor)) return new Map()
        const rows = await this.repo.latestHandovers(db, personIds)
        return new Map(rows.filter((r) => r.at).map((r) => [r.person_id, new Date(r.at as Date)]))
      },
      export: async (db, _actor, personIds) =>
        (await this.repo.ofPeople(db, personIds, false, 100_000)).map(toItem),
    }
  }
}
