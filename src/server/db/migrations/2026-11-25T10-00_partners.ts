import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  // Search words of each service category, so that "alimentaire" or "douche" finds services filed under
  // a category key. Frozen here: changing the words needs a new migration (an UPDATE recomputes a row).
  await sql`create function trame_partner_category_words(category text) returns text language sql immutable parallel safe
    as $$ select case category
      when 'food' then 'alimentation aide alimentaire colis repas epicerie solidaire banque alimentaire'
      when 'housing' then 'logement hebergement habitat abri'
      when 'health' then 'sante soins medecin hopital psychologue'
      when 'rights' then 'acces aux droits demarches administratives'
      when 'employment' then 'emploi insertion travail formation'
      when 'hygiene' then 'hygiene douche laverie bagagerie'
      when 'clothing' then 'vetements vestiaire habillement'
      when 'mobility' then 'mobilite transport'
      when 'isolation' then 'isolement lien social'
      when 'children_family' then 'enfance famille parentalite enfants'
      when 'legal' then 'juridique justice avocat droit'
      else 'autre'
    end $$`.execute(db)

  const statements = [
    `create table partners (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        name text not null,
        description text,
        website text,
        email text,
        phone text,
        address text,
        postal_code text,
        city text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        search_text text generated always as (
          trame_normalise(name || ' ' || coalesce(description, '') || ' ' || coalesce(city, ''))
        ) stored,
        unique (organisation_id, id)
      )`,
    // Imports reuse a partner by its name, ignoring case and accents: one partner per name.
    `create unique index partners_name_unique on partners (organisation_id, trame_normalise(name))`,
    `create index partners_search_text on partners using gin (search_text gin_trgm_ops)`,

    // Categories are checked by the shared Zod schemas; text so that a new one needs no migration.
    `create table partner_services (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        partner_id uuid not null,
        name text not null,
        category text not null,
        description text,
        address text,
        postal_code text,
        city text,
        phone text,
        email text,
        opening_hours text,
        access_conditions text,
        contact_name text,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        search_text text generated always as (
          trame_normalise(name || ' ' || trame_partner_category_words(category) || ' '
            || coalesce(description, '') || ' ' || coalesce(city, ''))
        ) stored,
        -- Other modules (front desk orientations) reference a service by (organisation_id, id).
        unique (organisation_id, id),
        foreign key (organisation_id, partner_id) references partners(organisation_id, id) on delete cascade
      )`,
    `create index partner_services_partner on partner_services (organisation_id, partner_id)`,
    `create index partner_services_search_text on partner_services using gin (search_text gin_trgm_ops)`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table partner_services`.execute(db)
  await sql`drop table partners`.execute(db)
  await sql`drop function trame_partner_category_words(text)`.execute(db)
}
