import type { Kysely } from 'kysely'
import { type AidFund, type AidFundConsumption, budgetWarning } from '../../../shared/aid.funds.ts'
import type { Action } from '../../../shared/permissions.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { forbidden, notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { AidFundsRepository } from './aid.funds.repository.ts'
import type { AidSettingsService } from './aid.settings.ts'

/** Refuses an actor none of whose roles allows any of `actions`. */
export function assertAnyAllowed(actor: Actor, ...actions: Action[]) {
  if (!actions.some((action) => roleAllows(actor.roles, action))) throw forbidden()
}

const CODE_TAKEN = 'Ce code est déjà celui d’un autre fonds.'
const closedMessage = (year: number) =>
  `L’exercice ${year} de ce fonds est clos : rouvrez-le avant de modifier son budget voté.`

type BudgetRow = { fund_id: string; year: number; voted_cents: number; closed_at: Date | null }
const toBudget = (row: BudgetRow) => ({
  fundId: row.fund_id,
  year: row.year,
  votedCents: row.voted_cents,
  closedAt: isoTimestamp(row.closed_at),
})

/**
 * Aid funds (FLAJ, secours d'urgence…), their budget voted per year, closing a year, and a fund's
 * consumption: committed (granted on the year's decisions), paid (charged to the year), by month,
 * with the warning at the organisation's share. The règlement (`aid.configure`) keeps funds and
 * budgets; those who pay (`aid.pay`) read the consumption too.
 */
