import { z } from 'zod'
import { MEDICAL_OPINION, STAY_EXIT_DESTINATION, STAY_EXIT_REASON, STRUCTURE_KIND } from './accommodation.ts'
import {
  isoDateSchema,
  optionalText,
  pageOf,
  pageQuerySchema,
  pastDaySchema,
  plannedDaySchema,
  textSchema,
  uuidSchema,
} from './validation.ts'

// Stays in accommodation: direct entries, the stays of a structure, a stay's page (renewals, moves,
// exit with destination, medical opinions for renewals, the linked support record), the person's panel.

export const stayEntryInputSchema = z.object({
  structureId: uuidSchema,
  personId: uuidSchema,
  placeId: uuidSchema,
  startedOn: pastDaySchema,
  supportRecordId: uuidSchema.nullable().optional(),
})
export type StayEntryInput = z.infer<typeof stayEntryInputSchema>

export const stayRenewalInputSchema = z.object({
  renewedOn: pastDaySchema,
  newEndOn: plannedDaySchema,
  justification: textSchema('Dites pourquoi le séjour est renouvelé.')
    .trim()
    .min(1, { error: 'Dites pourquoi le séjour est renouvelé.' })
    .max(2000, { error: '2000 caractères au plus.' }),
})
export type StayRenewalInput = z.infer<typeof stayRenewalInputSchema>

export const stayOpinionInputSchema = z.object({
  opinion: MEDICAL_OPINION.schema,
  givenOn: pastDaySchema,
  medicalNote: optionalText(4000),
})
export type StayOpinionInput = z.infer<typeof stayOpinionInputSchema>

export const stayMoveInputSchema = z.object({ placeId: uuidSchema, movedOn: pastDaySchema })
export type StayMoveInput = z.infer<typeof stayMoveInputSchema>

export const stayExitInputSchema = z.object({
  endedOn: pastDaySchema,
  reason: STAY_EXIT_REASON.schema,
  destination: STAY_EXIT_DESTINATION.schema,
  note: optionalText(2000),
})
export type StayExitInput = z.infer<typeof stayExitInputSchema>

export const staySupportRecordInputSchema = z.object({ supportRecordId: uuidSchema.nullable() })

export const STAY_LIST_STATUS = ['ongoing', 'ended'] as const
export const stayListQuerySchema = pageQuerySchema.extend({
  structureId: uuidSchema,
  status: z.enum(STAY_LIST_STATUS, { error: 'Statut inconnu.' }).default('ongoing'),
})

export const stayPersonParamsSchema = z.object({ personId: uuidSchema })

export const staySummarySchema = z.object({
  id: z.string(),
  structureId: z.string(),
  structureName: z.string(),
  structureKind: STRUCTURE_KIND.schema,
  personId: z.string(),
  personName: z.string(),
  placeLabel: z.string().nullable(),
  unitLabel: z.string().nullable(),
  startedOn: isoDateSchema,
  plannedEndOn: isoDateSchema.nullable(),
  endedOn: isoDateSchema.nullable(),
  exitDestination: STAY_EXIT_DESTINATION.schema.nullable(),
})
export type StaySummary = z.infer<typeof staySummarySchema>
export const stayPageSchema = pageOf(staySummarySchema)

export const stayOpinionSchema = z.object({
  id: z.string(),
  opinion: MEDICAL_OPINION.schema,
  givenOn: isoDateSchema,
  givenByName: z.string(),
  /** Only for the medical roles (and the roles the organisation adds); absent for everyone else. */
  medicalNote: z.string().nullable().optional(),
  /** Already used to renew the stay: a new renewal needs a new opinion. */
  used: z.boolean(),
})

export const stayDetailSchema = staySummarySchema.extend({
  requestId: z.string().nullable(),
  requiresMedicalOpinion: z.boolean(),
  exitReason: STAY_EXIT_REASON.schema.nullable(),
  exitNote: z.string().nullable(),
  places: z.array(
    z.object({
      placeId: z.string(),
      placeLabel: z.string(),
      unitLabel: z.string(),
      fromOn: isoDateSchema,
      toOn: isoDateSchema.nullable(),
    }),
  ),
  renewals: z.array(
    z.object({
      id: z.string(),
      renewedOn: isoDateSchema,
      previousEndOn: isoDateSchema.nullable(),
      newEndOn: isoDateSchema,
      justification: z.string(),
      decidedByName: z.string().nullable(),
      opinionGivenOn: isoDateSchema.nullable(),
    }),
  ),
  opinions: z.array(stayOpinionSchema),
  /** The support record of the follow-up module, when linked and the reader may see it. */
  supportRecord: z
    .object({
      id: z.string(),
      typeLabel: z.string(),
      status: z.string(),
      exitPlan: z.string().nullable(),
      goals: z.array(z.object({ label: z.string(), status: z.string(), targetOn: isoDateSchema.nullable() })),
    })
    .nullable(),
  /** The person's follow-up records one may link the stay to (open ones the reader may see). */
  linkableRecords: z.array(z.object({ id: z.string(), typeLabel: z.string() })),
  /** Free places of the structure today, to move to (the reader manages stays). */
  freePlaces: z.array(z.object({ placeId: z.string(), placeLabel: z.string(), unitLabel: z.string() })),
  mayManage: z.boolean(),
  mayGiveOpinion: z.boolean(),
})
export type StayDetail = z.infer<typeof stayDetailSchema>

/** What a direct entry offers: structures taking people without an admission request, their free places. */
export const stayEntryOptionsSchema = z.object({
  structures: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: STRUCTURE_KIND.schema,
      directEntry: z.boolean(),
      freePlaces: z.array(z.object({ placeId: z.string(), placeLabel: z.string(), unitLabel: z.string() })),
    }),
  ),
})
export type StayEntryOptions = z.infer<typeof stayEntryOptionsSchema>

export const personStaysSchema = z.object({ items: z.array(staySummarySchema) })
