import { z } from 'zod'
import { pastDaySchema, textSchema, uuidSchema } from './validation.ts'

// The paid municipal showers, counted by day and site: paid entries, entries with a voucher, free ones.

const countSchema = z
  .number({ error: 'Indiquez un nombre.' })
  .int({ error: 'Nombre entier attendu.' })
  .min(0, { error: 'Le nombre ne peut pas être négatif.' })
  .max(10_000, { error: 'Nombre trop élevé pour une journée.' })

export const showerDayInputSchema = z.object({
  day: pastDaySchema,
  /** The site of the showers, when the organisation has several. */
  siteId: uuidSchema.nullable().optional(),
  paidCount: countSchema,
  voucherCount: countSchema,
  freeCount: countSchema,
})

export const showerCountsSchema = z.object({
  paidCount: z.number().int(),
  voucherCount: z.number().int(),
  freeCount: z.number().int(),
  total: z.number().int(),
})
export const showerDaySchema = showerCountsSchema.extend({
  day: z.iso.date(),
  siteId: z.uuid().nullable(),
  siteName: z.string().nullable(),
})
export type ShowerDay = z.infer<typeof showerDaySchema>

export const showerMonthQuerySchema = z.object({
  month: textSchema('Mois invalide (format attendu : AAAA-MM).').regex(/^(20\d{2})-(0[1-9]|1[0-2])$/, {
    error: 'Mois invalide (format attendu : AAAA-MM).',
  }),
  siteId: uuidSchema.optional(),
})

/** A month's days (every day counted, each site apart) and its totals. */
export const showerMonthSchema = z.object({
  month: z.string(),
  days: z.array(showerDaySchema),
  totals: showerCountsSchema,
})
