import { z } from 'zod'
import { labelled } from './labelled.ts'
import { SEX } from './people.ts'
import { PARTNER_ANSWER } from './referrals.ts'
import { FAMILY_CHECKLIST, RIGHT_KIND, RIGHT_STATUS } from './rights.ts'
import {
  isoDateSchema,
  optionalText,
  pageOf,
  pageQuerySchema,
  pastDateTimeSchema,
  pastDaySchema,
  plannedDaySchema,
  queryFlagSchema,
  textSchema,
  uuidSchema,
} from './validation.ts'

// Street outreach ("aller-vers"): rounds, encounters, places, the team's caseload, families with
// incomplete rights, the map and the census. Reports (signalements) live in shared/reports.ts.

export const ROUND_STATUS = labelled({ planned: 'Prévue', done: 'Réalisée', cancelled: 'Annulée' })
export const ROUND_MODE = labelled({ on_foot: 'À pied', vehicle: 'En véhicule' })
export const PLACE_TYPE = labelled({
  squat: 'Squat',
  camp: 'Campement',
  sleeping_spot: 'Lieu de couchage habituel',
  other: 'Autre lieu',
})
export const PLACE_STATUS = labelled({ active: 'Actif', closed: 'Fermé', evacuated: 'Évacué' })
export const SITUATION = labelled({
  sleeping_rough: 'À la rue',
  squat: 'En squat',
  camp: 'En campement',
  car: 'Dans un véhicule',
  hosted: 'Hébergé·e (tiers, famille)',
  other: 'Autre situation',
})
/** Needs expressed in the street, beside the front desk's contact reasons. */
export const OUTREACH_NEED = labelled({
  health: 'Santé, soins',
  hygiene: 'Hygiène',
  food: 'Alimentation',
  shelter_tonight: 'Mise à l’abri ce soir',
})
export const ENCOUNTER_ACTION = labelled({
  information: 'Information donnée',
  orientation_team: 'Orientation vers une équipe du CCAS',
  orientation_partner: 'Orientation vers un partenaire',
  accompaniment: 'Accompagnement physique',
  emergency_115: 'Appel au 115',
  emergency_samu: 'Appel au SAMU (15)',
  nothing_accepted: 'Rien n’a été accepté',
})
/** How a situation lives: observed in the street, or read from the person's household. */
export const HOUSEHOLD_TYPE = labelled({
  alone: 'Personne seule',
  couple: 'Couple sans enfant',
  with_children: 'Avec enfant(s)',
  group: 'Groupe',
})
/** The engagement ladder of the "outstretched hand"; `refused` can happen at any step. */
export const ENGAGEMENT_STAGE = labelled({
  first_contact: 'Premier contact',
  known: 'Connu·e (contact régulier)',
  support_accepted: 'Accompagnement accepté',
  in_followup: 'En suivi',
  refused: 'Refus',
})
export type EngagementStage = keyof typeof ENGAGEMENT_STAGE.labels
/** Stages from which the person has accepted the outstretched hand. */
export const ENGAGED_STAGES: readonly EngagementStage[] = ['support_accepted', 'in_followup']
export const EXIT_REASON = labelled({
  housed: 'Logé·e ou hébergé·e durablement',
  taken_over: 'Relais pris par un autre service',
  left_city: 'A quitté la ville',
  died: 'Décédé·e',
  lost_contact: 'Perdu·e de vue',
})
/**
 * Identity and rights details Trame asks for once a person has engaged (never before: a contact with
 * someone who only gives a nickname is always recorded).
 */
export const ENGAGED_DETAIL = labelled({
  lastName: 'Nom',
  firstNames: 'Prénom(s)',
  birthDate: 'Date de naissance',
  sex: 'Sexe',
  nationalityGroup: 'Nationalité',
  healthCover: 'Couverture maladie',
  address: 'Domiciliation ou adresse',
})
export type EngagedDetail = keyof typeof ENGAGED_DETAIL.labels
/** The checklist of a family with incomplete rights: household rights of the one rights model. */
export const FAMILY_RIGHT = labelled(
  Object.fromEntries(FAMILY_CHECKLIST.map((kind) => [kind, RIGHT_KIND.labels[kind]])) as Pick<
    typeof RIGHT_KIND.labels,
    (typeof FAMILY_CHECKLIST)[number]
  >,
)
export { RIGHT_STATUS }
export const AGE_BAND = labelled({
  under_18: 'Moins de 18 ans',
  '18_30': '18 à 30 ans',
  '31_45': '31 à 45 ans',
  '46_60': '46 à 60 ans',
  over_60: 'Plus de 60 ans',
  unknown: 'Âge inconnu',
})
export type AgeBand = keyof typeof AGE_BAND.labels
export const CENSUS_SEX = labelled({ ...SEX.labels, unknown: 'Non renseigné' })
export const CENSUS_HOUSEHOLD = labelled({ ...HOUSEHOLD_TYPE.labels, unknown: 'Non renseigné' })
export const CENSUS_PLACE_TYPE = labelled({ ...PLACE_TYPE.labels, none: 'Hors lieu connu' })

