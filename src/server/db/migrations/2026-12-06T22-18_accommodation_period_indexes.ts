import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
// Statistics read the stays and the stays' place rows touching a period. No B-tree serves an overlap
// (started on or before the last day, not ended before the first), so a year read the whole history.
// GiST indexes on the stay's days answer `&&` and carry the columns the figures need, so a year reads
// its own rows from the index alone once the table is vacuumed.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index accommodation_stays_period on accommodation_stays
    using gist (daterange(started_on, ended_on, '[]'))
    include (organisation_id, structure_id, person_id, started_on, ended_on)`.execute(db)
  await sql`create index accommodation_stay_places_period on accommodation_stay_places
    using gist (daterange(from_on, to_on))
    include (place_id, from_on, to_on)`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The accommodation period indexes cannot be reverted.')
}
