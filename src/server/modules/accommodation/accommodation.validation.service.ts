import type { z } from 'zod'
import type {
  admissionRefusalSchema,
  admissionValidationSchema,
} from '../../../shared/accommodation-admissions.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, forbidden, validationError } from '../../platform/errors.ts'
import type { Actor } from '../../platform/permissions.ts'
import {
  type AdmissionRequestsService,
  assertMayDecideSomewhere,
  mayDecide,
} from './accommodation.requests.service.ts'

/**
 * The decision on an admission request: the director validates it (where the structure requires the
 * director's validation, nobody else may) by reserving a free place for an expected arrival, or
 * refuses it with a motif at any step. An unfavourable latest medical opinion blocks the validation.
 * The admission itself turns a validated request into stays (accommodation.admission.service.ts).
 */
export class AdmissionValidationService {
  constructor(private readonly requests: AdmissionRequestsService) {}

  private get db() {
    return this.requests.db
  }

  private get repo() {
    return this.requests.repo
  }

  /** The structure's places free on a day, for the validating director's choice. */
  async freePlaces(actor: Actor, id: string, on: string) {
    assertMayDecideSomewhere(actor)
    this.requests.assertReader(actor)
    return this.db.transaction().execute(async (trx) => {
      const row = await this.requests.read(actor, id, trx)
      const places = await this.repo.freePlaces(trx, actor.organisationId, row.structure_id, on, row.id)
      return { items: places.map((p) => ({ id: p.id, label: p.label, unitLabel: p.unit_label })) }
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
      const free = await this.repo.freePlaces(
        trx,
        actor.organisationId,
        row.structure_id,
        input.expectedArrivalOn,
        row.id,
      )
      if (!free.some((place) => place.id === input.placeId)) {
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
}
