import { type Kysely, sql } from 'kysely'
import type { StayExitDestination, StayExitReason } from '../../../shared/accommodation.ts'
import { addMonths } from '../../../shared/dates.ts'
import type { Database } from '../../db/schema.ts'
import { type AuditActor, recordAudit } from '../../platform/audit.ts'
import { AppError, validationError } from '../../platform/errors.ts'

// The ONE way to open and to end a stay: direct entries, admissions (acc-admissions) and the slide of
// a lease (acc-leases-stats) all go through these two functions, inside the caller's transaction. They
// keep the data rules (a free place, one stay at a time per person, the place rows following the stay)
// and the audit trail; the caller has already checked the actor's permission and the person's reach.

export interface OpenStayInput {
  structureId: string
  personId: string
  householdId?: string | null
  placeId: string
  startedOn: string
  /** The admission request the stay comes from: its reserved place is then the stay's own. */
  requestId?: string | null
  supportRecordId?: string | null
}

export interface EndStayInput {
  /** The day of departure: the last night spent is the day before. */
  endedOn: string
  reason: StayExitReason
  destination: StayExitDestination
  note?: string | null
}

/**
 * Why a place cannot take someone from `fromOn` on (open-ended), or undefined when it can: another
 * stay there that day or later, a closure covering that day, a place reserved for another request.
 */
export async function placeUnavailability(
  trx: Kysely<Database>,
  organisationId: string,
  placeId: string,
  fromOn: string,
  options: { requestId?: string | null; exceptStayId?: string } = {},
): Promise<'occupied' | 'out_of_service' | 'reserved' | undefined> {
  let occupied = trx
    .selectFrom('accommodation_stay_places')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('place_id', '=', placeId)
    .where((eb) => eb.or([eb('to_on', 'is', null), eb('to_on', '>', fromOn)]))
  if (options.exceptStayId) occupied = occupied.where('stay_id', '<>', options.exceptStayId)
  if (await occupied.executeTakeFirst()) return 'occupied'
  const closed = await trx
    .selectFrom('accommodation_place_closures')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('place_id', '=', placeId)
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', fromOn)]))
    .executeTakeFirst()
  if (closed) return 'out_of_service'
  let reserved = trx
    .selectFrom('accommodation_requests')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('reserved_place_id', '=', placeId)
    .where('status', '=', 'validated')
  if (options.requestId) reserved = reserved.where('id', '<>', options.requestId)
  if (await reserved.executeTakeFirst()) return 'reserved'
  return undefined
}

/** The place, locked so two entries cannot take it at once, when it is an active place of the structure. */
export async function lockPlaceOf(
  trx: Kysely<Database>,
  organisationId: string,
  structureId: string,
  placeId: string,
) {
  return trx
    .selectFrom('accommodation_places')
    .select(['id', 'label'])
    .where('organisation_id', '=', organisationId)
    .where('structure_id', '=', structureId)
    .where('id', '=', placeId)
    .where('active', '=', true)
    .forUpdate()
    .executeTakeFirst()
}

/**
 * Opens a stay on a free place: its planned end follows the structure's default length (LHSS: two
 * months), none when the structure has none. Refuses a place taken that day (STAY_PLACE_NOT_FREE)
 * and a person already hosted then (STAY_PERSON_ALREADY_HOSTED). Audited with the person.
 */
