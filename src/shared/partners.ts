import { z } from 'zod'
import { labelled } from './labelled.ts'
import { textSchema, uuidSchema } from './validation.ts'

export const SERVICE_CATEGORY = labelled({
  food: 'Alimentation',
  housing: 'Logement, hébergement',
  health: 'Santé',
  rights: 'Accès aux droits',
  employment: 'Emploi, insertion',
  hygiene: 'Hygiène',
  clothing: 'Vêtements',
  mobility: 'Mobilité',
  isolation: 'Isolement, lien social',
  children_family: 'Enfance, famille',
  legal: 'Juridique',
  other: 'Autre',
})
export type ServiceCategory = (typeof SERVICE_CATEGORY.values)[number]

const timestamp = z.iso.datetime({ offset: true })

/** Blank means "none", for the form's empty input and the CSV's empty cell alike. */
const blankOr = (check: z.ZodType<string, string>) =>
  textSchema()
    .trim()
    .transform((value) => value || null)
    .pipe(check.nullable())
    .nullable()
    .optional()

const optionalText = (max: number) => blankOr(z.string().max(max, { error: `${max} caractères au plus.` }))

const requiredName = (message: string) =>
  textSchema(message)
    .trim()
    .min(1, { error: message })
    .max(200, { error: '200 caractères au plus.' })
    .transform((value) => value.replace(/\s+/g, ' '))

const emailField = blankOr(z.email({ error: 'Adresse e-mail invalide.' }).toLowerCase())
const phoneField = blankOr(
  z.string().regex(/^\+?[0-9 .()-]{6,25}$/, { error: 'Numéro de téléphone invalide.' }),
)
const postalCodeField = blankOr(z.string().regex(/^\d{5}$/, { error: 'Code postal sur 5 chiffres.' }))
/** "www.exemple.fr" is taken as "https://www.exemple.fr": directories and spreadsheets often omit it. */
const websiteField = blankOr(
  z
    .string()
    .max(500, { error: '500 caractères au plus.' })
    .transform((value) => (/^https?:\/\//i.test(value) ? value : `https://${value}`))
    .pipe(
      z.url({
        protocol: /^https?$/,
        hostname: z.regexes.domain,
        error: 'Adresse de site web invalide (exemple : https://www.exemple.fr).',
      }),
    ),
)

const partnerFields = {
  name: requiredName('Indiquez le nom du partenaire.'),
  description: optionalText(2000),
  website: websiteField,
  email: emailField,
  phone: phoneField,
  address: optionalText(300),
  postalCode: postalCodeField,
  city: optionalText(100),
}
export const partnerCreateSchema = z.object(partnerFields)
/** Absent fields are kept; `null` (or a blank) clears one. */
export const partnerUpdateSchema = z.object(partnerFields).partial()
export type PartnerInput = z.infer<typeof partnerCreateSchema>

const serviceFields = {
  name: requiredName('Indiquez le nom du service.'),
  category: z.enum(SERVICE_CATEGORY.values, { error: 'Choisissez une catégorie de la liste.' }),
  description: optionalText(2000),
  address: optionalText(300),
  postalCode: postalCodeField,
  city: optionalText(100),
  phone: phoneField,
  email: emailField,
  /** Free text: "lundi et jeudi 9 h – 12 h, sauf vacances scolaires". */
  openingHours: optionalText(1000),
  /** Free text: "sur orientation d'un travailleur social", "habitants de la commune"… */
  accessConditions: optionalText(2000),
  contactName: optionalText(200),
  active: z.boolean({ error: 'Valeur invalide.' }),
}
export const serviceCreateSchema = z.object({ ...serviceFields, active: serviceFields.active.default(true) })
export const serviceUpdateSchema = z.object(serviceFields).partial()
export type ServiceInput = z.infer<typeof serviceCreateSchema>

export const partnerServiceSchema = z.object({
  id: z.uuid(),
  partnerId: z.uuid(),
  name: z.string(),
  category: z.string(),
  description: z.string().nullable(),
  address: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  openingHours: z.string().nullable(),
  accessConditions: z.string().nullable(),
  contactName: z.string().nullable(),
  active: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
})
export type PartnerService = z.infer<typeof partnerServiceSchema>

export const partnerSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  website: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  services: z.array(partnerServiceSchema),
  createdAt: timestamp,
  updatedAt: timestamp,
})
export type Partner = z.infer<typeof partnerSchema>
export const partnerListSchema = z.object({ items: z.array(partnerSchema) })

export const partnerListQuerySchema = z.object({ q: textSchema().trim().max(200).optional() })

/** The front desk's orientation picker: active services, searched by partner, service, category, city. */
export const serviceSearchQuerySchema = z.object({
  q: textSchema().trim().max(200).optional(),
  category: z.enum(SERVICE_CATEGORY.values, { error: 'Catégorie inconnue.' }).optional(),
  partnerId: uuidSchema.optional(),
})
export const serviceSearchItemSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  category: z.string(),
  partnerId: z.uuid(),
  partnerName: z.string(),
  city: z.string().nullable(),
  phone: z.string().nullable(),
})
export type ServiceSearchItem = z.infer<typeof serviceSearchItemSchema>
export const serviceSearchListSchema = z.object({ items: z.array(serviceSearchItemSchema) })

// CSV import and export (Open Referral HSDS field names) ------------------------------------------

/**
 * One row per service, with its organisation's fields repeated; an organisation without services
 * has one row with the service columns empty. Names follow the Open Referral Human Services Data
 * Specification (HSDS), prefixed by their table where a flat file needs it.
 */
export const PARTNER_CSV_COLUMNS = {
  organization_name: 'Nom du partenaire (obligatoire)',
  organization_description: 'Présentation du partenaire',
  organization_url: 'Site web du partenaire',
  organization_email: 'E-mail du partenaire',
  organization_phone: 'Téléphone du partenaire',
  organization_address_1: 'Adresse du partenaire',
  organization_postal_code: 'Code postal du partenaire',
  organization_city: 'Commune du partenaire',
  service_name: 'Nom du service',
  service_description: 'Description du service',
  taxonomy_term_code: 'Catégorie (code : food, housing…)',
  taxonomy_term_name: 'Catégorie (libellé français, lu si le code est vide)',
  service_status: 'État du service : active ou inactive',
  address_1: 'Adresse du service',
  postal_code: 'Code postal du service',
  city: 'Commune du service',
  phone_number: 'Téléphone du service',
  service_email: 'E-mail du service',
  schedule_description: "Horaires d'ouverture",
  eligibility_description: "Conditions d'accès",
  contact_name: 'Personne à contacter',
} as const
export type PartnerCsvColumn = keyof typeof PARTNER_CSV_COLUMNS
export const PARTNER_CSV_MAX_ROWS = 5000

/** A CSV file as text: sent as `text/csv`, or as JSON `{ "csv": "…" }` by the web app. */
export const partnerImportBodySchema = z.union([
  textSchema().max(5_000_000),
  z.object({ csv: textSchema().max(5_000_000, { error: 'Fichier trop volumineux (5 Mo au plus).' }) }),
])
export const partnerImportResultSchema = z.object({
  partnersCreated: z.number().int(),
  /** Partners of the file already in the directory (same name, ignoring case and accents). */
  partnersReused: z.number().int(),
  servicesCreated: z.number().int(),
  /** Services already held by their partner under the same name: left as they are. */
  servicesSkipped: z.number().int(),
})
export type PartnerImportResult = z.infer<typeof partnerImportResultSchema>
