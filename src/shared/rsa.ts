import { z } from 'zod'
import { labelled } from './labelled.ts'
import {
  isoDateSchema,
  optionalText,
  pastDaySchema,
  plannedDaySchema,
  textSchema,
  uuidSchema,
} from './validation.ts'

// The RSA instruction at the CCAS: application received → documents missing → sent to the CAF →
// decision → orientation → for those oriented to the CCAS, the contrat d'engagement réciproque.

export const RSA_STATUS = labelled({
  received: 'Demande reçue',
  documents_missing: 'Pièces manquantes',
  sent_to_caf: 'Transmise à la CAF',
  granted: 'Accordé',
  refused: 'Refusé',
  oriented: 'Orientation décidée',
  contract_signed: 'Contrat d’engagement signé',
})
export type RsaStatus = keyof typeof RSA_STATUS.labels
export const RSA_ORIENTATION = labelled({ social: 'Sociale', professional: 'Professionnelle' })
/** The RSA exists since 1 June 2009: an instruction step before that is a typing error. */
export const RSA_FIRST_DAY = '2009-06-01'

const documentLabel = textSchema().trim().min(1, { error: 'Nommez la pièce.' }).max(200)
const goal = z.object({ label: textSchema().trim().min(1, { error: 'Décrivez l’objectif.' }).max(500) })

export const rsaCreateSchema = z.object({
  personId: uuidSchema,
  teamId: uuidSchema.nullable().optional(),
  /** The support record (accompagnement) this instruction belongs to, when there is one. */
  supportRecordId: uuidSchema.nullable().optional(),
  receivedOn: pastDaySchema,
  missingDocuments: z.array(documentLabel).max(30).default([]),
})
/** One step at a time, in order; the server refuses a skipped or repeated one. */
export const rsaStepSchema = z.discriminatedUnion(
  'step',
  [
    z.object({ step: z.literal('documents'), missingDocuments: z.array(documentLabel).max(30) }),
    z.object({ step: z.literal('sent'), sentOn: pastDaySchema }),
    z.object({
      step: z.literal('decision'),
      decision: z.enum(['granted', 'refused']),
      decidedOn: pastDaySchema,
    }),
    z.object({
      step: z.literal('orientation'),
      orientation: RSA_ORIENTATION.schema,
      orientedOn: pastDaySchema,
      /** Oriented to the CCAS itself for the social support (the contract follows). */
      toCcas: z.boolean(),
    }),
    z.object({
      step: z.literal('contract'),
      signedOn: pastDaySchema,
      goals: z.array(goal).min(1, { error: 'Au moins un objectif.' }).max(20),
      reviewDates: z.array(plannedDaySchema).min(1, { error: 'Au moins une date de révision.' }).max(12),
      note: optionalText(1000),
    }),
  ],
  { error: 'Étape inconnue.' },
)
export type RsaStep = z.infer<typeof rsaStepSchema>

export const rsaApplicationSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  teamId: z.uuid().nullable(),
  supportRecordId: z.uuid().nullable(),
  status: RSA_STATUS.schema,
  receivedOn: z.string(),
  missingDocuments: z.array(z.string()),
  sentOn: z.string().nullable(),
  decision: z.enum(['granted', 'refused']).nullable(),
  decidedOn: z.string().nullable(),
  orientation: RSA_ORIENTATION.schema.nullable(),
  orientedOn: z.string().nullable(),
  toCcas: z.boolean().nullable(),
  contract: z
    .object({
      signedOn: z.string(),
      goals: z.array(z.object({ label: z.string() })),
      reviewDates: z.array(z.string()),
      note: z.string().nullable(),
    })
    .nullable(),
})
export type RsaApplication = z.infer<typeof rsaApplicationSchema>
export const rsaListQuerySchema = z.object({ personId: uuidSchema })
export const rsaListSchema = z.object({ items: z.array(rsaApplicationSchema) })

export const rsaCountsQuerySchema = z
  .object({ from: isoDateSchema, to: isoDateSchema, teamId: uuidSchema.optional() })
  .refine((q) => q.from <= q.to, { error: 'La fin de la période précède son début.', path: ['to'] })
/** Figures only: applications received, sent to the CAF, decided, contracts signed, per team. */
const rsaFigures = z.object({
  received: z.number().int(),
  sentToCaf: z.number().int(),
  granted: z.number().int(),
  refused: z.number().int(),
  contracts: z.number().int(),
})
export const rsaCountsSchema = z.object({
  from: z.string(),
  to: z.string(),
  countingRule: z.string(),
  total: rsaFigures,
  byTeam: z.array(rsaFigures.extend({ teamId: z.uuid().nullable(), teamName: z.string().nullable() })),
})
export const RSA_COUNTING_RULE =
  'Chaque étape compte à sa date : demandes reçues, transmises à la CAF, décisions (accord, refus) et contrats ' +
  'signés sur la période, par équipe instructrice.'
