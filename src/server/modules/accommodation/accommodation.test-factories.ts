import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import {
  type AdmissionPriority,
  type AdmissionStatus,
  type OrientationSource,
  STRUCTURE_KIND_DEFAULTS,
  type StayExitDestination,
  type StayExitReason,
  type StructureKind,
  type UnitKind,
  type UnitOccupancy,
} from '../../../shared/accommodation.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import type { Database } from '../../db/schema.ts'

// Accommodation's structures, requests and stays written straight into the database, for every
// accommodation engineer's tests (board, admissions, stays, leases, statistics) without the API.

type Db = Kysely<Database>

/**
 * A structure with its units and places: `units` lists each unit's places (labels), e.g. the seed's
 * LHSS is `[['1'], ['2'], ['3'], ['4'], ['5a', '5b']]` (4 single rooms and 1 double).
 */
export async function createStructure(
  db: Db,
  organisationId: string,
  structure: {
    kind?: StructureKind
    name?: string
    teamId?: string | null
    openedOn?: string
    units?: string[][]
    unitKind?: UnitKind
    accessible?: boolean
    defaultStayMonths?: number | null
    requiresMedicalOpinion?: boolean
    requiresDirectorValidation?: boolean
  } = {},
) {
  const kind = structure.kind ?? 'chrs_reintegration'
  const defaults = STRUCTURE_KIND_DEFAULTS[kind]
  const units = structure.units ?? [['1'], ['2']]
  const row = await db
    .insertInto('accommodation_structures')
    .values({
      organisation_id: organisationId,
      kind,
      name: structure.name ?? `Structure ${randomUUID().slice(0, 8)}`,
      team_id: structure.teamId ?? null,
      capacity: units.flat().length,
      opened_on: structure.openedOn ?? '2017-04-01',
      default_stay_months:
        structure.defaultStayMonths === undefined ? defaults.defaultStayMonths : structure.defaultStayMonths,
      requires_medical_opinion: structure.requiresMedicalOpinion ?? defaults.requiresMedicalOpinion,
      requires_director_validation:
        structure.requiresDirectorValidation ?? defaults.requiresDirectorValidation,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const placeIds: string[] = []
  const unitIds: string[] = []
  for (const [index, placeLabels] of units.entries()) {
    const unit = await db
      .insertInto('accommodation_units')
      .values({
        organisation_id: organisationId,
        structure_id: row.id,
        label: `Unité ${index + 1}`,
        kind: structure.unitKind ?? 'room',
        occupancy: (placeLabels.length === 1 ? 'single' : 'double') satisfies UnitOccupancy,
        accessible: structure.accessible ?? false,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    unitIds.push(unit.id)
    for (const label of placeLabels) {
      const place = await db
        .insertInto('accommodation_places')
        .values({ organisation_id: organisationId, structure_id: row.id, unit_id: unit.id, label })
        .returning('id')
        .executeTakeFirstOrThrow()
      placeIds.push(place.id)
    }
  }
  return { id: row.id, unitIds, placeIds }
}

/** An admission request at any stage, written directly (its medical part when given). */
export async function createAdmissionRequest(
  db: Db,
  organisationId: string,
  request: {
    structureId: string
    personId: string
    status?: AdmissionStatus
    receivedOn?: string
    source?: OrientationSource
    priority?: AdmissionPriority
    socialPart?: string | null
    medicalPart?: string
    reservedPlaceId?: string | null
    createdBy?: string | null
  },
) {
  const row = await db
    .insertInto('accommodation_requests')
    .values({
      organisation_id: organisationId,
      structure_id: request.structureId,
      person_id: request.personId,
      received_on: request.receivedOn ?? todayInFrance(),
      orientation_source: request.source ?? 'siao',
      priority: request.priority ?? 'normal',
      social_part: request.socialPart ?? null,
      status: request.status ?? 'received',
      reserved_place_id: request.reservedPlaceId ?? null,
      created_by: request.createdBy ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (request.medicalPart !== undefined) {
    await db
      .insertInto('accommodation_medical_parts')
      .values({ request_id: row.id, organisation_id: organisationId, content: request.medicalPart })
      .execute()
  }
  return row.id
}

/**
 * A stay written directly, with the place it occupies (moves are not modelled here). An ended stay
 * needs its destination (the table's rule); the place row ends the same day.
 */
export async function createStay(
  db: Db,
  organisationId: string,
  stay: {
    structureId: string
    personId: string
    placeId: string
    startedOn: string
    plannedEndOn?: string | null
    endedOn?: string | null
    exitReason?: StayExitReason
    exitDestination?: StayExitDestination
    requestId?: string | null
    supportRecordId?: string | null
  },
) {
  const endedOn = stay.endedOn ?? null
  const row = await db
    .insertInto('accommodation_stays')
    .values({
      organisation_id: organisationId,
      structure_id: stay.structureId,
      person_id: stay.personId,
      started_on: stay.startedOn,
      planned_end_on: stay.plannedEndOn ?? null,
      ended_on: endedOn,
      exit_reason: endedOn ? (stay.exitReason ?? 'end_of_stay') : null,
      exit_destination: endedOn ? (stay.exitDestination ?? 'unknown') : null,
      request_id: stay.requestId ?? null,
      support_record_id: stay.supportRecordId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('accommodation_stay_places')
    .values({
      organisation_id: organisationId,
      stay_id: row.id,
      place_id: stay.placeId,
      from_on: stay.startedOn,
      to_on: endedOn,
    })
    .execute()
  return row.id
}
