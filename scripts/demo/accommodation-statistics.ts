/**
 * The seed's year 2017, scripted: three structures (CHRS urgence 12 beds, CHRS réinsertion 20 places,
 * LHSS 6 beds: 4 single rooms and a double) and their stays from 2016 to 2018, so that the statistics
 * of 2017 give the seed's figures one filter away — 211 emergency CHRS stays, 49 CHRS stays, 6 LHSS
 * beneficiaries — and an average LHSS stay checked by hand (68 days, below). Stays across a year
 * boundary count in each year they touch. Used by the statistics test and by the demo (direct inserts:
 * these are years-old records, not today's work).
 *
 * The LHSS by hand (days = departure − arrival), completed in 2017:
 *   L1 2016-11-15 → 2017-01-14   60   (began in 2016: counts in 2016 and 2017)
 *   L2 2017-02-01 → 2017-04-02   60
 *   L3 2017-03-10 → 2017-06-18  100
 *   L4 2017-05-02 → 2017-07-01   60
 *   L5 2017-09-01 → 2017-10-31   60   → 340 days / 5 stays = 68 days on average, median 60
 * present in 2017 but not completed: L6 2017-11-20 → 2018-02-18 and L2 again 2017-12-01 → 2018-01-30
 * (7 stays, 6 people); outside 2017: L7 2016-03-01 → 2016-05-01.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../src/server/db/schema.ts'
import type { StayExitDestination, StructureKind } from '../../src/shared/accommodation.ts'
import { addDays } from '../../src/shared/dates.ts'

export interface ScriptedStay {
  structure: 'emergency' | 'reintegration' | 'lhss'
  /** The person, by a key: the same key is the same person (the LHSS's L2 comes back). */
  person: string
  /** The place's index in its structure. */
  place: number
  startedOn: string
  endedOn: string
  destination: StayExitDestination
}

export const SEED_2017 = {
  emergencyStays: 211,
  reintegrationStays: 49,
  lhssBeneficiaries: 6,
  lhssAverageDays: 68,
  lhssMedianDays: 60,
}

export const SCRIPTED_STRUCTURES: Record<
  ScriptedStay['structure'],
  { kind: StructureKind; name: string; units: string[][] }
> = {
  emergency: {
    kind: 'chrs_emergency',
    name: 'CHRS Le Relais – urgence',
    units: Array.from({ length: 12 }, (_, i) => [`U${i + 1}`]),
  },
  reintegration: {
    kind: 'chrs_reintegration',
    name: 'CHRS Le Relais – réinsertion',
    units: Array.from({ length: 20 }, (_, i) => [`R${i + 1}`]),
  },
  lhss: { kind: 'lhss', name: 'LHSS Les Capucines', units: [['1'], ['2'], ['3'], ['4'], ['5a', '5b']] },
}

const DESTINATIONS: StayExitDestination[] = [
  'other_shelter',
  'supported_housing',
  'own_housing',
  'family',
  'street',
  'unknown',
  'hospital_or_care',
]

function emergencyStays(): ScriptedStay[] {
  const stays: ScriptedStay[] = []
  let n = 0
  const stay = (place: number, startedOn: string, endedOn: string) =>
    stays.push({
      structure: 'emergency',
      person: `E${++n}`,
      place,
      startedOn,
      endedOn,
      destination: DESTINATIONS[n % DESTINATIONS.length]!,
    })
  // Only in 2016 (not counted in 2017).
  for (let place = 0; place < 4; place++) stay(place, '2016-11-01', '2016-11-10')
  // Across the new year 2017: 5 stays, counted in 2016 and in 2017.
  for (let place = 0; place < 5; place++) stay(place, '2016-12-26', `2017-01-0${3 + place}`)
  // 200 stays inside 2017, 12 beds in slots of 19 days, each 3 to 17 nights.
  for (let i = 0; i < 200; i++) {
    const place = i % 12
    const startedOn = addDays('2017-01-08', Math.floor(i / 12) * 19 + (place % 3))
    stay(place, startedOn, addDays(startedOn, 3 + ((i * 7) % 15)))
  }
  // Across the new year 2018: 6 stays.
  for (let place = 6; place < 12; place++) stay(place, '2017-12-20', '2018-01-05')
  // Only in 2018.
  for (let place = 0; place < 3; place++) stay(place, '2018-02-01', '2018-02-09')
  return stays
}

