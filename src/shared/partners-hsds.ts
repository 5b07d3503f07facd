// Open Referral HSDS 3 datasets in and out of the partner directory: the shapes the API answers and
// takes, shared with the web app.
import { z } from 'zod'
import { SERVICE_CATEGORY } from './partners.ts'
import { textSchema } from './validation.ts'

/** The largest upload: a département's whole directory as a zip is a few megabytes. */
export const HSDS_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
/** What the zip may unpack to, all files together: more is refused (a « zip bomb »). */
export const HSDS_MAX_UNZIPPED_BYTES = 50 * 1024 * 1024

/** One problem of the dataset: its file, its row (CSV line, or organisation number in JSON), its field. */
export const hsdsIssueSchema = z.object({
  file: z.string(),
  row: z.number().int().nullable(),
  field: z.string().nullable(),
  message: z.string(),
})
export type HsdsIssue = z.infer<typeof hsdsIssueSchema>

export const HSDS_ACTION = { create: 'Ajouté', update: 'Mis à jour', unchanged: 'Inchangé' } as const
export type HsdsAction = keyof typeof HSDS_ACTION

export const hsdsPreviewItemSchema = z.object({
  kind: z.enum(['partner', 'service']),
  hsdsId: z.string(),
  name: z.string(),
  partnerName: z.string().nullable(),
  action: z.enum(['create', 'update', 'unchanged']),
  category: z.string().nullable(),
  openingHours: z.string().nullable(),
})
export type HsdsPreviewItem = z.infer<typeof hsdsPreviewItemSchema>

export const hsdsTermSchema = z.object({
  key: z.string(),
  label: z.string(),
  /** The Trame category the organisation's mapping gives it; null when none does yet. */
  category: z.string().nullable(),
})
export type HsdsTerm = z.infer<typeof hsdsTermSchema>

const counts = z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int() })
export const hsdsPreviewSchema = z.object({
  /** True when the dataset has no error: it can be imported as it is. */
  valid: z.boolean(),
  errors: z.array(hsdsIssueSchema),
  /** What is left out without blocking (a phone number Trame cannot read…). */
  warnings: z.array(hsdsIssueSchema),
  partners: counts,
  services: counts,
  /** The first 500 organisations and services, with what the import would do to each. */
  items: z.array(hsdsPreviewItemSchema),
  terms: z.array(hsdsTermSchema),
})
export type HsdsPreview = z.infer<typeof hsdsPreviewSchema>

export const hsdsMappingSchema = z.object({
  key: textSchema('Terme manquant.').trim().min(1, { error: 'Terme manquant.' }).max(200),
  label: textSchema().trim().max(500),
  category: z.enum(SERVICE_CATEGORY.values, { error: 'Choisissez une catégorie de la liste.' }),
})
export const hsdsMappingListSchema = z.object({ items: z.array(hsdsMappingSchema) })
export const hsdsMappingInputSchema = z.object({ items: z.array(hsdsMappingSchema).max(2000) })
export type HsdsMapping = z.infer<typeof hsdsMappingSchema>

/** The key a taxonomy term is mapped by: its code, or its name without one, lower-case. */
export const hsdsTermKey = (term: { code?: string | null; name?: string | null }) =>
  (term.code?.trim() || term.name?.trim() || '').toLowerCase().slice(0, 200)
