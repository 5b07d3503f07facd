import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table partner_referrals (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        person_id uuid not null,
        partner_service_id uuid not null,
        origin text not null check (origin in ('followup', 'front_desk')),
        support_record_id uuid,
        referred_on date not null,
        answer_due_on date,
        answer text not null default 'pending' check (answer in ('pending', 'accepted', 'refused', 'no_answer')),
        answered_on date,
        note text,
        created_by uuid not null references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        foreign key (organisation_id, person_id) references people(organisation_id, id),
        foreign key (organisation_id, partner_service_id) references partner_services(organisation_id, id),
        foreign key (organisation_id, support_record_id) references support_records(organisation_id, id)
      )`,
    `create index partner_referrals_person on partner_referrals (person_id, referred_on)`,
    `create index partner_referrals_pending on partner_referrals (organisation_id, referred_on) where answer = 'pending'`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The partner referrals migration cannot be reverted.')
}
