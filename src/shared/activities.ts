import { z } from 'zod'
import { labelled } from './labelled.ts'
import {
  isoDateSchema,
  optionalText,
  pageOf,
  pageQuerySchema,
  plannedDaySchema,
  textSchema,
  uuidSchema,
} from './validation.ts'

// Group activities: intergenerational actions, the PAEJ's collective actions, a fathers' group,
// energy-saving sessions, prevention workshops… Kinds come from the organisation's own list; sessions
// may be recorded long after they were held (a CCAS brings its history).

export const ACTIVITY_AUDIENCE = labelled({
  seniors: 'Seniors',
  youths: 'Jeunes',
  families: 'Familles',
  all: 'Tous publics',
})
export type ActivityAudience = keyof typeof ACTIVITY_AUDIENCE.labels

export const ACTIVITY_PLACE = labelled({
  care_home: 'Établissement pour personnes âgées (EHPAD, résidence autonomie)',
  club: 'Club',
  home: 'À domicile',
  public_place: 'Lieu public',
  other: 'Autre lieu',
})

/**
 * Participants counted without a name, by category; each category belongs to an audience, so that
 * "seniors who took part" adds only the seniors' counts.
 */
export const ANONYMOUS_CATEGORY = labelled({
  seniors_care_home: 'Seniors en établissement',
  seniors_club: 'Seniors des clubs',
  seniors_home: 'Seniors à domicile',
  youths: 'Jeunes',
  children: 'Enfants',
  parents: 'Parents',
  adults: 'Autres adultes',
})
export type AnonymousCategory = keyof typeof ANONYMOUS_CATEGORY.labels
export const CATEGORY_AUDIENCE: Record<AnonymousCategory, Exclude<ActivityAudience, 'all'>> = {
  seniors_care_home: 'seniors',
  seniors_club: 'seniors',
  seniors_home: 'seniors',
  youths: 'youths',
  children: 'families',
  parents: 'families',
  adults: 'families',
}

export const PARTICIPANT_STATUS = labelled({
  registered: 'Inscrit·e',
  present: 'Présent·e',
  absent: 'Absent·e',
  excused: 'Excusé·e',
})
export type ParticipantStatus = keyof typeof PARTICIPANT_STATUS.labels

const label = (missing: string, max = 200) =>
  textSchema(missing)
    .trim()
    .min(1, { error: missing })
    .max(max, { error: `${max} caractères au plus.` })

export const activityKindInputSchema = z.object({
  label: label('Le nom du type d’activité est obligatoire.', 120),
  active: z.boolean().default(true),
})
export type ActivityKindInput = z.infer<typeof activityKindInputSchema>
export const activityKindSchema = z.object({ id: z.uuid(), label: z.string(), active: z.boolean() })
export const activityKindListSchema = z.object({ items: z.array(activityKindSchema) })

export const activityInputSchema = z.object({
  kindId: uuidSchema,
  title: label('Le nom de l’activité est obligatoire.'),
  description: optionalText(2000),
  teamId: uuidSchema.nullable().optional(),
  audience: ACTIVITY_AUDIENCE.schema,
  placeKind: ACTIVITY_PLACE.schema,
  placeLabel: optionalText(200),
  placeAddress: optionalText(300),
  partnerIds: z.array(uuidSchema).max(20, { error: '20 partenaires au plus.' }).default([]),
  archived: z.boolean().default(false),
})
export type ActivityInput = z.infer<typeof activityInputSchema>

export const activitySchema = z.object({
  id: z.uuid(),
  kindId: z.uuid(),
  kindLabel: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  audience: z.string(),
  placeKind: z.string(),
  placeLabel: z.string().nullable(),
  placeAddress: z.string().nullable(),
  partners: z.array(z.object({ id: z.uuid(), name: z.string() })),
  archived: z.boolean(),
  sessionCount: z.number().int(),
  lastSessionOn: z.string().nullable(),
})
export type Activity = z.infer<typeof activitySchema>

export const activityListQuerySchema = pageQuerySchema.extend({
  kindId: uuidSchema.optional(),
  audience: ACTIVITY_AUDIENCE.schema.optional(),
  teamId: uuidSchema.optional(),
  q: textSchema().trim().max(100).optional(),
  archived: z.enum(['true', 'false']).optional(),
})
export const activityPageSchema = pageOf(activitySchema)

const timeSchema = textSchema()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Heure invalide (format HH:MM).' })
  .nullable()
  .optional()

