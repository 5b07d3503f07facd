import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { todayInFrance } from '../../../shared/dates.ts'
import type { MailProxy, mailProxyInputSchema } from '../../../shared/domiciliation.mail.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { ProxiesRepository, ProxyRow } from './domiciliation.proxies.repository.ts'

/** Valid on `day`: not revoked, and `day` within its dates. */
export function proxyValidOn(proxy: ProxyRow, day: string) {
  return (
    proxy.revoked_at === null &&
    String(proxy.valid_from) <= day &&
    (proxy.valid_until === null || String(proxy.valid_until) >= day)
  )
}

export function toProxy(row: ProxyRow, today = todayInFrance()): MailProxy {
  return {
    id: row.id,
    personId: row.person_id,
    lastName: row.last_name,
    firstName: row.first_name,
    identityDocument: row.identity_document,
    validFrom: String(row.valid_from),
    validUntil: row.valid_until === null ? null : String(row.valid_until),
    revokedAt: isoTimestamp(row.revoked_at),
    valid: proxyValidOn(row, today),
  }
}

/**
 * Proxies (procurations): people a domiciled person allows to collect their mail, for a time. Whoever
 * hands mail over (`domiciliation.mail`) keeps them: the proxy comes to the mail desk.
 */
export class ProxiesService {
  constructor(
    private readonly repo: ProxiesRepository,
    private readonly people: PeopleService,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  private async personOrFail(actor: Actor, personId: string, db: Kysely<Database>) {
    if (!(await this.people.visiblePeople(actor, [personId], db)).has(personId)) throw notFound()
  }

  async list(actor: Actor, personId: string) {
    assertAllowed(actor, 'domiciliation.mail')
    return this.db.transaction().execute(async (trx) => {
      await this.personOrFail(actor, personId, trx)
      const rows = await this.repo.list(trx, actor.organisationId, personId)
      await recordAudit(trx, actor, { action: 'mail.proxy_list', entityType: 'mail_proxy', personId })
      const today = todayInFrance()
      return rows.map((row) => toProxy(row, today))
    })
  }

  async create(actor: Actor, input: z.infer<typeof mailProxyInputSchema>) {
    assertAllowed(actor, 'domiciliation.mail')
    return this.db.transaction().execute(async (trx) => {
      const file = await this.people.recordFileOf(actor, input.personId, trx)
      if (!file) throw validationError('personId', 'Personne inconnue.')
      const row = await this.repo.insert(trx, {
        organisation_id: actor.organisationId,
        person_id: file.id,
        last_name: input.lastName,
        first_name: input.firstName ?? null,
        identity_document: input.identityDocument ?? null,
        valid_from: input.validFrom,
        valid_until: input.validUntil ?? null,
        created_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'mail.proxy_create',
        entityType: 'mail_proxy',
        entityId: row.id,
        personId: file.id,
      })
      return toProxy(row)
    })
  }

  async revoke(actor: Actor, id: string) {
    assertAllowed(actor, 'domiciliation.mail')
    return this.db.transaction().execute(async (trx) => {
      const current = await this.repo.find(trx, actor.organisationId, id)
      if (!current) throw notFound()
      await this.personOrFail(actor, current.person_id, trx)
      const row = (await this.repo.revoke(trx, id, actor.userId)) ?? current
      await recordAudit(trx, actor, {
        action: 'mail.proxy_revoke',
        entityType: 'mail_proxy',
        entityId: id,
        personId: current.person_id,
      })
      return toProxy(row)
    })
  }

  /**
   * For the handover: the person's proxy, valid today. A proxy of someone else, revoked, not yet or no
   * longer valid is refused as a field error.
   */
  async validProxy(actor: Actor, personId: string, proxyId: string, db: Kysely<Database>) {
    const proxy = await this.repo.find(db, actor.organisationId, proxyId)
    if (!proxy || proxy.person_id !== personId) throw validationError('proxyId', 'Mandataire inconnu.')
    if (proxy.revoked_at !== null) {
      throw validationError(
        'proxyId',
        'Cette procuration a été révoquée : le courrier ne peut pas lui être remis.',
      )
    }
    if (!proxyValidOn(proxy, todayInFrance())) {
      throw validationError(
        'proxyId',
        'Cette procuration n’est pas valide aujourd’hui (hors de ses dates) : le courrier ne peut pas lui être remis.',
      )
    }
    return proxy
  }
}
