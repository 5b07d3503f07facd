import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
// Vouchers handed out for a granted request count as a payment of their face value: each voucher
// keeps the payment it belongs to, so returning or cancelling it takes its value off that payment.
// A cancelled payment says why (a rejected transfer, a mistake).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table aid_payments add column cancel_reason text`.execute(db)
  await sql`alter table aid_vouchers add column payment_id uuid,
    add foreign key (organisation_id, payment_id) references aid_payments(organisation_id, id)`.execute(db)
  await sql`create index aid_vouchers_payment on aid_vouchers (payment_id) where payment_id is not null`.execute(
    db,
  )
}

export async function down(): Promise<void> {
  throw new Error('The aid money migration cannot be reverted.')
}
