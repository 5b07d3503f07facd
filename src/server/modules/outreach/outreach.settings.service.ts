import type { Kysely } from 'kysely'
import type { z } from 'zod'
import {
  DEFAULT_CASELOAD_ALERT_DAYS,
  DEFAULT_HANDOUT_ITEMS,
  type ListEntry,
  type listEntriesInputSchema,
} from '../../../shared/outreach.ts'
import type { Action } from '../../../shared/permissions.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { forbidden, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { FrontdeskService } from '../frontdesk/frontdesk.service.ts'
import { anyOf } from './outreach.common.ts'
import type { ListKind, OutreachRepository } from './outreach.repository.ts'

/** The settings of outreach: the caseload alert delay, the map tiles, the zones and handout items. */
export class OutreachSettingsService {
  constructor(
    private readonly repo: OutreachRepository,
    private readonly frontdesk: FrontdeskService,
    /** The installation's map tiles (configuration), handed to the map page with the settings. */
    private readonly tiles: { tileUrl: string; tileAttribution: string },
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  async alertDays(organisationId: string, db: Kysely<Database>) {
    return (await this.repo.settings(organisationId, db))?.caseload_alert_days ?? DEFAULT_CASELOAD_ALERT_DAYS
  }

  async settings(actor: Actor) {
    if (!anyOf(actor, ['outreach.read', 'outreach.configure'])) throw forbidden()
    return this.settingsOf(await this.alertDays(actor.organisationId, this.db))
  }

  private settingsOf(caseloadAlertDays: number) {
    return {
      caseloadAlertDays,
      mapTileUrl: this.tiles.tileUrl,
      mapTileAttribution: this.tiles.tileAttribution,
    }
  }

  async saveSettings(actor: Actor, input: { caseloadAlertDays: number }) {
    assertAllowed(actor, 'outreach.configure')
    return this.db.transaction().execute(async (trx) => {
      await this.repo.saveSettings(trx, actor, input.caseloadAlertDays)
      await recordAudit(trx, actor, { action: 'outreach.settings_update', entityType: 'outreach_settings' })
      return this.settingsOf(input.caseloadAlertDays)
    })
  }

  async listOf(kind: ListKind, organisationId: string, db: Kysely<Database>): Promise<ListEntry[]> {
    const items = await this.repo.list(kind, organisationId, db)
    if (items.length > 0 || kind === 'zones') return items
    await this.repo.ensureList(db, kind, organisationId, DEFAULT_HANDOUT_ITEMS)
    return this.repo.list(kind, organisationId, db)
  }

  /** Zones also serve whoever enters or triages reports (signalements) in a zone. */
  async entries(actor: Actor, kind: ListKind) {
    const readers: Action[] =
      kind === 'zones'
        ? ['outreach.read', 'outreach.configure', 'report.create', 'report.triage']
        : ['outreach.read', 'outreach.configure']
    if (!anyOf(actor, readers)) throw forbidden()
    return this.db.transaction().execute((trx) => this.listOf(kind, actor.organisationId, trx))
  }

  async saveEntries(actor: Actor, kind: ListKind, input: z.infer<typeof listEntriesInputSchema>) {
    assertAllowed(actor, 'outreach.configure')
    return this.db.transaction().execute(async (trx) => {
      await this.listOf(kind, actor.organisationId, trx)
      const { unknownIndex } = await this.repo.saveList(trx, kind, actor.organisationId, input.items)
      if (unknownIndex !== null) throw validationError(`items.${unknownIndex}.id`, 'Élément inconnu.')
      await recordAudit(trx, actor, {
        action: kind === 'zones' ? 'outreach.zones_update' : 'outreach.handout_items_update',
        entityType: kind === 'zones' ? 'outreach_zone' : 'outreach_handout_item',
      })
      return this.repo.list(kind, actor.organisationId, trx)
    })
  }

  /** The front desk's contact reasons, for the needs of an encounter (the nurse has no front desk access). */
  async needReasons(actor: Actor): Promise<ListEntry[]> {
    assertAllowed(actor, 'outreach.read')
    const reasons = await this.db
      .transaction()
      .execute((trx) => this.frontdesk.contactReasonsOf(actor.organisationId, trx))
    return reasons.map((r) => ({ id: r.id, label: r.label, active: r.active }))
  }
}
