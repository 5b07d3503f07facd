import type { Kysely } from 'kysely'
import type { AidPayableRequest, AidPayment, AidPaymentInput } from '../../../shared/aid.payments.ts'
import { AID_REQUEST_STATUS, PAYMENT_FORM, type PaymentForm } from '../../../shared/aid.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import { formatEuros } from '../../../shared/pricing.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { TimelineSource } from '../../platform/timeline.ts'
import type { PeopleService } from '../people/people.service.ts'
import { type AidFundsService, assertAnyAllowed } from './aid.funds.service.ts'
import type { AidPayableRow, AidPaymentRow, AidPaymentsRepository } from './aid.payments.repository.ts'

const UNKNOWN_REQUEST = 'Demande d’aide inconnue.'

function toPayment(row: AidPaymentRow): AidPayment {
  return {
    id: row.id,
    requestId: row.request_id,
    fundId: row.fund_id,
    fundName: row.fund_name,
    budgetYear: row.budget_year,
    amountCents: row.amount_cents,
    form: row.form as PaymentForm,
    payee: row.payee,
    paidOn: String(row.paid_on),
    reference: row.reference,
    closedYearNote: row.closed_year_note,
    cancelledAt: isoTimestamp(row.cancelled_at),
    cancelReason: row.cancel_reason,
    voucherNumbers: row.voucher_numbers ?? [],
    createdAt: isoTimestamp(row.created_at),
  }
}

function toPayable(row: AidPayableRow): AidPayableRequest {
  return {
    id: row.id,
    personId: row.person_id,
    status: row.status,
    aidTypeLabel: row.aid_type_label,
    grantedCents: row.granted_cents,
    paidCents: row.paid_cents,
    remainingCents: row.status === 'granted' ? Math.max((row.granted_cents ?? 0) - row.paid_cents, 0) : 0,
    paymentForm: row.payment_form as PaymentForm | null,
    paymentForms: row.payment_forms as PaymentForm[],
    creditorName: row.creditor_name,
    fundId: row.fund_id,
    fundName: row.fund_name,
    closedYears: (row.closed_years ?? []).map(Number),
    voucherKindId: row.voucher_kind_id,
  }
}

/** What a payment charges: the request's fund, a budget year, with a note if that year is closed. */
export interface PaymentCharge {
  amountCents: number
  form: PaymentForm
  payee: string | null
  paidOn: string
  budgetYear?: number
  reference: string | null
  closedYearNote: string | null
}

/**
 * Payments of granted aid. Each one is charged to the aid type's fund and a budget year, and keeps
 * the request's `paid_cents` right in the same transaction. Those who pay (`aid.pay`) record and
 * cancel; those who follow the requests (`aid.read`) read them.
 */
