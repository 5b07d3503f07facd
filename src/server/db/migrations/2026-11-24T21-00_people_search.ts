import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  // unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes a wrapper
  // that may be declared IMMUTABLE, so it can feed a generated column and an index.
  await sql`create function trame_normalise(value text) returns text language sql immutable parallel safe strict
    as $$ select lower(public.unaccent('public.unaccent'::regdictionary, value)) $$`.execute(db)
  await sql`alter table people add column search_names text generated always as (
      trame_normalise(coalesce(last_name, '') || ' ' || coalesce(usage_name, '') || ' ' || coalesce(first_names, '')
        || ' ' || coalesce(description, ''))
    ) stored`.execute(db)
  await sql`create index people_search_names on people using gin (search_names gin_trgm_ops)`.execute(db)
  await sql`create index people_birth_date on people (organisation_id, birth_date)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index people_birth_date`.execute(db)
  await sql`alter table people drop column search_names`.execute(db)
  await sql`drop function trame_normalise(text)`.execute(db)
}
