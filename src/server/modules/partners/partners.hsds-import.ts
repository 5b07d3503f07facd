import type { Kysely } from 'kysely'
import type {
  HsdsAction,
  HsdsIssue,
  HsdsMapping,
  HsdsPreview,
  HsdsPreviewItem,
} from '../../../shared/partners-hsds.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { type ExportPartner, hsdsJson, hsdsPackage } from './partners.hsds-export.ts'
import { type HsdsPlan, planImport } from './partners.hsds-map.ts'
import { readHsdsUpload } from './partners.hsds-read.ts'
import { PartnersRepository, type PartnerValues, type ServiceValues } from './partners.repository.ts'
import { type PartnersService, partnerValues, serviceValues } from './partners.service.ts'

type Db = Kysely<Database>
const PREVIEW_ITEMS = 500

/** Values as stored, every column given (a value the dataset no longer has is cleared). */
const fullPartner = (values: ReturnType<typeof partnerValues>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v ?? null])) as PartnerValues
const fullService = (values: ReturnType<typeof serviceValues>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v ?? null])) as ServiceValues
const same = (wanted: object, row: object) =>
  Object.entries(wanted).every(([k, v]) => (row as Record<string, unknown>)[k] === v)

interface Decided {
  plan: HsdsPlan
  errors: HsdsIssue[]
  /** `values` carry the HSDS id to keep: none for a row exported by Trame under its own id. */
  partners: { hsdsId: string; action: HsdsAction; id: string | null; values: PartnerValues }[]
  services: {
    hsdsId: string
    partnerHsdsId: string
    action: HsdsAction
    id: string | null
    values: ServiceValues
  }[]
}

/**
 * Open Referral HSDS 3 datasets into the partner directory: a preview first (nothing written), then
 * the import, all of it in one transaction or nothing. Partners and services keep the dataset's ids,
 * so importing it again updates them; one already in the directory under the same name is taken over.
 */
export class PartnersHsdsImportService {
  private readonly repo: PartnersRepository
  constructor(
    private readonly db: Db,
    private readonly partners: PartnersService,
  ) {
    this.repo = new PartnersRepository(db)
  }

  /** The whole directory with the HSDS ids its rows were imported under. */
  private async directory(actor: Actor): Promise<ExportPartner[]> {
    const partners = await this.partners.list(actor, undefined, null)
    const ids = (table: 'partners' | 'partner_services') =>
      this.db
        .selectFrom(table)
        .select(['id', 'hsds_id'])
        .where('organisation_id', '=', actor.organisationId)
        .where('hsds_id', 'is not', null)
        .execute()
    const partnerIds = new Map((await ids('partners')).map((row) => [row.id, row.hsds_id]))
    const serviceIds = new Map((await ids('partner_services')).map((row) => [row.id, row.hsds_id]))
    return partners.map((partner) => ({
      ...partner,
      hsdsId: partnerIds.get(partner.id) ?? null,
      services: partner.services.map((service) => ({
        ...service,
        hsdsId: serviceIds.get(service.id) ?? null,
      })),
    }))
  }

  async exportPackage(actor: Actor) {
    assertAllowed(actor, 'partner.read')
    const zip = hsdsPackage(await this.directory(actor), new Date())
    await recordAudit(this.db, actor, {
      action: 'partner.hsds_export',
      entityType: 'partner',
      details: { format: 'zip' },
    })
    return zip
  }

  async exportJson(actor: Actor) {
    assertAllowed(actor, 'partner.read')
    const json = hsdsJson(await this.directory(actor))
    await recordAudit(this.db, actor, {
      action: 'partner.hsds_export',
      entityType: 'partner',
      details: { format: 'json' },
    })
    return json
  }

  /** Checked before the upload is read: a caller without the right never gets a file parsed. */
  assertMayImport(actor: Actor) {
    assertAllowed(actor, 'partner.manage')
  }

  async mappings(actor: Actor, db: Db = this.db): Promise<HsdsMapping[]> {
    assertAllowed(actor, 'partner.read')
    const rows = await db
      .selectFrom('partner_taxonomy_mappings')
      .select(['term_key', 'term_label', 'category'])
      .where('organisation_id', '=', actor.organisationId)
      .orderBy('term_label')
      .execute()
    return rows.map((row) => ({
      key: row.term_key,
      label: row.term_label,
      category: row.category as HsdsMapping['category'],
    }))
  }

