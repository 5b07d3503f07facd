import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // The people of a partner (an association, the CAF…) who answer its referrals on the partner page.
    // No password until they follow their invitation; a disabled account signs in no more.
    `create table partner_contacts (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        partner_id uuid not null,
        name text not null,
        email text not null,
        password_hash text,
        disabled_at timestamptz,
        invited_by uuid not null references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        foreign key (organisation_id, partner_id) references partners(organisation_id, id) on delete cascade
      )`,
    // One account per address in an organisation: the sign-in finds it by its address.
    `create unique index partner_contacts_email on partner_contacts (organisation_id, lower(email))`,
    // The one-time links of invitations: only their hash is kept.
    `create table partner_contact_tokens (
        id uuid primary key default gen_random_uuid(),
        contact_id uuid not null references partner_contacts(id) on delete cascade,
        token_hash text not null unique,
        expires_at timestamptz not null,
        used_at timestamptz,
        created_at timestamptz not null default now()
      )`,
    `create table partner_contact_sessions (
        id uuid primary key default gen_random_uuid(),
        token_hash text not null unique,
        csrf_token text not null,
        contact_id uuid not null references partner_contacts(id) on delete cascade,
        expires_at timestamptz not null,
        revoked_at timestamptz,
        last_seen_at timestamptz not null default now(),
        created_at timestamptz not null default now()
      )`,
    // A partner's contact acts in the trail as a volunteer does: named by their own id.
    `alter table audit_log drop constraint if exists audit_log_actor_kind_check`,
    `alter table audit_log
        add constraint audit_log_actor_kind_check
          check (actor_kind in ('staff', 'volunteer', 'partner_contact', 'system')),
        add column partner_contact_id uuid`,
    // The partner's own answers: it needs more information, or the referral is done; with its note,
    // apart from the worker's, and who answered (a contact of the partner, or staff when null).
    `alter table partner_referrals drop constraint if exists partner_referrals_answer_check`,
    `alter table partner_referrals
        add constraint partner_referrals_answer_check
          check (answer in ('pending', 'accepted', 'refused', 'no_answer', 'needs_more', 'done')),
        add column partner_note text,
        add column answered_by_contact_id uuid references partner_contacts(id) on delete set null`,
    `create index partner_referrals_service on partner_referrals (organisation_id, partner_service_id, referred_on)`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The partner portal migration cannot be reverted.')
}
