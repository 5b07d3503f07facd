import { z } from 'zod'
import { PLACE_STATE, STRUCTURE_KIND, UNIT_KIND, UNIT_OCCUPANCY } from './accommodation.ts'
import { ROLES } from './roles.ts'
import {
  isoDateSchema,
  nameSchema,
  optionalText,
  pageOf,
  pageQuerySchema,
  textSchema,
  uuidSchema,
} from './validation.ts'

// Accommodation's structures, units, places and their closures, the occupancy board, the settings and
// the partners' agreements: the shapes the API takes and answers, shared with the web app.

const structureKindSchema = z.enum(STRUCTURE_KIND.values, { error: 'Choisissez un type de structure.' })
const unitKindSchema = z.enum(UNIT_KIND.values, { error: 'Choisissez un type de logement.' })
const unitOccupancySchema = z.enum(UNIT_OCCUPANCY.values, { error: 'Choisissez une occupation.' })

const count = (max: number, what: string) =>
  z.coerce
    .number({ error: `Indiquez ${what}.` })
    .int({ error: 'Un nombre entier.' })
    .min(0, { error: 'Un nombre positif.' })
    .max(max, { error: `${max} au plus.` })

/** A structure's day: opened, closed (the structure runs until the day before). */
const structureDay = isoDateSchema

export const structureInputSchema = z
  .object({
    kind: structureKindSchema,
    name: nameSchema,
    teamId: uuidSchema.nullable().optional(),
    address: optionalText(300),
    postalCode: optionalText(10),
    city: optionalText(100),
    capacity: count(10_000, 'une capacité'),
    openedOn: structureDay,
    closedOn: structureDay.nullable().optional(),
    hostName: optionalText(200),
    staffNote: optionalText(2000),
    /** Absent: the kind's default (LHSS: 2 months); null: open-ended stays. */
    defaultStayMonths: z.coerce
      .number({ error: 'Indiquez un nombre de mois.' })
      .int({ error: 'Un nombre entier de mois.' })
      .min(1, { error: 'Au moins un mois.' })
      .max(120, { error: '120 mois au plus.' })
      .nullable()
      .optional(),
    requiresMedicalOpinion: z.boolean().optional(),
    requiresDirectorValidation: z.boolean().optional(),
    active: z.boolean().optional(),
  })
  .refine((s) => !s.closedOn || s.closedOn >= s.openedOn, {
    path: ['closedOn'],
    error: 'La fermeture ne peut précéder l’ouverture.',
  })
export type StructureInput = z.infer<typeof structureInputSchema>

export const nightCountSchema = z.object({
  places: z.number().int(),
  free: z.number().int(),
  occupied: z.number().int(),
  reserved: z.number().int(),
  out_of_service: z.number().int(),
})

export const structureSchema = z.object({
  id: z.string(),
  kind: structureKindSchema,
  kindLabel: z.string(),
  name: z.string(),
  teamId: z.string().nullable(),
  address: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  capacity: z.number().int(),
  openedOn: z.string(),
  closedOn: z.string().nullable(),
  hostName: z.string().nullable(),
  staffNote: z.string().nullable(),
  defaultStayMonths: z.number().int().nullable(),
  requiresMedicalOpinion: z.boolean(),
  requiresDirectorValidation: z.boolean(),
  active: z.boolean(),
  /** The places listed (active ones), to compare with the declared capacity. */
  placeCount: z.number().int(),
})
export type Structure = z.infer<typeof structureSchema>

export const structureListSchema = z.object({ items: z.array(structureSchema) })

export const unitInputSchema = z.object({
  label: nameSchema,
  kind: unitKindSchema,
  occupancy: unitOccupancySchema,
  rooms: count(50, 'un nombre de pièces').nullable().optional(),
  surfaceM2: count(2000, 'une surface').nullable().optional(),
  accessible: z.boolean(),
  address: optionalText(300),
  postalCode: optionalText(10),
  city: optionalText(100),
  active: z.boolean().optional(),
})
/** A new unit comes with its places' labels (a double room: « a » and « b »). */
export const unitCreateSchema = unitInputSchema.extend({
  placeLabels: z
    .array(
      textSchema()
        .trim()
        .min(1, { error: 'Nommez chaque place.' })
        .max(50, { error: '50 caractères au plus.' }),
    )
    .min(1, { error: 'Au moins une place.' })
    .max(100, { error: '100 places au plus.' }),
})

export const placeCreateSchema = z.object({
  unitId: uuidSchema,
  label: textSchema('Nommez la place.').trim().min(1, { error: 'Nommez la place.' }).max(50, {
    error: '50 caractères au plus.',
  }),
})
export const placeUpdateSchema = z.object({
  label: placeCreateSchema.shape.label,
  /** A retired place is no longer offered (its past stays stay counted). */
  active: z.boolean(),
})

export const closureInputSchema = z
  .object({
    reason: textSchema('Indiquez la raison.')
      .trim()
      .min(1, { error: 'Indiquez la raison.' })
      .max(300, { error: '300 caractères au plus.' }),
    startsOn: isoDateSchema,
    /** The last day out of service, included; absent while it lasts. */
    endsOn: isoDateSchema.nullable().optional(),
  })
  .refine((c) => !c.endsOn || c.endsOn >= c.startsOn, {
    path: ['endsOn'],
    error: 'La fin ne peut précéder le début.',
  })

export const closureSchema = z.object({
  id: z.string(),
  placeId: z.string(),
  reason: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
})

export const placeSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  label: z.string(),
  active: z.boolean(),
})

