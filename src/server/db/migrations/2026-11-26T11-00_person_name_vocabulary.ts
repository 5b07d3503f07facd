import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  // The words of a file's names, as the search compares them.
  await sql`create function trame_name_words(names text) returns text[] language sql immutable parallel safe strict
    as $$ select array(select distinct w from regexp_split_to_table(names, '[^a-z0-9]+') as w where length(w) >= 2) $$`.execute(
    db,
  )
  await sql`create index people_name_words on people using gin (trame_name_words(search_names))`.execute(db)
  // Every name word the organisation's files hold. A typed word is first matched against these few
  // thousand words (typo-tolerant, trigram), then the files holding the close ones are read by index:
  // much faster than comparing the typed word with every file, and it forgives short names' typos.
  await sql`create table person_name_vocabulary (
      organisation_id uuid not null references organisations(id),
      word text not null,
      primary key (organisation_id, word)
    )`.execute(db)
  await sql`create index person_name_vocabulary_trgm on person_name_vocabulary using gin (word gin_trgm_ops)`.execute(
    db,
  )
  await sql`insert into person_name_vocabulary (organisation_id, word)
    select distinct organisation_id, unnest(trame_name_words(search_names)) from people`.execute(db)
  // Words are added as files are written, wherever from; a word no file holds any more stays, harmless.
  await sql`create function trame_remember_name_words() returns trigger language plpgsql as $$
    begin
      insert into person_name_vocabulary (organisation_id, word)
        select new.organisation_id, w from unnest(trame_name_words(new.search_names)) as w
        on conflict do nothing;
      return null;
    end $$`.execute(db)
  await sql`create trigger people_name_vocabulary after insert or update on people
    for each row execute function trame_remember_name_words()`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The name vocabulary migration cannot be reverted.')
}
