import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // Who acted: a staff user (user_id), a volunteer of the network's portal (volunteer_id) or Trame
    // itself (a periodic job). Rows written before this migration say nothing (null). `details` says
    // what an action revealed, e.g. which of a senior's contact details a volunteer was shown.
    `alter table audit_log
        add column actor_kind text check (actor_kind in ('staff', 'volunteer', 'system')),
        add column volunteer_id uuid,
        add column details jsonb`,
    // A volunteer's trail, and the needs they gave back this week, read by volunteer and time.
    `create index audit_log_volunteer on audit_log (organisation_id, volunteer_id, at)
       where volunteer_id is not null`,
    // How many needs a volunteer may give back within 7 days before they can accept no more: accepting
    // then giving back reveals a senior's name, address and phone each time.
    `alter table network_settings
        add column weekly_release_limit integer not null default 3 check (weekly_release_limit between 1 and 50)`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The volunteer audit migration cannot be reverted.')
}
