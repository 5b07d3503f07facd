import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
// A fund's consumption sums the year's grants and payments: covering indexes let both sums read the
// index alone, instead of one heap page per request spread over five years of requests.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index aid_requests_granted_on on aid_requests (organisation_id, decided_on)
    include (aid_type_id, granted_cents) where status = 'granted'`.execute(db)
  await sql`create index aid_payments_fund_year on aid_payments (organisation_id, fund_id, budget_year)
    include (paid_on, amount_cents) where cancelled_at is null`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The aid consumption indexes cannot be reverted.')
}
