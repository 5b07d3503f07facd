import { type Insertable, type Kysely, sql, type Updateable } from 'kysely'
import type { AidVoucherKindTable } from '../../db/schema.aid.ts'
import type { Database } from '../../db/schema.ts'

const KIND_COLUMNS = ['k.id', 'k.code', 'k.label', 'k.face_value_cents', 'k.fund_id', 'k.active'] as const

/** All SQL of numbered vouchers: kinds, batches, each voucher's life, stock levels. */
export class AidVouchersRepository {
  constructor(readonly db: Kysely<Database>) {}

  async kindsPage(db: Kysely<Database>, organisationId: string, page: { page: number; pageSize: number }) {
    const items = await db
      .selectFrom('aid_voucher_kinds as k')
      .select(KIND_COLUMNS)
      .select([
        sql<string>`(select count(*) from aid_vouchers v where v.kind_id = k.id and v.status = 'in_stock')`.as(
          'in_stock',
        ),
        sql<string>`(select count(*) from aid_vouchers v where v.kind_id = k.id and v.status = 'issued')`.as(
          'issued',
        ),
        sql<string>`(select count(*) from aid_vouchers v where v.kind_id = k.id and v.status = 'returned')`.as(
          'returned',
        ),
        sql<string>`(select count(*) from aid_vouchers v where v.kind_id = k.id and v.status = 'cancelled')`.as(
          'cancelled',
        ),
      ])
      .where('k.organisation_id', '=', organisationId)
      .orderBy('k.active', 'desc')
      .orderBy('k.label')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
    const { n } = await db
      .selectFrom('aid_voucher_kinds')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow()
    return { items, total: Number(n) }
  }

  /** The numbers in stock of each kind as ranges (gaps and islands), the first `limit` of each. */
  async inStockRanges(db: Kysely<Database>, kindIds: string[], limit = 20) {
    if (kindIds.length === 0) return []
    const { rows } = await sql<{ kind_id: string; first: number; last: number }>`
      select kind_id, first, last from (
        select kind_id, min(number) as first, max(number) as last,
          row_number() over (partition by kind_id order by min(number)) as rank
        from (
          select kind_id, number, number - row_number() over (partition by kind_id order by number) as island
          from aid_vouchers where kind_id in (${sql.join(kindIds)}) and status = 'in_stock'
        ) numbered
        group by kind_id, island
      ) ranges
      where rank <= ${limit}
      order by kind_id, first`.execute(db)
    return rows
  }

  kind(db: Kysely<Database>, organisationId: string, kindId: string) {
    return db
      .selectFrom('aid_voucher_kinds as k')
      .select(KIND_COLUMNS)
      .where('k.organisation_id', '=', organisationId)
      .where('k.id', '=', kindId)
      .executeTakeFirst()
  }

  codeTaken(db: Kysely<Database>, organisationId: string, code: string) {
    return db
      .selectFrom('aid_voucher_kinds')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where(sql<boolean>`lower(code) = lower(${code})`)
      .executeTakeFirst()
  }

  fundOf(db: Kysely<Database>, organisationId: string, fundId: string) {
    return db
      .selectFrom('aid_funds')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', fundId)
      .executeTakeFirst()
  }

  insertKind(db: Kysely<Database>, values: Insertable<AidVoucherKindTable>) {
    return db.insertInto('aid_voucher_kinds').values(values).returning('id').executeTakeFirstOrThrow()
  }

  updateKind(
    db: Kysely<Database>,
    organisationId: string,
    kindId: string,
    values: Updateable<AidVoucherKindTable>,
  ) {
    return db
      .updateTable('aid_voucher_kinds')
      .set(values)
      .where('organisation_id', '=', organisationId)
      .where('id', '=', kindId)
      .returning('id')
      .executeTakeFirst()
  }

  /** Locks the kind's row: two batches received at once are checked for overlaps one after the other. */
  lockKind(db: Kysely<Database>, kindId: string) {
    return db.selectFrom('aid_voucher_kinds').select('id').where('id', '=', kindId).forUpdate().execute()
  }

  overlappingBatch(db: Kysely<Database>, kindId: string, first: number, last: number) {
    return db
      .selectFrom('aid_voucher_batches')
      .select(['first_number', 'last_number', 'received_on'])
      .where('kind_id', '=', kindId)
      .where('first_number', '<=', last)
      .where('last_number', '>=', first)
      .orderBy('first_number')
      .executeTakeFirst()
  }

  /** The batch and one voucher per number, in stock. */
  async insertBatch(
    db: Kysely<Database>,
    values: {
      organisation_id: string
      kind_id: string
      first_number: number
      last_number: number
      received_on: string
      note: string | null
      created_by: string
    },
  ) {
    const batch = await db
      .insertInto('aid_voucher_batches')
      .values(values)
      .returningAll()
      .executeTakeFirstOrThrow()
    await sql`insert into aid_vouchers (organisation_id, kind_id, batch_id, number)
      select ${values.organisation_id}, ${values.kind_id}, ${batch.id}, n
      from generate_series(${values.first_number}::integer, ${values.last_number}::integer) n`.execute(db)
    return batch
  }