/** Items handed out during rounds that an organisation starts with; it renames, adds or retires them. */
export const DEFAULT_HANDOUT_ITEMS = [
  'Repas',
  'Boissons chaudes',
  'Kits d’hygiène',
  'Couvertures',
  'Duvets',
  'Vêtements',
]
export const DEFAULT_CASELOAD_ALERT_DAYS = 90

const timeSchema = textSchema().regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
  error: 'Heure invalide (format attendu : HH:MM).',
})
const latitudeSchema = z
  .number({ error: 'Latitude invalide.' })
  .min(-90, { error: 'Latitude invalide.' })
  .max(90, { error: 'Latitude invalide.' })
const longitudeSchema = z
  .number({ error: 'Longitude invalide.' })
  .min(-180, { error: 'Longitude invalide.' })
  .max(180, { error: 'Longitude invalide.' })
const datetime = z.iso.datetime({ offset: true })
const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback)
const periodRefine = <T extends { from?: string; to?: string }>(q: T) => !q.from || !q.to || q.from <= q.to
const periodError = { error: 'La date de début doit précéder la date de fin.', path: ['from'] }

// Configuration ----------------------------------------------------------------------------------

/** One entry of an organisation's list (zones, handout items): retired entries keep their label. */
export const listEntrySchema = z.object({ id: z.uuid(), label: z.string(), active: z.boolean() })
export const listEntriesSchema = z.object({ items: z.array(listEntrySchema) })
export type ListEntry = z.infer<typeof listEntrySchema>
/** Replaces the list: entries left out are retired, never deleted (past rounds refer to them). */
export const listEntriesInputSchema = z.object({
  items: z
    .array(
      z.object({
        id: uuidSchema.optional(),
        label: textSchema()
          .trim()
          .min(1, { error: 'Indiquez un libellé.' })
          .max(100, { error: '100 caractères au plus.' }),
        active: z.boolean().default(true),
      }),
    )
    .max(100)
    .refine((items) => new Set(items.map((i) => i.label.toLowerCase())).size === items.length, {
      error: 'Deux éléments portent le même libellé.',
    }),
})
export const outreachSettingsSchema = z.object({
  /** Days without any contact after which a caseload line is flagged. */
  caseloadAlertDays: z.number().int(),
  /** The installation's map tiles (MAP_TILE_URL) and their attribution, for the map page. */
  mapTileUrl: z.string(),
  mapTileAttribution: z.string(),
})
export const outreachSettingsInputSchema = z.object({
  caseloadAlertDays: z
    .number({ error: 'Nombre de jours invalide.' })
    .int({ error: 'Nombre de jours entier.' })
    .min(1, { error: 'Au moins un jour.' })
    .max(3650, { error: '3650 jours au plus.' }),
})

// Rounds ---------------------------------------------------------------------------------------------

const roundFields = {
  date: plannedDaySchema,
  startTime: timeSchema.nullable().optional(),
  endTime: timeSchema.nullable().optional(),
  teamId: uuidSchema.nullable().optional(),
  zoneId: uuidSchema.nullable().optional(),
  leadUserId: uuidSchema.nullable().optional(),
  /** Other agents of the organisation. */
  agentIds: z.array(uuidSchema).max(20).optional(),
  /** Partners on the round, as free text: "Croix-Rouge : 2 bénévoles". */
  partnerNames: z
    .array(textSchema().trim().min(1, { error: 'Indiquez un nom.' }).max(200))
    .max(10)
    .optional(),
  mode: ROUND_MODE.schema.optional(),
  note: optionalText(2000),
}
const timesInOrder = (r: { startTime?: string | null; endTime?: string | null }) =>
  !r.startTime || !r.endTime || r.startTime <= r.endTime
