import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  // The identifier an Open Referral (HSDS 3) dataset gave the organisation or service: re-importing
  // the same dataset updates these rows instead of adding new ones.
  await sql`alter table partners add column hsds_id text`.execute(db)
  await sql`alter table partner_services add column hsds_id text`.execute(db)
  await sql`create unique index partners_hsds_id on partners (organisation_id, hsds_id) where hsds_id is not null`.execute(
    db,
  )
  await sql`create unique index partner_services_hsds_id on partner_services (organisation_id, hsds_id)
    where hsds_id is not null`.execute(db)
  // How the organisation reads a dataset's taxonomy terms: each term (its code, or its name without
  // one, lower-case) onto one of Trame's service categories.
  await sql`create table partner_taxonomy_mappings (
      organisation_id uuid not null references organisations(id),
      term_key text not null check (length(term_key) between 1 and 200),
      term_label text not null,
      category text not null,
      updated_by uuid references users(id),
      updated_at timestamptz not null default now(),
      primary key (organisation_id, term_key)
    )`.execute(db)
}
