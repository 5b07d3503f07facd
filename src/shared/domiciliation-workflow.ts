import { z } from 'zod'
import { addDays, todayInFrance } from './dates.ts'
import { DOMICILIATION_KIND, DOMICILIATION_STATUS, RADIATION_MOTIF, REFUSAL_MOTIF } from './domiciliation.ts'
import { labelled } from './labelled.ts'
import { ROLES, roleSchema } from './roles.ts'
import {
  isoDateSchema,
  optionalText,
  pageOf,
  pageQuerySchema,
  pastDaySchema,
  textSchema,
  uuidSchema,
} from './validation.ts'

// The domiciliation workflow: a period asked for (first request or renewal), its instruction (the
// content of cerfa 16029*01), the decision (grant, refusal with re-orientation, radiation), undo.

/** The link with the commune (CASF L264-4, D264-1), as cerfa 16029*01 lists it. */
export const COMMUNE_LINK = labelled({
  residence: 'Installation sur le territoire de la commune',
  work: 'Exercice d’une activité professionnelle sur la commune',
  insertion: 'Bénéficiaire d’une action d’insertion ou d’accompagnement sur la commune',
  family: 'Liens familiaux avec une personne vivant sur la commune',
  parental_authority: 'Autorité parentale sur un enfant scolarisé dans la commune',
  other: 'Autre lien',
})
/** Where the person lives now (DomiFa's « situation résidentielle »). */
export const RESIDENTIAL_SITUATION = labelled({
  street: 'Sans abri, à la rue',
  mobile_home: 'Domicile mobile (caravane, véhicule…)',
  social_accommodation: 'Hébergement social',
  third_party: 'Hébergé·e chez un tiers',
  hotel: 'Hôtel',
  other: 'Autre situation',
})
/** Why the person has no stable address (DomiFa's « cause d'instabilité »). */
export const INSTABILITY_CAUSE = labelled({
  wandering: 'Errance',
  eviction: 'Expulsion',
  hosted_without_address: 'Hébergé·e sans pouvoir recevoir de courrier',
  itinerant: 'Itinérance',
  family_breakdown: 'Rupture familiale ou conjugale',
  leaving_institution: 'Sortie d’une structure (hôpital, prison, foyer…)',
  violence: 'Violences',
  other: 'Autre cause',
})
/** What the address is for (DomiFa's « raison de la demande »). */
export const REQUEST_REASON = labelled({
  rights: 'Exercice des droits civils',
  benefits: 'Accès aux prestations sociales',
  other: 'Autre raison',
})

/** Start + 1 year − 1 day; a start on 29 February ends on 28 February (its anniversary is 1 March). */
export function domiciliationEnd(startOn: string): string {
  const [y, m, d] = startOn.split('-').map(Number) as [number, number, number]
  // Date.UTC rolls 29 February of a common year over to 1 March.
  const anniversary = new Date(Date.UTC(y + 1, m - 1, d, 12)).toISOString().slice(0, 10)
  return addDays(anniversary, -1)
}

/** `months` calendar months before `date` (YYYY-MM-DD), the day clamped to the month's last. */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const index = y * 12 + (m - 1) - months
  const year = Math.floor(index / 12)
  const month = index % 12
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

const yesNoDetail = z.object({
  value: z.boolean().nullable().default(null),
  detail: optionalText(500),
})

/** The instruction's answers: saved as they come, checked complete when sent for decision. */
export const instructionSchema = z.object({
  interviewOn: pastDaySchema.nullable().optional(),
  communeLink: COMMUNE_LINK.schema.nullable().optional(),
  communeLinkDetail: optionalText(500),
  residentialSituation: RESIDENTIAL_SITUATION.schema.nullable().optional(),
  residentialDetail: optionalText(500),
  instabilityCause: INSTABILITY_CAUSE.schema.nullable().optional(),
  instabilityDetail: optionalText(500),
  reasons: z.array(REQUEST_REASON.schema).max(3).default([]),
  reasonDetail: optionalText(500),
  income: yesNoDetail.optional(),
  /** Sent by a body (orientation) and which. */
  orientation: yesNoDetail.optional(),
  /** Already domiciled elsewhere, and where. */
  existingDomiciliation: yesNoDetail.optional(),
  /** Supported by a social worker, and by whom. */
  support: yesNoDetail.optional(),
  /** Documents of the person's file (GED) seen during the instruction. */
  documentIds: z.array(uuidSchema).max(30).default([]),
  comments: optionalText(2000),
})
export type InstructionInput = z.infer<typeof instructionSchema>

