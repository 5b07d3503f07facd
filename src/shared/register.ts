import { z } from 'zod'
import { labelled } from './labelled.ts'
import {
  isoDateSchema,
  optionalText,
  pageOf,
  pageQuerySchema,
  pastDaySchema,
  plannedDaySchema,
  queryFlagSchema,
  textSchema,
  uuidSchema,
} from './validation.ts'

/** Shown on every page of the register: who may see it, and the duty that binds them. */
export const REGISTER_CONFIDENTIALITY_NOTICE =
  'Registre nominatif des personnes vulnérables (article L121-6-1 du code de l’action sociale et des familles) : ' +
  'données confidentielles, accessibles aux seuls agents désignés et au directeur, tenus au secret professionnel. ' +
  'Elles ne servent qu’aux plans d’alerte et d’urgence et ne sont transmises qu’au préfet, à sa demande.'

export const REGISTER_STATUS = labelled({
  awaiting_confirmation: 'En attente (demande d’un tiers)',
  registered: 'Inscrite',
})

/** Eligibility (CASF R121-2): who may be on the register, and on what ground. */
export const REGISTER_GROUND = labelled({
  age_65: 'Personne âgée de 65 ans et plus, vivant à domicile',
  age_60_unfit: 'Personne de plus de 60 ans reconnue inapte au travail, vivant à domicile',
  disabled_adult: 'Personne adulte handicapée vivant à domicile',
})

export const DISABILITY_PROOF = labelled({
  aah: 'Allocation aux adultes handicapés (AAH)',
  pch: 'Prestation de compensation du handicap (PCH)',
  invalidity_card: 'Carte d’invalidité ou mobilité inclusion',
  invalidity_pension: 'Pension d’invalidité',
  other: 'Autre reconnaissance du handicap',
})

export const REGISTER_REQUESTED_BY = labelled({
  self: 'La personne elle-même',
  legal_representative: 'Son représentant légal',
  third_party: 'Un tiers (famille, médecin, voisin, service à domicile…)',
})

export const AUTONOMY_NEED = labelled({
  moving: 'Aide pour se déplacer',
  eating: 'Aide pour se nourrir',
  washing: 'Aide pour la toilette',
  dressing: 'Aide pour s’habiller',
  hearing: 'Difficultés d’audition',
  sight: 'Difficultés de vue',
  memory: 'Troubles de la mémoire',
})

export const ATTENDING_SERVICE = labelled({
  home_help: 'Aide à domicile',
  nurse: 'Infirmier ou infirmière',
  meals: 'Portage de repas',
  telecare: 'Téléassistance',
  other: 'Autre service',
})

const emergencyContactSchema = z.object({
  name: textSchema().trim().min(1, { error: 'Ce champ est obligatoire.' }).max(200),
  phone: textSchema().trim().min(1, { error: 'Ce champ est obligatoire.' }).max(40),
  /** Blank or absent: none, stored and answered as null (the entry's output says the same). */
  relationship: optionalText(100).transform((relationship) => relationship ?? null),
})

const entryFields = {
  address: optionalText(300),
  phone: optionalText(40),
  livesAlone: z.boolean().default(false),
  autonomy: z.array(AUTONOMY_NEED.schema).max(20).default([]),
  powerMedicalDevices: z
    .boolean()
    .default(false)
    .describe('Appareils médicaux alimentés (oui/non, sans diagnostic)'),
  attendingServices: z.array(ATTENDING_SERVICE.schema).max(20).default([]),
  emergencyContacts: z.array(emergencyContactSchema).max(5).default([]),
  bestCallTimes: optionalText(200),
}

export const registerEntryInputSchema = z.object({
  personId: uuidSchema,
  ground: REGISTER_GROUND.schema,
  disabilityProof: DISABILITY_PROOF.schema.nullable().optional(),
  /** The person lives at home (the register is for people at home, not in an institution). */
  livesAtHome: z.literal(true, { error: 'Le registre concerne les personnes vivant à domicile.' }),
  requestedBy: REGISTER_REQUESTED_BY.schema,
  requesterName: optionalText(200),
  requesterRelationship: optionalText(100),
  requestedOn: pastDaySchema.optional(),
  /** The network's referral this entry answers: it is marked registered in the same transaction. */
  referralId: uuidSchema.nullable().optional(),
  ...entryFields,
})
export type RegisterEntryInput = z.infer<typeof registerEntryInputSchema>