export async function openStay(trx: Kysely<Database>, actor: AuditActor, input: OpenStayInput) {
  const organisationId = actor.organisationId
  const structure = await trx
    .selectFrom('accommodation_structures')
    .select(['id', 'opened_on', 'closed_on', 'default_stay_months', 'active'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', input.structureId)
    .executeTakeFirst()
  if (!structure?.active) throw validationError('structureId', 'Structure inconnue.')
  if (input.startedOn < String(structure.opened_on)) {
    throw validationError('startedOn', 'La structure n’était pas encore ouverte à cette date.')
  }
  if (structure.closed_on && input.startedOn >= String(structure.closed_on)) {
    throw validationError('startedOn', 'La structure est fermée à cette date.')
  }
  const place = await lockPlaceOf(trx, organisationId, structure.id, input.placeId)
  if (!place) throw validationError('placeId', 'Cette place n’appartient pas à la structure.')

  const person = await trx
    .selectFrom('people')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', input.personId)
    .forUpdate()
    .executeTakeFirst()
  if (!person) throw validationError('personId', 'Personne inconnue.')
  for (const [field, table] of [
    ['householdId', 'households'],
    ['supportRecordId', 'support_records'],
  ] as const) {
    const id = field === 'householdId' ? input.householdId : input.supportRecordId
    if (!id) continue
    const found = await trx
      .selectFrom(table)
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!found) throw validationError(field, 'Élément inconnu.')
  }

  if (await placeUnavailability(trx, organisationId, place.id, input.startedOn, input)) {
    throw new AppError('STAY_PLACE_NOT_FREE', 409)
  }
  const hosted = await trx
    .selectFrom('accommodation_stays')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('person_id', '=', input.personId)
    .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>', input.startedOn)]))
    .executeTakeFirst()
  if (hosted) throw new AppError('STAY_PERSON_ALREADY_HOSTED', 409)

  const plannedEndOn =
    structure.default_stay_months === null ? null : addMonths(input.startedOn, structure.default_stay_months)
  const stay = await trx
    .insertInto('accommodation_stays')
    .values({
      organisation_id: organisationId,
      structure_id: structure.id,
      person_id: input.personId,
      household_id: input.householdId ?? null,
      request_id: input.requestId ?? null,
      support_record_id: input.supportRecordId ?? null,
      started_on: input.startedOn,
      planned_end_on: plannedEndOn,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await trx
    .insertInto('accommodation_stay_places')
    .values({
      organisation_id: organisationId,
      stay_id: stay.id,
      place_id: place.id,
      from_on: input.startedOn,
    })
    .execute()
  await recordAudit(trx, actor, {
    action: 'accommodation_stay.open',
    entityType: 'accommodation_stay',
    entityId: stay.id,
    personId: input.personId,
    details: { structureId: structure.id, placeId: place.id, fromRequest: Boolean(input.requestId) },
  })
  return { id: stay.id, plannedEndOn }
}

/**
 * Ends an open stay on the day of departure, with the reason and where the person went, and frees
 * its place the same day. Refuses a stay already ended (STAY_ALREADY_ENDED) and a departure before
 * the stay began or before its last move. Audited with the person.
 */
export async function endStay(trx: Kysely<Database>, actor: AuditActor, stayId: string, input: EndStayInput) {
  const stay = await trx
    .selectFrom('accommodation_stays')
    .select(['id', 'person_id', 'structure_id', 'started_on', 'ended_on'])
    .where('organisation_id', '=', actor.organisationId)
    .where('id', '=', stayId)
    .forUpdate()
    .executeTakeFirst()
  if (!stay) throw validationError('stayId', 'Séjour inconnu.')
  if (stay.ended_on !== null) throw new AppError('STAY_ALREADY_ENDED', 409)
  const current = await trx
    .selectFrom('accommodation_stay_places')
    .select(['id', 'from_on'])
    .where('stay_id', '=', stay.id)
    .where('to_on', 'is', null)
    .executeTakeFirst()
  const earliest = String(current?.from_on ?? stay.started_on)
  if (input.endedOn < earliest) {
    throw validationError(
      'endedOn',
      current && String(current.from_on) > String(stay.started_on)
        ? 'La date de sortie ne peut pas précéder le dernier changement de place.'
        : 'La date de sortie ne peut pas précéder l’entrée.',
    )
  }
  await trx
    .updateTable('accommodation_stays')
    .set({
      ended_on: input.endedOn,
      exit_reason: input.reason,
      exit_destination: input.destination,
      exit_note: input.note ?? null,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', stay.id)
    .execute()
  if (current) {
    await trx
      .updateTable('accommodation_stay_places')
      .set({ to_on: input.endedOn })
      .where('id', '=', current.id)
      .execute()
  }
  await recordAudit(trx, actor, {
    action: 'accommodation_stay.end',
    entityType: 'accommodation_stay',
    entityId: stay.id,
    personId: stay.person_id,
    details: { structureId: stay.structure_id, reason: input.reason, destination: input.destination },
  })
  return { id: stay.id }
}