  async batchesPage(db: Kysely<Database>, kindId: string, page: { page: number; pageSize: number }) {
    const items = await db
      .selectFrom('aid_voucher_batches')
      .selectAll()
      .where('kind_id', '=', kindId)
      .orderBy('received_on', 'desc')
      .orderBy('first_number', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
    const { n } = await db
      .selectFrom('aid_voucher_batches')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('kind_id', '=', kindId)
      .executeTakeFirstOrThrow()
    return { items, total: Number(n) }
  }

  /** The vouchers of a kind by number, locked until the transaction ends. */
  lockNumbers(db: Kysely<Database>, kindId: string, numbers: number[]) {
    return db
      .selectFrom('aid_vouchers')
      .select(['id', 'number', 'status', 'person_id', 'payment_id'])
      .where('kind_id', '=', kindId)
      .where('number', 'in', numbers)
      .orderBy('number')
      .forUpdate()
      .execute()
  }

  setIssued(
    db: Kysely<Database>,
    ids: string[],
    values: {
      person_id: string
      request_id: string | null
      payment_id: string | null
      issued_on: string
      issued_by: string
    },
  ) {
    return db
      .updateTable('aid_vouchers')
      .set({ ...values, status: 'issued', updated_at: sql`now()` })
      .where('id', 'in', ids)
      .execute()
  }

  setReturned(db: Kysely<Database>, ids: string[], returnedOn: string) {
    return db
      .updateTable('aid_vouchers')
      .set({ status: 'returned', returned_on: returnedOn, updated_at: sql`now()` })
      .where('id', 'in', ids)
      .execute()
  }

  setCancelled(db: Kysely<Database>, ids: string[], reason: string) {
    return db
      .updateTable('aid_vouchers')
      .set({ status: 'cancelled', cancel_reason: reason, updated_at: sql`now()` })
      .where('id', 'in', ids)
      .execute()
  }

  /** How many vouchers of a payment are still in the person's hands. */
  async issuedOfPayment(db: Kysely<Database>, paymentId: string) {
    const { n } = await db
      .selectFrom('aid_vouchers')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('payment_id', '=', paymentId)
      .where('status', '=', 'issued')
      .executeTakeFirstOrThrow()
    return Number(n)
  }

  private vouchers(db: Kysely<Database>) {
    return db
      .selectFrom('aid_vouchers as v')
      .innerJoin('aid_voucher_kinds as k', 'k.id', 'v.kind_id')
      .select([
        'v.id',
        'v.kind_id',
        'k.label as kind_label',
        'k.face_value_cents',
        'v.number',
        'v.status',
        'v.person_id',
        'v.request_id',
        'v.payment_id',
        'v.issued_on',
        'v.returned_on',
        'v.cancel_reason',
      ])
  }

  byIds(db: Kysely<Database>, ids: string[]) {
    return this.vouchers(db).where('v.id', 'in', ids).orderBy('v.number').execute()
  }

  /** What people received: the timeline, the access export, a person's list. */
  async ofPeople(db: Kysely<Database>, personIds: string[], page: { page: number; pageSize: number }) {
    const items = await this.vouchers(db)
      .where('v.person_id', 'in', personIds)
      .orderBy('v.issued_on', 'desc')
      .orderBy('k.label')
      .orderBy('v.number')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
    const { n } = await db
      .selectFrom('aid_vouchers')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('person_id', 'in', personIds)
      .executeTakeFirstOrThrow()
    return { items, total: Number(n) }
  }

  private handOuts(db: Kysely<Database>, personIds: string[]) {
    return db
      .selectFrom('aid_vouchers as v')
      .innerJoin('aid_voucher_kinds as k', 'k.id', 'v.kind_id')
      .where('v.person_id', 'in', personIds)
      .groupBy(['v.person_id', 'v.kind_id', 'v.issued_on', 'v.request_id'])
  }

  /**
   * The vouchers of the persons' `limit` latest hand-outs (one hand-out: the vouchers of one kind given
   * the same day for the same request), for a person's timeline; a few more on the oldest hand-out's day.
   */
  async latestHandOuts(db: Kysely<Database>, personIds: string[], limit: number) {
    const first = sql<string>`(array_agg(v.id order by k.label, v.number))[1]`
    const groups = await this.handOuts(db, personIds)
      .select((eb) => eb.fn.max('v.issued_on').as('issued_on'))
      .orderBy('v.issued_on', 'desc')
      .orderBy(first, 'desc')
      .limit(limit)
      .execute()
    const oldest = groups.at(-1)?.issued_on
    if (!oldest) return []
    return this.vouchers(db)
      .where('v.person_id', 'in', personIds)
      .where('v.issued_on', '>=', oldest as string)
      .orderBy('v.issued_on', 'desc')
      .orderBy('k.label')
      .orderBy('v.number')
      .execute()
  }

  async handOutCount(db: Kysely<Database>, personIds: string[]) {
    const row = await db
      .selectFrom(this.handOuts(db, personIds).select('v.person_id').as('h'))
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
    return row.n
  }

  latestOfPeople(db: Kysely<Database>, personIds: string[]) {
    return db
      .selectFrom('aid_vouchers')
      .select(['person_id', (eb) => eb.fn.max('issued_on').as('on')])
      .where('person_id', 'in', personIds)
      .groupBy('person_id')
      .execute()
  }
}

export type VoucherRow = Awaited<ReturnType<AidVouchersRepository['byIds']>>[number]
