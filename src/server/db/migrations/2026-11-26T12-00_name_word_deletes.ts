import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  // Short names are where trigrams fail ("dqniel" shares 4 of 7 trigrams with "daniel"). Each name
  // word is stored with every one-letter deletion of it; a typed word's own deletions then meet it
  // by index whatever the typo: a letter wrong, missing, added or two letters swapped.
  await sql`create function trame_word_deletions(word text) returns text[] language sql immutable parallel safe strict
    as $$ select array(select distinct left(word, i - 1) || substr(word, i + 1)
                       from generate_series(1, length(word)) as i) || word $$`.execute(db)
  await sql`create table person_name_word_deletions (
      organisation_id uuid not null,
      deletion text not null,
      word text not null,
      primary key (organisation_id, deletion, word),
      foreign key (organisation_id, word) references person_name_vocabulary(organisation_id, word) on delete cascade
    )`.execute(db)
  await sql`insert into person_name_word_deletions (organisation_id, deletion, word)
    select distinct organisation_id, unnest(trame_word_deletions(word)), word
    from person_name_vocabulary where length(word) between 3 and 8`.execute(db)
  await sql`create function trame_remember_word_deletions() returns trigger language plpgsql as $$
    begin
      if length(new.word) between 3 and 8 then
        insert into person_name_word_deletions (organisation_id, deletion, word)
          select new.organisation_id, d, new.word from unnest(trame_word_deletions(new.word)) as d
          on conflict do nothing;
      end if;
      return null;
    end $$`.execute(db)
  await sql`create trigger person_name_vocabulary_deletions after insert on person_name_vocabulary
    for each row execute function trame_remember_word_deletions()`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The name word deletions migration cannot be reverted.')
}
