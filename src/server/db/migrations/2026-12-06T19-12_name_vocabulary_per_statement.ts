import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  // The name vocabulary was kept by row-level triggers: a statement writing 500 files ran the words
  // function and its insert 500 times, each re-planned (half of a DomiFa import's time). Once per
  // statement, over the rows it wrote (a transition table), the same words are added, each once.
  await sql`create function trame_remember_statement_name_words() returns trigger language plpgsql as $$
    begin
      insert into person_name_vocabulary (organisation_id, word)
        select distinct p.organisation_id, w
          from written_people as p,
               unnest(trame_person_name_words(p.last_name, p.usage_name, p.first_names, p.aliases, p.description)) as w
        on conflict do nothing;
      return null;
    end $$`.execute(db)
  await sql`drop trigger people_name_vocabulary on people`.execute(db)
  // A trigger with a transition table has one event: one for inserts, one for updates.
  await sql`create trigger people_name_vocabulary_inserted after insert on people
    referencing new table as written_people
    for each statement execute function trame_remember_statement_name_words()`.execute(db)
  await sql`create trigger people_name_vocabulary_updated after update on people
    referencing new table as written_people
    for each statement execute function trame_remember_statement_name_words()`.execute(db)
  await sql`drop function trame_remember_name_words()`.execute(db)

  // The same for each new word's one-letter deletions.
  await sql`create function trame_remember_statement_word_deletions() returns trigger language plpgsql as $$
    begin
      insert into person_name_word_deletions (organisation_id, deletion, word)
        select distinct v.organisation_id, d, v.word
          from new_words as v, unnest(trame_word_deletions(v.word)) as d
         where length(v.word) between 3 and 8
        on conflict do nothing;
      return null;
    end $$`.execute(db)
  await sql`drop trigger person_name_vocabulary_deletions on person_name_vocabulary`.execute(db)
  await sql`create trigger person_name_vocabulary_deletions after insert on person_name_vocabulary
    referencing new table as new_words
    for each statement execute function trame_remember_statement_word_deletions()`.execute(db)
  await sql`drop function trame_remember_word_deletions()`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The per-statement name vocabulary migration cannot be reverted.')
}