export const domiciliationCreateSchema = z.object({
  personId: uuidSchema,
  requestedOn: pastDaySchema,
})

export const beneficiariesInputSchema = z.object({
  personIds: z.array(uuidSchema).max(20, { error: '20 ayants droit au plus.' }),
})

/** A grant starts at most a year back (a late recording) and at most 3 months ahead. */
const startDaySchema = isoDateSchema
  .refine((date) => date >= addDays(todayInFrance(), -366), {
    error: 'Date trop ancienne : un an en arrière au plus.',
    abort: true,
  })
  .refine((date) => date <= addDays(todayInFrance(), 92), {
    error: 'Date trop lointaine : trois mois au plus.',
  })

export const decisionInputSchema = z.discriminatedUnion(
  'decision',
  [
    z.object({ decision: z.literal('granted'), startOn: startDaySchema, note: optionalText(1000) }),
    z.object({
      decision: z.literal('refused'),
      motif: REFUSAL_MOTIF.schema,
      /** The body the person is sent to instead: mandatory with every refusal. */
      reorientation: textSchema('Indiquez l’organisme vers lequel la personne est réorientée.')
        .trim()
        .min(1, { error: 'Indiquez l’organisme vers lequel la personne est réorientée.' })
        .max(500, { error: '500 caractères au plus.' }),
      note: optionalText(1000),
    }),
    z.object({
      decision: z.literal('radiated'),
      motif: RADIATION_MOTIF.schema,
      radiatedOn: pastDaySchema,
      note: optionalText(1000),
    }),
  ],
  { error: 'Décision inconnue.' },
)
export type DecisionInput = z.infer<typeof decisionInputSchema>

export const undoInputSchema = z.object({
  reason: textSchema('Indiquez pourquoi la décision est annulée.')
    .trim()
    .min(3, { error: 'Indiquez pourquoi la décision est annulée.' })
    .max(500, { error: '500 caractères au plus.' }),
})
export const decisionParamsSchema = z.object({ id: uuidSchema, decisionId: uuidSchema })

export const DOMICILIATION_DOCUMENT = labelled({
  request: 'Demande d’élection de domicile (cerfa 16029*01)',
  certificate: 'Attestation d’élection de domicile (cerfa 16030*01)',
  refusal: 'Lettre de refus',
  radiation: 'Lettre de radiation',
})
export type DomiciliationDocument = keyof typeof DOMICILIATION_DOCUMENT.labels
export const documentParamsSchema = z.object({ id: uuidSchema, document: DOMICILIATION_DOCUMENT.schema })

