import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db)
  await sql`create extension if not exists unaccent`.execute(db)
  await sql`create extension if not exists fuzzystrmatch`.execute(db)

  const statements = [
    `create table organisations (
        id uuid primary key default gen_random_uuid(),
        name text not null,
        person_seq integer not null default 0,
        created_at timestamptz not null default now()
      )`,
    `create table setup_tokens (
        token_hash text primary key,
        created_at timestamptz not null default now(),
        used_at timestamptz
      )`,
    `create table sites (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        name text not null,
        address text,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        unique (organisation_id, id)
      )`,
    `create table teams (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        site_id uuid,
        name text not null,
        confidential boolean not null default false,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        unique (organisation_id, id),
        foreign key (organisation_id, site_id) references sites(organisation_id, id)
      )`,
    `create table users (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        email text not null,
        name text not null,
        password_hash text,
        roles text[] not null,
        status text not null check (status in ('invited', 'active', 'deactivated')),
        totp_secret text,
        totp_pending_secret text,
        totp_last_step integer,
        last_login_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id)
      )`,
    `create unique index users_email_unique on users (lower(email))`,
    `create table user_teams (
        organisation_id uuid not null,
        user_id uuid not null,
        team_id uuid not null,
        primary key (user_id, team_id),
        foreign key (organisation_id, user_id) references users(organisation_id, id),
        foreign key (organisation_id, team_id) references teams(organisation_id, id)
      )`,
    `create table sessions (
        id uuid primary key default gen_random_uuid(),
        token_hash text not null unique,
        organisation_id uuid not null,
        user_id uuid not null,
        state text not null check (state in ('active', 'totp_pending', 'totp_enrolment_required')),
        csrf_token text not null,
        ip text,
        user_agent text,
        created_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now(),
        absolute_expires_at timestamptz not null,
        revoked_at timestamptz,
        foreign key (organisation_id, user_id) references users(organisation_id, id)
      )`,
    `create index sessions_user on sessions (user_id) where revoked_at is null`,
    `create table login_attempts (
        id uuid primary key default gen_random_uuid(),
        account_key text not null,
        ip text not null,
        succeeded boolean not null,
        at timestamptz not null default now()
      )`,
    `create index login_attempts_account on login_attempts (account_key, at)`,
    `create index login_attempts_ip on login_attempts (ip, at)`,
    `create table one_time_tokens (
        token_hash text primary key,
        kind text not null check (kind in ('password_reset', 'invitation')),
        organisation_id uuid not null,
        user_id uuid not null,
        expires_at timestamptz not null,
        used_at timestamptz,
        created_at timestamptz not null default now(),
        foreign key (organisation_id, user_id) references users(organisation_id, id)
      )`,
    `create table audit_log (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        user_id uuid,
        action text not null,
        entity_type text not null,
        entity_id uuid,
        person_id uuid,
        ip text,
        at timestamptz not null default now()
      )`,
    `create index audit_log_org_at on audit_log (organisation_id, at desc)`,
    `create index audit_log_person on audit_log (organisation_id, person_id, at desc) where person_id is not null`,
    `create index audit_log_user on audit_log (organisation_id, user_id, at desc)`,
    `create table outbox (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid references organisations(id),
        kind text not null,
        payload jsonb not null,
        status text not null default 'pending' check (status in ('pending', 'sending', 'done', 'failed')),
        attempts integer not null default 0,
        available_at timestamptz not null default now(),
        lease_until timestamptz,
        claim_id uuid,
        last_error text,
        created_at timestamptz not null default now(),
        processed_at timestamptz
      )`,
    `create index outbox_due on outbox (available_at) where status in ('pending', 'sending')`,
    `create table people (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        file_number text not null,
        last_name text,
        usage_name text,
        first_names text,
        birth_date date,
        description text,
        team_id uuid,
        created_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, file_number),
        foreign key (organisation_id, team_id) references teams(organisation_id, id)
      )`,
    `create index people_org on people (organisation_id, created_at desc)`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)

  // The audit trail is append-only: the database itself refuses to change or remove a row.
  await sql`
    create function audit_log_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end;
    $$`.execute(db)
  await sql`create trigger audit_log_no_update_delete before update or delete on audit_log
    for each row execute function audit_log_is_append_only()`.execute(db)
  await sql`create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_is_append_only()`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration cannot be reverted.')
}
