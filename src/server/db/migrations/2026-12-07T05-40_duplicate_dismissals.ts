import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // Two files someone who merges said are not the same person: that pair leaves the list of likely
    // duplicates. A pair is kept once, its smaller id first, whichever file was shown first. Undoing
    // deletes the row (the audit trail keeps both acts); an erased file takes its pairs with it.
    `create table person_duplicate_dismissals (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        person_a_id uuid not null references people(id) on delete cascade,
        person_b_id uuid not null references people(id) on delete cascade,
        dismissed_by uuid not null references users(id),
        dismissed_at timestamptz not null default now(),
        check (person_a_id < person_b_id),
        unique (organisation_id, person_a_id, person_b_id)
      )`,
    `create index person_duplicate_dismissals_b on person_duplicate_dismissals (person_b_id)`,
    `create index person_duplicate_dismissals_listed on person_duplicate_dismissals (organisation_id, dismissed_at desc)`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}
