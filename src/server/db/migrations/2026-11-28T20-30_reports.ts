import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // The triage delay of an organisation (a row appears the first time someone saves it).
    `create table report_settings (
        organisation_id uuid primary key references organisations(id),
        triage_delay_days integer not null default 7 check (triage_delay_days between 1 and 365),
        updated_by uuid references users(id),
        updated_at timestamptz not null default now()
      )`,
    // The last reference number given per organisation and year: SIG-2026-000123. Taken with an
    // upsert in the transaction that stores the report, so concurrent reports never share one.
    `create table report_counters (
        organisation_id uuid not null references organisations(id),
        year integer not null,
        last_value integer not null,
        primary key (organisation_id, year)
      )`,
    // A tip about a person in difficulty: from the public form, a partner, the municipal police,
    // the front desk… then triaged: new → assigned → visited → closed with an outcome.
    `create table reports (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        reference text not null,
        source text not null check (source in ('public_form', 'partner', 'municipal_police', 'front_desk', 'citizen_phone', 'other')),
        status text not null default 'new' check (status in ('new', 'assigned', 'visited', 'closed')),
        received_at timestamptz not null default now(),
        seen_at timestamptz,
        location_text text not null,
        latitude double precision check (latitude between -90 and 90),
        longitude double precision check (longitude between -180 and 180),
        situation text not null,
        children_present text not null default 'unknown' check (children_present in ('unknown', 'yes', 'no')),
        urgency text not null default 'unknown' check (urgency in ('unknown', 'not_urgent', 'urgent')),
        reporter_name text,
        reporter_phone text,
        reporter_email text,
        callback_accepted boolean not null default false,
        consent_at timestamptz,
        partner_service_id uuid,
        frontdesk_contact_id uuid,
        person_id uuid,
        zone_id uuid,
        assigned_to uuid,
        round_id uuid,
        encounter_id uuid,
        visited_at timestamptz,
        outcome text check (outcome in ('person_met', 'not_found', 'already_known', 'not_for_us')),
        closing_note text,
        closed_at timestamptz,
        status_changed_at timestamptz not null default now(),
        created_by uuid references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        unique (organisation_id, reference),
        check ((status = 'closed') = (outcome is not null)),
        check ((latitude is null) = (longitude is null)),
        foreign key (organisation_id, partner_service_id) references partner_services(organisation_id, id),
        foreign key (organisation_id, frontdesk_contact_id) references contacts(organisation_id, id),
        foreign key (organisation_id, person_id) references people(organisation_id, id),
        foreign key (organisation_id, zone_id) references outreach_zones(organisation_id, id),
        foreign key (organisation_id, assigned_to) references users(organisation_id, id),
        foreign key (organisation_id, round_id) references outreach_rounds(organisation_id, id),
        foreign key (organisation_id, encounter_id) references outreach_encounters(organisation_id, id)
      )`,
    `create index reports_queue on reports (organisation_id, received_at) where status <> 'closed'`,
    `create index reports_recent on reports (organisation_id, received_at desc)`,
    `create index reports_person on reports (person_id) where person_id is not null`,
    // Every status change of a report: when, by whom (null for the public form), and what came with it.
    `create table report_events (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null,
        report_id uuid not null,
        status text not null check (status in ('new', 'assigned', 'visited', 'closed')),
        at timestamptz not null default now(),
        by_user uuid references users(id),
        assigned_to uuid references users(id),
        round_id uuid,
        outcome text,
        note text,
        foreign key (organisation_id, report_id) references reports(organisation_id, id),
        foreign key (organisation_id, round_id) references outreach_rounds(organisation_id, id)
      )`,
    `create index report_events_report on report_events (report_id, at)`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The reports migration cannot be reverted.')
}
