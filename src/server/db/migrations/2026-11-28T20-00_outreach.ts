import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // Street outreach settings of an organisation (a row appears the first time someone saves them).
    `create table outreach_settings (
        organisation_id uuid primary key references organisations(id),
        caseload_alert_days integer not null default 90 check (caseload_alert_days between 1 and 3650),
        updated_by uuid references users(id),
        updated_at timestamptz not null default now()
      )`,
    // The organisation's named sectors ("Centre-ville", "Gare"…). Retired, never deleted: rounds,
    // places and reports refer to them.
    `create table outreach_zones (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        name text not null,
        position integer not null default 0,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        unique (organisation_id, id)
      )`,
    `create unique index outreach_zones_name on outreach_zones (organisation_id, lower(name)) where active`,
    // What a round hands out (meals, hygiene kits, blankets…): the organisation's list.
    `create table outreach_handout_items (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        label text not null,
        position integer not null default 0,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        unique (organisation_id, id)
      )`,
    `create unique index outreach_handout_items_label on outreach_handout_items (organisation_id, lower(label)) where active`,
    // A round (maraude, tournée): planned, then done with its closing report, or cancelled.
    `create table outreach_rounds (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        status text not null default 'planned' check (status in ('planned', 'done', 'cancelled')),
        round_date date not null,
        start_time time,
        end_time time,
        team_id uuid,
        zone_id uuid,
        lead_user_id uuid,
        mode text not null default 'on_foot' check (mode in ('on_foot', 'vehicle')),
        partner_names text[] not null default '{}',
        note text,
        remarks text,
        closed_at timestamptz,
        closed_by uuid references users(id),
        created_by uuid not null references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        foreign key (organisation_id, team_id) references teams(organisation_id, id),
        foreign key (organisation_id, zone_id) references outreach_zones(organisation_id, id),
        foreign key (organisation_id, lead_user_id) references users(organisation_id, id)
      )`,
    `create index outreach_rounds_date on outreach_rounds (organisation_id, round_date desc)`,
    `create table outreach_round_agents (
        organisation_id uuid not null,
        round_id uuid not null,
        user_id uuid not null,
        primary key (round_id, user_id),
        foreign key (organisation_id, round_id) references outreach_rounds(organisation_id, id) on delete cascade,
        foreign key (organisation_id, user_id) references users(organisation_id, id)
      )`,
    `create table outreach_round_handouts (
        organisation_id uuid not null,
        round_id uuid not null,
        item_id uuid not null,
        quantity integer not null check (quantity >= 0),
        primary key (round_id, item_id),
        foreign key (organisation_id, round_id) references outreach_rounds(organisation_id, id) on delete cascade,
        foreign key (organisation_id, item_id) references outreach_handout_items(organisation_id, id)
      )`,
    // Squats, camps, regular sleeping spots. The status is the latest of outreach_place_statuses.
    `create table outreach_places (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        type text not null check (type in ('squat', 'camp', 'sleeping_spot', 'other')),
        name text not null,
        address text,
        latitude double precision check (latitude between -90 and 90),
        longitude double precision check (longitude between -180 and 180),
        zone_id uuid,
        status text not null default 'active' check (status in ('active', 'closed', 'evacuated')),
        status_since date not null default current_date,
        risk_notes text,
        created_by uuid not null references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        foreign key (organisation_id, zone_id) references outreach_zones(organisation_id, id)
      )`,
    `create index outreach_places_zone on outreach_places (organisation_id, zone_id)`,
    `create table outreach_place_statuses (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null,
        place_id uuid not null,
        status text not null check (status in ('active', 'closed', 'evacuated')),
        changed_on date not null,
        note text,
        recorded_by uuid not null references users(id),
        recorded_at timestamptz not null default now(),
        foreign key (organisation_id, place_id) references outreach_places(organisation_id, id)
      )`,
    `create index outreach_place_statuses_place on outreach_place_statuses (place_id, changed_on, recorded_at)`,
    // An encounter in the street: with a known person, or anonymous (a description only).
    `create table outreach_encounters (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        idempotency_key uuid not null,
        round_id uuid,
        team_id uuid,
        occurred_at timestamptz not null,
        latitude double precision check (latitude between -90 and 90),
        longitude double precision check (longitude between -180 and 180),
        address text,
        place_id uuid,
        person_id uuid,
        anonymous_sex text,
        anonymous_age smallint check (anonymous_age between 0 and 120),
        anonymous_with_children boolean,
        anonymous_people_count smallint check (anonymous_people_count between 1 and 500),
        anonymous_description text,
        household_type text check (household_type in ('alone', 'couple', 'with_children', 'group')),
        situation text not null,
        reason_ids uuid[] not null default '{}',
        needs text[] not null default '{}',
        actions text[] not null default '{}',
        orientation_team_id uuid,
        orientation_partner_service_id uuid,
        note text,
        created_by uuid not null references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        foreign key (organisation_id, round_id) references outreach_rounds(organisation_id, id),
        foreign key (organisation_id, team_id) references teams(organisation_id, id),
        foreign key (organisation_id, place_id) references outreach_places(organisation_id, id),
        foreign key (organisation_id, person_id) references people(organisation_id, id),
        foreign key (organisation_id, orientation_team_id) references teams(organisation_id, id),
        foreign key (organisation_id, orientation_partner_service_id) references partner_services(organisation_id, id)
      )`,
    // A form sent twice (offline queue, double tap) records one encounter.
    `create unique index outreach_encounters_idempotency on outreach_encounters (organisation_id, idempotency_key)`,
    `create index outreach_encounters_recent on outreach_encounters (organisation_id, occurred_at desc)`,
    `create index outreach_encounters_person on outreach_encounters (person_id, occurred_at desc) where person_id is not null`,
    `create index outreach_encounters_round on outreach_encounters (round_id) where round_id is not null`,
    // A visit to a place: how many people were there; alone, or with a round or an encounter.
    `create table outreach_place_visits (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null,
        place_id uuid not null,
        visited_at timestamptz not null,
        occupants integer check (occupants >= 0),
        round_id uuid,
        encounter_id uuid,
        note text,
        recorded_by uuid not null references users(id),
        recorded_at timestamptz not null default now(),
        foreign key (organisation_id, place_id) references outreach_places(organisation_id, id),
        foreign key (organisation_id, round_id) references outreach_rounds(organisation_id, id),
        foreign key (organisation_id, encounter_id) references outreach_encounters(organisation_id, id)
      )`,
    `create index outreach_place_visits_place on outreach_place_visits (place_id, visited_at desc)`,
    // A person's outreach follow-up by a team, and its engagement stage.
    `create table outreach_followups (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        person_id uuid not null,
        team_id uuid,
        stage text not null check (stage in ('first_contact', 'known', 'support_accepted', 'in_followup', 'refused')),
        first_contact_at timestamptz not null,
        engaged_at timestamptz,
        refused_at timestamptz,
        closed_at timestamptz,
        exit_reason text check (exit_reason in ('housed', 'taken_over', 'left_city', 'died', 'lost_contact')),
        exit_note text,
        closed_by uuid references users(id),
        created_by uuid not null references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        check ((closed_at is null) = (exit_reason is null)),
        foreign key (organisation_id, person_id) references people(organisation_id, id),
        foreign key (organisation_id, team_id) references teams(organisation_id, id)
      )`,
    // One open follow-up per person and team (a person met without a team has one team-less follow-up).
    `create unique index outreach_followups_open on outreach_followups (organisation_id, person_id, team_id)
        nulls not distinct where closed_at is null`,
    `create index outreach_followups_team on outreach_followups (organisation_id, team_id) where closed_at is null`,
    `create table outreach_followup_stages (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null,
        followup_id uuid not null,
        stage text not null,
        changed_at timestamptz not null,
        note text,
        changed_by uuid not null references users(id),
        recorded_at timestamptz not null default now(),
        foreign key (organisation_id, followup_id) references outreach_followups(organisation_id, id)
      )`,
    `create index outreach_followup_stages_followup on outreach_followup_stages (followup_id, changed_at)`,
    // Families with incomplete rights: a flagged household, its rights checklist and referrals.
    `create table outreach_families (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        household_id uuid not null,
        team_id uuid,
        flagged boolean not null default true,
        flagged_on date not null,
        note text,
        created_by uuid not null references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        unique (organisation_id, household_id),
        foreign key (organisation_id, household_id) references households(organisation_id, id),
        foreign key (organisation_id, team_id) references teams(organisation_id, id)
      )`,
    `create table outreach_family_rights (
        organisation_id uuid not null,
        family_id uuid not null,
        item text not null check (item in ('health_cover', 'family_allowances', 'schooling', 'domiciliation', 'residence_status')),
        status text not null check (status in ('to_check', 'in_progress', 'open', 'not_applicable')),
        status_on date,
        note text,
        updated_by uuid not null references users(id),
        updated_at timestamptz not null default now(),
        primary key (family_id, item),
        foreign key (organisation_id, family_id) references outreach_families(organisation_id, id)
      )`,
    `create table outreach_family_referrals (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null,
        family_id uuid not null,
        partner_service_id uuid not null,
        referred_on date not null,
        outcome text not null default 'pending' check (outcome in ('pending', 'accepted', 'refused', 'no_answer', 'done')),
        outcome_on date,
        note text,
        created_by uuid not null references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        foreign key (organisation_id, family_id) references outreach_families(organisation_id, id),
        foreign key (organisation_id, partner_service_id) references partner_services(organisation_id, id)
      )`,
    `create index outreach_family_referrals_family on outreach_family_referrals (family_id, referred_on)`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The outreach migration cannot be reverted.')
}
