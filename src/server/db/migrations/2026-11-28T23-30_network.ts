import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // Neighbours who help isolated seniors: their own accounts, apart from staff users.
    `create table volunteers (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        email text not null,
        password_hash text not null,
        first_name text not null,
        last_name text not null,
        phone text not null,
        address text,
        neighbourhood text,
        latitude double precision check (latitude between -90 and 90),
        longitude double precision check (longitude between -180 and 180),
        help_kinds text[] not null,
        availability text[] not null default '{}',
        max_distance_km integer not null check (max_distance_km between 1 and 100),
        charter_version text,
        charter_accepted_at timestamptz,
        status text not null default 'pending' check (status in ('pending', 'approved', 'refused', 'suspended')),
        status_reason text,
        status_changed_at timestamptz not null default now(),
        professional_skill text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        unique (organisation_id, email),
        check ((latitude is null) = (longitude is null))
      )`,
    `create table volunteer_sessions (
        id uuid primary key default gen_random_uuid(),
        token_hash text not null unique,
        csrf_token text not null,
        volunteer_id uuid not null references volunteers(id),
        expires_at timestamptz not null,
        revoked_at timestamptz,
        last_seen_at timestamptz not null default now(),
        created_at timestamptz not null default now()
      )`,
    // A senior's need for help: open → offered → accepted → done, or cancelled / escalated.
    // The senior's name, address and phone are copied for the assigned volunteer and erased when done.
    `create table network_needs (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        person_id uuid not null,
        kind text not null,
        description text,
        wanted_date date,
        time_slot text check (time_slot in ('morning', 'afternoon', 'evening')),
        recurrence text not null check (recurrence in ('once', 'weekly')),
        urgency text not null check (urgency in ('normal', 'urgent')),
        latitude double precision,
        longitude double precision,
        escalate_after_hours integer not null,
        frontdesk_contact_id uuid,
        status text not null default 'open' check (status in ('open', 'offered', 'accepted', 'done', 'cancelled', 'escalated')),
        senior_name text,
        senior_address text,
        senior_phone text,
        volunteer_id uuid,
        accepted_at timestamptz,
        done_at timestamptz,
        report text,
        cancelled_at timestamptz,
        escalated_at timestamptz,
        escalated_to text check (escalated_to in ('partner', 'internal_team')),
        escalation_partner text,
        escalation_outcome text,
        created_by uuid references users(id),
        created_at timestamptz not null default now(),
        unique (organisation_id, id),
        foreign key (organisation_id, person_id) references people(organisation_id, id),
        foreign key (organisation_id, volunteer_id) references volunteers(organisation_id, id),
        foreign key (organisation_id, frontdesk_contact_id) references contacts(organisation_id, id)
      )`,
    `create index network_needs_open on network_needs (organisation_id, created_at) where status in ('open', 'offered')`,
    `create index network_needs_volunteer on network_needs (volunteer_id) where volunteer_id is not null`,
    // Which volunteers a need was offered to (and e-mailed).
    `create table network_offers (
        organisation_id uuid not null,
        need_id uuid not null,
        volunteer_id uuid not null,
        offered_at timestamptz not null default now(),
        primary key (need_id, volunteer_id),
        foreign key (organisation_id, need_id) references network_needs(organisation_id, id),
        foreign key (organisation_id, volunteer_id) references volunteers(organisation_id, id)
      )`,
    // A volunteer's report of a person who seems isolated or vulnerable: the coordinator's queue.
    `create table network_member_reports (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        volunteer_id uuid,
        about text not null,
        location text,
        status text not null default 'new' check (status in ('new', 'closed')),
        closing_note text,
        closed_by uuid references users(id),
        created_at timestamptz not null default now(),
        unique (organisation_id, id),
        foreign key (organisation_id, volunteer_id) references volunteers(organisation_id, id)
      )`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The network migration cannot be reverted.')
}
