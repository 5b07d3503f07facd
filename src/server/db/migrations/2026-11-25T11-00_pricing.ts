import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // One row per organisation once it changes the defaults. The shares rule is a JSON object so that a
    // new setting needs no migration (missing settings take their default when read).
    `create table pricing_settings (
        organisation_id uuid primary key references organisations(id),
        shares_rule jsonb not null,
        updated_by uuid,
        updated_at timestamptz not null default now(),
        foreign key (organisation_id, updated_by) references users(organisation_id, id)
      )`,
    // Tariff brackets, in order of quotient. Each gives either a price or a percentage of the full price.
    `create table pricing_brackets (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        position smallint not null check (position >= 0),
        label text not null,
        min_quotient_cents integer not null check (min_quotient_cents >= 0),
        max_quotient_cents integer check (max_quotient_cents is null or max_quotient_cents > min_quotient_cents),
        price_cents integer check (price_cents >= 0),
        percent numeric(5, 2) check (percent between 0 and 100),
        note text,
        check ((price_cents is null) <> (percent is null)),
        unique (organisation_id, id),
        unique (organisation_id, position)
      )`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The pricing migration cannot be reverted.')
}
