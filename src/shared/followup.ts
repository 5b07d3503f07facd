import { z } from 'zod'
import { labelled } from './labelled.ts'
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

/** The kinds of support an organisation starts with; it renames, adds or retires them. */
export const DEFAULT_SUPPORT_TYPES: { label: string; legal: boolean }[] = [
  { label: 'Accompagnement social global', legal: false },
  { label: 'RSA (accompagnement des allocataires)', legal: true },
  { label: 'PAEJ — jeunes de 18 à 25 ans', legal: false },
  { label: 'Budget', legal: false },
  { label: 'Logement', legal: false },
  { label: 'Santé', legal: false },
]

export const SUPPORT_DOMAIN = labelled({
  health: 'Santé',
  housing: 'Logement, hébergement',
  rights: 'Accès et maintien des droits',
  insertion: 'Insertion sociale et professionnelle',
  budget: 'Budget',
  family: 'Famille, parentalité',
  justice: 'Justice',
  mobility: 'Mobilité',
  residence: 'Droit au séjour',
})
export type SupportDomain = keyof typeof SUPPORT_DOMAIN.labels

export const SUPPORT_STATUS = labelled({ open: 'En cours', suspended: 'Suspendu', closed: 'Clos' })
export type SupportStatus = keyof typeof SUPPORT_STATUS.labels

export const EXIT_REASON = labelled({
  goals_achieved: 'Objectifs atteints',
  handed_over: 'Relais pris par un autre service ou partenaire',
  moved_away: 'Déménagement',
  person_ended: 'Fin souhaitée par la personne',
  no_contact: 'Plus de nouvelles',
  deceased: 'Décès',
  other: 'Autre',
})

export const GOAL_STATUS = labelled({
  planned: 'À engager',
  in_progress: 'En cours',
  achieved: 'Atteint',
  abandoned: 'Abandonné',
})

export const INTERVIEW_MEDIUM = labelled({
  office: 'Au bureau',
  home_visit: 'Visite à domicile',
  phone: 'Téléphone',
  video: 'Visioconférence',
  street: 'Dans la rue',
  partner: 'Chez un partenaire',
})
export type InterviewMedium = keyof typeof INTERVIEW_MEDIUM.labels

/** Shown next to the private synthesis field, and in the API's description of it. */
export const PRIVATE_SYNTHESIS_NOTICE =
  'Visible par vous seul·e : ni vos collègues, ni la direction, ni l’administration ne peuvent la lire.'

const label = (max: number) =>
  textSchema()
    .trim()
    .min(1, { error: 'Ce champ est obligatoire.' })
    .max(max, { error: `${max} caractères au plus.` })
const domainsSchema = z
  .array(SUPPORT_DOMAIN.schema)
  .max(SUPPORT_DOMAIN.values.length)
  .transform((domains) => [...new Set(domains)])

// ----- support types -----

export const supportTypeSchema = z.object({
  id: z.uuid(),
  label: z.string(),
  legal: z.boolean(),
  active: z.boolean(),
})
export const supportTypeListSchema = z.object({ items: z.array(supportTypeSchema) })
export const supportTypesInputSchema = z.object({
  items: z
    .array(
      z.object({
        id: uuidSchema.optional(),
        label: label(100),
        legal: z.boolean().default(false),
        active: z.boolean().default(true),
      }),
    )
    .min(1, { error: 'Gardez au moins un type d’accompagnement.' })
    .max(60)
    .refine((items) => new Set(items.map((i) => i.label.toLowerCase())).size === items.length, {
      error: 'Deux types portent le même libellé.',
    }),
})

// ----- records -----

export const goalInputSchema = z.object({
  label: label(300),
  domain: SUPPORT_DOMAIN.schema.nullable().optional(),
  targetOn: isoDateSchema.nullable().optional(),
})
export const goalUpdateSchema = z.object({
  label: label(300).optional(),
  domain: SUPPORT_DOMAIN.schema.nullable().optional(),
  targetOn: isoDateSchema.nullable().optional(),
  status: GOAL_STATUS.schema.optional(),
})

