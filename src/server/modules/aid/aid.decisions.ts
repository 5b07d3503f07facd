import type { Kysely } from 'kysely'
import {
  AID_REQUEST_STATUS,
  type AidDecisionChannel,
  type AidDecisionKind,
  type AidRefusalMotif,
  type AidRequestStatus,
  type PaymentForm,
} from '../../../shared/aid.ts'
import type { AidWarning } from '../../../shared/aid-requests.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, notFound, validationError } from '../../platform/errors.ts'
import type { Actor } from '../../platform/permissions.ts'
import { aidRuleContext, aidWarnings } from './aid.rules.ts'

/** A decision on a request, urgent or by the commission. */
export interface AidDecisionInput {
  requestId: string
  channel: AidDecisionChannel
  decision: AidDecisionKind
  /** The day of the decision (the session's day for the commission). */
  decidedOn: string
  /** The commission's session: required for its decisions. */
  sessionId?: string | null
  /** Granted: the amount (possibly less than asked) and its form, among the aid's payment forms. */
  grantedCents?: number | null
  paymentForm?: PaymentForm | null
  /** Refused: the motif. */
  refusalMotif?: AidRefusalMotif | null
  /** Adjourned: what is missing or awaited. */
  adjournmentReason?: string | null
  /** Kept with the decision; for a dismissal, why. */
  note?: string | null
  /** Why the decider goes beyond the règlement, when the grant does. */
  derogationNote?: string | null
}

export interface RecordedAidDecision {
  decisionId: string
  personId: string
  status: AidRequestStatus
  /** Granted beyond the règlement's rules (listed in `warnings`). */
  derogation: boolean
  warnings: AidWarning[]
}

/** The stages a request may be decided from, per channel. */
const DECIDABLE: Record<AidDecisionChannel, readonly AidRequestStatus[]> = {
  urgent: ['submitted'],
  commission: ['submitted', 'on_agenda', 'adjourned'],
}

const AUDIT_ACTION = {
  granted: 'aid_request.grant',
  refused: 'aid_request.refuse',
  adjourned: 'aid_request.adjourn',
  dismissed: 'aid_request.dismiss',
} as const

/**
 * The ONE way to record a decision on an aid request, urgent or by the commission: the request takes
 * the decision's status and fields, the decision joins the request's history (aid_decisions), the
 * audit trail records it. Run it inside the caller's transaction, after the caller has checked who may
 * decide (the urgent deciders' roles and ceiling; the commission's session). A grant beyond the
 * règlement's rules is not refused: it is recorded as a derogation, with the rules it goes beyond.
 */
export async function recordAidDecision(
  trx: Kysely<Database>,
  actor: Actor,
  input: AidDecisionInput,
): Promise<RecordedAidDecision> {
  const request = await trx
    .selectFrom('aid_requests as r')
    .innerJoin('aid_types as t', 't.id', 'r.aid_type_id')
    .where('r.organisation_id', '=', actor.organisationId)
    .where('r.id', '=', input.requestId)
    .select(['r.id', 'r.person_id', 'r.status', 'r.session_id', 't.payment_forms'])
    .forUpdate('r')
    .executeTakeFirst()
  if (!request) throw notFound()
  if (!DECIDABLE[input.channel].includes(request.status)) {
    throw new AppError(
      'AID_STATUS_CONFLICT',
      409,
      `Cette demande ne peut pas être décidée : elle est au stade « ${AID_REQUEST_STATUS.labels[request.status]} ».`,
    )
  }
  const sessionId = input.sessionId ?? null
  if (input.channel === 'commission' && !sessionId) {
    throw validationError('sessionId', 'Une décision de la commission se rattache à une séance.')
  }

  let warnings: AidWarning[] = []
  if (input.decision === 'granted') {
    if (!input.grantedCents || !Number.isInteger(input.grantedCents) || input.grantedCents <= 0) {
      throw validationError('grantedCents', 'Indiquez le montant accordé.')
    }
    if (!input.paymentForm || !request.payment_forms.includes(input.paymentForm)) {
      throw validationError(
        'paymentForm',
        'Choisissez une forme de versement prévue par le règlement pour cette aide.',
      )
    }
    const context = await aidRuleContext(trx, actor.organisationId, request.id, input.decidedOn)
    // Once decided, the urgent ceiling no longer applies: the urgent channel checked it before.
    warnings = aidWarnings({ ...context, urgent: false }, input.grantedCents)
  }
  if (input.decision === 'refused' && !input.refusalMotif) {
    throw validationError('refusalMotif', 'Indiquez le motif du refus.')
  }
  if (input.decision === 'adjourned' && !input.adjournmentReason) {
    throw validationError('adjournmentReason', 'Indiquez ce qui manque ou ce qui est attendu.')
  }
  const derogation = warnings.length > 0
  const derogationNote = derogation
    ? (input.derogationNote ?? warnings.map((w) => w.message).join(' '))
    : null
  const final = input.decision !== 'adjourned'

  await trx
    .updateTable('aid_requests')
    .set({
      status: input.decision,
      decision_channel: input.channel,
      session_id: sessionId ?? request.session_id,
      decided_on: final ? input.decidedOn : null,
      decided_by: final ? actor.userId : null,
      granted_cents: input.decision === 'granted' ? input.grantedCents! : null,
      payment_form: input.decision === 'granted' ? input.paymentForm! : null,
      refusal_motif: input.decision === 'refused' ? input.refusalMotif! : null,
      adjournment_reason: input.decision === 'adjourned' ? input.adjournmentReason! : null,
      closed_reason: input.decision === 'dismissed' ? (input.note ?? null) : null,
      derogation,
      derogation_note: derogationNote,
      updated_at: new Date(),
    })
    .where('id', '=', request.id)
    .execute()
  const { id: decisionId } = await trx
    .insertInto('aid_decisions')
    .values({
      organisation_id: actor.organisationId,
      request_id: request.id,
      session_id: sessionId,
      channel: input.channel,
      decision: input.decision,
      decided_on: input.decidedOn,
      granted_cents: input.decision === 'granted' ? input.grantedCents! : null,
      payment_form: input.decision === 'granted' ? input.paymentForm! : null,
      motif: input.decision === 'refused' ? input.refusalMotif! : null,
      note:
        input.decision === 'adjourned'
          ? input.adjournmentReason!
          : [input.note, derogationNote].filter(Boolean).join(' — ') || null,
      derogation,
      decided_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await recordAudit(trx, actor, {
    action: AUDIT_ACTION[input.decision],
    entityType: 'aid_request',
    entityId: request.id,
    personId: request.person_id,
    details: {
      decisionId,
      channel: input.channel,
      sessionId,
      derogation,
      rules: warnings.map((w) => w.code),
    },
  })
  return { decisionId, personId: request.person_id, status: input.decision, derogation, warnings }
}