export const unitSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: unitKindSchema,
  occupancy: unitOccupancySchema,
  rooms: z.number().int().nullable(),
  surfaceM2: z.number().int().nullable(),
  accessible: z.boolean(),
  address: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  active: z.boolean(),
  places: z.array(placeSchema),
})

export const agreementInputSchema = z
  .object({
    partnerId: uuidSchema,
    subject: nameSchema,
    /** A structure, or a module (e.g. « accommodation ») when the agreement binds more than one. */
    structureId: uuidSchema.nullable().optional(),
    module: optionalText(50),
    startsOn: isoDateSchema,
    endsOn: isoDateSchema.nullable().optional(),
    renewalReminderDays: count(730, 'un nombre de jours').nullable().optional(),
    note: optionalText(2000),
  })
  .refine((a) => !a.endsOn || a.endsOn >= a.startsOn, {
    path: ['endsOn'],
    error: 'La fin ne peut précéder le début.',
  })

export const agreementSchema = z.object({
  id: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  subject: z.string(),
  structureId: z.string().nullable(),
  structureName: z.string().nullable(),
  module: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  renewalReminderDays: z.number().int().nullable(),
  note: z.string().nullable(),
  /** The day from which its renewal is to be prepared (ends_on − reminder days), null without an end. */
  renewBy: z.string().nullable(),
  toRenewSoon: z.boolean(),
})
export type Agreement = z.infer<typeof agreementSchema>
/** What an agreement may bind besides a structure: a module of Trame, in French. */
export const AGREEMENT_MODULE_LABELS: Record<string, string> = {
  accommodation: 'Hébergement',
  frontdesk: 'Accueil',
  followup: 'Accompagnement social',
  aid: 'Aides facultatives',
  domiciliation: 'Domiciliation',
  outreach: 'Maraude',
}
export const agreementListSchema = pageOf(agreementSchema)
export type AgreementPage = z.infer<typeof agreementListSchema>
/** A single partner's id, or several (the directory's page of partners asks for all theirs at once). */
const partnerIdsSchema = z
  .union([uuidSchema, z.array(uuidSchema).max(200, { error: '200 partenaires au plus.' })])
  .transform((ids) => (Array.isArray(ids) ? ids : [ids]))
export const agreementQuerySchema = pageQuerySchema.extend({
  partnerId: partnerIdsSchema.optional(),
  structureId: uuidSchema.optional(),
  toRenew: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
})
/** Without reminder days of its own, an agreement is to renew in the 60 days before it ends. */
export const DEFAULT_AGREEMENT_REMINDER_DAYS = 60

export const structureDetailSchema = structureSchema.extend({
  teamName: z.string().nullable(),
  units: z.array(unitSchema),
  /** Closures not over yet (ongoing and planned), per place. */
  closures: z.array(closureSchema),
  agreements: z.array(agreementSchema),
})
export type StructureDetail = z.infer<typeof structureDetailSchema>

export const boardQuerySchema = z.object({
  day: isoDateSchema.optional(),
  structureId: uuidSchema.optional(),
})

export const boardPlaceSchema = z.object({
  placeId: z.string(),
  placeLabel: z.string(),
  unitLabel: z.string(),
  structureId: z.string(),
  state: z.enum(PLACE_STATE.values),
  /** The occupant (or the person the place is reserved for): only for who may see their file. */
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  stayId: z.string().nullable(),
  stayStartedOn: z.string().nullable(),
  plannedEndOn: z.string().nullable(),
  closureReason: z.string().nullable(),
  closureEndsOn: z.string().nullable(),
  expectedArrivalOn: z.string().nullable(),
})
export type BoardPlace = z.infer<typeof boardPlaceSchema>

export const boardSchema = z.object({
  day: z.string(),
  /** Whether this reader is shown occupants' names at all (a role that reads people's files). */
  namesShown: z.boolean(),
  structures: z.array(
    z.object({ id: z.string(), name: z.string(), kind: structureKindSchema, counts: nightCountSchema }),
  ),
  total: nightCountSchema,
  /** The places of the structure asked for (empty without one). */
  places: z.array(boardPlaceSchema),
})
export type Board = z.infer<typeof boardSchema>

export const occupancyQuerySchema = z
  .object({
    from: isoDateSchema,
    to: isoDateSchema,
    structureId: uuidSchema.optional(),
  })
  .refine((q) => q.to >= q.from, { path: ['to'], error: 'La fin ne peut précéder le début.' })
  .refine((q) => q.from >= '2000-01-01' && q.to <= '2100-12-31', {
    path: ['from'],
    error: 'Période hors des années 2000 à 2100.',
  })

const occupancyFigures = {
  places: z.number().int(),
  placeNights: z.number().int(),
  outOfServiceNights: z.number().int(),
  availableNights: z.number().int(),
  occupiedNights: z.number().int(),
  rate: z.number().nullable(),
}
export const occupancySchema = z.object({
  from: z.string(),
  to: z.string(),
  structures: z.array(
    z.object({ structureId: z.string(), name: z.string(), kind: structureKindSchema, ...occupancyFigures }),
  ),
  total: z.object(occupancyFigures),
})
export type Occupancy = z.infer<typeof occupancySchema>

export const accommodationSettingsSchema = z.object({
  medicalExtraRoles: z.array(z.enum(ROLES)),
})
export const accommodationSettingsInputSchema = z.object({
  medicalExtraRoles: z
    .array(z.enum(ROLES, { error: 'Rôle inconnu.' }))
    .max(ROLES.length)
    .transform((roles) => [...new Set(roles)]),
})
