import { z } from 'zod'
import { labelled } from './labelled.ts'
import {
  isoDateSchema,
  nameSchema,
  optionalText,
  pageOf,
  pageQuerySchema,
  pastDaySchema,
  uuidSchema,
} from './validation.ts'

// Rights (droits) of a person and of a household: one model for the person file's "Droits" section,
// the referent's rights ending soon, and outreach's families-with-incomplete-rights checklist.

/** The rights every organisation starts with; it adds its own (`kind` is then the id of its kind). */
export const RIGHT_KIND = labelled({
  css: 'Complémentaire santé solidaire (CSS)',
  health_cover: 'Couverture maladie (PUMa, AME)',
  rsa: 'Revenu de solidarité active (RSA)',
  activity_bonus: 'Prime d’activité',
  housing_benefit: 'Aide au logement (APL, ALS)',
  aah: 'Allocation aux adultes handicapés (AAH)',
  aspa: 'Allocation de solidarité aux personnes âgées (ASPA)',
  family_allowances: 'Prestations familiales (CAF)',
  schooling: 'Scolarisation des enfants',
  domiciliation: 'Domiciliation',
  residence_status: 'Droit au séjour, asile',
})
export type BuiltInRightKind = keyof typeof RIGHT_KIND.labels

export const RIGHT_STATUS = labelled({
  to_check: 'Non vérifié',
  eligible_not_claimed: 'Éligible, non demandé',
  in_progress: 'Démarche en cours',
  open: 'Ouvert',
  refused: 'Refusé',
  closed: 'Fermé',
  not_applicable: 'Sans objet',
})
export type RightStatus = keyof typeof RIGHT_STATUS.labels

/** The rights outreach checks for a family with incomplete rights (a subset of the kinds above). */
export const FAMILY_CHECKLIST = [
  'health_cover',
  'family_allowances',
  'schooling',
  'domiciliation',
  'residence_status',
] as const satisfies readonly BuiltInRightKind[]

export const DEFAULT_RIGHTS_ENDING_DAYS = 60

/** A built-in kind's code, or the id of a kind the organisation added. */
export const rightKindSchema = z.union([RIGHT_KIND.schema, uuidSchema], {
  error: 'Choisissez un droit de la liste.',
})

export const rightInputSchema = z.object({
  status: RIGHT_STATUS.schema,
  /** When the status was reached (application filed, decision, closure): never in the future. */
  statusOn: pastDaySchema.nullable().optional(),
  /** The end of an open right (its renewal date). */
  openUntil: isoDateSchema.nullable().optional(),
  note: optionalText(1000),
})
export const rightParamsSchema = z.object({ id: uuidSchema, kind: rightKindSchema })

export const rightSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  kindLabel: z.string(),
  status: RIGHT_STATUS.schema,
  statusOn: z.string().nullable(),
  openUntil: z.string().nullable(),
  note: z.string().nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
})
export type Right = z.infer<typeof rightSchema>

/** A person's own rights and those of their household. */
export const personRightsSchema = z.object({
  personId: z.uuid(),
  rights: z.array(rightSchema),
  household: z.object({ id: z.uuid(), rights: z.array(rightSchema) }).nullable(),
})
export type PersonRights = z.infer<typeof personRightsSchema>
export const householdRightsSchema = z.object({ householdId: z.uuid(), rights: z.array(rightSchema) })

export const rightKindListSchema = z.object({
  items: z.array(z.object({ kind: z.string(), label: z.string(), custom: z.boolean(), active: z.boolean() })),
})
export const rightKindInputSchema = z.object({ label: nameSchema, active: z.boolean().optional() })

export const rightsSettingsSchema = z.object({ endingDays: z.number().int() })
export const rightsSettingsInputSchema = z.object({
  endingDays: z
    .number({ error: 'Indiquez un nombre de jours.' })
    .int({ error: 'Indiquez un nombre entier de jours.' })
    .min(1, { error: 'Au moins 1 jour.' })
    .max(365, { error: '365 jours au plus.' }),
})

export const rightsEndingQuerySchema = pageQuerySchema.extend({
  /** Days ahead; the organisation's setting when absent. */
  days: z.coerce.number().int().min(1, { error: 'Au moins 1 jour.' }).max(365).optional(),
})
/** Rights ending soon of the people the user is a referent of. */
export const rightEndingSchema = z.object({
  rightId: z.uuid(),
  personId: z.uuid(),
  displayName: z.string(),
  /** Set when the right is the household's. */
  householdId: z.uuid().nullable(),
  kind: z.string(),
  kindLabel: z.string(),
  openUntil: z.string(),
})
export const rightsEndingSchema = pageOf(rightEndingSchema).extend({ days: z.number().int() })
export type RightEnding = z.infer<typeof rightEndingSchema>
