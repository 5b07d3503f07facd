import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // The organisation's list of document types; retired, never deleted (documents refer to them).
    `create table document_types (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        label text not null,
        position integer not null default 0,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        unique (organisation_id, id)
      )`,
    `create unique index document_types_label on document_types (organisation_id, lower(label)) where active`,
    // A document kept for a person, optionally attached to a record of another module (named by its
    // type, checked by that module). The content lives on disk under its id; the row says what it is.
    `create table documents (
        id uuid primary key,
        organisation_id uuid not null references organisations(id),
        person_id uuid not null,
        type_id uuid not null,
        record_type text,
        record_id uuid,
        file_name text not null,
        content_type text not null,
        size_bytes bigint not null check (size_bytes >= 0),
        sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
        expires_on date,
        uploaded_by uuid references users(id),
        uploaded_at timestamptz not null default now(),
        foreign key (organisation_id, person_id) references people (organisation_id, id),
        foreign key (organisation_id, type_id) references document_types (organisation_id, id),
        check ((record_type is null) = (record_id is null))
      )`,
    `create index documents_person on documents (person_id, uploaded_at desc)`,
    `create index documents_record on documents (record_type, record_id) where record_id is not null`,
    `create index documents_expiring on documents (organisation_id, expires_on) where expires_on is not null`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The documents migration cannot be reverted.')
}
