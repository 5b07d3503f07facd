import { z } from 'zod'
import {
  AID_DECISION,
  AID_DECISION_CHANNEL,
  AID_REFUSAL_MOTIF,
  AID_REQUEST_STATUS,
  BUDGET_CHARGE_KIND,
  BUDGET_RESOURCE_KIND,
  consumptionUnits,
  PAYMENT_FORM,
} from './aid.ts'
import { roleSchema } from './roles.ts'
import {
  isoDateSchema,
  optionalText,
  pageOf,
  pageQuerySchema,
  pastDaySchema,
  queryFlagSchema,
  textSchema,
  uuidSchema,
} from './validation.ts'

// Aid requests: what the server says about a request against the règlement. Warnings, never blocks:
// the commission (or the urgent decider) may go beyond a rule, and granting so records a derogation.

export const AID_WARNING_CODES = [
  'AID_CEILING_PER_REQUEST',
  'AID_CEILING_HOUSEHOLD_12M',
  'AID_AGE_RANGE',
  'AID_AGE_UNKNOWN',
  'AID_RESIDENCE',
  'AID_QUOTIENT_CEILING',
  'AID_QUOTIENT_UNKNOWN',
  'AID_DOCUMENTS_MISSING',
  'AID_URGENT_CEILING',
] as const
export type AidWarningCode = (typeof AID_WARNING_CODES)[number]

export const aidWarningSchema = z.object({ code: z.enum(AID_WARNING_CODES), message: z.string() })
export type AidWarning = z.infer<typeof aidWarningSchema>

// ----- the règlement: the organisation's aids and their rules -----

const centsSchema = z.number({ error: 'Montant invalide.' }).int({ error: 'Montant en centimes entiers.' })
const amountSchema = centsSchema.min(0, { error: 'Le montant ne peut pas être négatif.' }).max(100_000_000, {
  error: 'Montant trop élevé.',
})
const optionalAmount = amountSchema.nullable().default(null)
const ageSchema = z.number().int().min(0, { error: 'Âge invalide.' }).max(130, { error: 'Âge invalide.' })

export const aidTypeInputSchema = z
  .object({
    code: textSchema('Indiquez un code.')
      .trim()
      .min(1, { error: 'Indiquez un code.' })
      .max(40, { error: '40 caractères au plus.' })
      .regex(/^[A-Za-z0-9_-]+$/, { error: 'Lettres, chiffres, tirets seulement.' }),
    label: textSchema('Indiquez le nom de l’aide.')
      .trim()
      .min(1, { error: 'Indiquez le nom de l’aide.' })
      .max(200, { error: '200 caractères au plus.' }),
    fundId: uuidSchema,
    description: optionalText(2000),
    urgentDeciderRoles: z.array(roleSchema).max(20).default([]),
    urgentCeilingCents: optionalAmount,
    ceilingPerRequestCents: optionalAmount,
    ceilingPerHousehold12mCents: optionalAmount,
    minAge: ageSchema.nullable().default(null),
    maxAge: ageSchema.nullable().default(null),
    residenceRequired: z.boolean().default(false),
    quotientCeilingCents: optionalAmount,
    requiredDocumentTypeIds: z.array(uuidSchema).max(20).default([]),
    paymentForms: z
      .array(PAYMENT_FORM.schema)
      .min(1, { error: 'Choisissez au moins une forme de versement.' }),
    voucherKindId: uuidSchema.nullable().default(null),
    active: z.boolean().default(true),
    position: z.number().int().min(0).max(1000).default(0),
  })
  .refine((a) => a.minAge === null || a.maxAge === null || a.maxAge >= a.minAge, {
    path: ['maxAge'],
    error: 'L’âge maximal doit être supérieur ou égal à l’âge minimal.',
  })
export type AidTypeInput = z.infer<typeof aidTypeInputSchema>

