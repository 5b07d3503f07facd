import { z } from 'zod'
import { labelled } from './labelled.ts'
import {
  isoDateSchema,
  optionalText,
  pastDateTimeSchema,
  queryFlagSchema,
  textSchema,
  uuidSchema,
} from './validation.ts'

export const CONTACT_CHANNEL = labelled({
  walk_in: 'Passage à l’accueil',
  phone: 'Téléphone (numéro unique)',
  email: 'E-mail',
  letter: 'Courrier',
  outreach: 'Aller-vers',
  /** A home visit of a follow-up interview counts as a contact (passage) of the team. */
  home_visit: 'Visite à domicile',
  partner_referral: 'Orientation d’un partenaire',
  citizen_report: 'Signalement d’un habitant',
  municipal_police: 'Police municipale',
})
export type ContactChannel = keyof typeof CONTACT_CHANNEL.labels

/** The reasons an organisation starts with; it renames, reorders or deactivates them. */
export const DEFAULT_CONTACT_REASONS = [
  'Accès aux droits',
  'Logement, hébergement',
  'Alimentation',
  'Énergie',
  'Santé',
  'Emploi',
  'Isolement',
  'Démarches administratives',
  'Autre',
]

export const contactInputSchema = z
  .object({
    /** Defaults to now: the agent logs what is happening at the desk. */
    occurredAt: pastDateTimeSchema.optional(),
    channel: CONTACT_CHANNEL.schema,
    siteId: uuidSchema.nullable().optional(),
    teamId: uuidSchema.nullable().optional(),
    /** Absent for an anonymous contact. */
    personId: uuidSchema.nullable().optional(),
    /** "Femme, ~40 ans, appel pour un voisin": what the agent knows of an anonymous caller. */
    anonymousDescription: optionalText(300),
    reasonIds: z.array(uuidSchema).max(20).default([]),
    note: optionalText(4000),
    orientationTeamId: uuidSchema.nullable().optional(),
    orientationPartnerServiceId: uuidSchema.nullable().optional(),
    /** Puts the contact in the team's follow-up queue. */
    followUp: z.boolean().default(false),
  })
  .refine((c) => !c.followUp || c.teamId, {
    error: 'Choisissez l’équipe qui assurera le suivi.',
    path: ['teamId'],
  })
export type ContactInput = z.infer<typeof contactInputSchema>

/** What can change on a logged contact: who it was, the note, the orientation, the follow-up. */
export const contactUpdateSchema = z.object({
  personId: uuidSchema.nullable().optional(),
  anonymousDescription: optionalText(300),
  note: optionalText(4000),
  orientationTeamId: uuidSchema.nullable().optional(),
  orientationPartnerServiceId: uuidSchema.nullable().optional(),
  assignedTo: uuidSchema.nullable().optional(),
  followUpStatus: z.enum(['pending', 'done'], { error: 'Statut de suivi invalide.' }).nullable().optional(),
  followUpNote: optionalText(2000),
})

export const contactSchema = z.object({
  id: z.uuid(),
  occurredAt: z.iso.datetime({ offset: true }),
  channel: z.string(),
  siteId: z.uuid().nullable(),
  teamId: z.uuid().nullable(),
  personId: z.uuid().nullable(),
  /** Null when the person's file is out of the reader's reach (confidential team). */
  personName: z.string().nullable(),
  anonymousDescription: z.string().nullable(),
  reasonIds: z.array(z.uuid()),
  /** Null for readers outside the contact's team (see `noteRestricted`). */
  note: z.string().nullable(),
  /** A note exists but is for the contact's team, its author and the director. */
  noteRestricted: z.boolean(),
  orientationTeamId: z.uuid().nullable(),
  orientationPartnerServiceId: z.uuid().nullable(),
  orientationPartnerServiceName: z.string().nullable(),
  followUpStatus: z.enum(['pending', 'done']).nullable(),
  assignedTo: z.uuid().nullable(),
  assignedToName: z.string().nullable(),
  followUpNote: z.string().nullable(),
  doneAt: z.iso.datetime({ offset: true }).nullable(),
  createdBy: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
})
export type Contact = z.infer<typeof contactSchema>

export const contactListQuerySchema = z.object({
  personId: uuidSchema.optional(),
  teamId: uuidSchema.optional(),
  /** Pending follow-ups only: the team's queue. */
  queue: queryFlagSchema,
  assignedToMe: queryFlagSchema,
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export const contactListSchema = z.object({ items: z.array(contactSchema) })

export const contactReasonSchema = z.object({
  id: z.uuid(),
  label: z.string(),
  active: z.boolean(),
})
export const contactReasonListSchema = z.object({ items: z.array(contactReasonSchema) })
export const contactReasonsInputSchema = z.object({
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
    .min(1, { error: 'Gardez au moins un motif.' })
    .max(60)
    .refine((items) => new Set(items.map((i) => i.label.toLowerCase())).size === items.length, {
      error: 'Deux motifs portent le même libellé.',
    }),
})

export const COUNT_DIMENSION = labelled({
  month: 'Mois',
  year: 'Année',
  site: 'Site',
  team: 'Équipe',
  channel: 'Canal',
  reason: 'Motif',
})
export type CountDimension = keyof typeof COUNT_DIMENSION.labels

export const contactCountsQuerySchema = z
  .object({
    from: isoDateSchema,
    to: isoDateSchema,
    siteId: uuidSchema.optional(),
    teamId: uuidSchema.optional(),
    channel: CONTACT_CHANNEL.schema.optional(),
    reasonId: uuidSchema.optional(),
    /** Comma-separated dimensions, e.g. `month,team,reason`. */
    groupBy: textSchema()
      .max(200)
      .default('')
      .transform((value) => value.split(',').filter(Boolean))
      .pipe(z.array(COUNT_DIMENSION.schema).max(3, { error: 'Trois regroupements au plus.' })),
  })
  .refine((q) => q.from <= q.to, { error: 'La date de début doit précéder la date de fin.', path: ['from'] })

export const contactCountsSchema = z.object({
  /** Contacts in the period matching the filters (a contact with two reasons counts once). */
  total: z.number().int(),
  rows: z.array(
    z.object({
      /** One value per dimension of `groupBy`, in order: a month `2017-03`, an id, a channel… */
      keys: z.array(z.string().nullable()),
      labels: z.array(z.string()),
      contacts: z.number().int(),
    }),
  ),
})
export type ContactCounts = z.infer<typeof contactCountsSchema>
