import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
// Group activities: the organisation's list of kinds (intergenerational action, prevention workshop…),
// each activity with its team, partners, place and audience, its sessions (held or planned: a past
// date records history), the people named in a session (registered, then present, absent or excused)
// and the participants counted without a name, per category.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table activity_kinds (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        label text not null,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        unique (organisation_id, id)
      )`,
    `create unique index activity_kinds_label on activity_kinds (organisation_id, lower(label))`,
    `create table activities (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        kind_id uuid not null,
        title text not null,
        description text,
        team_id uuid,
        audience text not null check (audience in ('seniors', 'youths', 'families', 'all')),
        place_kind text not null check (place_kind in ('care_home', 'club', 'home', 'public_place', 'other')),
        place_label text,
        place_address text,
        archived boolean not null default false,
        created_by uuid references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        foreign key (organisation_id, kind_id) references activity_kinds(organisation_id, id),
        foreign key (organisation_id, team_id) references teams(organisation_id, id)
      )`,
    `create index activities_organisation on activities (organisation_id, kind_id)`,
    `create table activity_partners (
        organisation_id uuid not null,
        activity_id uuid not null,
        partner_id uuid not null,
        primary key (activity_id, partner_id),
        foreign key (organisation_id, activity_id) references activities(organisation_id, id) on delete cascade,
        foreign key (organisation_id, partner_id) references partners(organisation_id, id)
      )`,
    `create table activity_sessions (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        activity_id uuid not null,
        held_on date not null,
        starts_at time,
        ends_at time,
        capacity integer check (capacity between 1 and 100000),
        facilitators text[] not null default '{}',
        note text,
        created_by uuid references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        foreign key (organisation_id, activity_id) references activities(organisation_id, id),
        check (ends_at is null or starts_at is null or ends_at > starts_at)
      )`,
    `create index activity_sessions_activity on activity_sessions (activity_id, held_on)`,
    `create index activity_sessions_held_on on activity_sessions (organisation_id, held_on)`,
    `create table activity_participants (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        session_id uuid not null,
        person_id uuid not null,
        status text not null default 'registered' check (status in ('registered', 'present', 'absent', 'excused')),
        recorded_by uuid references users(id),
        updated_at timestamptz not null default now(),
        unique (session_id, person_id),
        foreign key (organisation_id, session_id) references activity_sessions(organisation_id, id) on delete cascade,
        foreign key (organisation_id, person_id) references people(organisation_id, id)
      )`,
    `create index activity_participants_person on activity_participants (person_id)`,
    `create table activity_session_counts (
        organisation_id uuid not null,
        session_id uuid not null,
        category text not null check (category in ('seniors_care_home', 'seniors_club', 'seniors_home', 'youths', 'children', 'parents', 'adults')),
        count integer not null check (count between 0 and 100000),
        primary key (session_id, category),
        foreign key (organisation_id, session_id) references activity_sessions(organisation_id, id) on delete cascade
      )`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The activities migration cannot be reverted.')
}
