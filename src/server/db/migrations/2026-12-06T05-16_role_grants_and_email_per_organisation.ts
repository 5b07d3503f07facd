import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // Giving the director or administrator role waits for a second administrator (or the director):
    // the role set asked for is kept here until someone other than the requester confirms it.
    `create table role_grants (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null,
        user_id uuid not null,
        roles text[] not null,
        requested_by uuid not null,
        requested_at timestamptz not null default now(),
        status text not null default 'pending' check (status in ('pending', 'confirmed', 'cancelled')),
        decided_by uuid,
        decided_at timestamptz,
        foreign key (organisation_id, user_id) references users(organisation_id, id),
        foreign key (organisation_id, requested_by) references users(organisation_id, id),
        foreign key (organisation_id, decided_by) references users(organisation_id, id),
        check ((status = 'pending') = (decided_at is null))
      )`,
    `create unique index role_grants_one_pending on role_grants (user_id) where status = 'pending'`,
    `create index role_grants_organisation on role_grants (organisation_id) where status = 'pending'`,
    // An address is unique within an organisation only: an administrator must not learn, from a refused
    // invitation, that the address has an account in another organisation.
    `drop index users_email_unique`,
    `create unique index users_email_unique on users (organisation_id, lower(email))`,
    `create index users_email on users (lower(email))`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The role grants migration cannot be reverted.')
}
