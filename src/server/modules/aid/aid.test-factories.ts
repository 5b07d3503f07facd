import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { AidDecisionChannel, AidRequestStatus, PaymentForm } from '../../../shared/aid.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import type { Database } from '../../db/schema.ts'

// Aid's règlement and requests written straight into the database, for every aid engineer's tests
// (sessions, payments, vouchers, statistics) without going through the requests' API.

type Db = Kysely<Database>
const code = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`

/** A fund of the organisation (e.g. "CCAS", "FLAJ"). */
export async function createAidFund(
  db: Db,
  organisationId: string,
  fund: { code?: string; name?: string; active?: boolean } = {},
) {
  const row = await db
    .insertInto('aid_funds')
    .values({
      organisation_id: organisationId,
      code: fund.code ?? code('FONDS'),
      name: fund.name ?? 'Fonds d’aide facultative',
      active: fund.active ?? true,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** An aid of the règlement; a fund is created when none is given. No rule unless given. */
export async function createAidType(
  db: Db,
  organisationId: string,
  aid: {
    fundId?: string
    code?: string
    label?: string
    urgentDeciderRoles?: string[]
    urgentCeilingCents?: number | null
    ceilingPerRequestCents?: number | null
    ceilingPerHousehold12mCents?: number | null
    minAge?: number | null
    maxAge?: number | null
    residenceRequired?: boolean
    quotientCeilingCents?: number | null
    requiredDocumentTypeIds?: string[]
    paymentForms?: PaymentForm[]
    voucherKindId?: string | null
    active?: boolean
  } = {},
) {
  const fundId = aid.fundId ?? (await createAidFund(db, organisationId))
  const row = await db
    .insertInto('aid_types')
    .values({
      organisation_id: organisationId,
      fund_id: fundId,
      code: aid.code ?? code('AIDE'),
      label: aid.label ?? 'Secours financier d’urgence',
      urgent_decider_roles: aid.urgentDeciderRoles ?? [],
      urgent_ceiling_cents: aid.urgentCeilingCents ?? null,
      ceiling_per_request_cents: aid.ceilingPerRequestCents ?? null,
      ceiling_per_household_12m_cents: aid.ceilingPerHousehold12mCents ?? null,
      min_age: aid.minAge ?? null,
      max_age: aid.maxAge ?? null,
      residence_required: aid.residenceRequired ?? false,
      quotient_ceiling_cents: aid.quotientCeilingCents ?? null,
      required_document_type_ids: aid.requiredDocumentTypeIds ?? [],
      payment_forms: aid.paymentForms ?? ['transfer', 'creditor'],
      voucher_kind_id: aid.voucherKindId ?? null,
      active: aid.active ?? true,
    })
    .returning(['id', 'fund_id'])
    .executeTakeFirstOrThrow()
  return { id: row.id, fundId: row.fund_id }
}

/** A person of the organisation, for a request (no API, no audit). */
export async function createAidPerson(
  db: Db,
  organisationId: string,
  person: { lastName?: string; firstNames?: string; birthDate?: string | null; teamId?: string | null } = {},
) {
  const row = await db
    .insertInto('people')
    .values({
      organisation_id: organisationId,
      file_number: `A${randomUUID().slice(0, 8)}`,
      last_name: person.lastName ?? 'Demandeur',
      first_names: person.firstNames ?? 'Camille',
      birth_date: person.birthDate ?? null,
      team_id: person.teamId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/**
 * A request at any stage, written directly. A decided one (granted, refused, dismissed) gets its
 * decision row too, so its history reads as if it had gone through `recordAidDecision`.
 */
export async function createAidRequest(
  db: Db,
  organisationId: string,
  request: {
    personId: string
    aidTypeId: string
    status?: AidRequestStatus
    householdId?: string | null
    supportRecordId?: string | null
    teamId?: string | null
    urgent?: boolean
    requestedOn?: string
    amountAskedCents?: number
    purpose?: string
    creditorName?: string | null
    assessment?: string | null
    resident?: boolean | null
    quotientCents?: number | null
    createdBy?: string | null
    sessionId?: string | null
    /** Granted: the amount (the asked amount by default) and its form. */
    grantedCents?: number
    paymentForm?: PaymentForm
    decidedOn?: string
    decidedBy?: string | null
    channel?: AidDecisionChannel
    paidCents?: number
  },
) {
  const status = request.status ?? 'draft'
  const requestedOn = request.requestedOn ?? todayInFrance()
  const amount = request.amountAskedCents ?? 150_00
  const decided = status === 'granted' || status === 'refused' || status === 'dismissed'
  const decidedOn = request.decidedOn ?? requestedOn
  const channel = request.channel ?? (request.sessionId ? 'commission' : 'urgent')
  const row = await db
    .insertInto('aid_requests')
    .values({
      organisation_id: organisationId,
      person_id: request.personId,
      household_id: request.householdId ?? null,
      support_record_id: request.supportRecordId ?? null,
      team_id: request.teamId ?? null,
      aid_type_id: request.aidTypeId,
      status,
      urgent: request.urgent ?? false,
      requested_on: requestedOn,
      amount_asked_cents: amount,
      purpose: request.purpose ?? 'Facture d’énergie impayée',
      creditor_name: request.creditorName ?? null,
      assessment: request.assessment ?? null,
      resident: request.resident ?? null,
      quotient_cents: request.quotientCents ?? null,
      created_by: request.createdBy ?? null,
      submitted_at: status === 'draft' ? null : new Date(),
      submitted_by: status === 'draft' ? null : (request.createdBy ?? null),
      session_id: request.sessionId ?? null,
      decided_on: decided ? decidedOn : null,
      decided_by: decided ? (request.decidedBy ?? null) : null,
      decision_channel: decided ? channel : null,
      granted_cents: status === 'granted' ? (request.grantedCents ?? amount) : null,
      payment_form: status === 'granted' ? (request.paymentForm ?? 'transfer') : null,
      refusal_motif: status === 'refused' ? 'not_eligible' : null,
      adjournment_reason: status === 'adjourned' ? 'Justificatif de ressources attendu' : null,
      paid_cents: request.paidCents ?? 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (decided) {
    await db
      .insertInto('aid_decisions')
      .values({
        organisation_id: organisationId,
        request_id: row.id,
        session_id: request.sessionId ?? null,
        channel,
        decision: status,
        decided_on: decidedOn,
        granted_cents: status === 'granted' ? (request.grantedCents ?? amount) : null,
        payment_form: status === 'granted' ? (request.paymentForm ?? 'transfer') : null,
        motif: status === 'refused' ? 'not_eligible' : null,
        decided_by: request.decidedBy ?? null,
      })
      .execute()
  }
  return row.id
}