export class AidFundsService {
  constructor(
    private readonly repo: AidFundsRepository,
    private readonly settings: Pick<AidSettingsService, 'of'>,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  async page(actor: Actor, query: { year: number; page: number; pageSize: number }) {
    assertAnyAllowed(actor, 'aid.configure', 'aid.pay')
    const { items, total } = await this.repo.page(this.db, actor.organisationId, query)
    return {
      items: await this.consumption(this.db, actor.organisationId, items, query.year),
      total,
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  async fundConsumption(actor: Actor, fundId: string, year: number) {
    assertAnyAllowed(actor, 'aid.configure', 'aid.pay')
    const fund = await this.repo.fund(this.db, actor.organisationId, fundId)
    if (!fund) throw notFound()
    return (await this.consumption(this.db, actor.organisationId, [fund], year))[0]!
  }

  /** Each fund's year in four queries, whatever the number of funds, requests and payments. */
  async consumption(
    db: Kysely<Database>,
    organisationId: string,
    funds: AidFund[],
    year: number,
  ): Promise<AidFundConsumption[]> {
    const ids = funds.map((f) => f.id)
    const [budgets, committed, paid, settings] = [
      await this.repo.budgets(db, organisationId, ids, year),
      await this.repo.committedByMonth(db, organisationId, ids, year),
      await this.repo.paidByMonth(db, organisationId, ids, year),
      await this.settings.of(organisationId, db),
    ]
    const threshold = settings.budgetWarningPercent
    const byFund = (rows: { fund_id: string; month: number; cents: string }[], fundId: string) => {
      const months = new Array<number>(12).fill(0)
      for (const row of rows) if (row.fund_id === fundId) months[row.month - 1]! += Number(row.cents)
      return months
    }
    return funds.map((fund) => {
      const budget = budgets.find((b) => b.fund_id === fund.id)
      const committedMonths = byFund(committed, fund.id)
      const paidMonths = byFund(paid, fund.id)
      const votedCents = budget?.voted_cents ?? 0
      const committedCents = committedMonths.reduce((a, b) => a + b, 0)
      const paidCents = paidMonths.reduce((a, b) => a + b, 0)
      return {
        id: fund.id,
        code: fund.code,
        name: fund.name,
        active: fund.active,
        year,
        budgetVoted: budget !== undefined,
        votedCents,
        closedAt: isoTimestamp(budget?.closed_at ?? null),
        committedCents,
        paidCents,
        remainingCents: votedCents - committedCents,
        warning: budgetWarning(votedCents, committedCents, paidCents, threshold),
        months: committedMonths.map((cents, i) => ({
          month: i + 1,
          committedCents: cents,
          paidCents: paidMonths[i]!,
        })),
      }
    })
  }

  async create(actor: Actor, input: { code: string; name: string }) {
    assertAllowed(actor, 'aid.configure')
    return this.db.transaction().execute(async (trx) => {
      if (await this.repo.codeTaken(trx, actor.organisationId, input.code)) {
        throw validationError('code', CODE_TAKEN)
      }
      const fund = await this.repo.insertFund(trx, {
        organisation_id: actor.organisationId,
        code: input.code,
        name: input.name,
      })
      await recordAudit(trx, actor, { action: 'aid.fund_create', entityType: 'aid_fund', entityId: fund.id })
      return fund
    })
  }

  /** Renames a fund, or (de)activates it. */
  async update(actor: Actor, fundId: string, input: { name?: string; active?: boolean }) {
    assertAllowed(actor, 'aid.configure')
    return this.db.transaction().execute(async (trx) => {
      const fund = await this.repo.updateFund(trx, actor.organisationId, fundId, input)
      if (!fund) throw notFound()
      await recordAudit(trx, actor, {
        action: 'aid.fund_update',
        entityType: 'aid_fund',
        entityId: fund.id,
        details: { fields: Object.keys(input) },
      })
      return fund
    })
  }

  private async ownFund(trx: Kysely<Database>, actor: Actor, fundId: string) {
    if (!(await this.repo.fund(trx, actor.organisationId, fundId))) throw notFound()
  }

  /** The amount voted for a fund's year (first vote or an amending one), while the year is open. */
  async vote(actor: Actor, fundId: string, year: number, votedCents: number) {
    assertAllowed(actor, 'aid.configure')
    return this.db.transaction().execute(async (trx) => {
      await this.ownFund(trx, actor, fundId)
      const current = await this.repo.lockBudget(trx, actor.organisationId, fundId, year)
      if (current?.closed_at) throw validationError('votedCents', closedMessage(year))
      const row = await this.repo.upsertVote(trx, actor.organisationId, fundId, year, votedCents)
      await recordAudit(trx, actor, {
        action: 'aid.budget_vote',
        entityType: 'aid_fund_budget',
        entityId: fundId,
        details: { year, votedCents, previousCents: current?.voted_cents ?? null },
      })
      return toBudget(row)
    })
  }

  /** Closing a year: its budget takes no payment any more unless a note says why. Reopening undoes it. */
  async setClosed(actor: Actor, fundId: string, year: number, closed: boolean) {
    assertAllowed(actor, 'aid.configure')
    return this.db.transaction().execute(async (trx) => {
      await this.ownFund(trx, actor, fundId)
      const current = await this.repo.lockBudget(trx, actor.organisationId, fundId, year)
      if (!current) {
        throw validationError('year', `Aucun budget n’est voté pour ${year} : il n’y a rien à clore.`)
      }
      if (closed === (current.closed_at !== null)) {
        throw validationError(
          'year',
          closed ? `L’exercice ${year} est déjà clos.` : `L’exercice ${year} est ouvert.`,
        )
      }
      const row = await this.repo.setClosed(trx, current.id, closed ? actor.userId : null)
      await recordAudit(trx, actor, {
        action: closed ? 'aid.budget_close' : 'aid.budget_reopen',
        entityType: 'aid_fund_budget',
        entityId: fundId,
        details: { year },
      })
      return toBudget(row)
    })
  }

  /** Whether a fund's year is closed, read (and locked) inside a payment's transaction. */
  async yearClosed(trx: Kysely<Database>, organisationId: string, fundId: string, year: number) {
    const budget = await this.repo.lockBudget(trx, organisationId, fundId, year)
    return budget?.closed_at != null
  }
}