export const registerEntryUpdateSchema = z.object({
  address: entryFields.address,
  phone: entryFields.phone,
  livesAlone: z.boolean().optional(),
  autonomy: z.array(AUTONOMY_NEED.schema).max(20).optional(),
  powerMedicalDevices: z.boolean().optional(),
  attendingServices: z.array(ATTENDING_SERVICE.schema).max(20).optional(),
  emergencyContacts: z.array(emergencyContactSchema).max(5).optional(),
  bestCallTimes: entryFields.bestCallTimes,
})

export const registerEntrySchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  personName: z.string(),
  status: REGISTER_STATUS.schema,
  ground: REGISTER_GROUND.schema,
  disabilityProof: DISABILITY_PROOF.schema.nullable(),
  requestedBy: REGISTER_REQUESTED_BY.schema,
  requesterName: z.string().nullable(),
  requesterRelationship: z.string().nullable(),
  requestedOn: z.string(),
  acknowledgementDue: z.string().nullable(),
  /** The person's file is out of the reader's reach: name, address, phone and contacts are masked. */
  restricted: z.boolean(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  livesAlone: z.boolean(),
  autonomy: z.array(z.string()),
  powerMedicalDevices: z.boolean(),
  attendingServices: z.array(z.string()),
  emergencyContacts: z.array(
    z.object({ name: z.string(), phone: z.string(), relationship: z.string().nullable() }),
  ),
  bestCallTimes: z.string().nullable(),
  registeredAt: z.string().nullable(),
  reviewDue: z.string().nullable(),
  risk: z.number().int(),
})
export type RegisterEntry = z.infer<typeof registerEntrySchema>
export const registerEntryListSchema = z.object({ items: z.array(registerEntrySchema) })
export const registerListQuerySchema = z.object({
  /** Only the entries whose yearly review is due. */
  reviewDue: queryFlagSchema,
})

export const registerSettingsSchema = z.object({
  teamId: z.uuid().nullable(),
  retryDelayMinutes: z.number().int(),
  maxAttempts: z.number().int(),
})
export const registerSettingsInputSchema = z.object({
  teamId: uuidSchema.nullable(),
  retryDelayMinutes: z.number().int().min(5).max(1440),
  maxAttempts: z.number().int().min(1).max(10),
})

/** "From 180 to 280 registered": the count at the end of each month. */
export const registerCountsSchema = z.object({
  current: z.number().int(),
  months: z.array(z.object({ month: z.string(), registered: z.number().int() })),
})

export const ALERT_KIND = labelled({
  heatwave: 'Canicule',
  extreme_cold: 'Grand froid',
  other: 'Autre alerte',
})
export const ALERT_PLAN_STATUS = labelled({ active: 'En cours', closed: 'Clos' })

export const CALL_STATUS = labelled({
  to_call: 'À appeler',
  retry: 'À rappeler',
  home_visit: 'Visite à domicile à faire',
  reached: 'Joint·e',
  escalated: 'Transmis aux secours',
})
export const CALL_OUTCOME = labelled({
  all_fine: 'Tout va bien',
  needs_something: 'A besoin de quelque chose',
  no_answer: 'Pas de réponse',
  emergency: 'Urgence',
})

export const alertPlanInputSchema = z.object({
  kind: ALERT_KIND.schema,
  label: optionalText(200),
  startsOn: plannedDaySchema,
  endsOn: plannedDaySchema.nullable().optional(),
})

export const alertBoardSchema = z.object({
  total: z.number().int(),
  toCall: z.number().int(),
  retry: z.number().int(),
  homeVisit: z.number().int(),
  reached: z.number().int(),
  escalated: z.number().int(),
  /** Called at least once. */
  called: z.number().int(),
})

export const alertPlanSchema = z.object({
  id: z.uuid(),
  kind: ALERT_KIND.schema,
  label: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  status: ALERT_PLAN_STATUS.schema,
  activatedAt: z.string(),
  closedAt: z.string().nullable(),
  board: alertBoardSchema,
})
export type AlertPlan = z.infer<typeof alertPlanSchema>
export const alertPlanListSchema = z.object({ items: z.array(alertPlanSchema) })

