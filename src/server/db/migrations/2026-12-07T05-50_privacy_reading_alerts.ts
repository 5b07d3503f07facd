import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
// Watching access: the organisation's threshold of distinct files one user may read in an hour, and
// the alerts the hourly job raises from the audit trail when someone goes past it (counts, no names).
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table privacy_alert_settings (
        organisation_id uuid primary key references organisations(id),
        files_per_hour integer not null check (files_per_hour between 5 and 1000),
        updated_by uuid,
        updated_at timestamptz not null default now()
      )`,
    `create table privacy_reading_alerts (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        user_id uuid not null references users(id),
        hour_start timestamptz not null,
        distinct_files integer not null,
        threshold integer not null,
        created_at timestamptz not null default now(),
        unique (organisation_id, user_id, hour_start)
      )`,
    `create index privacy_reading_alerts_latest on privacy_reading_alerts (organisation_id, hour_start desc)`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The reading alerts cannot be reverted.')
}
