import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // When the partner asks for more information, the referring worker answers it: their reply, its day
    // and who gave it; the partner reads it on its page and the referral waits for the partner again.
    `alter table partner_referrals
        add column worker_reply text,
        add column worker_replied_on date,
        add column worker_replied_by uuid references users(id)`,
    // The worklist lists the referrals whose partner waits for the worker.
    `create index partner_referrals_needs_more on partner_referrals (organisation_id, answered_on)
        where answer = 'needs_more'`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The partner referral replies migration cannot be reverted.')
}
