import { z } from 'zod'
import { labelled } from './labelled.ts'
import { phoneSchema } from './people.ts'
import {
  emailSchema,
  isoDateSchema,
  nameSchema,
  optionalText,
  pageOf,
  pageQuerySchema,
  passwordSchema,
  plannedDaySchema,
  queryFlagSchema,
  textSchema,
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
export const availabilitySchema = textSchema().regex(
  /^(mon|tue|wed|thu|fri|sat|sun)_(morning|afternoon|evening)$/,
  { error: 'Disponibilité invalide.' },
)

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
  phone: textSchema()
    .trim()
    .regex(/^\+?[0-9 .()-]{6,25}$/, { error: 'Numéro de téléphone invalide.' }),
  /** Kept private: only used to measure distances. */
  address: optionalText(300),
  neighbourhood: optionalText(),
  /** A neighbourhood of the list: its centre places the volunteer when the address is not geocoded. */
  neighbourhoodId: uuidSchema.nullable().optional(),
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
  password: textSchema().min(1).max(200),
})
export const charterAcceptSchema = z.object({
  version: z.literal(CHARTER_VERSION, { error: 'Acceptez la charte du bénévole en vigueur.' }),
})
/** A neighbourhood centre: where someone is placed on the map when their address is not geocoded. */
export const neighbourhoodSchema = z.object({
  id: z.string(),
  name: z.string(),
  latitude: z.number(),
  longitude: z.number(),
})
export type Neighbourhood = z.infer<typeof neighbourhoodSchema>
export const neighbourhoodListSchema = z.array(neighbourhoodSchema)
export const neighbourhoodInputSchema = z.object({
  name: nameSchema,
  latitude,
  longitude,
})

export const portalSchema = z.object({
  organisationId: z.string(),
  organisationName: z.string(),
  charterVersion: z.string(),
  charterText: z.string(),
  /** The neighbourhoods a neighbour picks from at sign-up (names only: the centres are public places). */
  neighbourhoods: z.array(z.object({ id: z.string(), name: z.string() })),
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
    .object({
      name: z.string(),
      address: z.string().nullable(),
      phone: z.string().nullable(),
      /** Whom to call instead, when the senior has neither phone nor address. */
      contact: z.object({ name: z.string(), phone: z.string() }).nullable(),
      /** The CCAS calls the volunteer to arrange the visit. */
      ccasIntroduces: z.boolean(),
    })
    .nullable(),
})
export type VolunteerNeed = z.infer<typeof volunteerNeedSchema>
export const volunteerNeedListSchema = pageOf(volunteerNeedSchema)
/**
 * The parts of the portal's list: the needs the volunteer holds, those of the neighbourhood (to take, or
 * taken by another), those they carried out. Without one, all of them.
 */
export const VOLUNTEER_NEED_SECTIONS = ['mine', 'neighbourhood', 'done'] as const
export type VolunteerNeedSection = (typeof VOLUNTEER_NEED_SECTIONS)[number]
export const volunteerNeedListQuerySchema = pageQuerySchema.extend({
  section: z
    .enum(VOLUNTEER_NEED_SECTIONS, { error: 'Partie de la liste inconnue : mine, neighbourhood ou done.' })
    .optional(),
})
export const needDoneSchema = z.object({
  report: textSchema().trim().min(1, { error: 'Ce champ est obligatoire.' }).max(2000),
})
export const memberReportInputSchema = z.object({
  about: textSchema().trim().min(1, { error: 'Ce champ est obligatoire.' }).max(2000),
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
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  helpKinds: z.array(HELP_KIND.schema),
  availability: z.array(z.string()),
  maxDistanceKm: z.number(),
  charterVersion: z.string().nullable(),
  status: VOLUNTEER_STATUS.schema,
  statusReason: z.string().nullable(),
  professionalSkill: z.string().nullable(),
  activeNeeds: z.number().int(),
  /** Needs given back in the last 7 days (accepting one shows a senior's contact details). */
  releasedThisWeek: z.number().int(),
  createdAt: z.string(),
})
export type Volunteer = z.infer<typeof volunteerSchema>
export const volunteerListSchema = pageOf(volunteerSchema)
export const volunteerListQuerySchema = pageQuerySchema.extend({ status: VOLUNTEER_STATUS.schema.optional() })
export const volunteerStatusInputSchema = z.object({
  status: z.enum(['approved', 'refused', 'suspended']),
  reason: optionalText(500),
})
/** The coordinator marks a skill, or places the volunteer: a point on the map or a neighbourhood centre. */
export const volunteerUpdateSchema = z.object({
  professionalSkill: optionalText(),
  latitude: latitude.nullable().optional(),
  longitude: longitude.nullable().optional(),
  neighbourhoodId: uuidSchema.optional(),
})

