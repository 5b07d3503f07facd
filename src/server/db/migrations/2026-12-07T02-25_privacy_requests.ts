import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
// The register of the persons' requests (RGPD art. 12 to 22): what was asked, when it was received,
// the legal deadline (a month, extended by two at most, with the reason), the answer and its date.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table privacy_requests (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        kind text not null check (kind in ('access', 'rectification', 'erasure', 'restriction', 'objection')),
        received_on date not null,
        requester text not null,
        person_id uuid,
        due_on date not null,
        extended boolean not null default false,
        extension_reason text,
        answered_on date,
        outcome text check (outcome in ('granted', 'partial', 'refused')),
        note text,
        created_by uuid not null,
        created_at timestamptz not null default now(),
        foreign key (organisation_id, person_id) references people(organisation_id, id),
        check ((answered_on is null) = (outcome is null))
      )`,
    `create index privacy_requests_open on privacy_requests (organisation_id, due_on) where answered_on is null`,
    `create index privacy_requests_person on privacy_requests (person_id) where person_id is not null`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The requests register cannot be reverted.')
}
