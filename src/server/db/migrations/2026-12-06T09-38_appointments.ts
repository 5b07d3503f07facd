import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // Times a professional opens for appointments (booked or not).
    `create table appointment_slots (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        professional_id uuid not null,
        team_id uuid,
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        place text,
        created_by uuid not null references users(id),
        created_at timestamptz not null default now(),
        unique (organisation_id, id),
        check (ends_at > starts_at),
        foreign key (organisation_id, professional_id) references users(organisation_id, id),
        foreign key (organisation_id, team_id) references teams(organisation_id, id)
      )`,
    `create index appointment_slots_professional on appointment_slots (professional_id, starts_at)`,
    `create table appointments (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        person_id uuid not null,
        professional_id uuid not null,
        team_id uuid,
        slot_id uuid,
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        place text,
        purpose text,
        status text not null default 'planned' check (status in ('planned', 'honoured', 'missed', 'excused', 'cancelled')),
        status_note text,
        status_changed_at timestamptz,
        status_changed_by uuid references users(id),
        booked_from text not null check (booked_from in ('front_desk', 'file')),
        reminder_sent_at timestamptz,
        created_by uuid not null references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        check (ends_at > starts_at),
        foreign key (organisation_id, person_id) references people(organisation_id, id),
        foreign key (organisation_id, professional_id) references users(organisation_id, id),
        foreign key (organisation_id, team_id) references teams(organisation_id, id),
        foreign key (organisation_id, slot_id) references appointment_slots(organisation_id, id)
      )`,
    // A slot holds one appointment that is not cancelled.
    `create unique index appointments_slot on appointments (slot_id) where slot_id is not null and status <> 'cancelled'`,
    `create index appointments_professional on appointments (professional_id, starts_at)`,
    `create index appointments_person on appointments (person_id, starts_at)`,
    `create index appointments_reminders on appointments (starts_at) where status = 'planned' and reminder_sent_at is null`,
    `create index appointments_counts on appointments (organisation_id, starts_at)`,
    // A professional's calendar feed: the secret link's hash only; deleting the row revokes it.
    `create table calendar_feeds (
        user_id uuid primary key references users(id),
        organisation_id uuid not null references organisations(id),
        token_hash text not null unique,
        created_at timestamptz not null default now()
      )`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The appointments migration cannot be reverted.')
}
