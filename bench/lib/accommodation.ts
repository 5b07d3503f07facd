/**
 * Issue 15: accommodation at the scale of a large operator — 500 structures, 20 000 places and
 * 1 000 000 stays over ten years (full size, in its own PostgreSQL database `trame_bench_accommodation`,
 * built once and kept) — read through the application's own services: the occupancy board of one
 * structure as the director reads it (names included), and the statistics of a whole year for all
 * structures as the analyst reads them. The smoke size seeds a few thousand stays into the smoke CCAS.
 */
import { type Kysely, sql } from 'kysely'
import pg from 'pg'
import { postgresDatabase } from '../../src/server/db/database.ts'
import { migrateToLatest } from '../../src/server/db/migrate.ts'
import type { Database } from '../../src/server/db/schema.ts'
import { BoardService } from '../../src/server/modules/accommodation/accommodation.board.service.ts'
import { AccommodationStatisticsRepository } from '../../src/server/modules/accommodation/accommodation.statistics.repository.ts'
import { AccommodationStatisticsService } from '../../src/server/modules/accommodation/accommodation.statistics.service.ts'
import { StructuresRepository } from '../../src/server/modules/accommodation/accommodation.structures.repository.ts'
import { StructuresService } from '../../src/server/modules/accommodation/accommodation.structures.service.ts'
import { PartnerAgreementsRepository } from '../../src/server/modules/partners/partners.agreements.repository.ts'
import { PartnerAgreementsService } from '../../src/server/modules/partners/partners.agreements.service.ts'
import { PeopleRepository } from '../../src/server/modules/people/people.repository.ts'
import { PeopleService } from '../../src/server/modules/people/people.service.ts'
import type { Actor } from '../../src/server/platform/permissions.ts'
import { TimelineRegistry } from '../../src/server/platform/timeline.ts'
import { type Latency, round, summarise, timed } from './stats.ts'

export interface AccommodationScale {
  structures: number
  placesPerStructure: number
  /** Stays one after another on each place over the ten years (the last one still open). */
  staysPerPlace: number
  iterations: number
}
export const ACCOMMODATION_FULL: AccommodationScale = {
  structures: 500,
  placesPerStructure: 40,
  staysPerPlace: 50,
  iterations: 50,
}
export const ACCOMMODATION_SMOKE: AccommodationScale = {
  structures: 10,
  placesPerStructure: 10,
  staysPerPlace: 20,
  iterations: 5,
}

export interface AccommodationFigures {
  structures: number
  places: number
  stays: number
  seed_seconds: number
  /** The director's board of one structure today: every place's state, occupants' names. */
  board: Latency
  /** The analyst's statistics of one year, all structures (per structure, per kind, totals). */
  yearly_statistics: Latency
}

const FIRST_DAY = '2016-01-01'
const DAYS = 3650

/** How many stays of the bench's structures the organisation holds (0: not seeded yet). */
async function seededStays(db: Kysely<Database>, organisationId: string) {
  const { rows } = await sql<{ stays: string }>`select count(*) as stays from accommodation_stays s
    join accommodation_structures st on st.id = s.structure_id
    where st.organisation_id = ${organisationId} and st.name like 'BANC-%'`.execute(db)
  return Number(rows[0]!.stays)
}

/**
 * Structures of four kinds, one place per room, people, and on each place `staysPerPlace` stays one
 * after the other from 2016 to 2025 (a few days apart), the last one still open; all in SQL.
 */
async function seed(db: Kysely<Database>, organisationId: string, scale: AccommodationScale) {
  const slot = Math.floor(DAYS / scale.staysPerPlace)
  const places = scale.structures * scale.placesPerStructure
  const people = Math.max(places, Math.ceil((places * scale.staysPerPlace) / 5))
  await db.transaction().execute(async (trx) => {
    await sql`insert into accommodation_structures (organisation_id, kind, name, capacity, opened_on)
      select ${organisationId}, (array['chrs_emergency','chrs_reintegration','lhss','maison_relais'])[1 + i % 4],
        'BANC-' || lpad(i::text, 4, '0'), ${scale.placesPerStructure}, ${FIRST_DAY}::date
      from generate_series(1, ${scale.structures}) i`.execute(trx)
    await sql`insert into accommodation_units (organisation_id, structure_id, label, kind)
      select ${organisationId}, st.id, 'Ch. ' || j, 'room'
      from accommodation_structures st, generate_series(1, ${scale.placesPerStructure}) j
      where st.organisation_id = ${organisationId} and st.name like 'BANC-%'`.execute(trx)
    await sql`insert into accommodation_places (organisation_id, structure_id, unit_id, label)
      select ${organisationId}, u.structure_id, u.id, '1' from accommodation_units u
      join accommodation_structures st on st.id = u.structure_id
      where st.organisation_id = ${organisationId} and st.name like 'BANC-%'`.execute(trx)
    await sql`create temp table bench_people on commit drop as
      select gen_random_uuid() as id, i from generate_series(0, ${people - 1}) i`.execute(trx)
    await sql`insert into people (id, organisation_id, file_number, last_name, first_names)
      select id, ${organisationId}, 'BANC-H' || i, 'Hébergé ' || i, 'Banc' from bench_people`.execute(trx)
    await sql`create temp table bench_places on commit drop as
      select pl.id as place_id, pl.structure_id, (row_number() over (order by pl.id))::int - 1 as n
      from accommodation_places pl join accommodation_structures st on st.id = pl.structure_id
      where st.organisation_id = ${organisationId} and st.name like 'BANC-%'`.execute(trx)
    // Stay j of place n: starts in its slot, lasts from a third of the slot to all of it but 3 days.
    await sql`create temp table bench_stays on commit drop as
      select gen_random_uuid() as id, p.place_id, p.structure_id, j, ${scale.staysPerPlace} as k,
        ${FIRST_DAY}::date + j * ${slot} + ((p.n + j) % 3) as started_on,
        case when j = ${scale.staysPerPlace} - 1 then null
          else ${FIRST_DAY}::date + j * ${slot} + ((p.n + j) % 3) + greatest(1, ${slot} - 3 - ((p.n * 7 + j * 13) % (${slot} * 2 / 3)))
        end as ended_on,
        -- the open (last) stay of each place has a person of its own; earlier ones are spread
        case when j = ${scale.staysPerPlace} - 1 then p.n else ${places} + (p.n * 31 + j * 17) % greatest(1, ${people - places}) end as person_n
      from bench_places p, generate_series(0, ${scale.staysPerPlace - 1}) j`.execute(trx)
    await sql`insert into accommodation_stays (id, organisation_id, structure_id, person_id, started_on, ended_on,
        exit_reason, exit_destination)
      select s.id, ${organisationId}, s.structure_id, bp.id, s.started_on, s.ended_on,
        case when s.ended_on is null then null else 'end_of_stay' end,
        case when s.ended_on is null then null
          else (array['own_housing','supported_housing','other_shelter','hospital_or_care','family','street','unknown'])[1 + (s.j % 7)] end
      from bench_stays s join bench_people bp on bp.i = least(s.person_n, ${people - 1})`.execute(trx)
    await sql`insert into accommodation_stay_places (organisation_id, stay_id, place_id, from_on, to_on)
      select ${organisationId}, id, place_id, started_on, ended_on from bench_stays`.execute(trx)
  })
  await sql`analyze accommodation_stays`.execute(db)
  await sql`analyze accommodation_stay_places`.execute(db)
  await sql`analyze accommodation_places`.execute(db)
}

