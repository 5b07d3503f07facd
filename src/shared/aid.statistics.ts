import { z } from 'zod'
import { isoDateSchema } from './validation.ts'

// Aid statistics: counts and amounts over a period, never a name (who reads them: the indicators'
// readers, the commission's secretary and the payers). Money is integer cents.

export const aidStatisticsQuerySchema = z
  .object({ from: isoDateSchema, to: isoDateSchema })
  .refine((q) => q.from <= q.to, { error: 'La date de début doit précéder la date de fin.', path: ['from'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 10 * 366 * 86_400_000, {
    error: 'Dix ans au plus.',
    path: ['to'],
  })
export const aidStatisticsFileQuerySchema = z
  .object({
    from: isoDateSchema,
    to: isoDateSchema,
    format: z.enum(['csv', 'xlsx'], { error: 'Format attendu : csv ou xlsx.' }),
  })
  .refine((q) => q.from <= q.to, { error: 'La date de début doit précéder la date de fin.', path: ['from'] })

/**
 * One line of a breakdown: requests filed in the period (drafts apart), and the decisions taken in
 * it — granted (with the amount), refused — with what was paid on the granted ones.
 */
export const aidStatisticsLineSchema = z.object({
  key: z.string(),
  label: z.string(),
  requests: z.number().int(),
  granted: z.number().int(),
  refused: z.number().int(),
  grantedCents: z.number().int(),
  paidCents: z.number().int(),
})
export type AidStatisticsLine = z.infer<typeof aidStatisticsLineSchema>

export const aidStatisticsSchema = z.object({
  from: z.string(),
  to: z.string(),
  totals: aidStatisticsLineSchema.omit({ key: true, label: true }).extend({
    adjourned: z.number().int(),
    dismissed: z.number().int(),
    withdrawn: z.number().int(),
    /** Households (or people on their own) granted at least one aid in the period. */
    householdsHelped: z.number().int(),
  }),
  byAid: z.array(aidStatisticsLineSchema),
  byFund: z.array(aidStatisticsLineSchema),
  byTeam: z.array(aidStatisticsLineSchema),
  byMonth: z.array(aidStatisticsLineSchema),
  refusalsByMotif: z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int() })),
  /** Days from the request to its decision (granted, refused or dismissed in the period). */
  daysToDecision: z.object({
    decided: z.number().int(),
    median: z.number().nullable(),
    p90: z.number().nullable(),
  }),
  /** The report the département asks of the FLAJ (the fund coded « FLAJ »); null without that fund. */
  flaj: z
    .object({
      fund: z.string(),
      youthsHelped: z.number().int(),
      grants: z.number().int(),
      grantedCents: z.number().int(),
      paidCents: z.number().int(),
      /** By purpose: each aid of the FLAJ in the règlement (subsistence, transport, housing…). */
      byPurpose: z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          youths: z.number().int(),
          grants: z.number().int(),
          grantedCents: z.number().int(),
        }),
      ),
    })
    .nullable(),
})
export type AidStatistics = z.infer<typeof aidStatisticsSchema>
