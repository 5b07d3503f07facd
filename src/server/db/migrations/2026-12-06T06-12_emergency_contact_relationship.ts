import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  // An emergency contact saved without a relationship was stored without the key, and the register's
  // list then failed for everyone: every stored contact gets the key, null when none was given.
  await sql`
    update register_entries
       set emergency_contacts = (
             select coalesce(jsonb_agg(jsonb_build_object('relationship', null) || contact order by position), '[]')
               from jsonb_array_elements(emergency_contacts) with ordinality as contacts(contact, position)
           )
     where exists (
             select 1 from jsonb_array_elements(emergency_contacts) as contacts(contact)
              where not contact ? 'relationship'
           )
  `.execute(db)
}

export async function down(): Promise<void> {
  // Nothing to undo: a contact with a null relationship reads as one without.
}
