import type { Kysely } from 'kysely'
import type { z } from 'zod'
import type {
  admissionAdmitSchema,
  admissionRefusalSchema,
  admissionValidationSchema,
} from '../../../shared/accommodation-admissions.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, forbidden, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { placeStatesOn } from './accommodation.occupancy.ts'
import {
  type AdmissionRequestsService,
  assertMayDecideSomewhere,
  mayDecide,
  type RequestRow,
} from './accommodation.requests.service.ts'
import { openStay, placeUnavailability } from './accommodation.stay-writes.ts'

/**
 * The decision on an admission request: the director validates it (where the structure requires the
 * director's validation, nobody else may) by reserving a free place for an expected arrival, or
 * refuses it with a motif at any step. An unfavourable latest medical opinion blocks the validation.
 * The admission turns a validated request into stays, through `openStay` (the one way to open one).
 */
export class AdmissionValidationService {
  constructor(private readonly requests: AdmissionRequestsService) {}

  private get db() {
    return this.requests.db
  }

  private get repo() {
    return this.requests.repo
  }

  /**
   * The places of the request's structure free on a day (the occupancy's one arithmetic), and the one
   * it reserved itself: what the validation and the admission offer.
   */
  private async placesFor(actor: Actor, row: RequestRow, on: string, db: Kysely<Database>) {
    const states = await placeStatesOn(db, actor.organisationId, on, [row.structure_id])
    return states.filter(
      (place) =>
        place.state === 'free' || (place.state === 'reserved' && place.reservationRequestId === row.id),
    )
  }

  /** The structure's places free on a day, for the validating director's choice. */
  async freePlaces(actor: Actor, id: string, on: string) {
    assertMayDecideSomewhere(actor)
    this.requests.assertReader(actor)
    return this.db.transaction().execute(async (trx) => {
      const row = await this.requests.read(actor, id, trx)
      const places = await this.placesFor(actor, row, on, trx)
      return {
        items: places.map((p) => ({ id: p.placeId, label: p.placeLabel, unitLabel: p.unitLabel })),
      }
    })
  }

  async validate(actor: Actor, id: string, input: z.output<typeof admissionValidationSchema>) {
    assertMayDecideSomewhere(actor)
    this.requests.assertReader(actor)
    return this.db.transaction().execute(async (trx) => {
      const row = await this.requests.read(actor, id, trx, true)
      if (!mayDecide(actor, row)) throw forbidden()
      if (row.requires_medical_opinion && row.latest_opinion === 'unfavourable') {
        throw new AppError('ADMISSION_MEDICAL_UNFAVOURABLE', 409)
      }
      if (row.status !== 'received' && row.status !== 'awaiting_validation') {
        this.requests.conflict(row, 'valider la demande')
      }
      if (row.requires_medical_opinion && row.latest_opinion !== 'favourable') {
        this.requests.conflict(row, 'valider la demande sans avis médical favorable')
      }
      // Free that day and after (no stay planned later on it), as `openStay` will require at arrival.
      const free = await this.placesFor(actor, row, input.expectedArrivalOn, trx)
      const unavailable =
        !free.some((place) => place.placeId === input.placeId) ||
        (await placeUnavailability(trx, actor.organisationId, input.placeId, input.expectedArrivalOn, {
          requestId: row.id,
        }))
      if (unavailable) {
        throw validationError('placeId', 'Cette place n’est pas libre à la date d’arrivée prévue.')
      }
      await this.repo.update(trx, id, {
        status: 'validated',
        reserved_place_id: input.placeId,
        expected_arrival_on: input.expectedArrivalOn,
        validated_at: new Date(),
        validated_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'accommodation_request.validate',
        entityType: 'accommodation_request',
        entityId: id,
        personId: row.person_id,
        details: { placeId: input.placeId },
      })
      return this.requests.view(actor, id, trx)
    })
  }

  async refuse(actor: Actor, id: string, input: z.output<typeof admissionRefusalSchema>) {
    assertMayDecideSomewhere(actor)
    this.requests.assertReader(actor)
    return this.db.transaction().execute(async (trx) => {
      const row = await this.requests.read(actor, id, trx, true)
      if (!mayDecide(actor, row)) throw forbidden()
      if (!['received', 'medical_review', 'awaiting_validation', 'validated'].includes(row.status)) {
        this.requests.conflict(row, 'refuser la demande')
      }
      if (input.motif === 'medical_unfavourable' && row.latest_opinion !== 'unfavourable') {
        throw validationError('motif', 'Aucun avis médical défavorable n’a été donné sur cette demande.')
      }
      // A refusal frees the place a validation had reserved.
      await this.repo.update(trx, id, {
        status: 'refused',
        refused_on: input.refusedOn,
        refused_by: actor.userId,
        refusal_motif: input.motif,
        refusal_note: input.note ?? null,
        reserved_place_id: null,
      })
      await recordAudit(trx, actor, {
        action: 'accommodation_request.refuse',
        entityType: 'accommodation_request',
        entityId: id,
        personId: row.person_id,
        details: { motif: input.motif },
      })
      return this.requests.view(actor, id, trx)
    })
  }

  /**
   * The admission: the applicant enters the reserved place, each companion a free place of the
   * structure, the same day, each through `openStay` (a free place, one stay at a time per person).
   * All or nothing: one refusal leaves no stay opened.
   */
  async admit(actor: Actor, id: string, input: z.output<typeof admissionAdmitSchema>) {
    assertAllowed(actor, 'accommodation.manage')
    this.requests.assertReader(actor)
    return this.db.transaction().execute(async (trx) => {
      const row = await this.requests.read(actor, id, trx, true)
      if (row.status !== 'validated' || !row.reserved_place_id) this.requests.conflict(row, 'admettre')
      const companions = new Map(input.companionPlaces.map((c) => [c.personId, c.placeId]))
      const missing = row.companion_person_ids.filter((personId) => !companions.has(personId))
      if (missing.length > 0 || companions.size !== row.companion_person_ids.length) {
        throw validationError(
          'companionPlaces',
          'Choisissez une place pour chaque accompagnant, et pour eux seuls.',
        )
      }
      const placeIds = [row.reserved_place_id, ...companions.values()]
      if (new Set(placeIds).size !== placeIds.length) {
        throw validationError('companionPlaces', 'Chaque personne admise occupe une place différente.')
      }
      const stays = []
      for (const [personId, placeId] of [
        [row.person_id, row.reserved_place_id] as const,
        ...companions.entries(),
      ]) {
        const stay = await openStay(trx, actor, {
          structureId: row.structure_id,
          personId,
          householdId: row.household_id,
          placeId,
          startedOn: input.startedOn,
          requestId: row.id,
          supportRecordId: personId === row.person_id ? row.support_record_id : null,
        })
        stays.push(stay.id)
      }
      await this.repo.update(trx, id, { status: 'admitted' })
      await recordAudit(trx, actor, {
        action: 'accommodation_request.admit',
        entityType: 'accommodation_request',
        entityId: id,
        personId: row.person_id,
        personIds: [row.person_id, ...companions.keys()],
        details: { stays: stays.length },
      })
      return this.requests.view(actor, id, trx)
    })
  }
}
