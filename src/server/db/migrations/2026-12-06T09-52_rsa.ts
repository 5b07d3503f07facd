import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // An RSA application instructed at the CCAS, each step dated as it happened.
    `create table rsa_applications (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        person_id uuid not null,
        team_id uuid,
        support_record_id uuid,
        status text not null default 'received' check (status in ('received', 'documents_missing', 'sent_to_caf', 'granted', 'refused', 'oriented', 'contract_signed')),
        received_on date not null,
        missing_documents text[] not null default '{}',
        sent_on date,
        decision text check (decision in ('granted', 'refused')),
        decided_on date,
        orientation text check (orientation in ('social', 'professional')),
        oriented_on date,
        to_ccas boolean,
        contract_signed_on date,
        contract_goals jsonb,
        contract_review_dates jsonb,
        contract_note text,
        created_by uuid not null references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        foreign key (organisation_id, person_id) references people(organisation_id, id),
        foreign key (organisation_id, team_id) references teams(organisation_id, id),
        foreign key (organisation_id, support_record_id) references support_records(organisation_id, id)
      )`,
    `create index rsa_applications_person on rsa_applications (person_id, received_on)`,
    `create index rsa_applications_counts on rsa_applications (organisation_id, received_on)`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The RSA migration cannot be reverted.')
}
