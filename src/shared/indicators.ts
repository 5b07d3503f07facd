import { z } from 'zod'
import { labelled } from './labelled.ts'
import { isoDateSchema, textSchema, uuidSchema } from './validation.ts'

/**
 * The catalogue of indicators: every figure the modules produce, named, described, with the filters
 * it takes, computed as a table of counts (dimensions + count) by SQL aggregates — never a name.
 */

/** The filters an indicator may take; each indicator lists those that apply to it. */
export const INDICATOR_FILTER = labelled({
  period: 'Période',
  site: 'Site',
  team: 'Équipe',
  structure: 'Structure',
  kind: 'Type',
  excludedReason: 'Motif exclu',
})
export type IndicatorFilter = keyof typeof INDICATOR_FILTER.labels

/** Small cells: counts under this threshold show as « < 5 » to those who never read a name. */
export const DEFAULT_SMALL_CELL_THRESHOLD = 5

export const indicatorQuerySchema = z
  .object({
    from: isoDateSchema,
    to: isoDateSchema,
    siteId: uuidSchema.optional(),
    teamId: uuidSchema.optional(),
    structureId: uuidSchema.optional(),
    kind: textSchema().trim().max(100).optional(),
    excludedReasonId: uuidSchema.optional(),
  })
  .refine((q) => q.from <= q.to, { error: 'La date de début doit précéder la date de fin.', path: ['from'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 10 * 366 * 86_400_000, {
    error: 'Dix ans au plus.',
    path: ['to'],
  })
export type IndicatorQuery = z.infer<typeof indicatorQuerySchema>

export const INDICATOR_FORMAT = labelled({ csv: 'CSV', xlsx: 'XLSX' })
export const indicatorFileQuerySchema = z.object({
  format: z.enum(['csv', 'xlsx'], { error: 'Format attendu : csv ou xlsx.' }),
})

/** One entry of the catalogue, as the API lists it. */
export const indicatorEntrySchema = z.object({
  id: z.string(),
  /** The module that contributes it, e.g. `frontdesk`. */
  module: z.string(),
  name: z.string(),
  description: z.string(),
  filters: z.array(INDICATOR_FILTER.schema),
  /** French titles of the table's dimension columns, in order. */
  dimensions: z.array(z.string()),
  /** The values of the `kind` filter, when it takes one. */
  kinds: z.array(z.object({ value: z.string(), label: z.string() })),
})
export type IndicatorEntry = z.infer<typeof indicatorEntrySchema>

const option = z.object({ id: z.string(), label: z.string() })
export const indicatorCatalogueSchema = z.object({
  indicators: z.array(indicatorEntrySchema),
  /** What the site, team, structure and reason filters offer (confidential teams are not listed). */
  options: z.object({
    sites: z.array(option),
    teams: z.array(option),
    structures: z.array(option),
    reasons: z.array(option),
  }),
  /** The organisation's small-cell threshold, and whether it applies to the reader. */
  smallCells: z.object({ threshold: z.number().int(), applies: z.boolean() }),
})
export type IndicatorCatalogue = z.infer<typeof indicatorCatalogueSchema>

/**
 * A count as the reader may see it: `count` null and `below` set when it is a small cell
 * (1 to threshold − 1) hidden from a reader who never sees a name.
 */
export const indicatorCountSchema = z.object({
  count: z.number().int().nullable(),
  below: z.number().int().optional(),
})
export type IndicatorCount = z.infer<typeof indicatorCountSchema>

export const indicatorTableSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  from: z.string(),
  to: z.string(),
  dimensions: z.array(z.string()),
  rows: z.array(
    indicatorCountSchema.extend({
      /** One key per dimension (an id, a month `2017-03`, a value…); labels are what a reader reads. */
      keys: z.array(z.string().nullable()),
      labels: z.array(z.string()),
    }),
  ),
  total: indicatorCountSchema,
})
export type IndicatorTable = z.infer<typeof indicatorTableSchema>

/** « < 5 » for a small cell, the French number otherwise. */
export function formatIndicatorCount(value: IndicatorCount) {
  if (value.count === null) return `< ${value.below ?? DEFAULT_SMALL_CELL_THRESHOLD}`
  return value.count.toLocaleString('fr-FR')
}

// The per-user dashboard: indicators with their filters, in order.

export const dashboardItemSchema = z.object({
  indicatorId: textSchema().trim().min(1).max(100),
  /** The period is kept as given; the web app may move it to the current year. */
  query: z.object({
    from: isoDateSchema,
    to: isoDateSchema,
    siteId: uuidSchema.optional(),
    teamId: uuidSchema.optional(),
    structureId: uuidSchema.optional(),
    kind: textSchema().trim().max(100).optional(),
    excludedReasonId: uuidSchema.optional(),
  }),
  chart: z.enum(['bar', 'line'], { error: 'Graphique attendu : barres ou courbe.' }).default('bar'),
})
export type DashboardItem = z.infer<typeof dashboardItemSchema>
export const indicatorDashboardSchema = z.object({
  items: z.array(dashboardItemSchema).max(40, { error: 'Quarante indicateurs au plus.' }),
})
export type IndicatorDashboard = z.infer<typeof indicatorDashboardSchema>

export const indicatorSettingsSchema = z.object({
  smallCellThreshold: z
    .number({ error: 'Indiquez un nombre.' })
    .int({ error: 'Indiquez un nombre entier.' })
    .min(2, { error: '2 au moins.' })
    .max(50, { error: '50 au plus.' }),
})

/** The modules' names as the catalogue groups them (a module not listed shows its own id). */
export const INDICATOR_MODULE_LABELS: Record<string, string> = {
  frontdesk: 'Accueil',
  outreach: 'Aller-vers',
  network: 'Voisins solidaires',
  register: 'Registre des personnes vulnérables',
  followup: 'Accompagnement',
  aid: 'Aides facultatives',
  domiciliation: 'Domiciliation',
  accommodation: 'Hébergement',
  activities: 'Activités',
}
