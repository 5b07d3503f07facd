import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // What a report is about: someone in the street (the outreach team's triage queue, as before) or
    // an older or fragile person who seems isolated at home (handed to the neighbour network). The
    // latter says who the person seems to be and whether they know of the report, and never enters
    // triage: no zone, agent, round, encounter or person's file.
    `alter table reports
        add column concern text not null default 'street' check (concern in ('street', 'isolated_at_home')),
        add column person_description text,
        add column person_aware text check (person_aware in ('unknown', 'yes', 'no')),
        add constraint reports_isolated_at_home check (
          concern = 'street' or (
            person_description is not null and person_aware is not null and zone_id is null
            and assigned_to is null and round_id is null and encounter_id is null and person_id is null
          )
        )`,
    // The triage queue holds only reports about the street.
    `drop index reports_queue`,
    `create index reports_queue on reports (organisation_id, received_at) where status <> 'closed' and concern = 'street'`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The report concern migration cannot be reverted.')
}