const timesError = { error: 'L’heure de fin doit suivre l’heure de début.', path: ['endTime'] }
export const roundCreateSchema = z.object(roundFields).refine(timesInOrder, timesError)
/** A planned round can be changed or cancelled; a done one only has its closing report. */
export const roundUpdateSchema = z
  .object({
    ...roundFields,
    date: plannedDaySchema.optional(),
    status: z.enum(['planned', 'cancelled'], { error: 'Statut invalide.' }).optional(),
  })
  .refine(timesInOrder, timesError)
export const roundCloseSchema = z.object({
  /** Counts per handout item of the organisation's list. */
  handouts: z
    .array(
      z.object({
        itemId: uuidSchema,
        quantity: z
          .number({ error: 'Quantité invalide.' })
          .int({ error: 'Quantité entière.' })
          .min(0, { error: 'La quantité ne peut pas être négative.' })
          .max(100_000, { error: 'Quantité trop élevée.' }),
      }),
    )
    .max(100)
    .refine((items) => new Set(items.map((i) => i.itemId)).size === items.length, {
      error: 'Un élément figure deux fois.',
    }),
  remarks: optionalText(4000),
  endTime: timeSchema.nullable().optional(),
})
export const roundListQuerySchema = z
  .object({
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    teamId: uuidSchema.optional(),
    zoneId: uuidSchema.optional(),
    status: ROUND_STATUS.schema.optional(),
    limit: limit(500, 100),
  })
  .refine(periodRefine, periodError)

