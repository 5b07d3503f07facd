import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `alter table people add unique (organisation_id, id)`,
    // The whole person file. Enumerations are checked by the shared Zod schemas; the database keeps
    // text so that a new value does not need a migration.
    `alter table people
        add column aliases text[] not null default '{}',
        add column sex text,
        add column approximate_age smallint,
        add column approximate_age_on date,
        add column birth_place text,
        add column nationality_group text,
        add column languages text[] not null default '{}',
        add column phone text,
        add column email text,
        add column address text,
        add column postal_code text,
        add column city text,
        add column housing_situation text,
        add column caf_number text,
        add column health_cover text,
        add column social_security_number text,
        add column resources jsonb not null default '[]',
        add column family_situation text,
        add column gir smallint check (gir between 1 and 6),
        add column legal_protection text,
        add column legal_representative text,
        add column referral_source text,
        add column relatives jsonb not null default '[]',
        add column tags text[] not null default '{}',
        add column status text not null default 'active',
        add column merged_into_id uuid,
        add column phone_digits text generated always as (regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g')) stored,
        add foreign key (organisation_id, merged_into_id) references people(organisation_id, id)`,
    `create index people_phone_digits on people using gin (phone_digits gin_trgm_ops)`,
    `create index people_merged_into on people (merged_into_id) where merged_into_id is not null`,

    `create table person_referents (
        organisation_id uuid not null,
        person_id uuid not null,
        user_id uuid not null,
        primary key (person_id, user_id),
        foreign key (organisation_id, person_id) references people(organisation_id, id),
        foreign key (organisation_id, user_id) references users(organisation_id, id)
      )`,

    `create table households (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        address text,
        postal_code text,
        city text,
        other_resources jsonb not null default '[]',
        shares_override numeric(4, 1),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id)
      )`,
    `create table household_members (
        organisation_id uuid not null,
        household_id uuid not null,
        person_id uuid not null,
        relationship text not null,
        disabled boolean not null default false,
        primary key (household_id, person_id),
        unique (person_id),
        foreign key (organisation_id, household_id) references households(organisation_id, id) on delete cascade,
        foreign key (organisation_id, person_id) references people(organisation_id, id)
      )`,

    `create table person_consents (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null,
        person_id uuid not null,
        scope text not null,
        given boolean not null,
        given_on date not null,
        note text,
        recorded_by uuid not null,
        recorded_at timestamptz not null default now(),
        foreign key (organisation_id, person_id) references people(organisation_id, id),
        foreign key (organisation_id, recorded_by) references users(organisation_id, id)
      )`,
    `create index person_consents_person on person_consents (person_id, recorded_at desc)`,

    // A merge links a duplicate file to the kept one; the snapshots let it be undone exactly.
    `create table person_merges (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null,
        kept_person_id uuid not null,
        merged_person_id uuid not null,
        kept_before jsonb not null,
        kept_after jsonb not null,
        merged_before jsonb not null,
        merged_by uuid not null,
        merged_at timestamptz not null default now(),
        undone_by uuid,
        undone_at timestamptz,
        foreign key (organisation_id, kept_person_id) references people(organisation_id, id),
        foreign key (organisation_id, merged_person_id) references people(organisation_id, id)
      )`,
    `create index person_merges_people on person_merges (organisation_id, kept_person_id, merged_person_id)`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)

  // Nicknames given in the street are searched like names.
  await sql`create function trame_join_words(words text[]) returns text language sql immutable parallel safe
    as $$ select coalesce(array_to_string(words, ' '), '') $$`.execute(db)
  await sql`drop index people_search_names`.execute(db)
  await sql`alter table people drop column search_names`.execute(db)
  await sql`alter table people add column search_names text generated always as (
      trame_normalise(coalesce(last_name, '') || ' ' || coalesce(usage_name, '') || ' ' || coalesce(first_names, '')
        || ' ' || trame_join_words(aliases) || ' ' || coalesce(description, ''))
    ) stored`.execute(db)
  await sql`create index people_search_names on people using gin (search_names gin_trgm_ops)`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The person file migration cannot be reverted.')
}
