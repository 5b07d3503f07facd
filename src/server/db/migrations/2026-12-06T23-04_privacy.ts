import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
// Privacy by default: the organisation's retention periods (within the CNIL's bounds), the state of
// each file the sweeper archived or anonymised, legal holds that stop it, and a report of each run.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table privacy_retention_rules (
        organisation_id uuid not null references organisations(id),
        kind text not null,
        active_months integer not null check (active_months >= 0),
        archive_months integer not null check (archive_months >= 0),
        updated_by uuid,
        updated_at timestamptz not null default now(),
        primary key (organisation_id, kind)
      )`,
    // One row per file the sweeper moved on: archived (read-only, out of lists), then anonymised.
    `create table privacy_file_states (
        organisation_id uuid not null references organisations(id),
        person_id uuid not null references people(id),
        last_contact_at timestamptz not null,
        archived_at timestamptz not null,
        anonymised_at timestamptz,
        primary key (organisation_id, person_id)
      )`,
    `create index privacy_file_states_to_anonymise on privacy_file_states (organisation_id, archived_at)
      where anonymised_at is null`,
    `create table privacy_holds (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        person_id uuid not null references people(id),
        reason text not null,
        review_on date not null,
        created_by uuid not null,
        created_at timestamptz not null default now(),
        released_by uuid,
        released_at timestamptz
      )`,
    `create index privacy_holds_active on privacy_holds (organisation_id, person_id) where released_at is null`,
    `create table privacy_runs (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        started_at timestamptz not null,
        finished_at timestamptz,
        counts jsonb not null default '{}'::jsonb
      )`,
    `create index privacy_runs_org on privacy_runs (organisation_id, started_at desc)`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)

  // The audit trail stays append-only for everyone, except the retention sweeper purging rows past
  // their period: it says so for its own transaction only (set local), nothing else can.
  await sql`
    create or replace function audit_log_is_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and current_setting('trame.audit_purge', true) = 'on' then
        return old;
      end if;
      raise exception 'audit_log is append-only';
    end $$`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The privacy tables cannot be reverted.')
}
