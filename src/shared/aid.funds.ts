import { z } from 'zod'
import { formatEuros } from './pricing.ts'
import { nameSchema, pageOf, pageQuerySchema, textSchema } from './validation.ts'

// Aid funds and their budgets: what is voted per fund and year, what is committed (granted on the
// year's decisions), what is paid (charged to the year's budget), by month, with the warning at the
// organisation's share (80 % by default). Money is integer cents.

export const DEFAULT_BUDGET_WARNING_PERCENT = 80

/** A budget year: the calendar year a fund's credits are voted for. */
export const budgetYearSchema = z.coerce
  .number({ error: 'Année invalide.' })
  .int({ error: 'Année invalide.' })
  .min(2000, { error: 'Année invalide : 2000 au plus tôt.' })
  .max(2100, { error: 'Année invalide : 2100 au plus tard.' })

/** An amount in cents a person types in euros: whole, not negative, below 20 million euros. */
export const centsSchema = z
  .number({ error: 'Montant invalide.' })
  .int({ error: 'Montant invalide : en centimes entiers.' })
  .min(0, { error: 'Le montant ne peut pas être négatif.' })
  .max(2_000_000_000, { error: 'Montant trop élevé.' })

export const aidFundCodeSchema = textSchema('Indiquez un code.')
  .trim()
  .min(1, { error: 'Indiquez un code.' })
  .max(30, { error: '30 caractères au plus.' })
  .regex(/^[A-Za-z0-9_.-]+$/, { error: 'Lettres sans accent, chiffres, tirets ou points seulement.' })

export const aidFundInputSchema = z.object({ code: aidFundCodeSchema, name: nameSchema })
export const aidFundUpdateSchema = z
  .object({
    name: nameSchema.optional(),
    /** An inactive fund takes no new aid type; what it holds stays. */
    active: z.boolean().optional(),
  })
  // An empty change would be an UPDATE without a column: refused as nothing to change.
  .refine((v) => v.name !== undefined || v.active !== undefined, {
    error: 'Rien à modifier : indiquez le nom ou l’état du fonds.',
  })

export const aidFundSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  active: z.boolean(),
})
export type AidFund = z.infer<typeof aidFundSchema>

export const aidBudgetParamsSchema = z.object({
  id: z.uuid({ error: 'Identifiant invalide.' }),
  year: budgetYearSchema,
})
export const aidBudgetInputSchema = z.object({ votedCents: centsSchema })
export const aidBudgetSchema = z.object({
  fundId: z.uuid(),
  year: z.number().int(),
  votedCents: z.number().int(),
  closedAt: z.iso.datetime({ offset: true }).nullable(),
})

export const aidConsumptionQuerySchema = z.object({ year: budgetYearSchema })
export const aidFundListQuerySchema = pageQuerySchema.extend({ year: budgetYearSchema })

export const budgetWarningSchema = z.object({
  /** The share of the voted amount committed / paid, in whole percents (rounded down); null when nothing is voted. */
  committedPercent: z.number().int().nullable(),
  paidPercent: z.number().int().nullable(),
  /** The organisation's share at which the warning shows. */
  thresholdPercent: z.number().int(),
  reached: z.boolean(),
  message: z.string().nullable(),
})
export type BudgetWarning = z.infer<typeof budgetWarningSchema>

export const aidFundConsumptionSchema = aidFundSchema.extend({
  year: z.number().int(),
  /** Whether a budget was voted for the year (else voted is 0). */
  budgetVoted: z.boolean(),
  votedCents: z.number().int(),
  closedAt: z.iso.datetime({ offset: true }).nullable(),
  /** Granted on the decisions of the year, for the fund's aids. */
  committedCents: z.number().int(),
  /** Payments charged to the year's budget, cancelled ones left out. */
  paidCents: z.number().int(),
  /** What can still be committed: voted − committed (negative when over). */
  remainingCents: z.number().int(),
  warning: budgetWarningSchema,
  /** Month 1 to 12: granted on decisions of the month, paid in the month (a payment charged to the year but made after it counts in December). */
  months: z.array(
    z.object({ month: z.number().int(), committedCents: z.number().int(), paidCents: z.number().int() }),
  ),
})
export type AidFundConsumption = z.infer<typeof aidFundConsumptionSchema>
export const aidFundConsumptionPageSchema = pageOf(aidFundConsumptionSchema)

/** `part` as whole percents of `whole`, rounded down, in integer arithmetic. */
export function percentOf(part: number, whole: number): number {
  return Math.floor((part * 100) / whole)
}

/**
 * The warning on a fund's year: when what is committed or paid reaches `thresholdPercent` of what is
 * voted (integer comparison, no rounding: 80 % of 1 000,01 € is reached at 800,01 €), or goes past it,
 * or when money is committed with nothing voted.
 */
export function budgetWarning(
  votedCents: number,
  committedCents: number,
  paidCents: number,
  thresholdPercent: number,
): BudgetWarning {
  const base = { thresholdPercent }
  if (votedCents === 0) {
    const used = committedCents > 0 || paidCents > 0
    return {
      ...base,
      committedPercent: null,
      paidPercent: null,
      reached: used,
      message: used
        ? 'Aucun budget n’est voté pour cette année, mais des aides y sont engagées ou payées.'
        : null,
    }
  }
  const committedPercent = percentOf(committedCents, votedCents)
  const paidPercent = percentOf(paidCents, votedCents)
  const used = Math.max(committedCents, paidCents)
  const what = committedCents >= paidCents ? 'Les engagements' : 'Les paiements'
  if (used > votedCents) {
    return {
      ...base,
      committedPercent,
      paidPercent,
      reached: true,
      message: `${what} dépassent le budget voté de ${formatEuros(used - votedCents)}.`,
    }
  }
  const reached = used * 100 >= votedCents * thresholdPercent
  return {
    ...base,
    committedPercent,
    paidPercent,
    reached,
    message: reached
      ? `${what} atteignent ${percentOf(used, votedCents)} % du budget voté (alerte à ${thresholdPercent} %).`
      : null,
  }
}