export const needInputSchema = z.object({
  personId: uuidSchema,
  kind: HELP_KIND.schema,
  description: optionalText(2000),
  wantedDate: plannedDaySchema.nullable().optional(),
  timeSlot: TIME_SLOT.schema.nullable().optional(),
  recurrence: RECURRENCE.schema.default('once'),
  urgency: NEED_URGENCY.schema.default('normal'),
  latitude: latitude.nullable().optional(),
  longitude: longitude.nullable().optional(),
  /** Without a point: the centre of this neighbourhood, else the senior's address if it can be geocoded. */
  neighbourhoodId: uuidSchema.nullable().optional(),
  /** Hours after which a need nobody accepted is escalated; the organisation's setting when absent. */
  escalateAfterHours: z.number().int().min(1).max(720).optional(),
  /** The seniors line's call (a front-desk contact) the need comes from. */
  frontdeskContactId: uuidSchema.nullable().optional(),
  /**
   * How the volunteer will reach the senior, required when the file has neither phone nor address:
   * a person to contact, or the CCAS calls the volunteer to arrange the visit.
   */
  contactName: optionalText(200),
  contactPhone: phoneSchema.nullable().optional(),
  ccasIntroduces: z.boolean().default(false),
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
  /** The partner association's or the team's name. */
  escalationPartner: z.string().nullable(),
  /** Escalated by Trame itself once the delay ran out, rather than by the coordinator. */
  escalatedAutomatically: z.boolean(),
  escalatedAt: z.string().nullable(),
  escalationOutcome: z.string().nullable(),
  escalationOutcomeAt: z.string().nullable(),
  /** Hours a need may wait for a volunteer before it is escalated. */
  escalateAfterHours: z.number().int(),
  located: z.boolean(),
  frontdeskContactId: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  ccasIntroduces: z.boolean(),
  /** A weekly need's previous occurrence. */
  previousNeedId: z.string().nullable(),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
  doneAt: z.string().nullable(),
})
export type Need = z.infer<typeof needSchema>
export const needListSchema = pageOf(needSchema)
export const needListQuerySchema = pageQuerySchema.extend({
  status: NEED_STATUS.schema.optional(),
  overdue: queryFlagSchema,
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
/** Without a count, the organisation's setting. */
export const offerInputSchema = z.object({ count: z.number().int().min(1).max(20).optional() })
/** To a partner association of the directory, an internal team, or a partner named by hand. */
export const escalateInputSchema = z
  .object({
    to: ESCALATION_TARGET.schema,
    partnerId: uuidSchema.nullable().optional(),
    teamId: uuidSchema.nullable().optional(),
    partnerName: optionalText(),
    outcome: optionalText(1000),
  })
  .refine((input) => (input.to === 'internal_team' ? input.teamId : input.partnerId || input.partnerName), {
    error: (issue) =>
      (issue.input as { to?: string }).to === 'internal_team'
        ? 'Choisissez l’équipe.'
        : 'Choisissez l’association partenaire ou indiquez son nom.',
    path: ['partnerName'],
  })
export const escalationOutcomeInputSchema = z.object({
  outcome: textSchema().trim().min(1, { error: 'Ce champ est obligatoire.' }).max(1000),
})

/** The coordinator's settings. */
export const networkSettingsSchema = z.object({
  escalateAfterHours: z.number().int().min(1).max(720),
  /** Where a need nobody accepted goes on its own; none: the coordinators are told and decide. */
  escalationPartnerId: z.string().nullable(),
  escalationTeamId: z.string().nullable(),
  /** The team answering the seniors line: its front-desk contacts are the line's calls. */
  seniorsLineTeamId: z.string().nullable(),
  /** How many volunteers an offer reaches by default. */
  offerCount: z.number().int().min(1).max(20),
  /** Needs a volunteer may give back within 7 days; past it they accept no more that week. */
  weeklyReleaseLimit: z.number().int().min(1).max(50),
  /** The installation's map tiles (MAP_TILE_URL), for the coordinator's maps. */
  mapTileUrl: z.string(),
  mapTileAttribution: z.string(),
})
export type NetworkSettings = z.infer<typeof networkSettingsSchema>
export const networkSettingsInputSchema = z
  .object({
    escalateAfterHours: z.number().int().min(1).max(720),
    escalationPartnerId: uuidSchema.nullable(),
    escalationTeamId: uuidSchema.nullable(),
    seniorsLineTeamId: uuidSchema.nullable(),
    offerCount: z.number().int().min(1).max(20),
    /** Left out, the limit stays as it is. */
    weeklyReleaseLimit: z
      .number({ error: 'Indiquez un nombre entre 1 et 50.' })
      .int({ error: 'Indiquez un nombre entier.' })
      .min(1, { error: 'Indiquez un nombre entre 1 et 50.' })
      .max(50, { error: 'Indiquez un nombre entre 1 et 50.' })
      .optional(),
  })
  .refine((input) => !(input.escalationPartnerId && input.escalationTeamId), {
    error: 'Choisissez une association ou une équipe, pas les deux.',
    path: ['escalationTeamId'],
  })

/** Who reported a person who seems isolated: a volunteer from the portal, or a citizen from the public form. */
export const MEMBER_REPORT_SOURCE = labelled({
  volunteer: 'Bénévole du réseau',
  // From the public form, or typed in at the front desk from a call: both are reports (SIG-…).
  citizen: 'Signalement reçu par le CCAS',
})
/** What the coordinator made of a report. */
export const MEMBER_REPORT_OUTCOME = labelled({
  register_referral: 'Transmis à l’équipe du registre',
  need_created: 'Besoin créé pour un voisin solidaire',
  already_known: 'Situation déjà connue',
  no_action: 'Sans suite',
})
export const memberReportSchema = z.object({
  id: z.string(),
  source: MEMBER_REPORT_SOURCE.schema,
  volunteerName: z.string().nullable(),
  /** The public form's reference (SIG-…), for a citizen's report. */
  citizenReference: z.string().nullable(),
  about: z.string(),
  location: z.string().nullable(),
  status: z.enum(['new', 'closed']),
  outcome: MEMBER_REPORT_OUTCOME.schema.nullable(),
  closingNote: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
})
export type MemberReport = z.infer<typeof memberReportSchema>
export const memberReportListSchema = pageOf(memberReportSchema)
export const memberReportListQuerySchema = pageQuerySchema.extend({
  status: z.enum(['new', 'closed']).optional(),
})
export type Paged<Item> = { items: Item[]; total: number; page: number; pageSize: number }
export const memberReportCloseSchema = z.object({
  outcome: MEMBER_REPORT_OUTCOME.schema,
  closingNote: optionalText(1000),
})

export const dashboardQuerySchema = z
  .object({
    from: isoDateSchema,
    to: isoDateSchema,
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
  /** Front-desk contacts of the seniors line's team; null while no team is set. */
  seniorsLineCalls: z.number().int().nullable(),
  /** Escalated by Trame once the delay ran out, among `escalations`. */
  automaticEscalations: z.number().int(),
})
export type Dashboard = z.infer<typeof dashboardSchema>