export const recordInputSchema = z
  .object({
    personId: uuidSchema.optional(),
    householdId: uuidSchema.optional(),
    typeId: uuidSchema,
    teamId: uuidSchema.nullable().optional(),
    /** Defaults to today. */
    openedOn: pastDaySchema.optional(),
    /** Absent: the referents of the person's file, or the professional opening the record. */
    referentIds: z.array(uuidSchema).max(10).optional(),
    domains: domainsSchema.default([]),
    exitPlan: optionalText(4000),
    nextReviewOn: plannedDaySchema.nullable().optional(),
    goals: z.array(goalInputSchema).max(30).default([]),
  })
  .refine((r) => Boolean(r.personId) !== Boolean(r.householdId), {
    error: 'Choisissez une personne ou un foyer (l’un des deux).',
    path: ['personId'],
  })
export type RecordInput = z.infer<typeof recordInputSchema>

export const recordUpdateSchema = z.object({
  teamId: uuidSchema.nullable().optional(),
  domains: domainsSchema.optional(),
  exitPlan: optionalText(4000),
  nextReviewOn: plannedDaySchema.nullable().optional(),
})

export const recordTransitionSchema = z.discriminatedUnion(
  'status',
  [
    z.object({ status: z.literal('suspended'), on: pastDaySchema.optional(), note: optionalText(2000) }),
    z.object({ status: z.literal('open'), on: pastDaySchema.optional(), note: optionalText(2000) }),
    z.object({
      status: z.literal('closed'),
      on: pastDaySchema.optional(),
      exitReason: EXIT_REASON.schema,
      note: optionalText(2000),
    }),
  ],
  { error: 'Choisissez un état : en cours, suspendu ou clos.' },
)

export const referentsInputSchema = z.object({
  userIds: z.array(uuidSchema).max(10),
  /** When the change took effect; today by default. */
  on: pastDaySchema.optional(),
})

export const goalSchema = z.object({
  id: z.uuid(),
  label: z.string(),
  domain: z.string().nullable(),
  targetOn: z.string().nullable(),
  status: GOAL_STATUS.schema,
  statusOn: z.string(),
})
export const referentPeriodSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  fromOn: z.string(),
  untilOn: z.string().nullable(),
})