export const alertCallSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  personName: z.string(),
  /** As for an entry: a person out of the caller's reach shows no name, phone, address nor contacts. */
  restricted: z.boolean(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  livesAlone: z.boolean(),
  powerMedicalDevices: z.boolean(),
  bestCallTimes: z.string().nullable(),
  emergencyContacts: registerEntrySchema.shape.emergencyContacts,
  callerId: z.uuid().nullable(),
  callerName: z.string().nullable(),
  risk: z.number().int(),
  rank: z.number().int(),
  status: CALL_STATUS.schema,
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastOutcome: CALL_OUTCOME.schema.nullable(),
  contactId: z.uuid().nullable(),
})
export type AlertCall = z.infer<typeof alertCallSchema>
export const alertCallListSchema = z.object({ items: z.array(alertCallSchema) })
export const alertCallQuerySchema = z.object({
  mine: queryFlagSchema,
  /** Only the calls to make now (to call, or to call back and due). */
  due: queryFlagSchema,
})
export const alertCallOutcomeSchema = z.object({
  outcome: CALL_OUTCOME.schema,
  note: optionalText(2000),
})

/** The printable call list of a plan: the calls still to make (`mine`: the caller's own). */
export const alertCallSheetQuerySchema = z.object({ mine: queryFlagSchema })

/**
 * Every call logged (one line per outcome recorded), newest first: for one plan, or over a period of
 * days (Europe/Paris), of one outcome if asked.
 */
export const alertCallLogQuerySchema = pageQuerySchema.extend({
  planId: uuidSchema.optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  outcome: CALL_OUTCOME.schema.optional(),
})
export const alertCallLogEntrySchema = z.object({
  id: z.uuid(),
  callId: z.uuid(),
  planId: z.uuid(),
  planKind: ALERT_KIND.schema,
  planLabel: z.string().nullable(),
  at: z.string(),
  outcome: CALL_OUTCOME.schema,
  note: z.string().nullable(),
  byName: z.string().nullable(),
  personId: z.uuid(),
  personName: z.string(),
  /** A person out of the reader's reach: name, phone and note are masked. */
  restricted: z.boolean(),
  phone: z.string().nullable(),
})
export type AlertCallLogEntry = z.infer<typeof alertCallLogEntrySchema>
export const alertCallLogSchema = pageOf(alertCallLogEntrySchema)

// Referrals: reports the neighbour network's coordinator sent on to the register team.

export const REFERRAL_STATUS = labelled({
  new: 'À traiter',
  registered: 'Inscription faite',
  dismissed: 'Classé sans suite',
})

/** What the register page says about the referrals. */
export const REFERRAL_TEXT = {
  section: 'Signalements transmis par le réseau',
  intro:
    'Des bénévoles ou des habitants ont signalé une personne qui semble isolée ; la coordination du réseau vous les a transmis. ' +
    'Ouvrez ou créez le dossier de la personne, puis inscrivez-la (demande d’un tiers) ou classez le signalement.',
  none: 'Aucun signalement en attente.',
  register: 'Inscrire',
  dismiss: 'Classer sans suite',
  dismissReason: 'Motif du classement',
  dismissConfirm: 'Classer le signalement',
  formTitle: 'Inscription à partir d’un signalement',
  context: 'Ce que le réseau a signalé',
  thirdParty:
    'Le signalement vaut demande d’un tiers : la personne reçoit un courrier et peut s’opposer à son inscription.',
  location: 'Lieu indiqué',
  /** Who made the request, pre-filled on the entry form: the report is a third party's written request. */
  requester: 'Signalement du réseau de voisins solidaires',
} as const

export const referralSchema = z.object({
  id: z.uuid(),
  about: z.string(),
  location: z.string().nullable(),
  status: REFERRAL_STATUS.schema,
  dismissReason: z.string().nullable(),
  entryId: z.uuid().nullable(),
  receivedAt: z.string(),
  handledAt: z.string().nullable(),
  handledByName: z.string().nullable(),
})
export type Referral = z.infer<typeof referralSchema>
export const referralListSchema = z.object({ items: z.array(referralSchema) })
export const referralListQuerySchema = z.object({
  /** `new` (the default): the queue; the others: the history. */
  status: REFERRAL_STATUS.schema.default('new'),
})
export const referralDismissSchema = z.object({
  reason: textSchema()
    .trim()
    .min(1, { error: 'Indiquez pourquoi le signalement est classé.' })
    .max(1000, { error: '1000 caractères au plus.' }),
})
