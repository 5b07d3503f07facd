import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  // UUID version 7 (RFC 9562): 48 bits of Unix time in milliseconds, then random bits. Rows written all
  // day long (contacts, the audit trail) get ids in time order, so their primary-key indexes grow at
  // one end that stays in memory instead of taking a random page of a large index at every insert.
  // PostgreSQL 18 has uuidv7(); this works on 15 as well, from gen_random_uuid() with the time put in.
  await sql`create function trame_uuid_v7() returns uuid language sql volatile parallel safe as $$
      select encode(
        set_bit(set_bit(
          overlay(uuid_send(gen_random_uuid())
                  placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
                  from 1 for 6),
          52, 1), 53, 1),
        'hex')::uuid
    $$`.execute(db)
  await sql`alter table contacts alter column id set default trame_uuid_v7()`.execute(db)
  await sql`alter table audit_log alter column id set default trame_uuid_v7()`.execute(db)
  // Each contact adds one to a few rows of the day's and the month's counts. Room left in their pages
  // lets PostgreSQL update those rows in place (HOT), without a new index entry at every contact.
  await sql`alter table contact_counts set (fillfactor = 70)`.execute(db)
  await sql`alter table contact_counts_monthly set (fillfactor = 70)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table contact_counts_monthly reset (fillfactor)`.execute(db)
  await sql`alter table contact_counts reset (fillfactor)`.execute(db)
  await sql`alter table audit_log alter column id set default gen_random_uuid()`.execute(db)
  await sql`alter table contacts alter column id set default gen_random_uuid()`.execute(db)
  await sql`drop function trame_uuid_v7()`.execute(db)
}
