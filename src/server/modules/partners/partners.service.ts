import type { z } from 'zod'
import type {
  Partner,
  PartnerImportResult,
  PartnerService,
  partnerCreateSchema,
  partnerUpdateSchema,
  ServiceSearchItem,
  serviceCreateSchema,
  serviceSearchQuerySchema,
  serviceUpdateSchema,
} from '../../../shared/partners.ts'
import type { Db } from '../../db/database.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { type ImportRow, parsePartnerCsv, partnersToCsv } from './partners.csv.ts'
import {
  type PartnerRow,
  type PartnersRepository,
  type PartnerValues,
  type ServiceRow,
  type ServiceValues,
  searchWords,
} from './partners.repository.ts'

function toService(row: ServiceRow): PartnerService {
  return {
    id: row.id,
    partnerId: row.partner_id,
    name: row.name,
    category: row.category,
    description: row.description,
    address: row.address,
    postalCode: row.postal_code,
    city: row.city,
    phone: row.phone,
    email: row.email,
    openingHours: row.opening_hours,
    accessConditions: row.access_conditions,
    contactName: row.contact_name,
    active: row.active,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  }
}

function toPartner(row: PartnerRow, services: ServiceRow[]): Partner {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    website: row.website,
    email: row.email,
    phone: row.phone,
    address: row.address,
    postalCode: row.postal_code,
    city: row.city,
    services: services.filter((s) => s.partner_id === row.id).map(toService),
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  }
}

type PartnerFields = z.infer<typeof partnerUpdateSchema>
export function partnerValues(input: PartnerFields) {
  return {
    name: input.name,
    description: input.description,
    website: input.website,
    email: input.email,
    phone: input.phone,
    address: input.address,
    postal_code: input.postalCode,
    city: input.city,
  }
}

type ServiceFields = z.infer<typeof serviceUpdateSchema>
export function serviceValues(input: ServiceFields) {
  return {
    name: input.name,
    category: input.category,
    description: input.description,
    address: input.address,
    postal_code: input.postalCode,
    city: input.city,
    phone: input.phone,
    email: input.email,
    opening_hours: input.openingHours,
    access_conditions: input.accessConditions,
    contact_name: input.contactName,
    active: input.active,
  }
}

const pgCode = (error: unknown) => (error as { code?: unknown } | null)?.code

/** The unique index on the normalised name answers a race the check before it could miss. */
async function nameIsFree<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (pgCode(error) === '23505') throw validationError('name', 'Un partenaire porte déjà ce nom.')
    throw error
  }
}

/**
 * The directory of partner organisations and their services. Organisation data, not personal data:
 * reads are open to every role with `partner.read`; writes need `partner.manage` and are audited.
 */
export class PartnersService {
  constructor(private readonly repo: PartnersRepository) {}

  private get db(): Db {
    return this.repo.db
  }

  async list(actor: Actor, q: string | undefined, limit: number | null = 500): Promise<Partner[]> {
    assertAllowed(actor, 'partner.read')
    const partners = await this.repo.listPartners(actor.organisationId, searchWords(q), this.db, limit)
    const services = await this.repo.servicesOf(
      actor.organisationId,
      partners.map((p) => p.id),
    )
    return partners.map((p) => toPartner(p, services))
  }

