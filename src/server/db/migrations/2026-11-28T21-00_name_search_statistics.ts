import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  // The name vocabulary and its one-letter deletions were filled by their migrations' backfills and
  // never analysed since where nothing vacuums (the embedded database): the planner, with no
  // statistics, read the whole vocabulary for a trigram match instead of its index (1.4 s instead of
  // 0.4 ms for 23,500 words). Rows a GIN index still holds in its pending list are read one by one.
  await sql`select gin_clean_pending_list('person_name_vocabulary_trgm'::regclass)`.execute(db)
  await sql`analyze person_name_vocabulary`.execute(db)
  await sql`analyze person_name_word_deletions`.execute(db)
}

export async function down(): Promise<void> {}
