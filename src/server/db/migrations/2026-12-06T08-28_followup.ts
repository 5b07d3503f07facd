import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // The kinds of support the organisation runs (global social support, RSA, PAEJ youth…), each a
    // legal duty or an optional one. Retired, never deleted: past records refer to them.
    `create table support_types (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        label text not null,
        legal boolean not null default false,
        position integer not null default 0,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        unique (organisation_id, id)
      )`,
    `create unique index support_types_label on support_types (organisation_id, lower(label)) where active`,
    // One support record (accompagnement) of a person, or of a household, by one team.
    `create table support_records (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        person_id uuid,
        household_id uuid,
        type_id uuid not null,
        team_id uuid,
        status text not null default 'open' check (status in ('open', 'suspended', 'closed')),
        opened_on date not null,
        suspended_on date,
        closed_on date,
        exit_reason text,
        exit_note text,
        domains text[] not null default '{}',
        exit_plan text,
        next_review_on date,
        created_by uuid not null references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        check ((person_id is null) <> (household_id is null)),
        check ((status = 'closed') = (closed_on is not null and exit_reason is not null)),
        check ((status = 'suspended') = (suspended_on is not null)),
        foreign key (organisation_id, person_id) references people(organisation_id, id),
        foreign key (organisation_id, household_id) references households(organisation_id, id),
        foreign key (organisation_id, type_id) references support_types(organisation_id, id),
        foreign key (organisation_id, team_id) references teams(organisation_id, id)
      )`,
    // One person (or household), one running record per type: never a second copy of one story.
    `create unique index support_records_one_per_person on support_records (organisation_id, person_id, type_id)
        where status <> 'closed' and person_id is not null`,
    `create unique index support_records_one_per_household on support_records (organisation_id, household_id, type_id)
        where status <> 'closed' and household_id is not null`,
    `create index support_records_person on support_records (person_id) where person_id is not null`,
    `create index support_records_household on support_records (household_id) where household_id is not null`,
    `create index support_records_review on support_records (organisation_id, next_review_on) where status = 'open'`,
    // Referents of a record with the dates they held it: a change closes one row and opens another.
    `create table support_record_referents (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        record_id uuid not null,
        user_id uuid not null,
        from_on date not null,
        until_on date,
        changed_by uuid not null references users(id),
        foreign key (organisation_id, record_id) references support_records(organisation_id, id),
        foreign key (organisation_id, user_id) references users(organisation_id, id),
        check (until_on is null or until_on >= from_on)
      )`,
    `create unique index support_record_referents_current on support_record_referents (record_id, user_id) where until_on is null`,
    `create index support_record_referents_user on support_record_referents (user_id) where until_on is null`,
    // Goals of a record, with a target date and a status each.
    `create table support_goals (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        record_id uuid not null,
        label text not null,
        domain text,
        target_on date,
        status text not null default 'planned'
          check (status in ('planned', 'in_progress', 'achieved', 'abandoned')),
        status_on date not null,
        created_by uuid not null references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        foreign key (organisation_id, record_id) references support_records(organisation_id, id)
      )`,
    `create index support_goals_record on support_goals (record_id)`,
    `create index support_goals_due on support_goals (organisation_id, target_on) where status in ('planned', 'in_progress')`,
    // One interview (entretien) of a record. The private synthesis is its author's working note: the
    // queries read it only for its author. A psychologist's session note is for that team's psychologists.
    `create table support_interviews (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        record_id uuid not null,
        occurred_at timestamptz not null,
        duration_minutes integer check (duration_minutes between 1 and 1440),
        medium text not null,
        participants text[] not null default '{}',
        domains text[] not null default '{}',
        note text,
        private_synthesis text,
        psychologist_session boolean not null default false,
        contact_id uuid,
        author_id uuid not null references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        foreign key (organisation_id, record_id) references support_records(organisation_id, id),
        foreign key (organisation_id, contact_id) references contacts(organisation_id, id)
      )`,
    `create index support_interviews_record on support_interviews (record_id, occurred_at desc)`,
    `create index support_interviews_period on support_interviews (organisation_id, occurred_at)`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The follow-up migration cannot be reverted.')
}
