import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
// Domiciliation (élection de domicile, CASF L264-1): one row per period asked for (first request or
// renewal), its decisions kept in a history that can be undone, the household members it covers,
// the proxies who may collect mail, the mail itself, and the imports from DomiFa.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table domiciliation_settings (
        organisation_id uuid primary key references organisations(id),
        decision_roles text[] not null default '{director}',
        no_contact_months integer not null default 3 check (no_contact_months between 1 and 24),
        renewal_reminder_days integer not null default 61 check (renewal_reminder_days between 7 and 180),
        postal_address text,
        approved_scope text,
        updated_by uuid references users(id),
        updated_at timestamptz not null default now()
      )`,
    `create table domiciliations (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        person_id uuid not null,
        kind text not null check (kind in ('first', 'renewal')),
        previous_id uuid,
        status text not null default 'instruction'
          check (status in ('instruction', 'awaiting_decision', 'granted', 'refused', 'radiated')),
        requested_on date not null,
        interview_on date,
        instruction jsonb not null default '{}',
        instructed_by uuid references users(id),
        start_on date,
        end_on date,
        first_domiciled_on date,
        refusal_motif text,
        refusal_reorientation text,
        refusal_note text,
        radiation_motif text,
        radiation_on date,
        radiation_note text,
        decided_at timestamptz,
        decided_by uuid references users(id),
        last_contact_at timestamptz,
        renewal_reminded_at timestamptz,
        external_ref text,
        comments text,
        import_id uuid,
        created_by uuid references users(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organisation_id, id),
        check (end_on is null or start_on is null or end_on >= start_on),
        foreign key (organisation_id, person_id) references people(organisation_id, id),
        foreign key (organisation_id, previous_id) references domiciliations(organisation_id, id)
      )`,
    `create index domiciliations_person on domiciliations (person_id, requested_on desc)`,
    `create index domiciliations_status on domiciliations (organisation_id, status)`,
    `create index domiciliations_in_force on domiciliations (organisation_id, end_on) where status = 'granted'`,
    `create index domiciliations_last_contact on domiciliations (organisation_id, last_contact_at) where status = 'granted'`,
    `create unique index domiciliations_external_ref on domiciliations (organisation_id, external_ref) where external_ref is not null`,
    // Each decision with what it replaced, so that a decision taken by mistake can be undone.
    `create table domiciliation_decisions (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        domiciliation_id uuid not null,
        decision text not null check (decision in ('granted', 'refused', 'radiated')),
        effective_on date not null,
        motif text,
        note text,
        previous jsonb not null,
        decided_by uuid references users(id),
        decided_at timestamptz not null default now(),
        undone_at timestamptz,
        undone_by uuid references users(id),
        undo_reason text,
        foreign key (organisation_id, domiciliation_id) references domiciliations(organisation_id, id)
      )`,
    `create index domiciliation_decisions_of on domiciliation_decisions (domiciliation_id, decided_at)`,
    `create index domiciliation_decisions_year on domiciliation_decisions (organisation_id, effective_on)`,
    // Household members the domiciliation covers (ayants droit).
    `create table domiciliation_beneficiaries (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        domiciliation_id uuid not null,
        person_id uuid not null,
        relationship text,
        unique (domiciliation_id, person_id),
        foreign key (organisation_id, domiciliation_id) references domiciliations(organisation_id, id),
        foreign key (organisation_id, person_id) references people(organisation_id, id)
      )`,
    `create index domiciliation_beneficiaries_person on domiciliation_beneficiaries (person_id)`,
    // Someone the domiciled person allows to collect their mail, for a time.
    `create table domiciliation_proxies (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        person_id uuid not null,
        last_name text not null,
        first_name text,
        identity_document text,
        valid_from date not null,
        valid_until date,
        revoked_at timestamptz,
        revoked_by uuid references users(id),
        created_by uuid references users(id),
        created_at timestamptz not null default now(),
        unique (organisation_id, id),
        check (valid_until is null or valid_until >= valid_from),
        foreign key (organisation_id, person_id) references people(organisation_id, id)
      )`,
    `create index domiciliation_proxies_person on domiciliation_proxies (person_id)`,
    `create table mail_items (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        person_id uuid not null,
        domiciliation_id uuid,
        kind text not null check (kind in ('letter', 'registered_notice', 'parcel', 'official')),
        sender text,
        received_at timestamptz not null default now(),
        received_by uuid references users(id),
        status text not null default 'waiting' check (status in ('waiting', 'handed_over', 'forwarded', 'returned')),
        closed_at timestamptz,
        closed_by uuid references users(id),
        handed_to text check (handed_to in ('person', 'proxy')),
        proxy_id uuid,
        forwarded_to text,
        contact_id uuid,
        notified_at timestamptz,
        unique (organisation_id, id),
        foreign key (organisation_id, person_id) references people(organisation_id, id),
        foreign key (organisation_id, domiciliation_id) references domiciliations(organisation_id, id),
        foreign key (organisation_id, proxy_id) references domiciliation_proxies(organisation_id, id)
      )`,
    `create index mail_items_waiting on mail_items (person_id, received_at) where status = 'waiting'`,
    `create index mail_items_person on mail_items (person_id, received_at desc)`,
    `create index mail_items_received on mail_items (organisation_id, received_at)`,
    `create table domiciliation_imports (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id),
        status text not null default 'checking'
          check (status in ('checking', 'invalid', 'valid', 'importing', 'done', 'failed')),
        file_name text not null,
        storage_key text,
        total_rows integer not null default 0,
        processed_rows integer not null default 0,
        created_people integer not null default 0,
        matched_people integer not null default 0,
        errors jsonb not null default '[]',
        created_by uuid references users(id),
        created_at timestamptz not null default now(),
        finished_at timestamptz,
        unique (organisation_id, id)
      )`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The domiciliation migration cannot be reverted.')
}
