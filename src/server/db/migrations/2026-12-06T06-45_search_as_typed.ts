import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  // A French sound key of a normalised name word, with the transliteration habits of the people a
  // CCAS receives: Matthieu/Mathieu/Matieu, Yassine/Yacine/Yassin, Oumar/Omar, Schmitt/Chmitt,
  // Jacquot/Jacot, Rodrigues/Rodriguez, Laurent/Lorant, Djamel/Jamel. Written in SQL so that every
  // word any writer gives a file gets its key from the same trigger. Only used to find candidates:
  // the search still ranks by typing cost, so a key too coarse costs speed, never the order.
  await sql`create function trame_sound(word text) returns text language plpgsql immutable parallel safe strict
    as $$
    declare w text := word;
    begin
      if length(w) < 3 then return w; end if;
      w := replace(w, 'ph', 'f');
      w := regexp_replace(w, 'tsch|tch|sch|sh|sz|cz', 'ch', 'g');
      w := regexp_replace(w, 'ch', 'X', 'g');
      w := regexp_replace(w, 'c?qu|ck|q|cc([aou])', 'k\\1', 'g');
      w := regexp_replace(w, 'c([eiy])', 's\\1', 'g');
      w := replace(w, 'c', 'k');
      w := regexp_replace(w, 'gu([eiy])', 'G\\1', 'g');
      w := regexp_replace(w, 'g([eiy])', 'j\\1', 'g');
      w := replace(replace(w, 'G', 'g'), 'dj', 'j');
      w := regexp_replace(w, 'ou([aeiy])', 'w\\1', 'g');
      w := replace(replace(w, 'w', 'v'), 'h', '');
      w := replace(replace(w, 'y', 'i'), 'z', 's');
      w := regexp_replace(w, 'eau|au', 'o', 'g');
      w := regexp_replace(w, 'ou|u', 'o', 'g');
      w := regexp_replace(w, 'ai|ei', 'e', 'g');
      w := regexp_replace(w, 'er$', 'e');
      w := regexp_replace(w, '(.)\\1+', '\\1', 'g');
      -- Silent endings: Dupont/Dupond, Rodrigues/Rodrigue, Leroux/Lerou.
      w := regexp_replace(w, '(..)[sx]$', '\\1');
      w := regexp_replace(w, '(..)e$', '\\1');
      w := regexp_replace(w, '(..)[td]+$', '\\1');
      w := regexp_replace(w, 'x', 'ks', 'g');
      w := regexp_replace(w, '[ae]([nm])([^aeiou]|$)', 'a\\1\\2', 'g');
      return w;
    end $$`.execute(db)

  // The words of a file's names as an agent may type them: each name's words, and each name written
  // without its spaces, hyphens and apostrophes, whole and pair by pair (Le Gall → "legall", Marie-
  // Thérèse → "marietherese", N'Guessan → "nguessan", Van den Berg → "vandenberg", "denberg").
  await sql`create function trame_person_name_words(last_name text, usage_name text, first_names text,
      aliases text[], description text) returns text[] language sql immutable parallel safe
    as $$
      with names as (
        select regexp_split_to_array(trim(both ' ' from regexp_replace(public.trame_normalise(n), '[^a-z0-9]+', ' ', 'g')), ' ') as parts
          from unnest(array[last_name, usage_name, first_names] || coalesce(aliases, '{}')) as n
         where n is not null and public.trame_normalise(n) ~ '[a-z0-9]'
      ), words as (
        select p as w from names, unnest(parts) as p
        union select array_to_string(parts, '') from names where cardinality(parts) > 1
        union select parts[i] || parts[i + 1] from names, generate_series(1, cardinality(parts) - 1) as i
          where cardinality(parts) > 2
        union select d from regexp_split_to_table(public.trame_normalise(coalesce(description, '')), '[^a-z0-9]+') as d
      )
      select coalesce(array_agg(w order by w), '{}') from words where length(w) >= 2
    $$`.execute(db)

  // Persons created through the API used to wait in the GIN indexes' pending lists, read one by one
  // at every search until a VACUUM (never run by Trame, and PGlite has no autovacuum): 9,000 waiting
  // files made a search 71 ms instead of 16. Built without fast update, each write goes straight into
  // the index, a little slower (a file is written far less often than searched).
  await sql`drop index people_name_words`.execute(db)
  await sql`create index people_name_words on people using gin (
      trame_person_name_words(last_name, usage_name, first_names, aliases, description)) with (fastupdate = off)`.execute(
    db,
  )
  for (const index of ['people_search_names', 'people_phone_digits', 'person_name_vocabulary_trgm']) {
    await sql`alter index ${sql.id(index)} set (fastupdate = off)`.execute(db)
    await sql`select gin_clean_pending_list(${index}::regclass)`.execute(db)
  }

  await sql`alter table person_name_vocabulary add column sound text generated always as (trame_sound(word)) stored`.execute(
    db,
  )
  await sql`create index person_name_vocabulary_sound on person_name_vocabulary (organisation_id, sound)`.execute(
    db,
  )
  // Prefixes ("berna" → every name it begins) read by range, whatever the database's collation.
  await sql`create index person_name_vocabulary_prefix on person_name_vocabulary (organisation_id, word text_pattern_ops)`.execute(
    db,
  )
  await sql`create or replace function trame_remember_name_words() returns trigger language plpgsql as $$
    begin
      insert into person_name_vocabulary (organisation_id, word)
        select new.organisation_id, w
          from unnest(trame_person_name_words(new.last_name, new.usage_name, new.first_names, new.aliases, new.description)) as w
        on conflict do nothing;
      return null;
    end $$`.execute(db)
  await sql`insert into person_name_vocabulary (organisation_id, word)
    select distinct organisation_id, unnest(trame_person_name_words(last_name, usage_name, first_names, aliases, description))
      from people
    on conflict do nothing`.execute(db)
  await sql`analyze person_name_vocabulary`.execute(db)
  await sql`analyze person_name_word_deletions`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The search-as-typed migration cannot be reverted.')
}
