import type { Kysely } from 'kysely'
import type { PaymentForm } from '../../../shared/aid.ts'
import type { AidType, AidTypeInput } from '../../../shared/aid-requests.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import type { Role } from '../../../shared/roles.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { forbidden, notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { AidTypesRepository } from './aid.types.repository.ts'

type Row = NonNullable<Awaited<ReturnType<AidTypesRepository['one']>>>

export function toAidType(row: Row): AidType {
  return {
    id: row.id,
    code: row.code,
    label: row.label,
    fundId: row.fund_id,
    fundName: row.fund_name,
    description: row.description,
    urgentDeciderRoles: row.urgent_decider_roles as Role[],
    urgentCeilingCents: row.urgent_ceiling_cents,
    ceilingPerRequestCents: row.ceiling_per_request_cents,
    ceilingPerHousehold12mCents: row.ceiling_per_household_12m_cents,
    minAge: row.min_age,
    maxAge: row.max_age,
    residenceRequired: row.residence_required,
    quotientCeilingCents: row.quotient_ceiling_cents,
    requiredDocumentTypeIds: row.required_document_type_ids,
    paymentForms: row.payment_forms as PaymentForm[],
    voucherKindId: row.voucher_kind_id,
    active: row.active,
    position: row.position,
  }
}

/**
 * The règlement des aides facultatives: the organisation's aids, each with its fund, who decides it
 * urgently and up to what, its ceilings and eligibility, the documents it needs and how it is paid.
 * Those who build requests read it; those who configure aid change it.
 */
export class AidTypesService {
  constructor(readonly repo: AidTypesRepository) {}

  private mayRead(actor: Actor) {
    return (
      roleAllows(actor.roles, 'aid.read') ||
      roleAllows(actor.roles, 'aid.request') ||
      roleAllows(actor.roles, 'aid.configure')
    )
  }

  async list(actor: Actor) {
    if (!this.mayRead(actor)) throw forbidden()
    const db = this.repo.db
    const organisationId = actor.organisationId
    const [rows, funds, documentTypes, voucherKinds] = await Promise.all([
      this.repo.all(db, organisationId),
      this.repo.funds(db, organisationId),
      this.repo.documentTypes(db, organisationId),
      this.repo.voucherKinds(db, organisationId),
    ])
    return {
      items: rows.map(toAidType),
      funds,
      documentTypes,
      voucherKinds,
      canConfigure: roleAllows(actor.roles, 'aid.configure'),
    }
  }

  /** An aid of the actor's organisation, inside the caller's transaction; "not found" otherwise. */
  async read(actor: Actor, id: string, db: Kysely<Database>) {
    const row = await this.repo.one(db, actor.organisationId, id)
    if (!row) throw notFound()
    return row
  }

  private async check(actor: Actor, input: AidTypeInput, db: Kysely<Database>, id?: string) {
    const organisationId = actor.organisationId
    const taken = await this.repo.codeTakenBy(db, organisationId, input.code)
    if (taken && taken.id !== id)
      throw validationError('code', 'Une autre aide du règlement porte déjà ce code.')
    if ((await this.repo.countOwned(db, organisationId, 'aid_funds', [input.fundId])) !== 1) {
      throw validationError('fundId', 'Fonds inconnu.')
    }
    const documents = [...new Set(input.requiredDocumentTypeIds)]
    if ((await this.repo.countOwned(db, organisationId, 'document_types', documents)) !== documents.length) {
      throw validationError('requiredDocumentTypeIds', 'Type de document inconnu.')
    }
    if (
      input.voucherKindId &&
      (await this.repo.countOwned(db, organisationId, 'aid_voucher_kinds', [input.voucherKindId])) !== 1
    ) {
      throw validationError('voucherKindId', 'Type de bon inconnu.')
    }
    if (input.urgentDeciderRoles.length > 0 && input.urgentCeilingCents === null) {
      throw validationError(
        'urgentCeilingCents',
        'Indiquez jusqu’à quel montant ces rôles décident en urgence.',
      )
    }
    return {
      code: input.code,
      label: input.label,
      fund_id: input.fundId,
      description: input.description ?? null,
      urgent_decider_roles: [...new Set(input.urgentDeciderRoles)],
      urgent_ceiling_cents: input.urgentCeilingCents,
      ceiling_per_request_cents: input.ceilingPerRequestCents,
      ceiling_per_household_12m_cents: input.ceilingPerHousehold12mCents,
      min_age: input.minAge,
      max_age: input.maxAge,
      residence_required: input.residenceRequired,
      quotient_ceiling_cents: input.quotientCeilingCents,
      required_document_type_ids: documents,
      payment_forms: [...new Set(input.paymentForms)],
      voucher_kind_id: input.voucherKindId,
      active: input.active,
      position: input.position,
    }
  }

  async create(actor: Actor, input: AidTypeInput) {
    assertAllowed(actor, 'aid.configure')
    return this.repo.db.transaction().execute(async (trx) => {
      const values = await this.check(actor, input, trx)
      const { id } = await this.repo.insert(trx, { organisation_id: actor.organisationId, ...values })
      await recordAudit(trx, actor, { action: 'aid_type.create', entityType: 'aid_type', entityId: id })
      return toAidType(await this.read(actor, id, trx))
    })
  }

  async update(actor: Actor, id: string, input: AidTypeInput) {
    assertAllowed(actor, 'aid.configure')
    return this.repo.db.transaction().execute(async (trx) => {
      await this.read(actor, id, trx)
      const values = await this.check(actor, input, trx, id)
      await this.repo.update(trx, actor.organisationId, id, { ...values, updated_at: new Date() })
      await recordAudit(trx, actor, { action: 'aid_type.update', entityType: 'aid_type', entityId: id })
      return toAidType(await this.read(actor, id, trx))
    })
  }
}
