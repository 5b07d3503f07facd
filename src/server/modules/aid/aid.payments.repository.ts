import { type Insertable, type Kysely, sql } from 'kysely'
import type { AidPaymentTable } from '../../db/schema.aid.ts'
import type { Database } from '../../db/schema.ts'

/** All SQL of aid payments (and of the request columns a payment keeps right: `paid_cents`). */
export class AidPaymentsRepository {
  constructor(readonly db: Kysely<Database>) {}

  /**
   * A request with what paying it needs (its aid type's fund and forms). With `lock`, the request
   * row is locked until the transaction ends: two payments of one request run one after the other.
   */
  async payableRequest(db: Kysely<Database>, organisationId: string, requestId: string, lock: boolean) {
    if (lock) {
      const locked = await db
        .selectFrom('aid_requests')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .where('id', '=', requestId)
        .forUpdate()
        .executeTakeFirst()
      if (!locked) return undefined
    }
    return db
      .selectFrom('aid_requests as r')
      .innerJoin('aid_types as t', 't.id', 'r.aid_type_id')
      .innerJoin('aid_funds as f', 'f.id', 't.fund_id')
      .select([
        'r.id',
        'r.person_id',
        'r.status',
        'r.granted_cents',
        'r.paid_cents',
        'r.payment_form',
        'r.creditor_name',
        't.label as aid_type_label',
        't.payment_forms',
        't.voucher_kind_id',
        't.fund_id',
        'f.name as fund_name',
        sql<number[]>`coalesce((select array_agg(b.year order by b.year) from aid_fund_budgets b
          where b.fund_id = t.fund_id and b.closed_at is not null), '{}')`.as('closed_years'),
      ])
      .where('r.organisation_id', '=', organisationId)
      .where('r.id', '=', requestId)
      .executeTakeFirst()
  }

  insert(db: Kysely<Database>, values: Insertable<AidPaymentTable>) {
    return db.insertInto('aid_payments').values(values).returning('id').executeTakeFirstOrThrow()
  }

  /** Adds `cents` (negative to take off) to what is paid of a request. */
  addPaid(db: Kysely<Database>, requestId: string, cents: number) {
    return db
      .updateTable('aid_requests')
      .set({ paid_cents: sql`paid_cents + ${cents}`, updated_at: sql`now()` })
      .where('id', '=', requestId)
      .execute()
  }

  /** A payment, locked until the transaction ends. */
  lockPayment(db: Kysely<Database>, organisationId: string, paymentId: string) {
    return db
      .selectFrom('aid_payments')
      .select(['id', 'request_id', 'amount_cents', 'cancelled_at'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', paymentId)
      .forUpdate()
      .executeTakeFirst()
  }

  cancel(db: Kysely<Database>, paymentId: string, userId: string | null, reason: string) {
    return db
      .updateTable('aid_payments')
      .set({ cancelled_at: sql`now()`, cancelled_by: userId, cancel_reason: reason })
      .where('id', '=', paymentId)
      .execute()
  }

  /** Takes `cents` off a payment (vouchers of it returned); the caller cancels it when nothing is left. */
  reduce(db: Kysely<Database>, paymentId: string, cents: number) {
    return db
      .updateTable('aid_payments')
      .set({ amount_cents: sql`amount_cents - ${cents}` })
      .where('id', '=', paymentId)
      .execute()
  }

  voucherCount(db: Kysely<Database>, paymentId: string) {
    return db
      .selectFrom('aid_vouchers')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('payment_id', '=', paymentId)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n))
  }

  private payments(db: Kysely<Database>) {
    return db
      .selectFrom('aid_payments as p')
      .innerJoin('aid_funds as f', 'f.id', 'p.fund_id')
      .selectAll('p')
      .select([
        'f.name as fund_name',
        sql<number[]>`coalesce((select array_agg(v.number order by v.number) from aid_vouchers v
          where v.payment_id = p.id and v.status = 'issued'), '{}')`.as('voucher_numbers'),
      ])
  }

  async pageOfRequest(db: Kysely<Database>, requestId: string, page: { page: number; pageSize: number }) {
    const items = await this.payments(db)
      .where('p.request_id', '=', requestId)
      .orderBy('p.paid_on', 'desc')
      .orderBy('p.created_at', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
    const { n } = await db
      .selectFrom('aid_payments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('request_id', '=', requestId)
      .executeTakeFirstOrThrow()
    return { items, total: Number(n) }
  }

  one(db: Kysely<Database>, paymentId: string) {
    return this.payments(db).where('p.id', '=', paymentId).executeTakeFirstOrThrow()
  }

  /** Payments of the persons' requests, with the aid's label: the timeline and the access export. */
  ofPeople(db: Kysely<Database>, personIds: string[], limit: number) {
    return this.payments(db)
      .innerJoin('aid_requests as r', 'r.id', 'p.request_id')
      .innerJoin('aid_types as t', 't.id', 'r.aid_type_id')
      .select(['r.person_id', 't.label as aid_type_label'])
      .where('r.person_id', 'in', personIds)
      .orderBy('p.paid_on', 'desc')
      .limit(limit)
      .execute()
  }

  /** The persons' payments not cancelled, the latest paid first, at most `limit` (a person's timeline). */
  paidToPeople(db: Kysely<Database>, personIds: string[], limit: number) {
    return this.payments(db)
      .innerJoin('aid_requests as r', 'r.id', 'p.request_id')
      .innerJoin('aid_types as t', 't.id', 'r.aid_type_id')
      .select(['r.person_id', 't.label as aid_type_label'])
      .where('r.person_id', 'in', personIds)
      .where('p.cancelled_at', 'is', null)
      .orderBy('p.paid_on', 'desc')
      .orderBy('p.id', 'desc')
      .limit(limit)
      .execute()
  }

  async paidToPeopleCount(db: Kysely<Database>, personIds: string[]) {
    const row = await db
      .selectFrom('aid_payments as p')
      .innerJoin('aid_requests as r', 'r.id', 'p.request_id')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('r.person_id', 'in', personIds)
      .where('p.cancelled_at', 'is', null)
      .executeTakeFirstOrThrow()
    return row.n
  }

  latestOfPeople(db: Kysely<Database>, personIds: string[]) {
    return db
      .selectFrom('aid_payments as p')
      .innerJoin('aid_requests as r', 'r.id', 'p.request_id')
      .select(['r.person_id', (eb) => eb.fn.max('p.paid_on').as('on')])
      .where('r.person_id', 'in', personIds)
      .where('p.cancelled_at', 'is', null)
      .groupBy('r.person_id')
      .execute()
  }
}

export type AidPaymentRow = Awaited<ReturnType<AidPaymentsRepository['one']>>
export type AidPayableRow = NonNullable<Awaited<ReturnType<AidPaymentsRepository['payableRequest']>>>
