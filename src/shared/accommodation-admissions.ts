import { z } from 'zod'
import {
  ADMISSION_PRIORITY,
  ADMISSION_REFUSAL_MOTIF,
  ADMISSION_STATUS,
  MEDICAL_OPINION,
  ORIENTATION_SOURCE,
  STRUCTURE_KIND,
} from './accommodation.ts'
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

// Admission requests to an accommodation structure: the social part, the medical part (medical roles
// only), medical opinions, the director's validation with a place reserved, refusal, withdrawal and the
// admission itself (stays opened for the applicant and companions).

/** Still waiting for a decision or an arrival: what the waiting list shows. */
export const WAITING_STATUSES = ['received', 'medical_review', 'awaiting_validation', 'validated'] as const

export const admissionRequestInputSchema = z.object({
  structureId: uuidSchema,
  personId: uuidSchema,
  /** Members of the person's household coming with them: each gets a stay at admission. */
  companionPersonIds: z.array(uuidSchema).max(12, { error: '12 accompagnants au plus.' }).default([]),
  supportRecordId: uuidSchema.nullable().optional(),
  receivedOn: pastDaySchema,
  orientationSource: ORIENTATION_SOURCE.schema,
  orientingPartnerId: uuidSchema.nullable().optional(),
  orientingContact: optionalText(200),
  priority: ADMISSION_PRIORITY.schema.default('normal'),
  socialPart: optionalText(5000),
})
export type AdmissionRequestInput = z.infer<typeof admissionRequestInputSchema>

/** What may change while the request waits (the structure and the person do not). */
export const admissionRequestUpdateSchema = admissionRequestInputSchema.omit({
  structureId: true,
  personId: true,
})

export const admissionRequestListQuerySchema = pageQuerySchema.extend({
  structureId: uuidSchema.optional(),
  personId: uuidSchema.optional(),
  status: ADMISSION_STATUS.schema.optional(),
  /** Only requests still waiting (the waiting list), by priority then day received. */
  waiting: queryFlagSchema,
})

export const admissionOpinionSchema = z.object({
  opinion: MEDICAL_OPINION.schema,
  opinionLabel: z.string(),
  givenOn: z.string(),
  givenByName: z.string(),
})

export const admissionRequestSummarySchema = z.object({
  id: z.string(),
  structureId: z.string(),
  structureName: z.string(),
  structureKind: STRUCTURE_KIND.schema,
  personId: z.string(),
  personName: z.string(),
  companionCount: z.number().int(),
  receivedOn: z.string(),
  orientationSource: ORIENTATION_SOURCE.schema,
  priority: ADMISSION_PRIORITY.schema,
  status: ADMISSION_STATUS.schema,
  /** The latest medical opinion, without its note. */
  latestOpinion: MEDICAL_OPINION.schema.nullable(),
  reservedPlaceLabel: z.string().nullable(),
  expectedArrivalOn: z.string().nullable(),
})
export type AdmissionRequestSummary = z.infer<typeof admissionRequestSummarySchema>
export const admissionRequestListSchema = pageOf(admissionRequestSummarySchema)

export const admissionRequestSchema = admissionRequestSummarySchema.extend({
  companions: z.array(z.object({ personId: z.string(), personName: z.string() })),
  householdId: z.string().nullable(),
  supportRecordId: z.string().nullable(),
  orientingPartnerId: z.string().nullable(),
  orientingPartnerName: z.string().nullable(),
  orientingContact: z.string().nullable(),
  socialPart: z.string().nullable(),
  structureRequiresMedicalOpinion: z.boolean(),
  structureRequiresDirectorValidation: z.boolean(),
  /** Whether a medical part was written: its content is read on its own route, by medical roles. */
  hasMedicalPart: z.boolean(),
  opinions: z.array(admissionOpinionSchema),
  reservedPlaceId: z.string().nullable(),
  validatedAt: z.string().nullable(),
  validatedByName: z.string().nullable(),
  refusedOn: z.string().nullable(),
  refusalMotif: ADMISSION_REFUSAL_MOTIF.schema.nullable(),
  refusalNote: z.string().nullable(),
  /** The stays the admission opened (applicant first). */
  stayIds: z.array(z.string()),
  can: z.object({
    edit: z.boolean(),
    readMedical: z.boolean(),
    giveOpinion: z.boolean(),
    validate: z.boolean(),
    refuse: z.boolean(),
    withdraw: z.boolean(),
    admit: z.boolean(),
  }),
})
export type AdmissionRequest = z.infer<typeof admissionRequestSchema>

export const medicalPartInputSchema = z.object({
  content: textSchema('Rédigez la partie médicale.')
    .trim()
    .min(1, { error: 'Rédigez la partie médicale.' })
    .max(10000, { error: '10 000 caractères au plus.' }),
})

/** The medical part and the opinions' notes: only for the medical roles (and those the organisation adds). */
export const medicalPartSchema = z.object({
  content: z.string().nullable(),
  writtenByName: z.string().nullable(),
  updatedAt: z.string().nullable(),
  opinions: z.array(admissionOpinionSchema.extend({ medicalNote: z.string().nullable() })),
})
export type MedicalPart = z.infer<typeof medicalPartSchema>

export const medicalOpinionInputSchema = z.object({
  opinion: MEDICAL_OPINION.schema,
  givenOn: pastDaySchema,
  medicalNote: optionalText(5000),
})

export const admissionValidationSchema = z.object({
  placeId: z.uuid({ error: 'Choisissez la place réservée.' }),
  expectedArrivalOn: plannedDaySchema,
})

export const admissionRefusalSchema = z.object({
  motif: ADMISSION_REFUSAL_MOTIF.schema,
  refusedOn: pastDaySchema,
  note: optionalText(2000),
})

export const admissionWithdrawalSchema = z.object({ note: optionalText(2000) })

export const admissionAdmitSchema = z.object({
  startedOn: isoDateSchema,
  /** A place for each companion (the applicant takes the reserved place). */
  companionPlaces: z
    .array(z.object({ personId: uuidSchema, placeId: uuidSchema }))
    .max(12)
    .default([]),
})

/** Free places of a structure on a day, for the validation's choice. */
export const freePlacesQuerySchema = z.object({ on: isoDateSchema })
export const freePlacesSchema = z.object({
  items: z.array(z.object({ id: z.string(), label: z.string(), unitLabel: z.string() })),
})
