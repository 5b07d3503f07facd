import { z } from 'zod'
import { emailSchema, nameSchema, textSchema, totpCodeSchema } from './validation.ts'

/**
 * The hosted service's operator (pages under /exploitation, routes under /api/operator): accounts of
 * their own, outside every organisation; they see organisations and counts, never a person.
 */

export const operatorLoginSchema = z.object({
  email: emailSchema,
  password: textSchema().min(1, { error: 'Saisissez votre mot de passe.' }).max(200),
})
export const operatorTotpSchema = z.object({ code: totpCodeSchema })

export const operatorStateSchema = z.enum(['active', 'totp_pending'])
export const operatorLoginResponseSchema = z.object({ state: operatorStateSchema })

export const operatorMeSchema = z.object({
  state: operatorStateSchema,
  csrfToken: z.string(),
  operator: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
})
export type OperatorMe = z.infer<typeof operatorMeSchema>

export const hostedOrganisationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.string(),
  suspendedAt: z.string().nullable(),
  /** Accounts of the organisation's staff by status: counts only. */
  users: z.object({ active: z.number().int(), invited: z.number().int(), deactivated: z.number().int() }),
})
export type HostedOrganisation = z.infer<typeof hostedOrganisationSchema>
export const hostedOrganisationListSchema = z.object({
  items: z.array(hostedOrganisationSchema),
  total: z.number().int(),
})

export const hostedOrganisationCreateSchema = z.object({
  name: nameSchema.describe('Nom de l’organisation (CCAS, CIAS)'),
  siteName: nameSchema.describe('Premier site'),
  adminName: nameSchema.describe('Nom de son premier administrateur'),
  adminEmail: emailSchema.describe('Son adresse e-mail : le lien d’invitation y est envoyé'),
})

export const organisationImportResultSchema = z.object({
  organisation: z.object({ id: z.uuid(), name: z.string() }),
  tables: z.record(z.string(), z.number().int()),
  documents: z.number().int(),
})