export const recordSummarySchema = z.object({
  id: z.uuid(),
  personId: z.uuid().nullable(),
  householdId: z.uuid().nullable(),
  /** The person's name, or the household's members; null when out of the reader's reach. */
  subjectName: z.string().nullable(),
  typeId: z.uuid(),
  typeLabel: z.string(),
  typeLegal: z.boolean(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  status: SUPPORT_STATUS.schema,
  openedOn: z.string(),
  closedOn: z.string().nullable(),
  nextReviewOn: z.string().nullable(),
  referents: z.array(z.object({ userId: z.uuid(), name: z.string() })),
})
export type RecordSummary = z.infer<typeof recordSummarySchema>

export const recordSchema = recordSummarySchema.extend({
  suspendedOn: z.string().nullable(),
  exitReason: z.string().nullable(),
  exitNote: z.string().nullable(),
  domains: z.array(z.string()),
  exitPlan: z.string().nullable(),
  goals: z.array(goalSchema),
  referentHistory: z.array(referentPeriodSchema),
  createdAt: z.iso.datetime({ offset: true }),
})
export type SupportRecord = z.infer<typeof recordSchema>

export const recordListQuerySchema = pageQuerySchema.extend({
  personId: uuidSchema.optional(),
  householdId: uuidSchema.optional(),
  status: SUPPORT_STATUS.schema.optional(),
  /** Records I am a current referent of. */
  mine: queryFlagSchema,
})
export const recordPageSchema = pageOf(recordSummarySchema)

// ----- interviews -----

export const interviewInputSchema = z.object({
  /** When it happened; refused in the future. */
  occurredAt: pastDateTimeSchema,
  durationMinutes: z.number().int().min(1).max(1440).nullable().optional(),
  medium: INTERVIEW_MEDIUM.schema,
  participants: z.array(label(200)).max(20).default([]),
  domains: domainsSchema.default([]),
  note: optionalText(8000),
  /** The author's working note: nobody else reads it, whatever their role. */
  privateSynthesis: optionalText(8000).describe(PRIVATE_SYNTHESIS_NOTICE),
})
export type InterviewInput = z.infer<typeof interviewInputSchema>

export const interviewSchema = z.object({
  id: z.uuid(),
  recordId: z.uuid(),
  occurredAt: z.iso.datetime({ offset: true }),
  durationMinutes: z.number().int().nullable(),
  medium: INTERVIEW_MEDIUM.schema,
  participants: z.array(z.string()),
  domains: z.array(z.string()),
  /** Null when the note is a psychologist's session note and the reader is not a psychologist of the team. */
  note: z.string().nullable(),
  noteRestricted: z.boolean(),
  psychologistSession: z.boolean(),
  /** Present only for the interview's author. */
  privateSynthesis: z.string().nullable(),
  authorId: z.uuid(),
  authorName: z.string(),
  mine: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
  /** When the interview was last corrected after it was written; null when it never was. */
  correctedAt: z.iso.datetime({ offset: true }).nullable(),
})
export type Interview = z.infer<typeof interviewSchema>
export const interviewPageSchema = pageOf(interviewSchema)
export const interviewListQuerySchema = pageQuerySchema.extend({
  pageSize: pageQuerySchema.shape.pageSize.default(20),
})

export const goalParamsSchema = z.object({ id: uuidSchema, goalId: uuidSchema })
export const interviewParamsSchema = z.object({ id: uuidSchema, interviewId: uuidSchema })

// ----- worklist and counts -----

export const worklistQuerySchema = pageQuerySchema.extend({
  pageSize: pageQuerySchema.shape.pageSize.default(20),
  /** Goals and reviews due within this many days (overdue ones always show). */
  withinDays: z.coerce.number().int().min(0).max(365).default(14),
  /** One section only (its `key`), to page through it. */
  section: textSchema().max(100).optional(),
})

export const worklistItemSchema = z.object({
  /** Unique within its section (the goal's, the appointment's id…). */
  id: z.string(),
  /** What it is: `record`, `goal`, `review`, and the kinds other capabilities add. */
  kind: z.string(),
  kindLabel: z.string(),
  recordId: z.uuid().nullable(),
  personId: z.uuid().nullable(),
  subjectName: z.string().nullable(),
  title: z.string(),
  /** The date it is due or happens on, when it has one. */
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
})
export type WorklistItem = z.infer<typeof worklistItemSchema>
export const worklistSectionSchema = pageOf(worklistItemSchema).extend({
  key: z.string(),
  title: z.string(),
})
export type WorklistSection = z.infer<typeof worklistSectionSchema>
export const worklistSchema = z.object({ sections: z.array(worklistSectionSchema) })

export const FOLLOWUP_COUNT_DIMENSION = labelled({
  type: 'Type d’accompagnement',
  team: 'Équipe',
})
export const followupCountsQuerySchema = z
  .object({
    from: isoDateSchema,
    to: isoDateSchema,
    teamId: uuidSchema.optional(),
    typeId: uuidSchema.optional(),
    groupBy: textSchema()
      .max(100)
      .default('')
      .transform((value) => value.split(',').filter(Boolean))
      .pipe(z.array(FOLLOWUP_COUNT_DIMENSION.schema).max(2, { error: 'Deux regroupements au plus.' })),
  })
  .refine((q) => q.from <= q.to, { error: 'La date de début doit précéder la date de fin.', path: ['from'] })

const countRow = z.object({
  keys: z.array(z.string().nullable()),
  labels: z.array(z.string()),
  /** Opened in the period. */
  opened: z.number().int(),
  /** Closed in the period. */
  closed: z.number().int(),
  /** Running (open or suspended) at the end of the period. */
  running: z.number().int(),
})
export const followupCountsSchema = z.object({
  totals: countRow.omit({ keys: true, labels: true }),
  rows: z.array(countRow),
  interviewsByMedium: z.array(
    z.object({ medium: z.string(), label: z.string(), interviews: z.number().int() }),
  ),
})
export type FollowupCounts = z.infer<typeof followupCountsSchema>