export const roundSchema = z.object({
  id: z.uuid(),
  status: ROUND_STATUS.schema,
  date: z.string(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  zoneId: z.uuid().nullable(),
  zoneName: z.string().nullable(),
  leadUserId: z.uuid().nullable(),
  leadUserName: z.string().nullable(),
  agents: z.array(z.object({ id: z.uuid(), name: z.string() })),
  partnerNames: z.array(z.string()),
  mode: ROUND_MODE.schema,
  note: z.string().nullable(),
  /** The closing report: counts per item (retired items keep their label) and remarks. */
  handouts: z.array(z.object({ itemId: z.uuid(), label: z.string(), quantity: z.number().int() })),
  remarks: z.string().nullable(),
  closedAt: datetime.nullable(),
  encounterCount: z.number().int(),
  createdAt: datetime,
})
export type Round = z.infer<typeof roundSchema>
export const roundListSchema = z.object({ items: z.array(roundSchema) })

// Places -----------------------------------------------------------------------------------------

const pointRefine = (p: { latitude?: number | null; longitude?: number | null }) =>
  (p.latitude === undefined || p.latitude === null) === (p.longitude === undefined || p.longitude === null)
const pointError = { error: 'Indiquez la latitude et la longitude, ou aucune des deux.', path: ['longitude'] }
const placeFields = {
  type: PLACE_TYPE.schema,
  name: textSchema()
    .trim()
    .min(1, { error: 'Indiquez un nom.' })
    .max(200, { error: '200 caractères au plus.' }),
  address: optionalText(300),
  latitude: latitudeSchema.nullable().optional(),
  longitude: longitudeSchema.nullable().optional(),
  zoneId: uuidSchema.nullable().optional(),
  /** For agents: dogs, unstable structure, tensions… */
  riskNotes: optionalText(2000),
}
export const placeCreateSchema = z
  .object({
    ...placeFields,
    status: PLACE_STATUS.schema.default('active'),
    statusOn: pastDaySchema.optional(),
  })
  .refine(pointRefine, pointError)
  .refine((p) => Boolean(p.address) || (p.latitude !== undefined && p.latitude !== null), {
    error: 'Indiquez une adresse ou un point sur la carte.',
    path: ['address'],
  })
export const placeUpdateSchema = z
  .object({
    type: placeFields.type.optional(),
    name: placeFields.name.optional(),
    address: placeFields.address,
    latitude: placeFields.latitude,
    longitude: placeFields.longitude,
    zoneId: placeFields.zoneId,
    riskNotes: placeFields.riskNotes,
    /** A status change is dated and kept in the place's history. */
    status: PLACE_STATUS.schema.optional(),
    statusOn: pastDaySchema.optional(),
    statusNote: optionalText(500),
  })
  .refine(pointRefine, pointError)
export const placeVisitInputSchema = z.object({
  visitedAt: pastDateTimeSchema.optional(),
  occupants: z
    .number({ error: 'Nombre invalide.' })
    .int({ error: 'Nombre entier.' })
    .min(0, { error: 'Le nombre ne peut pas être négatif.' })
    .max(5000, { error: 'Nombre trop élevé.' })
    .nullable()
    .optional(),
  roundId: uuidSchema.nullable().optional(),
  encounterId: uuidSchema.nullable().optional(),
  note: optionalText(1000),
})
export const placeListQuerySchema = pageQuerySchema.extend({
  zoneId: uuidSchema.optional(),
  status: PLACE_STATUS.schema.optional(),
  type: PLACE_TYPE.schema.optional(),
})
export const placeVisitSchema = z.object({
  id: z.uuid(),
  visitedAt: datetime,
  occupants: z.number().int().nullable(),
  roundId: z.uuid().nullable(),
  encounterId: z.uuid().nullable(),
  note: z.string().nullable(),
  recordedBy: z.string(),
})
export const placeSchema = z.object({
  id: z.uuid(),
  type: PLACE_TYPE.schema,
  name: z.string(),
  address: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  zoneId: z.uuid().nullable(),
  zoneName: z.string().nullable(),
  status: PLACE_STATUS.schema,
  statusSince: z.string(),
  riskNotes: z.string().nullable(),
  lastVisit: placeVisitSchema.nullable(),
  createdAt: datetime,
})
export type Place = z.infer<typeof placeSchema>
export const placeDetailSchema = placeSchema.extend({
  statusHistory: z.array(
    z.object({
      status: PLACE_STATUS.schema,
      on: z.string(),
      note: z.string().nullable(),
      recordedBy: z.string(),
    }),
  ),
  /** The visits, the latest first, one page (of `PLACE_VISITS_PAGE_SIZE`) with their total. */
  visits: pageOf(placeVisitSchema),
})
export const PLACE_VISITS_PAGE_SIZE = 20
export const placeDetailQuerySchema = z.object({ visitsPage: pageQuerySchema.shape.page })
export const placeListSchema = pageOf(placeSchema)

// Encounters ------------------------------------------------------------------------------------

/** What the agent sees of someone who gives no name, or of a group. */
export const anonymousSchema = z.object({
  sex: SEX.schema.nullable().optional(),
  approximateAge: z
    .number({ error: 'Âge invalide.' })
    .int({ error: 'Âge invalide.' })
    .min(0, { error: 'Âge invalide.' })
    .max(120, { error: 'Âge invalide.' })
    .nullable()
    .optional(),
  withChildren: z.boolean().nullable().optional(),
  peopleCount: z
    .number({ error: 'Nombre invalide.' })
    .int({ error: 'Nombre entier.' })
    .min(1, { error: 'Au moins une personne.' })
    .max(500, { error: 'Nombre trop élevé.' })
    .default(1),
  description: optionalText(300),
})
/** A person met for the first time who gives a nickname or is only described: their file is opened. */
export const newPersonSchema = z
  .object({
    nickname: optionalText(100),
    description: optionalText(200),
    sex: SEX.schema.nullable().optional(),
    approximateAge: anonymousSchema.shape.approximateAge,
  })
  .refine((p) => Boolean(p.nickname || p.description), {
    error: 'Indiquez un surnom ou une courte description.',
    path: ['nickname'],
  })

export const encounterInputSchema = z
  .object({
    /** Chosen by the browser when the form is filled: a resend (offline queue, double tap) records once. */
    idempotencyKey: uuidSchema,
    occurredAt: pastDateTimeSchema.optional(),
    roundId: uuidSchema.nullable().optional(),
    teamId: uuidSchema.nullable().optional(),
    latitude: latitudeSchema.nullable().optional(),
    longitude: longitudeSchema.nullable().optional(),
    address: optionalText(300),
    placeId: uuidSchema.nullable().optional(),
    /** Who: exactly one of an existing file, a new file, or an anonymous description. */
    personId: uuidSchema.nullable().optional(),
    newPerson: newPersonSchema.nullable().optional(),
    anonymous: anonymousSchema.nullable().optional(),
    /** What the agent observed; for an anonymous encounter it defaults from the description. */
    householdType: HOUSEHOLD_TYPE.schema.nullable().optional(),
    situation: SITUATION.schema,
    /** The front desk's contact reasons of the organisation. */
    reasonIds: z.array(uuidSchema).max(20).default([]),
    needs: z.array(OUTREACH_NEED.schema).max(10).default([]),
    actions: z.array(ENCOUNTER_ACTION.schema).max(10).default([]),
    orientationTeamId: uuidSchema.nullable().optional(),
    orientationPartnerServiceId: uuidSchema.nullable().optional(),
    /** Moves the person's follow-up to this stage, dated at the encounter. */
    engagementStage: ENGAGEMENT_STAGE.schema.nullable().optional(),
    /** Records a visit of the known place with the number of people seen there. */
    placeOccupants: placeVisitInputSchema.shape.occupants,
    note: optionalText(4000),
  })
  .refine(pointRefine, pointError)
  .refine((e) => [e.personId, e.newPerson, e.anonymous].filter(Boolean).length <= 1, {
    error: 'Choisissez une personne connue, une nouvelle personne ou une description anonyme, pas plusieurs.',
    path: ['personId'],
  })
  .refine((e) => Boolean(e.personId || e.newPerson || e.anonymous), {
    error: 'Indiquez qui a été rencontré : une personne connue, un surnom, ou une description anonyme.',
    path: ['anonymous'],
  })
  .refine((e) => !e.actions.includes('orientation_team') || e.orientationTeamId, {
    error: 'Choisissez l’équipe vers laquelle la personne est orientée.',
    path: ['orientationTeamId'],
  })
  .refine((e) => !e.actions.includes('orientation_partner') || e.orientationPartnerServiceId, {
    error: 'Choisissez le service partenaire vers lequel la personne est orientée.',
    path: ['orientationPartnerServiceId'],
  })
  .refine((e) => !e.actions.includes('nothing_accepted') || e.actions.length === 1, {
    error: '« Rien n’a été accepté » ne se combine pas avec une autre action.',
    path: ['actions'],
  })
  .refine((e) => !e.engagementStage || !e.anonymous, {
    error: 'Une rencontre anonyme n’a pas d’étape d’accompagnement.',
    path: ['engagementStage'],
  })
export type EncounterInput = z.infer<typeof encounterInputSchema>

/** Completing an encounter later: who it was (an anonymous encounter becomes a known person), notes… */
export const encounterUpdateSchema = z.object({
  personId: uuidSchema.nullable().optional(),
  situation: SITUATION.schema.optional(),
  householdType: HOUSEHOLD_TYPE.schema.nullable().optional(),
  reasonIds: z.array(uuidSchema).max(20).optional(),
  needs: z.array(OUTREACH_NEED.schema).max(10).optional(),
  actions: z.array(ENCOUNTER_ACTION.schema).max(10).optional(),
  orientationTeamId: uuidSchema.nullable().optional(),
  orientationPartnerServiceId: uuidSchema.nullable().optional(),
  placeId: uuidSchema.nullable().optional(),
  note: optionalText(4000),
})

export const encounterListQuerySchema = z
  .object({
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    teamId: uuidSchema.optional(),
    roundId: uuidSchema.optional(),
    personId: uuidSchema.optional(),
    placeId: uuidSchema.optional(),
    limit: limit(500, 100),
  })
  .refine(periodRefine, periodError)

export const encounterSchema = z.object({
  id: z.uuid(),
  idempotencyKey: z.uuid(),
  occurredAt: datetime,
  roundId: z.uuid().nullable(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  address: z.string().nullable(),
  placeId: z.uuid().nullable(),
  placeName: z.string().nullable(),
  personId: z.uuid().nullable(),
  personName: z.string().nullable(),
  anonymous: z
    .object({
      sex: z.string().nullable(),
      approximateAge: z.number().int().nullable(),
      withChildren: z.boolean().nullable(),
      peopleCount: z.number().int(),
      description: z.string().nullable(),
    })
    .nullable(),
  householdType: HOUSEHOLD_TYPE.schema.nullable(),
  situation: SITUATION.schema,
  reasonIds: z.array(z.uuid()),
  needs: z.array(OUTREACH_NEED.schema),
  actions: z.array(ENCOUNTER_ACTION.schema),
  orientationTeamId: z.uuid().nullable(),
  orientationPartnerServiceId: z.uuid().nullable(),
  orientationPartnerServiceName: z.string().nullable(),
  note: z.string().nullable(),
  /** The person's follow-up by the team after this encounter, if any. */
  followupId: z.uuid().nullable(),
  createdBy: z.string(),
  createdAt: datetime,
})
export type Encounter = z.infer<typeof encounterSchema>
export const encounterListSchema = z.object({ items: z.array(encounterSchema) })

/** What GET /api/outreach/rounds/:id answers: the round, the places of its zone, its encounters. */
export const roundSheetSchema = z.object({
  round: roundSchema,
  /** Active places of the round's zone, with their last visit and risk notes. */
  places: z.array(placeSchema),
  encounters: z.array(encounterSchema),
})

// Engagement and caseload ------------------------------------------------------------------------

export const followupCreateSchema = z.object({
  personId: uuidSchema,
  teamId: uuidSchema.nullable().optional(),
  /** When the first contact happened (defaults to now). */
  firstContactAt: pastDateTimeSchema.optional(),
})
export const stageChangeSchema = z.object({
  stage: ENGAGEMENT_STAGE.schema,
  /** When it happened (defaults to now): "accepted the outstretched hand" is measured from it. */
  at: pastDateTimeSchema.optional(),
  note: optionalText(1000),
})
export const followupCloseSchema = z.object({
  exitReason: EXIT_REASON.schema,
  at: pastDateTimeSchema.optional(),
  note: optionalText(1000),
})
export const followupListQuerySchema = pageQuerySchema.extend({
  personId: uuidSchema.optional(),
  teamId: uuidSchema.optional(),
  /** Closed ones too (default: open only). */
  includeClosed: queryFlagSchema,
})
export const caseloadQuerySchema = pageQuerySchema.extend({ teamId: uuidSchema.optional() })

export const followupSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  personName: z.string(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  stage: ENGAGEMENT_STAGE.schema,
  firstContactAt: datetime,
  /** When support was accepted: distinct from the first contact. */
  engagedAt: datetime.nullable(),
  refusedAt: datetime.nullable(),
  lastContactAt: datetime,
  daysSinceLastContact: z.number().int(),
  /** Past the organisation's delay without any contact. */
  alert: z.boolean(),
  closedAt: datetime.nullable(),
  exitReason: EXIT_REASON.schema.nullable(),
  exitNote: z.string().nullable(),
  /** Once engaged: the identity and rights details the person's file still lacks. */
  missingDetails: z.array(ENGAGED_DETAIL.schema),
  history: z.array(
    z.object({ stage: ENGAGEMENT_STAGE.schema, at: datetime, note: z.string().nullable(), by: z.string() }),
  ),
})
export type Followup = z.infer<typeof followupSchema>
export const followupListSchema = pageOf(followupSchema)
/** The team's open follow-ups, the longest without contact first, one page with the total. */
export const caseloadSchema = pageOf(followupSchema).extend({ alertDays: z.number().int() })

// Families with incomplete rights --------------------------------------------------------------

export const rightInputSchema = z.object({
  item: FAMILY_RIGHT.schema,
  status: RIGHT_STATUS.schema,
  on: pastDaySchema.nullable().optional(),
  note: optionalText(500),
})
const rightsInput = z
  .array(rightInputSchema)
  .max(FAMILY_RIGHT.values.length)
  .refine((items) => new Set(items.map((i) => i.item)).size === items.length, {
    error: 'Un droit figure deux fois.',
  })
export const familyCreateSchema = z.object({
  householdId: uuidSchema,
  teamId: uuidSchema.nullable().optional(),
  flaggedOn: pastDaySchema.optional(),
  note: optionalText(2000),
  rights: rightsInput.default([]),
})
export const familyUpdateSchema = z.object({
  teamId: uuidSchema.nullable().optional(),
  /** Unflagging keeps the checklist and referrals (rights are complete, or the family left). */
  flagged: z.boolean().optional(),
  note: optionalText(2000),
  rights: rightsInput.optional(),
})
export const referralInputSchema = z.object({
  /** A service of the partners directory (the département's PMI, social services…). */
  partnerServiceId: uuidSchema,
  /** The member the partner receives (the household's head when absent). */
  personId: uuidSchema.optional(),
  referredOn: pastDaySchema,
  note: optionalText(1000),
})
export const referralUpdateSchema = z.object({
  outcome: PARTNER_ANSWER.schema,
  outcomeOn: pastDaySchema.nullable().optional(),
  note: optionalText(1000),
})
export const referralParamsSchema = z.object({ id: uuidSchema, referralId: uuidSchema })
export const familyListQuerySchema = pageQuerySchema.extend({
  teamId: uuidSchema.optional(),
  includeUnflagged: queryFlagSchema,
})

export const familySchema = z.object({
  id: z.uuid(),
  householdId: z.uuid(),
  members: z.array(
    z.object({
      personId: z.uuid(),
      displayName: z.string(),
      relationship: z.string(),
      birthDate: z.string().nullable(),
    }),
  ),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  flagged: z.boolean(),
  flaggedOn: z.string(),
  note: z.string().nullable(),
  /** One line per right of the checklist, "to check" until someone says otherwise. */
  rights: z.array(
    z.object({
      item: FAMILY_RIGHT.schema,
      status: RIGHT_STATUS.schema,
      on: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  referrals: z.array(
    z.object({
      id: z.uuid(),
      /** The member the partner receives: the referral is on their file. */
      personId: z.uuid(),
      partnerServiceId: z.uuid(),
      partnerServiceName: z.string(),
      referredOn: z.string(),
      /** The partner's answer, one vocabulary with every referral's. */
      outcome: PARTNER_ANSWER.schema,
      outcomeOn: z.string().nullable(),
      note: z.string().nullable(),
      /** The partner's note, when it answered on its own page. */
      partnerNote: z.string().nullable(),
      answeredByPartner: z.boolean(),
      /** The reference the partner reads on its page. */
      reference: z.string(),
    }),
  ),
})
export type Family = z.infer<typeof familySchema>
export const familyListSchema = pageOf(familySchema)

// Map -----------------------------------------------------------------------------------------------

export const mapQuerySchema = z
  .object({ from: isoDateSchema.optional(), to: isoDateSchema.optional(), teamId: uuidSchema.optional() })
  .refine(periodRefine, periodError)
/** Points only, no names: the web draws them (and lists them when tiles cannot load). */
export const mapSchema = z.object({
  encounters: z.array(
    z.object({
      id: z.uuid(),
      latitude: z.number(),
      longitude: z.number(),
      occurredAt: datetime,
      situation: SITUATION.schema,
      anonymous: z.boolean(),
      teamId: z.uuid().nullable(),
      placeId: z.uuid().nullable(),
    }),
  ),
  places: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      type: PLACE_TYPE.schema,
      status: PLACE_STATUS.schema,
      latitude: z.number(),
      longitude: z.number(),
      zoneId: z.uuid().nullable(),
    }),
  ),
})

// Census ------------------------------------------------------------------------------------------

export const censusQuerySchema = z
  .object({ from: isoDateSchema, to: isoDateSchema, teamId: uuidSchema.optional() })
  .refine((q) => q.from <= q.to, periodError)
const breakdown = z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int() }))
/** Counts only: never a name nor an id of a person. */
export const censusSchema = z.object({
  from: z.string(),
  to: z.string(),
  teamId: z.uuid().nullable(),
  /** How situations are counted, in French, for the screen and the export. */
  countingRule: z.string(),
  /** Distinct situations met: each person once, each anonymous encounter once. */
  situations: z.number().int(),
  persons: z.number().int(),
  anonymousSituations: z.number().int(),
  /** People seen, counting every member of an anonymous group. */
  peopleSeen: z.number().int(),
  /** Situations (persons) who had accepted support by the end of the period. */
  acceptedSupport: z.number().int(),
  /** acceptedSupport / situations, between 0 and 1 (0 when nobody was met). */
  acceptedShare: z.number(),
  bySex: breakdown,
  byAgeBand: breakdown,
  /** Sex × age band: key `sex:band`. */
  bySexAndAgeBand: breakdown,
  byHouseholdType: breakdown,
  bySituation: breakdown,
  byPlaceType: breakdown,
})
export type Census = z.infer<typeof censusSchema>

export const CENSUS_COUNTING_RULE =
  'Chaque personne connue compte une fois sur la période, quel que soit le nombre de rencontres ; ' +
  'chaque rencontre anonyme compte comme une situation (un groupe anonyme compte une situation). ' +
  'Âge à la première rencontre de la période ; situation et lieu de la dernière rencontre de la période.'