export const aidTypeSchema = z.object({
  id: z.string(),
  code: z.string(),
  label: z.string(),
  fundId: z.string(),
  fundName: z.string(),
  description: z.string().nullable(),
  urgentDeciderRoles: z.array(roleSchema),
  urgentCeilingCents: z.number().nullable(),
  ceilingPerRequestCents: z.number().nullable(),
  ceilingPerHousehold12mCents: z.number().nullable(),
  minAge: z.number().nullable(),
  maxAge: z.number().nullable(),
  residenceRequired: z.boolean(),
  quotientCeilingCents: z.number().nullable(),
  requiredDocumentTypeIds: z.array(z.string()),
  paymentForms: z.array(PAYMENT_FORM.schema),
  voucherKindId: z.string().nullable(),
  active: z.boolean(),
  position: z.number(),
})
export type AidType = z.infer<typeof aidTypeSchema>

export const aidTypesSchema = z.object({
  items: z.array(aidTypeSchema),
  /** What the règlement's form chooses from. */
  funds: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), active: z.boolean() })),
  documentTypes: z.array(z.object({ id: z.string(), label: z.string() })),
  voucherKinds: z.array(z.object({ id: z.string(), label: z.string() })),
  canConfigure: z.boolean(),
})

// ----- the household budget -----

const monthlySchema = centsSchema
  .min(0, { error: 'Le montant ne peut pas être négatif.' })
  .max(10_000_000, { error: 'Montant mensuel trop élevé.' })
export const aidBudgetSchema = z.object({
  adults: z.number().int().min(0).max(20, { error: '20 au plus.' }),
  children: z.number().int().min(0).max(20, { error: '20 au plus.' }),
  resources: z.array(z.object({ kind: BUDGET_RESOURCE_KIND.schema, monthlyCents: monthlySchema })).max(40),
  charges: z.array(z.object({ kind: BUDGET_CHARGE_KIND.schema, monthlyCents: monthlySchema })).max(40),
})
export type AidBudget = z.infer<typeof aidBudgetSchema>
export const aidBudgetInputSchema = aidBudgetSchema.refine((b) => b.adults + b.children > 0, {
  path: ['adults'],
  error: 'Le foyer compte au moins une personne.',
})

/** A month counts 30 days for the reste à vivre, as most CCAS règlements reckon it. */
export const DAYS_PER_MONTH = 30

/**
 * The budget's figures: resources, charges, reste à vivre per day for the household and per
 * consumption unit (OECD modified scale). The server stores them; the form shows them live.
 */
export function budgetFigures(budget: AidBudget) {
  const resourcesCents = budget.resources.reduce((sum, line) => sum + line.monthlyCents, 0)
  const chargesCents = budget.charges.reduce((sum, line) => sum + line.monthlyCents, 0)
  const units = consumptionUnits(budget.adults, budget.children)
  const remainingPerDayCents = Math.round((resourcesCents - chargesCents) / DAYS_PER_MONTH)
  return {
    resourcesCents,
    chargesCents,
    householdSize: budget.adults + budget.children,
    consumptionUnits: units,
    remainingPerDayCents,
    remainingPerUnitDayCents:
      units > 0 ? Math.round((resourcesCents - chargesCents) / DAYS_PER_MONTH / units) : null,
  }
}
export const budgetFiguresSchema = z.object({
  resourcesCents: z.number(),
  chargesCents: z.number(),
  householdSize: z.number(),
  consumptionUnits: z.number(),
  remainingPerDayCents: z.number(),
  remainingPerUnitDayCents: z.number().nullable(),
})

// ----- requests -----

const purposeSchema = textSchema('Indiquez l’objet de la demande.')
  .trim()
  .min(1, { error: 'Indiquez l’objet de la demande.' })
  .max(500, { error: '500 caractères au plus.' })