export class AidPaymentsService {
  constructor(
    private readonly repo: AidPaymentsRepository,
    private readonly funds: AidFundsService,
    private readonly people: PeopleService,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  /** The request if it exists, is the organisation's and its person's file is within the actor's reach. */
  async requestInReach(trx: Kysely<Database>, actor: Actor, requestId: string, lock: boolean) {
    const request = await this.repo.payableRequest(trx, actor.organisationId, requestId, lock)
    if (!request) return undefined
    const visible = await this.people.visiblePeople(actor, [request.person_id], trx)
    return visible.has(request.person_id) ? request : undefined
  }

  async page(actor: Actor, query: { requestId: string; page: number; pageSize: number }) {
    assertAnyAllowed(actor, 'aid.pay', 'aid.read')
    return this.db.transaction().execute(async (trx) => {
      const request = await this.requestInReach(trx, actor, query.requestId, false)
      if (!request) throw notFound()
      const { items, total } = await this.repo.pageOfRequest(trx, request.id, query)
      await recordAudit(trx, actor, {
        action: 'aid.payment_list',
        entityType: 'aid_payment',
        entityId: request.id,
        personId: request.person_id,
      })
      return {
        request: toPayable(request),
        items: items.map(toPayment),
        total,
        page: query.page,
        pageSize: query.pageSize,
      }
    })
  }

  async create(actor: Actor, input: AidPaymentInput) {
    assertAllowed(actor, 'aid.pay')
    return this.db.transaction().execute(async (trx) => {
      const request = await this.requestInReach(trx, actor, input.requestId, true)
      if (!request) throw validationError('requestId', UNKNOWN_REQUEST)
      if (input.form === 'voucher' && request.voucher_kind_id) {
        throw validationError(
          'form',
          'Cette aide se paie en bons numérotés : remettez-les à la personne depuis « Bons et tickets ».',
        )
      }
      const id = await this.charge(trx, actor, request, {
        amountCents: input.amountCents,
        form: input.form,
        payee: input.payee ?? null,
        paidOn: input.paidOn,
        budgetYear: input.budgetYear,
        reference: input.reference ?? null,
        closedYearNote: input.closedYearNote ?? null,
      })
      return toPayment(await this.repo.one(trx, id))
    })
  }

  /**
   * Records a payment of a locked, reachable request (typed here, or vouchers handed out for it):
   * the request must be granted, the amount within what remains to pay, the form among the aid's, a
   * closed year charged only with a note. Field errors name `fields` paths.
   */
  async charge(
    trx: Kysely<Database>,
    actor: Actor,
    request: AidPayableRow,
    charge: PaymentCharge,
    fields: { amount: string; form: string } = { amount: 'amountCents', form: 'form' },
  ) {
    if (request.status !== 'granted') {
      throw validationError(
        'requestId',
        `Seule une aide accordée peut être payée : cette demande est « ${AID_REQUEST_STATUS.labels[request.status]} ».`,
      )
    }
    const remaining = (request.granted_cents ?? 0) - request.paid_cents
    if (remaining <= 0) throw validationError(fields.amount, 'Cette aide est déjà entièrement payée.')
    if (charge.amountCents > remaining) {
      throw validationError(
        fields.amount,
        `Le montant dépasse ce qui reste à payer sur cette aide : ${formatEuros(remaining)} au plus.`,
      )
    }
    if (!request.payment_forms.includes(charge.form)) {
      const allowed = request.payment_forms.map((f) => PAYMENT_FORM.labels[f as PaymentForm] ?? f).join(', ')
      throw validationError(
        fields.form,
        `Ce mode de paiement n’est pas prévu par le règlement pour cette aide (prévus : ${allowed}).`,
      )
    }
    const payee = charge.payee ?? (charge.form === 'creditor' ? request.creditor_name : null)
    if (charge.form === 'creditor' && !payee) throw validationError('payee', 'Indiquez le créancier payé.')
    const year = charge.budgetYear ?? Number(charge.paidOn.slice(0, 4))
    const closed = await this.funds.yearClosed(trx, actor.organisationId, request.fund_id, year)
    if (closed && !charge.closedYearNote) {
      throw validationError(
        'closedYearNote',
        `L’exercice ${year} du fonds « ${request.fund_name} » est clos : indiquez pourquoi ce paiement y est imputé.`,
      )
    }
    const { id } = await this.repo.insert(trx, {
      organisation_id: actor.organisationId,
      request_id: request.id,
      fund_id: request.fund_id,
      budget_year: year,
      amount_cents: charge.amountCents,
      form: charge.form,
      payee,
      paid_on: charge.paidOn,
      reference: charge.reference,
      closed_year_note: closed ? charge.closedYearNote : null,
      created_by: actor.userId,
    })
    await this.repo.addPaid(trx, request.id, charge.amountCents)
    await recordAudit(trx, actor, {
      action: 'aid.payment_create',
      entityType: 'aid_payment',
      entityId: id,
      personId: request.person_id,
      details: {
        requestId: request.id,
        amountCents: charge.amountCents,
        form: charge.form,
        budgetYear: year,
      },
    })
    return id
  }

  async cancel(actor: Actor, paymentId: string, reason: string) {
    assertAllowed(actor, 'aid.pay')
    return this.db.transaction().execute(async (trx) => {
      const payment = await this.repo.lockPayment(trx, actor.organisationId, paymentId)
      if (!payment) throw notFound()
      const request = await this.requestInReach(trx, actor, payment.request_id, true)
      if (!request) throw notFound()
      if (payment.cancelled_at) throw new AppError('VALIDATION_FAILED', 400, 'Ce paiement est déjà annulé.')
      if ((await this.repo.voucherCount(trx, payment.id)) > 0) {
        throw new AppError(
          'VALIDATION_FAILED',
          400,
          'Ce paiement est fait de bons remis : rendez ou annulez les bons eux-mêmes (« Bons et tickets »).',
        )
      }
      await this.repo.cancel(trx, payment.id, actor.userId, reason)
      await this.repo.addPaid(trx, payment.request_id, -payment.amount_cents)
      await recordAudit(trx, actor, {
        action: 'aid.payment_cancel',
        entityType: 'aid_payment',
        entityId: payment.id,
        personId: request.person_id,
        details: { requestId: payment.request_id, amountCents: payment.amount_cents },
      })
      return toPayment(await this.repo.one(trx, payment.id))
    })
  }

  /**
   * `leaving` of the `issued` vouchers a payment is made of are returned or cancelled: their share of
   * the payment comes off it and off the request's paid amount (the vouchers were issued at one face
   * value, so the share is exact); a payment left with no voucher is cancelled.
   */
  async takeOffVouchers(
    trx: Kysely<Database>,
    actor: Actor,
    paymentId: string,
    leaving: number,
    issued: number,
    reason: string,
  ) {
    const payment = await this.repo.lockPayment(trx, actor.organisationId, paymentId)
    if (!payment || payment.cancelled_at || leaving === 0) return
    if (leaving >= issued) {
      await this.repo.cancel(trx, payment.id, actor.userId, reason)
      await this.repo.addPaid(trx, payment.request_id, -payment.amount_cents)
      return
    }
    const cents = Math.round((payment.amount_cents * leaving) / issued)
    await this.repo.reduce(trx, payment.id, cents)
    await this.repo.addPaid(trx, payment.request_id, -cents)
  }

  /** Payments made for the person's aid, on their timeline and in their access export. */
  timelineSource(): TimelineSource {
    const mayRead = (actor: Actor) =>
      roleAllows(actor.roles, 'aid.read') || roleAllows(actor.roles, 'aid.pay')
    return {
      kind: 'aid_payment',
      label: 'Aides versées',
      entries: async (db, actor, personIds, { limit }) => {
        if (!mayRead(actor)) return []
        const rows = await this.repo.paidToPeople(db, personIds, limit)
        return rows.map(
          (row): TimelineEntry => ({
            kind: 'aid_payment',
            kindLabel: 'Aide versée',
            id: row.id,
            at: new Date(`${String(row.paid_on)}T12:00:00Z`).toISOString(),
            title: `${row.aid_type_label} : ${formatEuros(row.amount_cents)} versés`,
            detail: [PAYMENT_FORM.labels[row.form as PaymentForm], row.payee].filter(Boolean).join(' — '),
            personId: row.person_id,
          }),
        )
      },
      count: async (db, actor, personIds) =>
        mayRead(actor) ? this.repo.paidToPeopleCount(db, personIds) : 0,
      latest: async (db, actor, personIds) => {
        if (!mayRead(actor)) return new Map()
        const rows = await this.repo.latestOfPeople(db, personIds)
        return new Map(
          rows.filter((r) => r.on).map((r) => [r.person_id, new Date(`${String(r.on)}T12:00:00Z`)]),
        )
      },
      export: async (db, _actor, personIds) =>
        (await this.repo.ofPeople(db, personIds, 100_000)).map((row) => ({
          ...toPayment(row),
          aidTypeLabel: row.aid_type_label,
        })),
    }
  }
}