  /** The whole mapping at once, as the editor shows it. */
  async saveMappings(actor: Actor, items: HsdsMapping[]) {
    assertAllowed(actor, 'partner.manage')
    const unique = new Map(items.map((item) => [item.key.toLowerCase(), item]))
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('partner_taxonomy_mappings')
        .where('organisation_id', '=', actor.organisationId)
        .execute()
      if (unique.size > 0) {
        await trx
          .insertInto('partner_taxonomy_mappings')
          .values(
            [...unique].map(([key, item]) => ({
              organisation_id: actor.organisationId,
              term_key: key,
              term_label: item.label || key,
              category: item.category,
              updated_by: actor.userId,
            })),
          )
          .execute()
      }
      await recordAudit(trx, actor, {
        action: 'partner.taxonomy_mapping',
        entityType: 'partner',
        details: { terms: unique.size },
      })
    })
    return this.mappings(actor)
  }

  async preview(actor: Actor, fileName: string, content: Buffer): Promise<HsdsPreview> {
    assertAllowed(actor, 'partner.manage')
    return this.view(await this.decide(actor, fileName, content, this.db))
  }

  /** Writes the dataset when it has no error; otherwise refuses it whole with its errors. */
  async import(actor: Actor, fileName: string, content: Buffer): Promise<HsdsPreview> {
    assertAllowed(actor, 'partner.manage')
    return this.db.transaction().execute(async (trx) => {
      const decided = await this.decide(actor, fileName, content, trx)
      if (decided.errors.length > 0) {
        throw new AppError(
          'VALIDATION_FAILED',
          400,
          `Le jeu de données contient ${decided.errors.length} erreur(s) : rien n’a été importé.`,
          {
            errors: decided.errors.slice(0, 200).map((issue) => ({
              path: [issue.file, issue.row === null ? null : `ligne ${issue.row}`, issue.field]
                .filter(Boolean)
                .join(', '),
              message: issue.message,
            })),
          },
        )
      }
      const partnerIds = new Map<string, string>()
      for (const partner of decided.partners) {
        const values = partner.values
        if (partner.id === null) {
          partnerIds.set(
            partner.hsdsId,
            (await this.repo.createPartner(trx, actor.organisationId, values)).id,
          )
        } else {
          partnerIds.set(partner.hsdsId, partner.id)
          if (partner.action === 'update')
            await this.repo.updatePartner(trx, actor.organisationId, partner.id, values)
        }
      }
      const created: (ServiceValues & { partner_id: string })[] = []
      for (const service of decided.services) {
        const values = service.values
        const partnerId = partnerIds.get(service.partnerHsdsId)!
        if (service.id === null) created.push({ ...values, partner_id: partnerId })
        else if (service.action === 'update') {
          await trx
            .updateTable('partner_services')
            .set({ ...values, partner_id: partnerId, updated_at: new Date() })
            .where('organisation_id', '=', actor.organisationId)
            .where('id', '=', service.id)
            .execute()
        }
      }
      await this.repo.createServices(trx, actor.organisationId, created)
      const view = this.view(decided)
      await recordAudit(trx, actor, {
        action: 'partner.hsds_import',
        entityType: 'partner',
        details: { partners: view.partners, services: view.services },
      })
      return view
    })
  }

  private async decide(actor: Actor, fileName: string, content: Buffer, db: Db): Promise<Decided> {
    const read = readHsdsUpload(fileName, content)
    const mapping = new Map((await this.mappings(actor, db)).map((m) => [m.key, m.category as string]))
    const plan = planImport(read.tables, mapping)
    const errors = [...read.errors, ...plan.errors]
    const existingPartners = await db
      .selectFrom('partners')
      .selectAll()
      .where('organisation_id', '=', actor.organisationId)
      .execute()
    const existingServices = await db
      .selectFrom('partner_services')
      .selectAll()
      .where('organisation_id', '=', actor.organisationId)
      .execute()
    const partnerKeys = await this.repo.normalise(
      db,
      existingPartners.map((p) => p.name),
    )
    const byHsds = new Map(existingPartners.filter((p) => p.hsds_id).map((p) => [p.hsds_id!, p]))
    // Trame's own export names a partner without HSDS id by its Trame id.
    const byId = new Map(existingPartners.map((p) => [p.id, p]))
    const byName = new Map(existingPartners.map((p, i) => [partnerKeys[i]!, p]))
    const planKeys = await this.repo.normalise(
      db,
      plan.partners.map((p) => p.values.name),
    )

    const partners: Decided['partners'] = []
    const partnerIdOf = new Map<string, string | null>()
    const namesInDataset = new Map<string, string>()
    plan.partners.forEach((planned, i) => {
      const key = planKeys[i]!
      const values = fullPartner(partnerValues(planned.values))
      const twin = namesInDataset.get(key)
      if (twin !== undefined) {
        errors.push({
          file: planned.file,
          row: planned.row,
          field: 'name',
          message: `Deux organisations portent le nom « ${planned.values.name} » : Trame garde un nom par partenaire.`,
        })
        return
      }
      namesInDataset.set(key, planned.hsdsId)
      let row = byHsds.get(planned.hsdsId) ?? byId.get(planned.hsdsId)
      const named = byName.get(key)
      if (!row && named && (!named.hsds_id || named.hsds_id === planned.hsdsId)) row = named
      else if (named && row && named.id !== row.id) {
        errors.push({
          file: planned.file,
          row: planned.row,
          field: 'name',
          message: `Un autre partenaire de l’annuaire porte déjà le nom « ${planned.values.name} ».`,
        })
        return
      } else if (!row && named) {
        errors.push({
          file: planned.file,
          row: planned.row,
          field: 'name',
          message: `Un partenaire de l’annuaire, venu d’un autre jeu de données, porte déjà le nom « ${planned.values.name} ».`,
        })
        return
      }
      const hsds_id = row?.id === planned.hsdsId ? row.hsds_id : planned.hsdsId
      const action: HsdsAction = !row ? 'create' : same({ ...values, hsds_id }, row) ? 'unchanged' : 'update'
      partners.push({ hsdsId: planned.hsdsId, action, id: row?.id ?? null, values: { ...values, hsds_id } })
      partnerIdOf.set(planned.hsdsId, row?.id ?? null)
    })

    const serviceKeys = await this.repo.normalise(
      db,
      existingServices.map((s) => s.name),
    )
    const servicesByHsds = new Map(existingServices.filter((s) => s.hsds_id).map((s) => [s.hsds_id!, s]))
    const servicesById = new Map(existingServices.map((s) => [s.id, s]))
    const servicesByName = new Map(existingServices.map((s, i) => [`${s.partner_id} ${serviceKeys[i]}`, s]))
    const plannedKeys = await this.repo.normalise(
      db,
      plan.services.map((s) => s.values.name),
    )
    const services: Decided['services'] = []
    plan.services.forEach((planned, i) => {
      const values = fullService(serviceValues(planned.values))
      const partnerId = partnerIdOf.get(planned.partnerHsdsId)
      let row = servicesByHsds.get(planned.hsdsId) ?? servicesById.get(planned.hsdsId)
      if (!row && partnerId) {
        const named = servicesByName.get(`${partnerId} ${plannedKeys[i]}`)
        if (named && !named.hsds_id) row = named
      }
      const hsds_id = row?.id === planned.hsdsId ? row.hsds_id : planned.hsdsId
      const action: HsdsAction = !row
        ? 'create'
        : same({ ...values, hsds_id, partner_id: partnerId }, row)
          ? 'unchanged'
          : 'update'
      services.push({
        hsdsId: planned.hsdsId,
        partnerHsdsId: planned.partnerHsdsId,
        action,
        id: row?.id ?? null,
        values: { ...values, hsds_id },
      })
    })
    return { plan, errors, partners, services }
  }

  private view(decided: Decided): HsdsPreview {
    const count = (items: { action: HsdsAction }[]) => ({
      create: items.filter((i) => i.action === 'create').length,
      update: items.filter((i) => i.action === 'update').length,
      unchanged: items.filter((i) => i.action === 'unchanged').length,
    })
    const partnerName = new Map(decided.partners.map((p) => [p.hsdsId, p.values.name]))
    const items: HsdsPreviewItem[] = []
    for (const partner of decided.partners) {
      items.push({
        kind: 'partner',
        hsdsId: partner.hsdsId,
        name: partner.values.name,
        partnerName: null,
        action: partner.action,
        category: null,
        openingHours: null,
      })
      for (const service of decided.services.filter((s) => s.partnerHsdsId === partner.hsdsId)) {
        items.push({
          kind: 'service',
          hsdsId: service.hsdsId,
          name: service.values.name,
          partnerName: partnerName.get(service.partnerHsdsId) ?? null,
          action: service.action,
          category: service.values.category,
          openingHours: service.values.opening_hours ?? null,
        })
      }
      if (items.length >= PREVIEW_ITEMS) break
    }
    return {
      valid: decided.errors.length === 0,
      errors: decided.errors.slice(0, 500),
      warnings: decided.plan.warnings.slice(0, 500),
      partners: count(decided.partners),
      services: count(decided.services),
      items: items.slice(0, PREVIEW_ITEMS),
      terms: decided.plan.terms,
    }
  }
}
