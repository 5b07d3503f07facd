import type { Kysely } from 'kysely'
import { CHARTER_VERSION, type HelpKind, NEED_STATUS } from '../../../shared/network.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { validationError } from '../../platform/errors.ts'
import { enqueueEmail } from '../../platform/outbox.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { distanceKm, portalUrl } from './network.common.ts'
import { needOfferedEmail } from './network.emails.ts'
import type { NetworkNeedService } from './network.needs.service.ts'
import type { NeedRow, NetworkRepository } from './network.repository.ts'

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const

/** Whether a volunteer's availability covers the need's wanted day and slot (no date: anyone). */
function isAvailable(availability: string[], need: Pick<NeedRow, 'wanted_date' | 'time_slot'>) {
  if (!need.wanted_date) return true
  const day = WEEKDAYS[new Date(`${need.wanted_date}T12:00:00Z`).getUTCDay()]!
  return availability.some((slot) =>
    need.time_slot ? slot === `${day}_${need.time_slot}` : slot.startsWith(`${day}_`),
  )
}

/** Matching: volunteers ranked for a need, and the need offered to the best of them. */
export class NetworkMatchingService {
  constructor(
    private readonly repo: NetworkRepository,
    private readonly needs: NetworkNeedService,
    /** Without a trailing slash, as the configuration gives it. */
    private readonly publicUrl: string,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  /** Ranked candidates: available on the wanted day first, then the nearest, then the least busy. */
  private async ranked(actor: Actor, need: NeedRow, db: Kysely<Database>) {
    const rows = await this.repo.candidates(actor.organisationId, need.kind, CHARTER_VERSION, db)
    return rows
      .map((row) => ({
        row,
        distance: distanceKm(row, need),
        available: isAvailable(row.availability, need),
        load: Number(row.active_needs),
      }))
      .filter((c) => c.distance === null || c.distance <= c.row.max_distance_km)
      .sort(
        (a, b) =>
          Number(b.available) - Number(a.available) ||
          (a.distance ?? Number.POSITIVE_INFINITY) - (b.distance ?? Number.POSITIVE_INFINITY) ||
          a.load - b.load,
      )
  }

  async matches(actor: Actor, id: string) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const need = await this.needs.oneNeed(actor, id, trx)
      const ranked = await this.ranked(actor, need, trx)
      await recordAudit(trx, actor, {
        action: 'network.need.match',
        entityType: 'network_need',
        entityId: id,
      })
      return ranked.map((c) => ({
        volunteerId: c.row.id,
        name: `${c.row.first_name} ${c.row.last_name}`,
        distanceKm: c.distance,
        available: c.available,
        activeNeeds: c.load,
        professionalSkill: c.row.professional_skill,
      }))
    })
  }

  /** Offers the need to the best `count` candidates not offered it yet, each told by e-mail. */
  async offer(actor: Actor, id: string, requested: number | undefined) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const need = await this.needs.lockVisible(actor, id, trx)
      const count = requested ?? (await this.repo.settings(actor.organisationId, trx)).offer_count
      if (need.status !== 'open' && need.status !== 'offered') {
        throw validationError(
          'status',
          `Ce besoin est « ${NEED_STATUS.labels[need.status].toLowerCase()} » : il ne peut plus être proposé.`,
        )
      }
      const already = new Set(
        (
          await trx.selectFrom('network_offers').select('volunteer_id').where('need_id', '=', id).execute()
        ).map((o) => o.volunteer_id),
      )
      const chosen = (await this.ranked(actor, need, trx))
        .filter((c) => !already.has(c.row.id))
        .slice(0, count)
      if (chosen.length === 0)
        throw validationError('count', 'Aucun autre bénévole disponible pour ce besoin.')
      await this.repo.addOffers(
        trx,
        actor.organisationId,
        id,
        chosen.map((c) => c.row.id),
      )
      await this.repo.updateNeed(trx, actor.organisationId, id, { status: 'offered' })
      const link = portalUrl(this.publicUrl, actor.organisationId, `?besoin=${id}`)
      for (const c of chosen) {
        await enqueueEmail(
          trx,
          needOfferedEmail(c.row.email, need.kind as HelpKind, link),
          actor.organisationId,
        )
      }
      await recordAudit(trx, actor, {
        action: 'network.need.offer',
        entityType: 'network_need',
        entityId: id,
      })
      return this.needs.needOut(actor, id, trx)
    })
  }
}
