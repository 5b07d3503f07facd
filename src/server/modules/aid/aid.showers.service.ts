import type { z } from 'zod'
import type { ShowerDay, showerDayInputSchema } from '../../../shared/aid.showers.ts'
import type { Db } from '../../db/database.ts'
import { recordAudit } from '../../platform/audit.ts'
import { validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { AidShowersRepository } from './aid.showers.repository.ts'

type DayRow = Awaited<ReturnType<AidShowersRepository['days']>>[number]
const toDay = (row: DayRow): ShowerDay => ({
  day: String(row.day),
  siteId: row.site_id,
  siteName: row.site_name,
  paidCount: row.paid_count,
  voucherCount: row.voucher_count,
  freeCount: row.free_count,
  total: row.paid_count + row.voucher_count + row.free_count,
})

/** The last day of a month 'YYYY-MM'. */
function lastDayOf(month: string) {
  const [year, m] = month.split('-').map(Number) as [number, number]
  return `${month}-${String(new Date(Date.UTC(year, m, 0)).getUTCDate()).padStart(2, '0')}`
}

/**
 * The paid municipal showers, counted by day and site (seed 001): entries paid, with a voucher,
 * free. Those who hand vouchers out (`aid.vouchers`) type the day's counts and read a month's.
 */
export class AidShowersService {
  constructor(private readonly repo: AidShowersRepository) {}

  private get db(): Db {
    return this.repo.db
  }

  async record(actor: Actor, input: z.infer<typeof showerDayInputSchema>) {
    assertAllowed(actor, 'aid.vouchers')
    return this.db.transaction().execute(async (trx) => {
      const siteId = input.siteId ?? null
      if (siteId && !(await this.repo.site(trx, actor.organisationId, siteId))) {
        throw validationError('siteId', 'Site inconnu.')
      }
      const id = await this.repo.upsert(trx, {
        organisation_id: actor.organisationId,
        site_id: siteId,
        day: input.day,
        paid_count: input.paidCount,
        voucher_count: input.voucherCount,
        free_count: input.freeCount,
        recorded_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'aid.shower_day_record',
        entityType: 'aid_shower_day',
        entityId: id,
        details: { day: input.day },
      })
      const rows = await this.repo.days(trx, actor.organisationId, input.day, input.day)
      return toDay(rows.find((r) => r.id === id)!)
    })
  }

  async month(actor: Actor, query: { month: string; siteId?: string }) {
    assertAllowed(actor, 'aid.vouchers')
    const rows = await this.repo.days(
      this.db,
      actor.organisationId,
      `${query.month}-01`,
      lastDayOf(query.month),
      query.siteId,
    )
    const days = rows.map(toDay)
    const sum = (pick: (d: ShowerDay) => number) => days.reduce((total, d) => total + pick(d), 0)
    return {
      month: query.month,
      days,
      totals: {
        paidCount: sum((d) => d.paidCount),
        voucherCount: sum((d) => d.voucherCount),
        freeCount: sum((d) => d.freeCount),
        total: sum((d) => d.total),
      },
    }
  }
}
