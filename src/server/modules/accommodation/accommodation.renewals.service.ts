import type { StayOpinionInput, StayRenewalInput } from '../../../shared/accommodation-stays.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, forbidden, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { dayOf, dayOrNull } from './accommodation.stays.repository.ts'
import { type AccommodationStaysService, assertStayReader } from './accommodation.stays.service.ts'

/**
 * Renewals of a stay, dated and justified, and the medical opinions they rest on. Where the structure
 * requires a medical opinion (LHSS), a renewal needs a new favourable opinion given by a medical role
 * since the last renewal: the stay's latest opinion, favourable and not used by a renewal yet.
 */
export class AccommodationRenewalsService {
  constructor(private readonly stays: AccommodationStaysService) {}

  private get db() {
    return this.stays.repo.db
  }

  async renew(actor: Actor, stayId: string, input: StayRenewalInput) {
    assertAllowed(actor, 'accommodation.manage')
    return this.db.transaction().execute(async (trx) => {
      const stay = await this.stays.stayInReach(trx, actor, stayId, true)
      if (stay.ended_on !== null) throw new AppError('STAY_ALREADY_ENDED', 409)
      const startedOn = dayOf(stay.started_on)
      const previousEndOn = dayOrNull(stay.planned_end_on)
      if (input.renewedOn < startedOn) {
        throw validationError('renewedOn', 'Le renouvellement ne peut pas précéder l’entrée.')
      }
      if (input.newEndOn <= (previousEndOn ?? input.renewedOn) || input.newEndOn <= input.renewedOn) {
        throw validationError('newEndOn', 'La nouvelle fin prévue doit suivre la fin prévue actuelle.')
      }
      let opinionId: string | null = null
      if (stay.requires_medical_opinion) {
        const latest = (await this.stays.repo.opinions(trx, [stay.id])).at(-1)
        if (latest?.opinion !== 'favourable' || latest.used) {
          throw new AppError('STAY_RENEWAL_NEEDS_MEDICAL_OPINION', 409)
        }
        opinionId = latest.id
      }
      const renewal = await trx
        .insertInto('accommodation_stay_renewals')
        .values({
          organisation_id: actor.organisationId,
          stay_id: stay.id,
          renewed_on: input.renewedOn,
          previous_end_on: previousEndOn,
          new_end_on: input.newEndOn,
          justification: input.justification,
          medical_opinion_id: opinionId,
          decided_by: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await trx
        .updateTable('accommodation_stays')
        .set({ planned_end_on: input.newEndOn, updated_at: new Date() })
        .where('id', '=', stay.id)
        .execute()
      await recordAudit(trx, actor, {
        action: 'accommodation_stay.renew',
        entityType: 'accommodation_stay',
        entityId: stay.id,
        personId: stay.person_id,
        details: { renewalId: renewal.id, withMedicalOpinion: opinionId !== null },
      })
      return this.stays.detail(actor, stay.id, await this.stays.isMedical(actor, trx), trx)
    })
  }

  /** A medical opinion on continuing the stay: the medical roles only (and those the organisation adds). */
  async giveOpinion(actor: Actor, stayId: string, input: StayOpinionInput) {
    assertStayReader(actor)
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.stays.isMedical(actor, trx))) throw forbidden()
      const stay = await this.stays.stayInReach(trx, actor, stayId, true)
      if (stay.ended_on !== null) throw new AppError('STAY_ALREADY_ENDED', 409)
      if (!stay.requires_medical_opinion) {
        throw validationError(
          'opinion',
          'Cette structure ne demande pas d’avis médical pour renouveler un séjour.',
        )
      }
      if (input.givenOn < dayOf(stay.started_on)) {
        throw validationError('givenOn', 'L’avis ne peut pas précéder l’entrée.')
      }
      const opinion = await trx
        .insertInto('accommodation_medical_opinions')
        .values({
          organisation_id: actor.organisationId,
          stay_id: stay.id,
          opinion: input.opinion,
          given_on: input.givenOn,
          given_by: actor.userId,
          medical_note: input.medicalNote ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await recordAudit(trx, actor, {
        action: 'accommodation_stay.opinion',
        entityType: 'accommodation_stay',
        entityId: stay.id,
        personId: stay.person_id,
        details: { opinionId: opinion.id, opinion: input.opinion },
      })
      return this.stays.detail(actor, stay.id, true, trx)
    })
  }
}
