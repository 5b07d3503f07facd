import { z } from 'zod'
import { CAMPAIGN_CHANNEL, CAMPAIGN_REGISTRATION_STATUS } from './aid.ts'
import { aidWarningSchema } from './aid-requests.ts'
import { labelled } from './labelled.ts'
import {
  isoDateSchema,
  optionalText,
  pageOf,
  pageQuerySchema,
  pastDaySchema,
  textSchema,
  uuidSchema,
} from './validation.ts'

// Seasonal campaigns (end-of-year parcels for seniors…): the campaign and its eligibility rules,
// registrations from the front desk and the seniors line, the distribution list, who received.

export const CAMPAIGN_STATUS = labelled({ draft: 'En préparation', open: 'Ouverte', closed: 'Close' })
export type CampaignStatus = keyof typeof CAMPAIGN_STATUS.labels

export const CAMPAIGN_DELIVERY = labelled({ collected: 'Retiré sur place', delivered: 'Livré à domicile' })
export type CampaignDelivery = keyof typeof CAMPAIGN_DELIVERY.labels

const campaignFields = {
  label: textSchema('Le nom de la campagne est obligatoire.')
    .trim()
    .min(1, { error: 'Le nom de la campagne est obligatoire.' })
    .max(200, { error: '200 caractères au plus.' }),
  description: optionalText(2000),
  opensOn: isoDateSchema,
  closesOn: isoDateSchema,
  distributionOn: isoDateSchema.nullable().optional(),
  minAge: z
    .number({ error: 'Âge invalide.' })
    .int({ error: 'Âge invalide.' })
    .min(0, { error: 'Âge invalide.' })
    .max(130, { error: 'Âge invalide.' })
    .nullable()
    .optional(),
  residenceRequired: z.boolean().default(false),
  quotientCeilingCents: z
    .number({ error: 'Montant invalide.' })
    .int({ error: 'Montant invalide (en centimes).' })
    .min(0, { error: 'Montant invalide.' })
    .max(100_000_000, { error: 'Montant trop élevé.' })
    .nullable()
    .optional(),
  status: z.enum(['draft', 'open'], { error: 'Statut invalide.' }).default('open'),
}

const closesAfterOpening = <T extends { opensOn: string; closesOn: string }>(c: T) => c.closesOn >= c.opensOn
const closesMessage = {
  error: 'La clôture des inscriptions ne peut pas précéder leur ouverture.',
  path: ['closesOn'],
}

export const aidCampaignInputSchema = z.object(campaignFields).refine(closesAfterOpening, closesMessage)
export type AidCampaignInput = z.infer<typeof aidCampaignInputSchema>

export const channelCountSchema = z.object({
  channel: z.string(),
  label: z.string(),
  count: z.number().int(),
})

/** How many registrations, by status and by channel (cancelled ones apart): numbers, never a name. */
export const campaignCountsSchema = z.object({
  registered: z.number().int(),
  received: z.number().int(),
  cancelled: z.number().int(),
  /** Registrations not cancelled, by the channel they came from. */
  byChannel: z.array(channelCountSchema),
  /** Those received, collected on site or delivered at home. */
  collected: z.number().int(),
  delivered: z.number().int(),
})
export type CampaignCounts = z.infer<typeof campaignCountsSchema>

export const aidCampaignSchema = z.object({
  id: z.uuid(),
  label: z.string(),
  description: z.string().nullable(),
  opensOn: z.string(),
  closesOn: z.string(),
  distributionOn: z.string().nullable(),
  minAge: z.number().int().nullable(),
  residenceRequired: z.boolean(),
  quotientCeilingCents: z.number().int().nullable(),
  status: z.string(),
  counts: campaignCountsSchema,
})
export type AidCampaign = z.infer<typeof aidCampaignSchema>

export const aidCampaignListQuerySchema = pageQuerySchema.extend({
  status: z.enum(['draft', 'open', 'closed'], { error: 'Statut invalide.' }).optional(),
})
export const aidCampaignPageSchema = pageOf(aidCampaignSchema)

export const campaignRegistrationInputSchema = z.object({
  personId: uuidSchema,
  channel: CAMPAIGN_CHANNEL.schema,
  /** The agent checked the residence in the commune (a proof, the address): null when not checked. */
  resident: z.boolean().nullable().optional(),
  /** Defaults to today: the day the person asked (by phone, at the desk…). */
  registeredOn: pastDaySchema.optional(),
  note: optionalText(1000),
})
export type CampaignRegistrationInput = z.infer<typeof campaignRegistrationInputSchema>

export const campaignReceivedInputSchema = z.object({
  delivery: CAMPAIGN_DELIVERY.schema,
  receivedOn: pastDaySchema.optional(),
})

/** One line of the distribution list: who, how to reach them, what was said at registration. */
export const campaignRegistrationSchema = z.object({
  id: z.uuid(),
  campaignId: z.uuid(),
  personId: z.uuid(),
  displayName: z.string(),
  birthDate: z.string().nullable(),
  age: z.number().int().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  channel: z.string(),
  status: z.string(),
  registeredOn: z.string(),
  receivedOn: z.string().nullable(),
  delivery: z.string().nullable(),
  warnings: z.array(aidWarningSchema),
  note: z.string().nullable(),
})
export type CampaignRegistration = z.infer<typeof campaignRegistrationSchema>

export const campaignRegistrationListQuerySchema = pageQuerySchema.extend({
  status: CAMPAIGN_REGISTRATION_STATUS.schema.optional(),
  channel: CAMPAIGN_CHANNEL.schema.optional(),
})
export const campaignRegistrationPageSchema = pageOf(campaignRegistrationSchema)

export const campaignListFileQuerySchema = z.object({
  status: CAMPAIGN_REGISTRATION_STATUS.schema.optional(),
  channel: CAMPAIGN_CHANNEL.schema.optional(),
})