function reintegrationStays(): ScriptedStay[] {
  const stays: ScriptedStay[] = []
  let n = 0
  const stay = (place: number, startedOn: string, endedOn: string) => {
    stays.push({
      structure: 'reintegration',
      person: `R${++n}`,
      place,
      startedOn,
      endedOn,
      destination: DESTINATIONS[(n + 1) % DESTINATIONS.length]!,
    })
    return endedOn
  }
  stay(19, '2016-01-10', '2016-06-30') // only in 2016
  for (let place = 0; place < 15; place++) {
    // Begun in 2016, a second stay after, and on ten places a third one running into 2018.
    const firstEnd = stay(
      place,
      `2016-07-${String(1 + place).padStart(2, '0')}`,
      addDays('2017-01-15', place * 7),
    )
    const secondStart = addDays(firstEnd, 5)
    const secondEnd = stay(place, secondStart, addDays(secondStart, 150))
    if (place < 10) stay(place, addDays(secondEnd, 5), '2018-03-01')
  }
  for (let place = 15; place < 20; place++) stay(place, '2017-02-01', '2017-08-01')
  for (let place = 15; place < 19; place++) stay(place, '2017-09-01', '2018-04-01')
  stay(19, '2018-05-01', '2018-09-01') // only in 2018
  return stays
}

function lhssStays(): ScriptedStay[] {
  const lhss = (
    person: string,
    place: number,
    startedOn: string,
    endedOn: string,
    destination: StayExitDestination,
  ) => ({ structure: 'lhss', person, place, startedOn, endedOn, destination }) satisfies ScriptedStay
  return [
    lhss('L7', 0, '2016-03-01', '2016-05-01', 'hospital_or_care'),
    lhss('L1', 0, '2016-11-15', '2017-01-14', 'other_shelter'),
    lhss('L2', 1, '2017-02-01', '2017-04-02', 'supported_housing'),
    lhss('L3', 2, '2017-03-10', '2017-06-18', 'hospital_or_care'),
    lhss('L4', 3, '2017-05-02', '2017-07-01', 'family'),
    lhss('L5', 4, '2017-09-01', '2017-10-31', 'other_shelter'),
    lhss('L6', 5, '2017-11-20', '2018-02-18', 'own_housing'),
    lhss('L2', 1, '2017-12-01', '2018-01-30', 'supported_housing'),
  ]
}

/** Every stay of the scripted years, in order. */
export function scriptedStays(): ScriptedStay[] {
  return [...emergencyStays(), ...reintegrationStays(), ...lhssStays()]
}

/**
 * Writes the three structures (opened in 2015) and their stays into an organisation. `person(key)`
 * gives the person of a key (called once per key): a bare file in tests, a named one in the demo.
 */
export async function insertScriptedStays(
  db: Kysely<Database>,
  organisationId: string,
  person: (key: string) => Promise<string>,
) {
  const structures = {} as Record<ScriptedStay['structure'], { id: string; placeIds: string[] }>
  for (const [key, s] of Object.entries(SCRIPTED_STRUCTURES) as [
    ScriptedStay['structure'],
    (typeof SCRIPTED_STRUCTURES)['lhss'],
  ][]) {
    const structure = await db
      .insertInto('accommodation_structures')
      .values({
        organisation_id: organisationId,
        kind: s.kind,
        name: s.name,
        capacity: s.units.flat().length,
        opened_on: '2015-01-01',
        default_stay_months: s.kind === 'lhss' ? 2 : null,
        requires_medical_opinion: s.kind === 'lhss',
        requires_director_validation: s.kind !== 'chrs_emergency',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const placeIds: string[] = []
    for (const [index, labels] of s.units.entries()) {
      const unit = await db
        .insertInto('accommodation_units')
        .values({
          organisation_id: organisationId,
          structure_id: structure.id,
          label: s.kind === 'lhss' ? `Chambre ${index + 1}` : `Lit ${labels[0]}`,
          kind: 'room',
          occupancy: labels.length === 1 ? 'single' : 'double',
          accessible: s.kind === 'lhss',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      for (const label of labels) {
        const place = await db
          .insertInto('accommodation_places')
          .values({ organisation_id: organisationId, structure_id: structure.id, unit_id: unit.id, label })
          .returning('id')
          .executeTakeFirstOrThrow()
        placeIds.push(place.id)
      }
    }
    structures[key] = { id: structure.id, placeIds }
  }
  const people = new Map<string, string>()
  for (const stay of scriptedStays()) {
    if (!people.has(stay.person)) people.set(stay.person, await person(stay.person))
  }
  const stays = scriptedStays()
  const rows = await db
    .insertInto('accommodation_stays')
    .values(
      stays.map((stay) => ({
        organisation_id: organisationId,
        structure_id: structures[stay.structure].id,
        person_id: people.get(stay.person)!,
        started_on: stay.startedOn,
        ended_on: stay.endedOn,
        exit_reason: 'end_of_stay' as const,
        exit_destination: stay.destination,
      })),
    )
    .returning('id')
    .execute()
  await db
    .insertInto('accommodation_stay_places')
    .values(
      stays.map((stay, i) => ({
        organisation_id: organisationId,
        stay_id: rows[i]!.id,
        place_id: structures[stay.structure].placeIds[stay.place]!,
        from_on: stay.startedOn,
        to_on: stay.endedOn,
      })),
    )
    .execute()
  return {
    structureIds: {
      emergency: structures.emergency.id,
      reintegration: structures.reintegration.id,
      lhss: structures.lhss.id,
    },
  }
}
