import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { MEDICAL_OPINION } from '../../../shared/accommodation.ts'
import type {
  MedicalPart,
  medicalOpinionInputSchema,
  medicalPartInputSchema,
} from '../../../shared/accommodation-admissions.ts'
import type { Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { forbidden } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import {
  type AdmissionRequestsService,
  mayReadMedical,
  type RequestRow,
  statusAfterMedical,
} from './accommodation.requests.service.ts'

/**
 * The medical part of an admission request and the medical opinions. The part (and the opinions'
 * notes) is read and written only by the medical roles (nurse, doctor) and the roles the organisation
 * lists in its accommodation settings: the director included only when granted. Every read is
 * audited. The opinion itself (favourable or not, by whom, when) is shown with the request, since the
 * director validates on it; only the medical roles give one, even where others may read the part.
 */
export class AdmissionMedicalService {
  constructor(private readonly requests: AdmissionRequestsService) {}

  private get db() {
    return this.requests.db
  }

  /** Refuses (403) whoever is not a medical reader, before saying whether the request exists. */
  private async assertMedical(actor: Actor, db: Kysely<Database>) {
    this.requests.assertReader(actor)
    const extraRoles = await this.requests.repo.medicalExtraRoles(db, actor.organisationId)
    if (!mayReadMedical(actor, extraRoles)) throw forbidden()
  }

  private async medicalView(row: RequestRow, db: Kysely<Database>): Promise<MedicalPart> {
    const part = await this.requests.repo.medicalPart(db, row.id)
    const opinions = await this.requests.repo.opinions(db, row.id)
    return {
      content: part?.content ?? null,
      writtenByName: part?.written_by_name ?? null,
      updatedAt: isoTimestamp(part?.updated_at ?? null),
      opinions: opinions.map((o) => ({
        opinion: o.opinion,
        opinionLabel: MEDICAL_OPINION.labels[o.opinion],
        givenOn: String(o.given_on),
        givenByName: o.given_by_name,
        medicalNote: o.medical_note,
      })),
    }
  }

  async read(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      await this.assertMedical(actor, trx)
      const row = await this.requests.read(actor, id, trx)
      const view = await this.medicalView(row, trx)
      await recordAudit(trx, actor, {
        action: 'accommodation_request.medical_read',
        entityType: 'accommodation_request',
        entityId: id,
        personId: row.person_id,
      })
      return view
    })
  }

  async write(actor: Actor, id: string, input: z.output<typeof medicalPartInputSchema>) {
    return this.db.transaction().execute(async (trx) => {
      await this.assertMedical(actor, trx)
      const row = await this.requests.read(actor, id, trx, true)
      if (row.status === 'admitted' || row.status === 'refused' || row.status === 'withdrawn') {
        this.requests.conflict(row, 'modifier la partie médicale')
      }
      await this.requests.repo.saveMedicalPart(trx, {
        organisationId: actor.organisationId,
        requestId: id,
        content: input.content,
        writtenBy: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'accommodation_request.medical_write',
        entityType: 'accommodation_request',
        entityId: id,
        personId: row.person_id,
      })
      return this.medicalView(row, trx)
    })
  }

  /**
   * A medical opinion, by a medical role. Favourable: the request goes on to the decision. Unfavourable:
   * it comes back to the medical review, and cannot be validated until a new favourable opinion or a
   * refusal (motif « avis médical défavorable »).
   */
  async giveOpinion(actor: Actor, id: string, input: z.output<typeof medicalOpinionInputSchema>) {
    assertAllowed(actor, 'accommodation.medical')
    this.requests.assertReader(actor)
    return this.db.transaction().execute(async (trx) => {
      const row = await this.requests.read(actor, id, trx, true)
      if (!row.requires_medical_opinion) this.requests.conflict(row, 'donner un avis médical')
      if (!['received', 'medical_review', 'awaiting_validation'].includes(row.status)) {
        this.requests.conflict(row, 'donner un avis médical')
      }
      await this.requests.repo.insertOpinion(trx, {
        organisationId: actor.organisationId,
        requestId: id,
        opinion: input.opinion,
        givenOn: input.givenOn,
        givenBy: actor.userId,
        medicalNote: input.medicalNote ?? null,
      })
      await this.requests.repo.update(trx, id, {
        status: input.opinion === 'favourable' ? statusAfterMedical(row) : 'medical_review',
      })
      await recordAudit(trx, actor, {
        action: 'accommodation_request.opinion',
        entityType: 'accommodation_request',
        entityId: id,
        personId: row.person_id,
        details: { opinion: input.opinion },
      })
      return this.requests.view(actor, id, trx)
    })
  }
}
