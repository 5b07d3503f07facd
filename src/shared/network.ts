import { z } from 'zod'
import { labelled } from './labelled.ts'
import {
  emailSchema,
  isoDateSchema,
  nameSchema,
  optionalText,
  passwordSchema,
  uuidSchema,
} from './validation.ts'

/** The version of the volunteer charter in force: a volunteer who accepted an older one accepts it again. */
export const CHARTER_VERSION = '2026-1'
export const CHARTER_TEXT =
  'Je m’engage à respecter la confidentialité de ce que j’apprends des personnes aidées, à ne ' +
  'recevoir ni argent ni cadeau, à prévenir la coordinatrice de tout empêchement et de toute situation ' +
  'inquiétante, et à ne pas me substituer aux professionnels.'

export const HELP_KIND = labelled({
  shopping: 'Courses',
  pharmacy: 'Pharmacie',
  courtesy_visit: 'Visite de courtoisie',
  phone_call: 'Appel téléphonique régulier',
  administrative: 'Aide administrative',
  small_works: 'Petits travaux',
  small_services: 'Petits services',
  other: 'Autre',
})
export type HelpKind = (typeof HELP_KIND.values)[number]

export const WEEKDAY = labelled({
  mon: 'Lundi',
  tue: 'Mardi',
  wed: 'Mercredi',
  thu: 'Jeudi',
  fri: 'Vendredi',
  sat: 'Samedi',
  sun: 'Dimanche',
})
export const TIME_SLOT = labelled({ morning: 'Matin', afternoon: 'Après-midi', evening: 'Soirée' })
/** An availability: a weekday and a time slot, e.g. `tue_afternoon`. */
export const availabilitySchema = z
  .string()
  .regex(/^(mon|tue|wed|thu|fri|sat|sun)_(morning|afternoon|evening)$/, { error: 'Disponibilité invalide.' })

export const VOLUNTEER_STATUS = labelled({
  pending: 'En attente de validation',
  approved: 'Validé',
  refused: 'Refusé',
  suspended: 'Suspendu',
})
export const NEED_STATUS = labelled({
  open: 'Ouvert',
  offered: 'Proposé aux bénévoles',
  accepted: 'Accepté',
  done: 'Réalisé',
  cancelled: 'Annulé',
  escalated: 'Transmis',
})
export const RECURRENCE = labelled({ once: 'Une fois', weekly: 'Chaque semaine' })
export const NEED_URGENCY = labelled({ normal: 'Normale', urgent: 'Urgente' })
export const ESCALATION_TARGET = labelled({
  partner: 'Association partenaire',
  internal_team: 'Équipe interne',
})

const latitude = z.number().min(-90).max(90)
const longitude = z.number().min(-180).max(180)

// ----- the volunteer portal -----

export const volunteerSignupSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  firstName: nameSchema,
  lastName: nameSchema,
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 .()-]{6,25}$/, { error: 'Numéro de téléphone invalide.' }),
  /** Kept private: only used to measure distances. */
  address: optionalText(300),
  neighbourhood: optionalText(),
  latitude: latitude.nullable().optional(),
  longitude: longitude.nullable().optional(),
  helpKinds: z.array(HELP_KIND.schema).min(1, { error: 'Choisissez au moins un type d’aide.' }),
  availability: z.array(availabilitySchema).max(21),
  maxDistanceKm: z.number().int().min(1).max(100),
  charterVersion: z.literal(CHARTER_VERSION, { error: 'Acceptez la charte du bénévole en vigueur.' }),
})
export type VolunteerSignup = z.infer<typeof volunteerSignupSchema>

export const volunteerLoginSchema = z.object({
  organisationId: uuidSchema,
  email: emailSchema,
  password: z.string().min(1).max(200),
})
export const charterAcceptSchema = z.object({
  version: z.literal(CHARTER_VERSION, { error: 'Acceptez la charte du bénévole en vigueur.' }),
})
export const portalSchema = z.object({
  organisationId: z.string(),
  organisationName: z.string(),
  charterVersion: z.string(),
  charterText: z.string(),
})
export const portalQuerySchema = z.object({ organisation: uuidSchema.optional() })
export const organisationParamsSchema = z.object({ organisationId: uuidSchema })

export const volunteerMeSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  status: VOLUNTEER_STATUS.schema,
  charterUpToDate: z.boolean(),
  csrfToken: z.string(),
})
export type VolunteerMe = z.infer<typeof volunteerMeSchema>

/** What volunteers and staff both see of a need. */
const needFields = {
  id: z.string(),
  kind: HELP_KIND.schema,
  description: z.string().nullable(),
  wantedDate: z.string().nullable(),
  timeSlot: TIME_SLOT.schema.nullable(),
  recurrence: RECURRENCE.schema,
  urgency: NEED_URGENCY.schema,
}

