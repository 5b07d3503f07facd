import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  // How the volunteer reaches a senior whose file has neither phone nor address: a person to contact
  // (a relative, a neighbour), or the CCAS, which calls the volunteer to arrange the visit. Copied for
  // the volunteer like the senior's own details, and erased with them.
  await sql
    .raw(
      `alter table network_needs
        add column contact_name text,
        add column contact_phone text,
        add column ccas_introduces boolean not null default false,
        add constraint network_needs_contact check ((contact_name is null) = (contact_phone is null))`,
    )
    .execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The need reach migration cannot be reverted.')
}
