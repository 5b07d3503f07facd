import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // The coordinator's settings: when a need nobody took is escalated and to whom, the seniors line.
    `create table network_settings (
        organisation_id uuid primary key references organisations(id),
        escalate_after_hours integer not null default 48 check (escalate_after_hours between 1 and 720),
        escalation_partner_id uuid,
        escalation_team_id uuid,
        seniors_line_team_id uuid,
        offer_count integer not null default 3 check (offer_count between 1 and 20),
        updated_at timestamptz not null default now(),
        foreign key (organisation_id, escalation_partner_id) references partners(organisation_id, id),
        foreign key (organisation_id, escalation_team_id) references teams(organisation_id, id),
        foreign key (organisation_id, seniors_line_team_id) references teams(organisation_id, id),
        check (escalation_partner_id is null or escalation_team_id is null)
      )`,
    // Neighbourhood centres: where a volunteer or a senior is placed when their address is not geocoded.
    `create table network_neighbourhoods (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        name text not null,
        latitude double precision not null check (latitude between -90 and 90),
        longitude double precision not null check (longitude between -180 and 180),
        created_at timestamptz not null default now(),
        unique (organisation_id, id),
        unique (organisation_id, name)
      )`,
    `alter table network_needs
        add column escalated_automatically boolean not null default false,
        add column escalation_partner_id uuid,
        add column escalation_team_id uuid,
        add column escalation_outcome_at timestamptz,
        add column coordinator_alerted_at timestamptz,
        add column previous_need_id uuid,
        -- Since when the need waits for a volunteer: its creation, or the day a volunteer gave it back.
        add column waiting_since timestamptz not null default now(),
        add constraint network_needs_escalation_partner foreign key (organisation_id, escalation_partner_id) references partners(organisation_id, id),
        add constraint network_needs_escalation_team foreign key (organisation_id, escalation_team_id) references teams(organisation_id, id),
        add constraint network_needs_previous foreign key (organisation_id, previous_need_id) references network_needs(organisation_id, id)`,
    // A weekly need's next occurrence is created once, even if "done" were recorded twice at once.
    `create unique index network_needs_next_occurrence on network_needs (previous_need_id) where previous_need_id is not null`,
    // The escalation sweep reads only needs still waiting for a volunteer.
    `update network_needs set waiting_since = created_at`,
    `create index network_needs_waiting on network_needs (waiting_since) where status in ('open', 'offered')`,
    `alter table network_member_reports
        add column source text not null default 'volunteer' check (source in ('volunteer', 'citizen')),
        add column citizen_report_id uuid,
        add column outcome text check (outcome in ('register_referral', 'need_created', 'already_known', 'no_action')),
        add column closed_at timestamptz,
        add column coordinator_alerted_at timestamptz,
        add constraint network_member_reports_citizen_report foreign key (organisation_id, citizen_report_id) references reports(organisation_id, id)`,
    // Reports made before this migration are not announced again.
    `update network_member_reports set coordinator_alerted_at = created_at`,
    `create index network_member_reports_unannounced on network_member_reports (created_at) where coordinator_alerted_at is null`,
    `create unique index network_member_reports_one_per_citizen_report on network_member_reports (citizen_report_id) where citizen_report_id is not null`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The network settings migration cannot be reverted.')
}