/** A need as a volunteer sees it: the senior's identity only while it is theirs and not yet done. */
export const volunteerNeedSchema = z.object({
  ...needFields,
  distanceKm: z.number().nullable(),
  /** `taken`: another volunteer accepted it first. */
  state: z.enum(['available', 'mine', 'done', 'taken']),
  senior: z
    .object({ name: z.string(), address: z.string().nullable(), phone: z.string().nullable() })
    .nullable(),
})
export type VolunteerNeed = z.infer<typeof volunteerNeedSchema>
export const volunteerNeedListSchema = z.array(volunteerNeedSchema)
export const needDoneSchema = z.object({
  report: z.string().trim().min(1, { error: 'Ce champ est obligatoire.' }).max(2000),
})
export const memberReportInputSchema = z.object({
  about: z.string().trim().min(1, { error: 'Ce champ est obligatoire.' }).max(2000),
  location: optionalText(300),
})

// ----- the coordinator -----

export const volunteerSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  phone: z.string(),
  neighbourhood: z.string().nullable(),
  located: z.boolean(),
  helpKinds: z.array(HELP_KIND.schema),
  availability: z.array(z.string()),
  maxDistanceKm: z.number(),
  charterVersion: z.string().nullable(),
  status: VOLUNTEER_STATUS.schema,
  statusReason: z.string().nullable(),
  professionalSkill: z.string().nullable(),
  activeNeeds: z.number().int(),
  createdAt: z.string(),
})
export type Volunteer = z.infer<typeof volunteerSchema>
export const volunteerListSchema = z.array(volunteerSchema)
export const volunteerListQuerySchema = z.object({ status: VOLUNTEER_STATUS.schema.optional() })
export const volunteerStatusInputSchema = z.object({
  status: z.enum(['approved', 'refused', 'suspended']),
  reason: optionalText(500),
})
export const volunteerUpdateSchema = z.object({
  professionalSkill: optionalText(),
  latitude: latitude.nullable().optional(),
  longitude: longitude.nullable().optional(),
})

export const needInputSchema = z.object({
  personId: uuidSchema,
  kind: HELP_KIND.schema,
  description: optionalText(2000),
  wantedDate: isoDateSchema.nullable().optional(),
  timeSlot: TIME_SLOT.schema.nullable().optional(),
  recurrence: RECURRENCE.schema.default('once'),
  urgency: NEED_URGENCY.schema.default('normal'),
  latitude: latitude.nullable().optional(),
  longitude: longitude.nullable().optional(),
  /** Hours after which a need nobody accepted is to be escalated. */
  escalateAfterHours: z.number().int().min(1).max(720).default(48),
  frontdeskContactId: uuidSchema.nullable().optional(),
})
export type NeedInput = z.input<typeof needInputSchema>

export const needSchema = z.object({
  personId: z.string(),
  personName: z.string(),
  ...needFields,
  status: NEED_STATUS.schema,
  volunteerId: z.string().nullable(),
  volunteerName: z.string().nullable(),
  offeredCount: z.number().int(),
  /** Open or offered for longer than its escalation delay. */
  overdue: z.boolean(),
  report: z.string().nullable(),
  escalatedTo: ESCALATION_TARGET.schema.nullable(),
  escalationPartner: z.string().nullable(),
  escalationOutcome: z.string().nullable(),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
  doneAt: z.string().nullable(),
})
export type Need = z.infer<typeof needSchema>
export const needListSchema = z.array(needSchema)
export const needListQuerySchema = z.object({
  status: NEED_STATUS.schema.optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
})
export const matchSchema = z.object({
  volunteerId: z.string(),
  name: z.string(),
  distanceKm: z.number().nullable(),
  available: z.boolean(),
  activeNeeds: z.number().int(),
  professionalSkill: z.string().nullable(),
})
export const matchListSchema = z.array(matchSchema)
export const offerInputSchema = z.object({ count: z.number().int().min(1).max(20).default(3) })
export const escalateInputSchema = z.object({
  to: ESCALATION_TARGET.schema,
  partnerName: nameSchema,
  outcome: optionalText(1000),
})

export const memberReportSchema = z.object({
  id: z.string(),
  volunteerName: z.string().nullable(),
  about: z.string(),
  location: z.string().nullable(),
  status: z.enum(['new', 'closed']),
  closingNote: z.string().nullable(),
  createdAt: z.string(),
})
export const memberReportListSchema = z.array(memberReportSchema)
export const memberReportCloseSchema = z.object({ closingNote: optionalText(1000) })

export const dashboardQuerySchema = z
  .object({
    from: isoDateSchema,
    to: isoDateSchema,
    /** The seniors line's team: its front-desk contacts are the calls on the line. */
    teamId: uuidSchema.optional(),
  })
  .refine((q) => q.from <= q.to, { error: 'La date de début doit précéder la date de fin.', path: ['from'] })
const share = z.object({ key: z.string(), label: z.string(), count: z.number().int(), percent: z.number() })
export const dashboardSchema = z.object({
  volunteersByStatus: z.array(share),
  needsMet: z.number().int(),
  needsMetByKind: z.array(share),
  needsByOutcome: z.array(share),
  medianHoursToAcceptance: z.number().nullable(),
  escalations: z.number().int(),
  /** Null when the reader may not see front-desk counts or no team was chosen. */
  seniorsLineCalls: z.number().int().nullable(),
})
export type Dashboard = z.infer<typeof dashboardSchema>