  async searchServices(
    actor: Actor,
    query: z.infer<typeof serviceSearchQuerySchema>,
  ): Promise<ServiceSearchItem[]> {
    assertAllowed(actor, 'partner.read')
    const rows = await this.repo.searchServices(actor.organisationId, {
      words: searchWords(query.q),
      category: query.category,
      partnerId: query.partnerId,
    })
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      category: row.category,
      partnerId: row.partner_id,
      partnerName: row.partner_name,
      city: row.city,
      phone: row.phone,
    }))
  }

  /**
   * For modules that orient or refer to a service (street outreach): the names of the given services
   * of the organisation, read inside the caller's transaction. A service of another organisation is absent.
   */
  async serviceNames(organisationId: string, ids: string[], db: Db = this.db) {
    const rows = await this.repo.serviceNames(organisationId, [...new Set(ids)], db)
    return new Map(rows.map((row) => [row.id, { name: row.name, active: row.active }]))
  }

  async get(actor: Actor, id: string): Promise<Partner> {
    assertAllowed(actor, 'partner.read')
    const row = await this.repo.findPartner(actor.organisationId, id)
    if (!row) throw notFound()
    return toPartner(row, await this.repo.servicesOf(actor.organisationId, [id]))
  }

  private async assertNameFree(actor: Actor, name: string | undefined, db: Db, except?: string) {
    if (name === undefined) return
    const same = await this.repo.findPartnerByName(actor.organisationId, name, db)
    if (same && same.id !== except) throw validationError('name', 'Un partenaire porte déjà ce nom.')
  }

  async create(actor: Actor, input: z.infer<typeof partnerCreateSchema>): Promise<Partner> {
    assertAllowed(actor, 'partner.manage')
    return nameIsFree(() =>
      this.db.transaction().execute(async (trx) => {
        await this.assertNameFree(actor, input.name, trx)
        const row = await this.repo.createPartner(
          trx,
          actor.organisationId,
          partnerValues(input) as PartnerValues,
        )
        await recordAudit(trx, actor, { action: 'partner.create', entityType: 'partner', entityId: row.id })
        return toPartner(row, [])
      }),
    )
  }

  async update(actor: Actor, id: string, input: z.infer<typeof partnerUpdateSchema>): Promise<Partner> {
    assertAllowed(actor, 'partner.manage')
    return nameIsFree(() =>
      this.db.transaction().execute(async (trx) => {
        if (!(await this.repo.findPartner(actor.organisationId, id, trx))) throw notFound()
        await this.assertNameFree(actor, input.name, trx, id)
        const row = await this.repo.updatePartner(trx, actor.organisationId, id, partnerValues(input))
        if (!row) throw notFound()
        await recordAudit(trx, actor, { action: 'partner.update', entityType: 'partner', entityId: id })
        return toPartner(row, await this.repo.servicesOf(actor.organisationId, [id], trx))
      }),
    )
  }

  async remove(actor: Actor, id: string) {
    assertAllowed(actor, 'partner.manage')
    return inUse(() =>
      this.db.transaction().execute(async (trx) => {
        if (!(await this.repo.deletePartner(trx, actor.organisationId, id))) throw notFound()
        await recordAudit(trx, actor, { action: 'partner.delete', entityType: 'partner', entityId: id })
        return { ok: true as const }
      }),
    )
  }

  async addService(actor: Actor, partnerId: string, input: z.infer<typeof serviceCreateSchema>) {
    assertAllowed(actor, 'partner.manage')
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.findPartner(actor.organisationId, partnerId, trx))) throw notFound()
      const row = await this.repo.createService(
        trx,
        actor.organisationId,
        partnerId,
        serviceValues(input) as ServiceValues,
      )
      await recordAudit(trx, actor, {
        action: 'partner_service.create',
        entityType: 'partner_service',
        entityId: row.id,
      })
      return toService(row)
    })
  }

  async updateService(actor: Actor, id: string, input: z.infer<typeof serviceUpdateSchema>) {
    assertAllowed(actor, 'partner.manage')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo.updateService(trx, actor.organisationId, id, serviceValues(input))
      if (!row) throw notFound()
      await recordAudit(trx, actor, {
        action: 'partner_service.update',
        entityType: 'partner_service',
        entityId: id,
      })
      return toService(row)
    })
  }

  async removeService(actor: Actor, id: string) {
    assertAllowed(actor, 'partner.manage')
    return inUse(() =>
      this.db.transaction().execute(async (trx) => {
        if (!(await this.repo.deleteService(trx, actor.organisationId, id))) throw notFound()
        await recordAudit(trx, actor, {
          action: 'partner_service.delete',
          entityType: 'partner_service',
          entityId: id,
        })
        return { ok: true as const }
      }),
    )
  }

  async exportCsv(actor: Actor) {
    assertAllowed(actor, 'partner.read')
    // The whole directory: an export cut short would lose partners on re-import.
    const partners = await this.list(actor, undefined, null)
    await recordAudit(this.db, actor, { action: 'partner.export', entityType: 'partner' })
    return partnersToCsv(partners)
  }

  /**
   * Imports a CSV in one transaction: the whole file or nothing. A partner already in the directory
   * under the same name (ignoring case and accents) is reused and left as it is; a service its partner
   * already holds under the same name is skipped, so importing a file twice changes nothing.
   */
  async importCsv(actor: Actor, csv: string): Promise<PartnerImportResult> {
    assertAllowed(actor, 'partner.manage')
    const rows = parsePartnerCsv(csv)
    // A partner created meanwhile by a colleague meets the unique index: refused, nothing written.
    return nameIsFree(() => this.importRows(actor, rows))
  }

  private importRows(actor: Actor, rows: ImportRow[]): Promise<PartnerImportResult> {
    return this.db.transaction().execute(async (trx) => {
      const result = { partnersCreated: 0, partnersReused: 0, servicesCreated: 0, servicesSkipped: 0 }
      const partnerKeys = await this.repo.normalise(
        trx,
        rows.map((r) => r.partner.name),
      )
      const serviceKeys = await this.repo.normalise(
        trx,
        rows.map((r) => r.service?.name ?? ''),
      )
      const existing = await this.repo.directoryKeys(trx, actor.organisationId)
      const partnerIds = new Map(existing.partners.map((p) => [p.key, p.id]))
      const services = new Set(existing.services.map((s) => `${s.partner_id} ${s.key}`))
      /** Partners this file has met already, so each counts once. */
      const seen = new Set<string>()
      const newServices: (ServiceValues & { partner_id: string })[] = []

      for (const [i, row] of rows.entries()) {
        const partnerKey = partnerKeys[i]!
        let partnerId = partnerIds.get(partnerKey)
        if (!partnerId) {
          partnerId = (
            await this.repo.createPartner(
              trx,
              actor.organisationId,
              partnerValues(row.partner) as PartnerValues,
            )
          ).id
          partnerIds.set(partnerKey, partnerId)
          seen.add(partnerId)
          result.partnersCreated++
        } else if (!seen.has(partnerId)) {
          seen.add(partnerId)
          result.partnersReused++
        }
        if (!row.service) continue
        const serviceKey = `${partnerId} ${serviceKeys[i]}`
        if (services.has(serviceKey)) {
          result.servicesSkipped++
          continue
        }
        newServices.push({ ...(serviceValues(row.service) as ServiceValues), partner_id: partnerId })
        services.add(serviceKey)
        result.servicesCreated++
      }
      await this.repo.createServices(trx, actor.organisationId, newServices)
      await recordAudit(trx, actor, { action: 'partner.import', entityType: 'partner' })
      return result
    })
  }
}

/** A service another module refers to (a front-desk orientation…) cannot go: deactivating it keeps history. */
async function inUse<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (pgCode(error) === '23503') {
      throw new AppError(
        'IN_USE',
        409,
        'Ce partenaire ou ce service est cité dans des dossiers (orientations…) : désactivez le service plutôt que de le supprimer.',
      )
    }
    throw error
  }
}
