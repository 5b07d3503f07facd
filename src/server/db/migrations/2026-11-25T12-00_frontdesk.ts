import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // The organisation's list of reasons for a contact; a reason is deactivated, never deleted,
    // because past contacts and their counts refer to it.
    `create table contact_reasons (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        label text not null,
        position integer not null default 0,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        unique (organisation_id, id)
      )`,
    // Two active reasons cannot share a label; a retired one keeps its label for past counts.
    `create unique index contact_reasons_label on contact_reasons (organisation_id, lower(label)) where active`,
    // One passage, call, letter… at the front desk. Anonymous contacts have no person.
    `create table contacts (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        occurred_at timestamptz not null default now(),
        channel text not null,
        site_id uuid,
        team_id uuid,
        person_id uuid,
        anonymous_description text,
        reason_ids uuid[] not null default '{}',
        note text,
        orientation_team_id uuid,
        orientation_partner_service_id uuid,
        follow_up_status text check (follow_up_status in ('pending', 'done')),
        assigned_to uuid,
        follow_up_note text,
        done_at timestamptz,
        done_by uuid,
        created_by uuid not null references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        foreign key (organisation_id, site_id) references sites(organisation_id, id),
        foreign key (organisation_id, team_id) references teams(organisation_id, id),
        foreign key (organisation_id, person_id) references people(organisation_id, id),
        foreign key (organisation_id, orientation_team_id) references teams(organisation_id, id),
        foreign key (organisation_id, orientation_partner_service_id) references partner_services(organisation_id, id),
        foreign key (organisation_id, assigned_to) references users(organisation_id, id),
        foreign key (done_by) references users(id)
      )`,
    `create index contacts_recent on contacts (organisation_id, occurred_at desc)`,
    `create index contacts_person on contacts (person_id, occurred_at desc) where person_id is not null`,
    `create index contacts_queue on contacts (organisation_id, team_id, occurred_at) where follow_up_status = 'pending'`,
    // Counts per day and dimension, kept in the same transaction as each contact so that a year of
    // passages is counted without reading every row. A contact adds one row with no reason (the
    // contact itself) and one per reason. The shard spreads concurrent writers over several rows.
    `create table contact_counts (
        organisation_id uuid not null references organisations(id),
        day date not null,
        site_id uuid,
        team_id uuid,
        channel text not null,
        reason_id uuid,
        shard smallint not null,
        contacts integer not null,
        unique nulls not distinct (organisation_id, day, site_id, team_id, channel, reason_id, shard)
      )`,
    `create index contact_counts_period on contact_counts (organisation_id, day)`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The front desk migration cannot be reverted.')
}
