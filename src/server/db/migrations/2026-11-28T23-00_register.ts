import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // The team the organisation designates to keep the register (CASF L121-6-1), and the call rules of
    // its alert campaigns. A row appears the first time someone saves it.
    `create table register_settings (
        organisation_id uuid primary key references organisations(id),
        team_id uuid,
        retry_delay_minutes integer not null default 60 check (retry_delay_minutes between 5 and 1440),
        max_attempts integer not null default 3 check (max_attempts between 1 and 10),
        updated_by uuid references users(id),
        updated_at timestamptz not null default now(),
        foreign key (organisation_id, team_id) references teams(organisation_id, id)
      )`,
    // One entry per person: what the register holds to call them during an alert plan. An objection,
    // or a deregistration, deletes the row.
    `create table register_entries (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        person_id uuid not null,
        status text not null check (status in ('awaiting_confirmation', 'registered')),
        ground text not null check (ground in ('age_65', 'age_60_unfit', 'disabled_adult')),
        disability_proof text check (disability_proof in ('aah', 'pch', 'invalidity_card', 'invalidity_pension', 'other')),
        requested_by text not null check (requested_by in ('self', 'legal_representative', 'third_party')),
        requester_name text,
        requester_relationship text,
        requested_on date not null,
        acknowledgement_due date,
        address text,
        phone text,
        lives_alone boolean not null default false,
        autonomy text[] not null default '{}',
        power_medical_devices boolean not null default false,
        attending_services text[] not null default '{}',
        emergency_contacts jsonb not null default '[]',
        best_call_times text,
        registered_at timestamptz,
        review_due date,
        created_by uuid references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        unique (organisation_id, person_id),
        check ((status = 'registered') = (registered_at is not null)),
        foreign key (organisation_id, person_id) references people(organisation_id, id)
      )`,
    // +1 when a person is registered, -1 when they leave: the count over time, without any name.
    `create table register_movements (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        at timestamptz not null default now(),
        delta integer not null check (delta in (-1, 1))
      )`,
    `create index register_movements_at on register_movements (organisation_id, at)`,
    // A plan activated by the director when the prefect triggers an alert (heatwave, extreme cold…).
    `create table alert_plans (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        kind text not null check (kind in ('heatwave', 'extreme_cold', 'other')),
        label text,
        starts_on date not null,
        ends_on date,
        status text not null default 'active' check (status in ('active', 'closed')),
        activated_by uuid references users(id),
        activated_at timestamptz not null default now(),
        closed_by uuid references users(id),
        closed_at timestamptz,
        unique (organisation_id, id),
        check (ends_on is null or ends_on >= starts_on)
      )`,
    // One call to make per registered person and plan, given to a caller, ordered by risk.
    `create table alert_calls (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null,
        plan_id uuid not null,
        person_id uuid not null,
        caller_id uuid,
        risk integer not null,
        rank integer not null,
        status text not null default 'to_call' check (status in ('to_call', 'retry', 'home_visit', 'reached', 'escalated')),
        attempts integer not null default 0,
        next_attempt_at timestamptz,
        last_outcome text,
        contact_id uuid,
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        unique (plan_id, person_id),
        foreign key (organisation_id, plan_id) references alert_plans(organisation_id, id),
        foreign key (organisation_id, person_id) references people(organisation_id, id),
        foreign key (organisation_id, caller_id) references users(organisation_id, id)
      )`,
    `create index alert_calls_plan on alert_calls (plan_id, status, rank)`,
    `create table alert_call_attempts (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null,
        call_id uuid not null,
        at timestamptz not null default now(),
        by_user uuid references users(id),
        outcome text not null check (outcome in ('all_fine', 'needs_something', 'no_answer', 'emergency')),
        note text,
        foreign key (organisation_id, call_id) references alert_calls(organisation_id, id)
      )`,
    `create index alert_call_attempts_call on alert_call_attempts (call_id, at)`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The register migration cannot be reverted.')
}
