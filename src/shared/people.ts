import { z } from 'zod'
import { isoDateSchema, uuidSchema } from './validation.ts'

/**
 * The core of a person's file. The people module grows this (households, search, merge…); the
 * foundation needs enough to audit reads and to apply team confidentiality.
 */
const optionalText = z.string().trim().max(200).nullable().optional()

export const personCreateSchema = z
  .object({
    lastName: optionalText.describe('Nom de naissance'),
    usageName: optionalText.describe("Nom d'usage"),
    firstNames: optionalText.describe('Prénoms'),
    birthDate: isoDateSchema.nullable().optional(),
    /** For people met in the street who give no name: "homme, ~25 ans". */
    description: optionalText,
    /** The team that holds the file; a confidential team restricts who sees it. */
    teamId: uuidSchema.nullable().optional(),
  })
  .refine((p) => Boolean(p.lastName || p.firstNames || p.usageName || p.description), {
    error: 'Indiquez au moins un nom, un prénom ou une description.',
    path: ['lastName'],
  })
export const personUpdateSchema = z.object({
  lastName: optionalText,
  usageName: optionalText,
  firstNames: optionalText,
  birthDate: isoDateSchema.nullable().optional(),
  description: optionalText,
  teamId: uuidSchema.nullable().optional(),
})

export const personSchema = z.object({
  id: z.uuid(),
  fileNumber: z.string(),
  lastName: z.string().nullable(),
  usageName: z.string().nullable(),
  firstNames: z.string().nullable(),
  birthDate: z.string().nullable(),
  description: z.string().nullable(),
  teamId: z.uuid().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
})
export type Person = z.infer<typeof personSchema>
/** What the agent has typed so far in the creation form: enough to warn of a likely existing file. */
export const likelyDuplicatesQuerySchema = z.object({
  lastName: z.string().trim().max(200).optional(),
  firstNames: z.string().trim().max(200).optional(),
  birthDate: isoDateSchema.optional(),
})

export const personListQuerySchema = z.object({ q: z.string().trim().max(200).optional() })
export const personListSchema = z.object({ items: z.array(personSchema) })

export function personDisplayName(p: Pick<Person, 'lastName' | 'usageName' | 'firstNames' | 'description'>) {
  const last = p.usageName || p.lastName
  const name = [last?.toUpperCase(), p.firstNames].filter(Boolean).join(' ')
  return name || p.description || 'Personne sans nom'
}
