import { z } from 'zod'
import { budgetYearSchema } from './aid.funds.ts'
import { AID_REQUEST_STATUS, PAYMENT_FORM } from './aid.ts'
import { optionalText, pageOf, pageQuerySchema, pastDaySchema, textSchema, uuidSchema } from './validation.ts'

// Payments of granted aid: no more than granted, in one of the aid's forms, charged to its fund's
// budget of a year (a closed year only with a note saying why), cancelled with a reason.

export const aidPaymentInputSchema = z.object({
  requestId: uuidSchema,
  amountCents: z
    .number({ error: 'Indiquez le montant payé.' })
    .int({ error: 'Montant invalide : en centimes entiers.' })
    .min(1, { error: 'Le montant doit être positif.' })
    .max(2_000_000_000, { error: 'Montant trop élevé.' }),
  form: PAYMENT_FORM.schema,
  /** Who is paid: the creditor (energy supplier, landlord…); the person when empty. */
  payee: optionalText(200),
  paidOn: pastDaySchema,
  /** The budget year charged; the year of `paidOn` when absent. */
  budgetYear: budgetYearSchema.optional(),
  /** The mandate or transfer reference of the finance department. */
  reference: optionalText(100),
  /** Why a closed year's budget is charged: required then, ignored otherwise. */
  closedYearNote: optionalText(500),
})
export type AidPaymentInput = z.infer<typeof aidPaymentInputSchema>

export const aidPaymentCancelSchema = z.object({
  reason: textSchema('Indiquez pourquoi le paiement est annulé.')
    .trim()
    .min(1, { error: 'Indiquez pourquoi le paiement est annulé.' })
    .max(500, { error: '500 caractères au plus.' }),
})

export const aidPaymentSchema = z.object({
  id: z.uuid(),
  requestId: z.uuid(),
  fundId: z.uuid(),
  fundName: z.string(),
  budgetYear: z.number().int(),
  amountCents: z.number().int(),
  form: PAYMENT_FORM.schema,
  payee: z.string().nullable(),
  paidOn: z.iso.date(),
  reference: z.string().nullable(),
  closedYearNote: z.string().nullable(),
  cancelledAt: z.iso.datetime({ offset: true }).nullable(),
  cancelReason: z.string().nullable(),
  /** The numbers of the vouchers this payment is made of (vouchers handed out for the request). */
  voucherNumbers: z.array(z.number().int()),
  createdAt: z.iso.datetime({ offset: true }),
})
export type AidPayment = z.infer<typeof aidPaymentSchema>

/** What paying a request needs to know: what is granted, already paid, in which forms, from which fund. */
export const aidPayableRequestSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  status: AID_REQUEST_STATUS.schema,
  aidTypeLabel: z.string(),
  grantedCents: z.number().int().nullable(),
  paidCents: z.number().int(),
  /** Granted − paid (0 when nothing is granted). */
  remainingCents: z.number().int(),
  /** The form the decision chose. */
  paymentForm: PAYMENT_FORM.schema.nullable(),
  /** The forms the règlement allows for the aid. */
  paymentForms: z.array(PAYMENT_FORM.schema),
  creditorName: z.string().nullable(),
  fundId: z.uuid(),
  fundName: z.string(),
  /** The years of the fund already closed: charging them needs a note. */
  closedYears: z.array(z.number().int()),
  /** Vouchers handed out by number pay this aid (« Bons et tickets »), not a payment typed here. */
  voucherKindId: z.uuid().nullable(),
})
export type AidPayableRequest = z.infer<typeof aidPayableRequestSchema>

export const aidPaymentQuerySchema = pageQuerySchema.extend({ requestId: uuidSchema })
export const aidPaymentPageSchema = pageOf(aidPaymentSchema).extend({ request: aidPayableRequestSchema })
