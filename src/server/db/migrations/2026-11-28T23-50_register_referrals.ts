import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // A member report the network coordinator sent on to the register team: it waits in their queue
    // until they register the person (the entry it led to) or dismiss it (with a reason).
    `create table register_referrals (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        member_report_id uuid not null,
        about text not null,
        location text,
        status text not null default 'new' check (status in ('new', 'registered', 'dismissed')),
        dismiss_reason text,
        entry_id uuid,
        handled_by uuid references users(id),
        handled_at timestamptz,
        created_at timestamptz not null default now(),
        unique (organisation_id, id),
        unique (member_report_id),
        foreign key (organisation_id, member_report_id) references network_member_reports(organisation_id, id),
        -- An objection or a deregistration deletes the entry; the referral stays, without its link.
        foreign key (organisation_id, entry_id) references register_entries(organisation_id, id)
          on delete set null (entry_id),
        check ((status = 'dismissed') = (dismiss_reason is not null)),
        check ((status = 'new') = (handled_at is null))
      )`,
    `create index register_referrals_new on register_referrals (organisation_id, created_at) where status = 'new'`,
    // One row per organisation and week when the register team was reminded of its yearly reviews:
    // the unique key makes the reminder go once, however many times or instances run the job.
    `create table register_review_reminders (
        organisation_id uuid not null references organisations(id),
        week_of date not null,
        due_count integer not null,
        sent_at timestamptz not null default now(),
        primary key (organisation_id, week_of)
      )`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The register referrals migration cannot be reverted.')
}