export async function accommodationScenario(
  db: Kysely<Database>,
  actors: { director: Actor; analyst: Actor },
  scale: AccommodationScale,
): Promise<AccommodationFigures> {
  const organisationId = actors.director.organisationId
  const expected = scale.structures * scale.placesPerStructure * scale.staysPerPlace
  let seedSeconds = 0
  const existing = await seededStays(db, organisationId)
  if (existing !== expected) {
    if (existing > 0) throw new Error(`bench accommodation: ${existing} stays found, ${expected} expected`)
    const started = performance.now()
    await seed(db, organisationId, scale)
    seedSeconds = round((performance.now() - started) / 1000, 1)
  }
  const timeline = new TimelineRegistry()
  const people = new PeopleService(new PeopleRepository(db), timeline)
  const structuresRepository = new StructuresRepository(db)
  const structures = new StructuresService(
    structuresRepository,
    new PartnerAgreementsService(new PartnerAgreementsRepository(db)),
  )
  const board = new BoardService(structuresRepository, structures, people)
  const statistics = new AccommodationStatisticsService(new AccommodationStatisticsRepository(db))
  const { rows } = await sql<{ id: string }>`select id from accommodation_structures
    where organisation_id = ${organisationId} and name like 'BANC-%' order by name`.execute(db)
  const structureIds = rows.map((r) => r.id)

  const boardSamples: number[] = []
  const statisticsSamples: number[] = []
  for (let i = 0; i < scale.iterations; i++) {
    const structureId = structureIds[(i * 7) % structureIds.length]!
    boardSamples.push((await timed(() => board.board(actors.director, { structureId }))).ms)
    const year = 2016 + (i % 10)
    statisticsSamples.push(
      (
        await timed(() =>
          statistics.statistics(actors.analyst, { from: `${year}-01-01`, to: `${year}-12-31` }),
        )
      ).ms,
    )
  }
  return {
    structures: scale.structures,
    places: scale.structures * scale.placesPerStructure,
    stays: expected,
    seed_seconds: seedSeconds,
    board: summarise(boardSamples),
    yearly_statistics: summarise(statisticsSamples),
  }
}

export const ACCOMMODATION_DATABASE = 'trame_bench_accommodation'

/**
 * The full size's own database, next to the bench's on the same server: created and seeded once, then
 * kept (a run finding it seeded only measures). Its organisation has a director and an analyst.
 */
export async function accommodationDatabase(databaseUrl: string) {
  const url = new URL(databaseUrl)
  const admin = new pg.Client({ connectionString: databaseUrl })
  await admin.connect()
  try {
    const { rows } = await admin.query('select 1 from pg_database where datname = $1', [
      ACCOMMODATION_DATABASE,
    ])
    if (rows.length === 0) await admin.query(`create database ${ACCOMMODATION_DATABASE}`)
  } finally {
    await admin.end()
  }
  url.pathname = `/${ACCOMMODATION_DATABASE}`
  const handle = postgresDatabase(url.toString(), 2)
  await migrateToLatest(handle.db)
  const name = 'Banc hébergement'
  const organisation =
    (await handle.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirst()) ??
    (await handle.db.insertInto('organisations').values({ name }).returning('id').executeTakeFirstOrThrow())
  const user = async (role: 'director' | 'analyst'): Promise<Actor> => {
    const email = `${role}@banc-hebergement.trame`
    const row =
      (await handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) ??
      (await handle.db
        .insertInto('users')
        .values({
          organisation_id: organisation.id,
          email,
          name: role,
          // Never signs in: the bench calls the services with this actor.
          password_hash: 'banc-sans-connexion',
          roles: [role],
          status: 'active',
        })
        .returning('id')
        .executeTakeFirstOrThrow())
    return {
      userId: row.id,
      organisationId: organisation.id,
      sessionId: '00000000-0000-4000-8000-000000000000',
      roles: [role],
      teamIds: [],
      ip: null,
    }
  }
  return { handle, actors: { director: await user('director'), analyst: await user('analyst') } }
}
