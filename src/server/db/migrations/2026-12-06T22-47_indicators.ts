import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // The small-cell threshold of an organisation (a row appears the first time someone saves it).
    `create table indicator_settings (
        organisation_id uuid primary key references organisations(id),
        small_cell_threshold integer not null default 5 check (small_cell_threshold between 2 and 50),
        updated_by uuid references users(id),
        updated_at timestamptz not null default now()
      )`,
    // A user's dashboard: the indicators they chose, with their filters and chart, in order.
    `create table indicator_dashboards (
        user_id uuid primary key references users(id),
        organisation_id uuid not null references organisations(id),
        items jsonb not null default '[]',
        updated_at timestamptz not null default now()
      )`,
    // Distinct persons and households received per site: contacts of a period by site.
    `create index contacts_site_period on contacts (organisation_id, occurred_at, site_id) include (person_id)
       where person_id is not null`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}
