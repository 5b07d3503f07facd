import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'

const FUND_COLUMNS = ['f.id', 'f.code', 'f.name', 'f.active'] as const

/** All SQL of the aid funds and their budgets: funds, votes per year, consumption. */
export class AidFundsRepository {
  constructor(readonly db: Kysely<Database>) {}

  async page(db: Kysely<Database>, organisationId: string, page: { page: number; pageSize: number }) {
    const items = await db
      .selectFrom('aid_funds as f')
      .select(FUND_COLUMNS)
      .where('f.organisation_id', '=', organisationId)
      .orderBy('f.active', 'desc')
      .orderBy('f.code')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
    const { n } = await db
      .selectFrom('aid_funds')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow()
    return { items, total: Number(n) }
  }

  fund(db: Kysely<Database>, organisationId: string, fundId: string) {
    return db
      .selectFrom('aid_funds as f')
      .select(FUND_COLUMNS)
      .where('f.organisation_id', '=', organisationId)
      .where('f.id', '=', fundId)
      .executeTakeFirst()
  }

  codeTaken(db: Kysely<Database>, organisationId: string, code: string) {
    return db
      .selectFrom('aid_funds')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where(sql<boolean>`lower(code) = lower(${code})`)
      .executeTakeFirst()
  }

  insertFund(db: Kysely<Database>, values: { organisation_id: string; code: string; name: string }) {
    return db
      .insertInto('aid_funds')
      .values(values)
      .returning(['id', 'code', 'name', 'active'])
      .executeTakeFirstOrThrow()
  }

  updateFund(
    db: Kysely<Database>,
    organisationId: string,
    fundId: string,
    values: { name?: string; active?: boolean },
  ) {
    return db
      .updateTable('aid_funds')
      .set(values)
      .where('organisation_id', '=', organisationId)
      .where('id', '=', fundId)
      .returning(['id', 'code', 'name', 'active'])
      .executeTakeFirst()
  }

  /** The budget row of a fund's year, locked: a vote, a closing and a payment on it run one after the other. */
  lockBudget(db: Kysely<Database>, organisationId: string, fundId: string, year: number) {
    return db
      .selectFrom('aid_fund_budgets')
      .select(['id', 'fund_id', 'year', 'voted_cents', 'closed_at'])
      .where('organisation_id', '=', organisationId)
      .where('fund_id', '=', fundId)
      .where('year', '=', year)
      .forUpdate()
      .executeTakeFirst()
  }

  upsertVote(db: Kysely<Database>, organisationId: string, fundId: string, year: number, votedCents: number) {
    return db
      .insertInto('aid_fund_budgets')
      .values({ organisation_id: organisationId, fund_id: fundId, year, voted_cents: votedCents })
      .onConflict((oc) =>
        oc.columns(['fund_id', 'year']).doUpdateSet({ voted_cents: votedCents, updated_at: sql`now()` }),
      )
      .returning(['fund_id', 'year', 'voted_cents', 'closed_at'])
      .executeTakeFirstOrThrow()
  }

  setClosed(db: Kysely<Database>, budgetId: string, userId: string | null) {
    return db
      .updateTable('aid_fund_budgets')
      .set({
        closed_at: userId ? sql`now()` : null,
        closed_by: userId,
        updated_at: sql`now()`,
      })
      .where('id', '=', budgetId)
      .returning(['fund_id', 'year', 'voted_cents', 'closed_at'])
      .executeTakeFirstOrThrow()
  }

  budgets(db: Kysely<Database>, organisationId: string, fundIds: string[], year: number) {
    if (fundIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('aid_fund_budgets')
      .select(['fund_id', 'voted_cents', 'closed_at'])
      .where('organisation_id', '=', organisationId)
      .where('fund_id', 'in', fundIds)
      .where('year', '=', year)
      .execute()
  }

  /** Granted on the year's decisions, per fund and month (through each request's aid type). */
  committedByMonth(db: Kysely<Database>, organisationId: string, fundIds: string[], year: number) {
    if (fundIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('aid_requests as r')
      .innerJoin('aid_types as t', 't.id', 'r.aid_type_id')
      .select([
        't.fund_id',
        sql<number>`extract(month from r.decided_on)::integer`.as('month'),
        sql<string>`sum(r.granted_cents)::bigint`.as('cents'),
      ])
      .where('r.organisation_id', '=', organisationId)
      .where('t.fund_id', 'in', fundIds)
      .where('r.status', '=', 'granted')
      .where('r.decided_on', '>=', `${year}-01-01`)
      .where('r.decided_on', '<=', `${year}-12-31`)
      .groupBy(['t.fund_id', sql`2`])
      .execute()
  }

  /**
   * Paid on the year's budget, per fund and month; a payment charged to the year but made after its
   * end (or before its start) counts in its last (first) month.
   */
  paidByMonth(db: Kysely<Database>, organisationId: string, fundIds: string[], year: number) {
    if (fundIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('aid_payments as p')
      .select([
        'p.fund_id',
        sql<number>`extract(month from least(greatest(p.paid_on, ${`${year}-01-01`}::date), ${`${year}-12-31`}::date))::integer`.as(
          'month',
        ),
        sql<string>`sum(p.amount_cents)::bigint`.as('cents'),
      ])
      .where('p.organisation_id', '=', organisationId)
      .where('p.fund_id', 'in', fundIds)
      .where('p.budget_year', '=', year)
      .where('p.cancelled_at', 'is', null)
      .groupBy(['p.fund_id', sql`2`])
      .execute()
  }
}