export const aidRequestCreateSchema = z.object({
  personId: uuidSchema,
  aidTypeId: uuidSchema,
  /** The household: the person's own by default. */
  householdId: uuidSchema.nullable().optional(),
  supportRecordId: uuidSchema.nullable().default(null),
  teamId: uuidSchema.nullable().default(null),
  requestedOn: pastDaySchema.optional(),
  amountAskedCents: amountSchema.refine((v) => v > 0, { error: 'Indiquez le montant demandé.' }),
  purpose: purposeSchema,
  urgent: z.boolean().default(false),
  creditorName: optionalText(200),
})
export const aidRequestUpdateSchema = z.object({
  aidTypeId: uuidSchema,
  requestedOn: pastDaySchema,
  amountAskedCents: amountSchema.refine((v) => v > 0, { error: 'Indiquez le montant demandé.' }),
  purpose: purposeSchema,
  urgent: z.boolean(),
  creditorName: optionalText(200),
  resident: z.boolean().nullable(),
  assessment: optionalText(5000),
})
export const aidRequestDocumentsSchema = z.object({ documentIds: z.array(uuidSchema).max(50) })
export const aidRequestReasonSchema = z.object({
  reason: textSchema('Indiquez la raison.')
    .trim()
    .min(1, { error: 'Indiquez la raison.' })
    .max(500, { error: '500 caractères au plus.' }),
})
export const aidUrgentDecisionSchema = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('granted'),
    grantedCents: amountSchema.refine((v) => v > 0, { error: 'Indiquez le montant accordé.' }),
    paymentForm: PAYMENT_FORM.schema,
    note: optionalText(1000),
    derogationNote: optionalText(1000),
  }),
  z.object({
    decision: z.literal('refused'),
    refusalMotif: AID_REFUSAL_MOTIF.schema,
    note: optionalText(1000),
  }),
])

export const aidRequestListQuerySchema = pageQuerySchema.extend({
  personId: uuidSchema.optional(),
  status: AID_REQUEST_STATUS.schema.optional(),
  aidTypeId: uuidSchema.optional(),
  teamId: uuidSchema.optional(),
  urgent: queryFlagSchema,
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
})

export const aidRequestSummarySchema = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  aidTypeId: z.string(),
  aidTypeLabel: z.string(),
  status: AID_REQUEST_STATUS.schema,
  urgent: z.boolean(),
  requestedOn: z.string(),
  amountAskedCents: z.number(),
  grantedCents: z.number().nullable(),
  decidedOn: z.string().nullable(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  warningCount: z.number(),
})
export type AidRequestSummary = z.infer<typeof aidRequestSummarySchema>
export const aidRequestListSchema = pageOf(aidRequestSummarySchema)

export const aidRequestSchema = aidRequestSummarySchema.extend({
  householdId: z.string().nullable(),
  supportRecordId: z.string().nullable(),
  purpose: z.string(),
  creditorName: z.string().nullable(),
  budget: aidBudgetSchema.nullable(),
  figures: budgetFiguresSchema.nullable(),
  quotientCents: z.number().nullable(),
  resident: z.boolean().nullable(),
  assessment: z.string().nullable(),
  warnings: z.array(aidWarningSchema),
  documents: z.array(
    z.object({ id: z.string(), fileName: z.string(), typeId: z.string(), typeLabel: z.string() }),
  ),
  requiredDocuments: z.array(z.object({ typeId: z.string(), label: z.string(), attached: z.boolean() })),
  decisions: z.array(
    z.object({
      id: z.string(),
      channel: AID_DECISION_CHANNEL.schema,
      decision: AID_DECISION.schema,
      decidedOn: z.string(),
      grantedCents: z.number().nullable(),
      paymentForm: z.string().nullable(),
      motif: z.string().nullable(),
      note: z.string().nullable(),
      derogation: z.boolean(),
      decidedByName: z.string().nullable(),
    }),
  ),
  submittedAt: z.string().nullable(),
  decisionChannel: AID_DECISION_CHANNEL.schema.nullable(),
  paymentForm: PAYMENT_FORM.schema.nullable(),
  refusalMotif: AID_REFUSAL_MOTIF.schema.nullable(),
  adjournmentReason: z.string().nullable(),
  derogation: z.boolean(),
  derogationNote: z.string().nullable(),
  closedReason: z.string().nullable(),
  paidCents: z.number(),
  aid: z.object({
    paymentForms: z.array(PAYMENT_FORM.schema),
    urgentCeilingCents: z.number().nullable(),
    urgentDeciderRoles: z.array(roleSchema),
  }),
  can: z.object({
    edit: z.boolean(),
    submit: z.boolean(),
    decideUrgently: z.boolean(),
    withdraw: z.boolean(),
    dismiss: z.boolean(),
  }),
})
export type AidRequest = z.infer<typeof aidRequestSchema>
