import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // Rights the organisation adds to the built-in list (a local allowance, a municipal card…).
    `create table right_kinds (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        label text not null,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        unique (organisation_id, id)
      )`,
    `create unique index right_kinds_label on right_kinds (organisation_id, lower(label))`,
    // One line per right of a person or of a household: its status, when it was reached, its end.
    `create table rights (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        person_id uuid,
        household_id uuid,
        kind text not null,
        status text not null check (status in ('to_check', 'eligible_not_claimed', 'in_progress', 'open', 'refused', 'closed', 'not_applicable')),
        status_on date,
        open_until date,
        note text,
        created_by uuid not null references users(id),
        updated_by uuid not null references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        check ((person_id is null) <> (household_id is null)),
        check (open_until is null or status = 'open'),
        foreign key (organisation_id, person_id) references people(organisation_id, id),
        foreign key (organisation_id, household_id) references households(organisation_id, id) on delete cascade
      )`,
    `create unique index rights_person_kind on rights (person_id, kind) where person_id is not null`,
    `create unique index rights_household_kind on rights (household_id, kind) where household_id is not null`,
    `create index rights_ending on rights (organisation_id, open_until) where status = 'open'`,
    `create table rights_settings (
        organisation_id uuid primary key references organisations(id),
        ending_days integer not null default 60 check (ending_days between 1 and 365),
        updated_at timestamptz not null default now()
      )`,
    // The families-with-incomplete-rights checklist becomes the household's rights: no second list.
    `insert into rights (organisation_id, household_id, kind, status, status_on, note, created_by, updated_by, created_at, updated_at)
       select r.organisation_id, f.household_id, r.item, r.status, r.status_on, r.note, r.updated_by, r.updated_by, r.updated_at, r.updated_at
         from outreach_family_rights r
         join outreach_families f on f.id = r.family_id`,
    `drop table outreach_family_rights`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The rights migration cannot be reverted.')
}
