import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // The same counts per month (`day` is the month's first day): a question over years reads
    // thirty times fewer rows, and only the partial months at its edges come from the daily table.
    `create table contact_counts_monthly (
        organisation_id uuid not null references organisations(id),
        day date not null check (extract(day from day) = 1),
        site_id uuid,
        team_id uuid,
        channel text not null,
        reason_id uuid,
        shard smallint not null,
        contacts integer not null,
        unique nulls not distinct (organisation_id, day, site_id, team_id, channel, reason_id, shard)
      )`,
    `create index contact_counts_monthly_period on contact_counts_monthly (organisation_id, day)`,
    `insert into contact_counts_monthly (organisation_id, day, site_id, team_id, channel, reason_id, shard, contacts)
      select organisation_id, date_trunc('month', day)::date, site_id, team_id, channel, reason_id, 0, sum(contacts)
      from contact_counts group by 1, 2, 3, 4, 5, 6`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The monthly contact counts migration cannot be reverted.')
}
