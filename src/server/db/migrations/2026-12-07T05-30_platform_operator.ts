import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
// The hosted service's operator: accounts of their own, outside every organisation (they never read
// persons), with their own sessions and a log of what they did; and organisations they may suspend.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `alter table organisations add column suspended_at timestamptz`,
    `create table platform_operators (
        id uuid primary key default gen_random_uuid(),
        email text not null,
        name text not null,
        password_hash text not null,
        totp_secret text not null,
        totp_last_step bigint,
        disabled_at timestamptz,
        created_at timestamptz not null default now()
      )`,
    `create unique index platform_operators_email on platform_operators (lower(email))`,
    `create table platform_operator_sessions (
        id uuid primary key default gen_random_uuid(),
        token_hash text not null unique,
        csrf_token text not null,
        operator_id uuid not null references platform_operators(id) on delete cascade,
        state text not null check (state in ('totp_pending', 'active')),
        ip text,
        created_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now(),
        absolute_expires_at timestamptz not null,
        revoked_at timestamptz
      )`,
    // What operators did to organisations: never inside an organisation's own data (an export leaves
    // it behind), never a person.
    `create table platform_operator_log (
        id uuid primary key default gen_random_uuid(),
        operator_id uuid references platform_operators(id),
        action text not null,
        organisation_id uuid,
        organisation_name text,
        ip text,
        at timestamptz not null default now()
      )`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The platform operator cannot be reverted.')
}