const yesNoOut = z.object({ value: z.boolean().nullable(), detail: z.string().nullable() })
export const decisionSchema = z.object({
  id: z.uuid(),
  decision: z.enum(['granted', 'refused', 'radiated']),
  effectiveOn: z.string(),
  motif: z.string().nullable(),
  note: z.string().nullable(),
  decidedAt: z.string(),
  decidedByName: z.string().nullable(),
  undoneAt: z.string().nullable(),
  undoReason: z.string().nullable(),
})
export const domiciliationSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  kind: DOMICILIATION_KIND.schema,
  previousId: z.uuid().nullable(),
  status: DOMICILIATION_STATUS.schema,
  requestedOn: z.string(),
  instruction: z.object({
    interviewOn: z.string().nullable(),
    communeLink: COMMUNE_LINK.schema.nullable(),
    communeLinkDetail: z.string().nullable(),
    residentialSituation: RESIDENTIAL_SITUATION.schema.nullable(),
    residentialDetail: z.string().nullable(),
    instabilityCause: INSTABILITY_CAUSE.schema.nullable(),
    instabilityDetail: z.string().nullable(),
    reasons: z.array(REQUEST_REASON.schema),
    reasonDetail: z.string().nullable(),
    income: yesNoOut,
    orientation: yesNoOut,
    existingDomiciliation: yesNoOut,
    support: yesNoOut,
    documentIds: z.array(z.uuid()),
    comments: z.string().nullable(),
  }),
  startOn: z.string().nullable(),
  endOn: z.string().nullable(),
  firstDomiciledOn: z.string().nullable(),
  refusalMotif: REFUSAL_MOTIF.schema.nullable(),
  refusalReorientation: z.string().nullable(),
  radiationMotif: RADIATION_MOTIF.schema.nullable(),
  radiationOn: z.string().nullable(),
  lastContactAt: z.string().nullable(),
  beneficiaries: z.array(
    z.object({ personId: z.uuid(), displayName: z.string(), relationship: z.string().nullable() }),
  ),
  decisions: z.array(decisionSchema),
})
export type Domiciliation = z.infer<typeof domiciliationSchema>

export const domiciliationListQuerySchema = z.object({ personId: uuidSchema })
export const domiciliationListSchema = z.object({
  items: z.array(domiciliationSchema),
  /** What the page may offer: the server's own rule, so that no button leads to a refusal. */
  canInstruct: z.boolean(),
  canDecide: z.boolean(),
  /** Household members who may be covered (ayants droit). */
  household: z.array(
    z.object({ personId: z.uuid(), displayName: z.string(), relationship: z.string().nullable() }),
  ),
})

export const CANDIDATE_REASON = labelled({
  no_contact: 'Sans contact',
  ended: 'Fin de validité sans renouvellement',
})
export const candidatesQuerySchema = pageQuerySchema.extend({
  reason: CANDIDATE_REASON.schema.optional(),
})
export const candidateSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  displayName: z.string(),
  startOn: z.string(),
  endOn: z.string(),
  lastContactAt: z.string().nullable(),
  reason: CANDIDATE_REASON.schema,
  /** The radiation motif that fits the reason. */
  motif: RADIATION_MOTIF.schema,
})
export const candidatesSchema = pageOf(candidateSchema).extend({
  noContactMonths: z.number().int(),
  canDecide: z.boolean(),
})
export const bulkRadiationSchema = z.object({
  ids: z
    .array(uuidSchema)
    .min(1, { error: 'Choisissez au moins une domiciliation.' })
    .max(200, { error: '200 radiations à la fois au plus.' }),
  motif: RADIATION_MOTIF.schema,
  radiatedOn: pastDaySchema,
})
export const bulkRadiationResultSchema = z.object({ radiated: z.number().int() })

export const settingsSchema = z.object({
  decisionRoles: z.array(roleSchema),
  noContactMonths: z.number().int(),
  renewalReminderDays: z.number().int(),
  postalAddress: z.string().nullable(),
  approvedScope: z.string().nullable(),
  /** The roles that may be given decisions: those who read domiciliations. */
  decisionRoleChoices: z.array(roleSchema),
})
export const settingsInputSchema = z.object({
  decisionRoles: z
    .array(z.enum(ROLES, { error: 'Rôle inconnu.' }))
    .min(1, { error: 'Au moins un rôle doit pouvoir décider.' }),
  noContactMonths: z
    .number()
    .int()
    .min(1, { error: 'Entre 1 et 24 mois.' })
    .max(24, { error: 'Entre 1 et 24 mois.' }),
  renewalReminderDays: z
    .number()
    .int()
    .min(7, { error: 'Entre 7 et 180 jours.' })
    .max(180, { error: 'Entre 7 et 180 jours.' }),
  postalAddress: optionalText(500),
  approvedScope: optionalText(500),
})