export const sessionInputSchema = z
  .object({
    /** The day it was held (any past day: history is welcome) or is planned (two years ahead at most). */
    heldOn: plannedDaySchema,
    startsAt: timeSchema,
    endsAt: timeSchema,
    capacity: z
      .number({ error: 'Nombre de places invalide.' })
      .int({ error: 'Nombre de places invalide.' })
      .min(1, { error: 'Au moins une place.' })
      .max(100_000, { error: 'Nombre de places invalide.' })
      .nullable()
      .optional(),
    facilitators: z
      .array(label('Le nom de l’animateur·rice est vide.', 120))
      .max(10, { error: '10 animateurs au plus.' })
      .default([]),
    note: optionalText(2000),
  })
  .refine((s) => !s.startsAt || !s.endsAt || s.endsAt > s.startsAt, {
    error: 'La fin doit suivre le début.',
    path: ['endsAt'],
  })
export type SessionInput = z.infer<typeof sessionInputSchema>

export const categoryCountSchema = z.object({
  category: z.string(),
  label: z.string(),
  count: z.number().int(),
})

export const sessionSchema = z.object({
  id: z.uuid(),
  activityId: z.uuid(),
  heldOn: z.string(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  capacity: z.number().int().nullable(),
  facilitators: z.array(z.string()),
  note: z.string().nullable(),
  /** Named participants by status, every file counted (those the reader may not see included). */
  registered: z.number().int(),
  present: z.number().int(),
  absent: z.number().int(),
  excused: z.number().int(),
  anonymousTotal: z.number().int(),
})
export type Session = z.infer<typeof sessionSchema>
export const sessionListQuerySchema = pageQuerySchema
export const sessionPageSchema = pageOf(sessionSchema)

export const participantSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  displayName: z.string(),
  birthDate: z.string().nullable(),
  status: z.string(),
})
export type Participant = z.infer<typeof participantSchema>

export const sessionDetailSchema = sessionSchema.extend({
  activity: z.object({ id: z.uuid(), title: z.string(), kindLabel: z.string(), audience: z.string() }),
  participants: z.array(participantSchema),
  /** Named participants whose file belongs to a confidential team the reader is not in: a number only. */
  hiddenParticipants: z.number().int(),
  counts: z.array(categoryCountSchema),
})
export type SessionDetail = z.infer<typeof sessionDetailSchema>

export const participantInputSchema = z.object({
  personId: uuidSchema,
  status: PARTICIPANT_STATUS.schema.default('registered'),
})
export const participantStatusInputSchema = z.object({ status: PARTICIPANT_STATUS.schema })
export const participantParamsSchema = z.object({ id: uuidSchema, personId: uuidSchema })

export const sessionCountsInputSchema = z.object({
  counts: z
    .array(
      z.object({
        category: ANONYMOUS_CATEGORY.schema,
        count: z
          .number({ error: 'Nombre invalide.' })
          .int({ error: 'Nombre invalide.' })
          .min(0, { error: 'Nombre invalide.' })
          .max(100_000, { error: 'Nombre trop élevé.' }),
      }),
    )
    .max(ANONYMOUS_CATEGORY.values.length),
})

/** "Seniors who took part in intergenerational actions in 2016" is one query. */
export const distinctParticipantsQuerySchema = z
  .object({
    from: isoDateSchema,
    to: isoDateSchema,
    audience: z.enum(['seniors', 'youths', 'families'], { error: 'Public invalide.' }).optional(),
    kindId: uuidSchema.optional(),
    teamId: uuidSchema.optional(),
    activityId: uuidSchema.optional(),
  })
  .refine((q) => q.to >= q.from, { error: 'La fin de la période précède son début.', path: ['to'] })
export type DistinctParticipantsQuery = z.infer<typeof distinctParticipantsQuerySchema>

export const distinctParticipantsSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Sessions held in the period, among the activities chosen. */
  sessions: z.number().int(),
  /** People named as present, each counted once (files merged together are one person). */
  named: z.number().int(),
  /** Participants counted without a name, added as they were counted. */
  anonymous: z.number().int(),
  total: z.number().int(),
  byCategory: z.array(categoryCountSchema),
  /** Named attendance of the period: present, absent, excused marks (one per person and session). */
  attendance: z.object({ present: z.number().int(), absent: z.number().int(), excused: z.number().int() }),
})
export type DistinctParticipants = z.infer<typeof distinctParticipantsSchema>
