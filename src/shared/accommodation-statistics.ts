import { z } from 'zod'
import { STRUCTURE_KIND } from './accommodation.ts'
import { isoDateSchema, uuidSchema } from './validation.ts'

// Accommodation statistics: counts over a period per structure and per kind, never a name (readers:
// `indicators.read`). A stay counts in every period it touches, its day of departure included, so a
// stay across a year boundary counts in both years (the way the seed counts its 211 stays of 2017).

const period = {
  from: isoDateSchema,
  to: isoDateSchema,
  structureId: uuidSchema.optional(),
  kind: z.enum(STRUCTURE_KIND.values, { error: 'Type de structure inconnu.' }).optional(),
}
const ordered = <T extends { from: string; to: string }>(q: T) => q.from <= q.to
const orderedError = { error: 'La date de début doit précéder la date de fin.', path: ['from'] }

export const accommodationStatisticsQuerySchema = z
  .object(period)
  .refine(ordered, orderedError)
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 10 * 366 * 86_400_000, {
    error: 'Dix ans au plus.',
    path: ['to'],
  })
export type AccommodationStatisticsQuery = z.infer<typeof accommodationStatisticsQuerySchema>

export const accommodationStatisticsFileQuerySchema = z
  .object({ ...period, format: z.enum(['csv', 'xlsx'], { error: 'Format attendu : csv ou xlsx.' }) })
  .refine(ordered, orderedError)
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 10 * 366 * 86_400_000, {
    error: 'Dix ans au plus.',
    path: ['to'],
  })

/**
 * The figures of a structure, a kind or all: stays present in the period (touching it), started,
 * ended, still ongoing at its end; distinct people; lengths in days of the stays completed in it;
 * nights occupied and available, and their ratio (null when no place was available).
 */
export const accommodationFiguresSchema = z.object({
  present: z.number().int(),
  started: z.number().int(),
  ended: z.number().int(),
  ongoing: z.number().int(),
  beneficiaries: z.number().int(),
  averageDays: z.number().nullable(),
  medianDays: z.number().nullable(),
  occupiedNights: z.number().int(),
  availableNights: z.number().int(),
  occupancyRate: z.number().nullable(),
})
export type AccommodationFigures = z.infer<typeof accommodationFiguresSchema>

const countLine = z.object({ key: z.string(), label: z.string(), count: z.number().int() })

export const accommodationStatisticsSchema = z.object({
  from: z.string(),
  to: z.string(),
  totals: accommodationFiguresSchema,
  byKind: z.array(accommodationFiguresSchema.extend({ kind: z.string(), label: z.string() })),
  byStructure: z.array(
    accommodationFiguresSchema.extend({
      structureId: z.string(),
      name: z.string(),
      kind: z.string(),
      kindLabel: z.string(),
    }),
  ),
  exitsByDestination: z.array(countLine),
  refusalsByMotif: z.array(countLine),
})
export type AccommodationStatistics = z.infer<typeof accommodationStatisticsSchema>
