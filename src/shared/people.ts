import { z } from 'zod'
import { labelled } from './labelled.ts'

export { personDisplayName } from './person-name.ts'

import { PERSON_SECTION } from './person-sections.ts'
import {
  dayBetween,
  emailSchema,
  isoDateSchema,
  optionalText,
  pageOf,
  pageQuerySchema,
  pastDaySchema,
  queryFlagSchema,
  textSchema,
  uuidSchema,
} from './validation.ts'

export const SEX = labelled({ female: 'Femme', male: 'Homme', other: 'Autre' })
export const NATIONALITY_GROUP = labelled({
  french: 'Française',
  eu: 'Union européenne',
  non_eu: 'Hors Union européenne',
})
export const HOUSING_SITUATION = labelled({
  owner: 'Propriétaire',
  tenant: 'Locataire',
  hosted_family: 'Hébergé·e par la famille ou des proches',
  hotel: 'Hôtel',
  shelter: "Centre d'hébergement",
  squat: 'Squat',
  street: 'Rue',
  car: 'Véhicule',
  other: 'Autre',
})
export const HEALTH_COVER = labelled({
  none: 'Aucune',
  basic: 'Assurance maladie de base seulement',
  complementary: 'Base et complémentaire',
})
export const RESOURCE_KIND = labelled({
  salary: 'Salaire',
  rsa: 'RSA',
  aah: 'AAH',
  pension: 'Retraite, pension',
  family_allowances: 'Prestations familiales',
  unemployment: 'Allocation chômage',
  other: 'Autre ressource',
  none: 'Aucune ressource',
})
export const FAMILY_SITUATION = labelled({
  single: 'Célibataire',
  couple: 'En couple',
  married: 'Marié·e',
  pacs: 'Pacsé·e',
  separated: 'Séparé·e',
  divorced: 'Divorcé·e',
  widowed: 'Veuf·ve',
})
export const LEGAL_PROTECTION = labelled({
  safeguard: 'Sauvegarde de justice',
  curatorship: 'Curatelle',
  reinforced_curatorship: 'Curatelle renforcée',
  guardianship: 'Tutelle',
  family_authorisation: 'Habilitation familiale',
  masp: 'MASP (accompagnement social personnalisé)',
  maj: 'MAJ (accompagnement judiciaire)',
})
export const REFERRAL_SOURCE = labelled({
  spontaneous: 'Démarche spontanée',
  elected_official: 'Élu·e',
  departement: 'Département',
  association: 'Association',
  third_party_report: "Signalement d'un tiers",
  outreach: 'Aller-vers',
  other: 'Autre',
})
export const PERSON_STATUS = labelled({
  active: 'Actif',
  inactive: 'Inactif',
  archived: 'Archivé',
  deceased: 'Décédé·e',
})
export const HOUSEHOLD_RELATIONSHIP = labelled({
  head: 'Référent·e du foyer',
  spouse: 'Conjoint·e',
  child: 'Enfant',
  parent: 'Parent',
  other: 'Autre',
})
export const CONSENT_SCOPE = labelled({
  data_processing: 'Traitement de ses données par le CCAS',
  partner_sharing: 'Partage avec les partenaires de son accompagnement',
  contact_by_message: 'Être contacté·e par SMS ou e-mail',
})

export const phoneSchema = textSchema()
  .trim()
  .regex(/^\+?[0-9 .()-]{6,25}$/, { error: 'Numéro de téléphone invalide.' })

/**
 * French social security number (NIR): 13 characters and a 2-digit key, Corsica as 2A/2B.
 * The key is checked so that a typo is caught at the desk, not months later at the CPAM.
 */
export const socialSecurityNumberSchema = textSchema()
  .transform((value) => value.replace(/[\s.-]/g, '').toUpperCase())
  .refine(
    (value) => {
      const match = /^([12378]\d{4}(?:\d{2}|2A|2B)\d{6})(\d{2})$/.exec(value)
      if (!match?.[1] || !match[2]) return false
      const digits = match[1].replace('2A', '19').replace('2B', '18')
      return 97 - Number(BigInt(digits) % 97n) === Number(match[2])
    },
    { error: 'Numéro de sécurité sociale invalide (15 caractères, clé comprise).' },
  )

export const resourceSchema = z.object({
  kind: RESOURCE_KIND.schema,
  monthlyCents: z
    .number({ error: 'Montant invalide.' })
    .int({ error: 'Montant en centimes entiers.' })
    .min(0, { error: 'Le montant ne peut pas être négatif.' })
    .max(100_000_00, { error: 'Montant trop élevé.' }),
})
export const relativeSchema = z.object({
  name: textSchema().trim().min(1, { error: 'Indiquez un nom.' }).max(200),
  relationship: optionalText(100),
  phone: phoneSchema.nullable().optional(),
  caregiver: z.boolean().default(false),
})

/** Every field of a file; all optional, but a file needs a name or a description. */
const personFields = {
  lastName: optionalText().describe('Nom de naissance'),
  usageName: optionalText().describe("Nom d'usage"),
  firstNames: optionalText().describe('Prénoms'),
  aliases: z.array(textSchema().trim().min(1).max(100)).max(20).optional().describe('Surnoms, alias'),
  /** For people met in the street who give no name: "homme, ~25 ans". */
  description: optionalText(),
  sex: SEX.schema.nullable().optional(),
  birthDate: dayBetween('1900-01-01', 0, 'La date de naissance ne peut pas être dans le futur.')
    .nullable()
    .optional(),
  approximateAge: z
    .number({ error: 'Âge invalide.' })
    .int()
    .min(0, { error: 'Âge invalide.' })
    .max(120, { error: 'Âge invalide.' })
    .nullable()
    .optional(),
  birthPlace: optionalText(),
  nationalityGroup: NATIONALITY_GROUP.schema.nullable().optional(),
  languages: z.array(textSchema().trim().min(1).max(50)).max(10).optional(),
  phone: phoneSchema.nullable().optional(),
  email: emailSchema.nullable().optional(),
  address: optionalText(),
  postalCode: textSchema()
    .trim()
    .regex(/^(\d{5})?$/, { error: 'Code postal sur 5 chiffres.' })
    .transform((value) => value || null)
    .nullable()
    .optional(),
  city: optionalText(100),
  housingSituation: HOUSING_SITUATION.schema.nullable().optional(),
  cafNumber: textSchema()
    .trim()
    .regex(/^\d{0,10}$/, { error: "Numéro d'allocataire CAF : 10 chiffres au plus." })
    .transform((value) => value || null)
    .nullable()
    .optional(),
  healthCover: HEALTH_COVER.schema.nullable().optional(),
  socialSecurityNumber: socialSecurityNumberSchema.nullable().optional(),
  resources: z.array(resourceSchema).max(20).optional(),
  familySituation: FAMILY_SITUATION.schema.nullable().optional(),
  gir: z
    .number({ error: 'GIR entre 1 et 6.' })
    .int()
    .min(1, { error: 'GIR entre 1 et 6.' })
    .max(6, { error: 'GIR entre 1 et 6.' })
    .nullable()
    .optional(),
  legalProtection: LEGAL_PROTECTION.schema.nullable().optional(),
  legalRepresentative: optionalText(),
  referralSource: REFERRAL_SOURCE.schema.nullable().optional(),
  relatives: z.array(relativeSchema).max(20).optional(),
  referentIds: z.array(uuidSchema).max(10).optional(),
  tags: z.array(textSchema().trim().min(1).max(50)).max(20).optional(),
  status: PERSON_STATUS.schema.optional(),
  /** The team that holds the file; a confidential team restricts who sees it. */
  teamId: uuidSchema.nullable().optional(),
}

export const personCreateSchema = z
  .object(personFields)
  .refine((p) => Boolean(p.lastName || p.firstNames || p.usageName || p.description || p.aliases?.length), {
    error: 'Indiquez au moins un nom, un prénom, un surnom ou une description.',
    path: ['lastName'],
  })
export const personUpdateSchema = z.object({
  ...personFields,
  /**
   * The `updatedAt` of the file as the form loaded it: if someone saved the file since, the change is
   * refused (409 EDIT_CONFLICT) rather than silently overwriting theirs. Without it, the last write wins.
   */
  expectedUpdatedAt: z.iso.datetime({ offset: true }).optional(),
})
export type PersonInput = z.infer<typeof personUpdateSchema>

/**
 * A person's file as one reader gets it: only the fields of the sections their roles read
 * (`shared/person-sections.ts`), listed in `sections`. Absent means not readable, null means empty.
 */
export const personSchema = z.object({
  sections: z.array(PERSON_SECTION.schema),
  id: z.uuid(),
  fileNumber: z.string(),
  lastName: z.string().nullable().optional(),
  usageName: z.string().nullable().optional(),
  firstNames: z.string().nullable().optional(),
  aliases: z.array(z.string()).optional(),
  description: z.string().nullable().optional(),
  sex: z.string().nullable().optional(),
  birthDate: z.string().nullable().optional(),
  approximateAge: z.number().nullable().optional(),
  birthPlace: z.string().nullable().optional(),
  nationalityGroup: z.string().nullable().optional(),
  languages: z.array(z.string()).optional(),
  phone: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  address: z.string().nullable().optional(),
  postalCode: z.string().nullable().optional(),
  city: z.string().nullable().optional(),
  housingSituation: z.string().nullable().optional(),
  cafNumber: z.string().nullable().optional(),
  healthCover: z.string().nullable().optional(),
  /** Present only for those allowed to read it (social workers, the director). */
  socialSecurityNumber: z.string().nullable().optional(),
  resources: z.array(resourceSchema).optional(),
  familySituation: z.string().nullable().optional(),
  gir: z.number().nullable().optional(),
  legalProtection: z.string().nullable().optional(),
  legalRepresentative: z.string().nullable().optional(),
  referralSource: z.string().nullable().optional(),
  relatives: z.array(relativeSchema).optional(),
  referentIds: z.array(z.uuid()).optional(),
  tags: z.array(z.string()).optional(),
  status: z.string().optional(),
  teamId: z.uuid().nullable().optional(),
  /** Set when this file was merged into another: open that one instead. */
  mergedIntoId: z.uuid().nullable(),
  /**
   * Set when the retention sweeper archived the file (no contact for the active period): it is then
   * read-only until reactivated; `anonymisedAt` once its identity was erased for good.
   */
  archive: z
    .object({
      archivedAt: z.iso.datetime({ offset: true }),
      lastContactAt: z.iso.datetime({ offset: true }),
      anonymisedAt: z.iso.datetime({ offset: true }).nullable(),
    })
    .nullable()
    .optional(),
  household: z.object({ id: z.uuid(), relationship: z.string(), size: z.number().int() }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
})
export type Person = z.infer<typeof personSchema>

/** Where a search found a name in a file, and how the page says it. */
export const SEARCH_MATCH_FIELDS = ['lastName', 'usageName', 'firstNames', 'alias', 'description'] as const
export const SEARCH_MATCH_LABELS: Record<(typeof SEARCH_MATCH_FIELDS)[number], string> = {
  lastName: 'nom de naissance',
  usageName: 'nom d’usage',
  firstNames: 'prénom',
  alias: 'surnom',
  description: 'description',
}

/** One line of a search: enough to recognise the person, with their household and last contact. */
export const personSummarySchema = z.object({
  id: z.uuid(),
  fileNumber: z.string(),
  lastName: z.string().nullable(),
  usageName: z.string().nullable(),
  firstNames: z.string().nullable(),
  aliases: z.array(z.string()),
  description: z.string().nullable(),
  birthDate: z.string().nullable(),
  approximateAge: z.number().nullable(),
  /** For readers of the contact section. */
  phone: z.string().nullable().optional(),
  status: z.string(),
  householdSize: z.number().int().nullable(),
  lastActivityAt: z.iso.datetime({ offset: true }).nullable(),
  /** In a search: the names that answered it, and what was typed that nothing in the file answers. */
  match: z
    .object({
      names: z.array(z.object({ field: z.enum(SEARCH_MATCH_FIELDS), value: z.string() })),
      unmatched: z.array(z.string()),
    })
    .nullable(),
})
export type PersonSummary = z.infer<typeof personSummarySchema>

/** What the agent has typed so far in the creation form: enough to warn of a likely existing file. */
export const likelyDuplicatesQuerySchema = z.object({
  lastName: textSchema().trim().max(200).optional(),
  firstNames: textSchema().trim().max(200).optional(),
  birthDate: isoDateSchema.optional(),
  phone: textSchema().trim().max(30).optional(),
})

/** Why two files may be the same person, in the base-wide list of likely duplicates. */
export const DUPLICATE_REASON = labelled({
  same_names: 'Mêmes nom et prénoms',
  close_names: 'Noms proches',
  sounds_alike: 'Nom de même prononciation',
  same_birth_date: 'Même date de naissance',
  same_phone: 'Même numéro de téléphone',
})
/** Two files that may be the same person: the older first (the one a merge keeps by default). */
export const duplicatePairSchema = z.object({
  kept: personSummarySchema,
  duplicate: personSummarySchema,
  reasons: z.array(DUPLICATE_REASON.schema),
  score: z.number(),
})
export type DuplicatePair = z.infer<typeof duplicatePairSchema>
export const duplicatePairListSchema = pageOf(duplicatePairSchema)
/** « Ce ne sont pas les mêmes personnes » : the two files of a pair, in either order. */
export const duplicateDismissInputSchema = z
  .object({
    personIds: z
      .array(uuidSchema, { error: 'Indiquez les deux dossiers.' })
      .length(2, { error: 'Indiquez les deux dossiers.' }),
  })
  .refine((input) => input.personIds[0] !== input.personIds[1], {
    error: 'Choisissez deux dossiers différents.',
    path: ['personIds'],
  })
/** A pair set aside from the likely duplicates, with who did it and when; undoing brings it back. */
export const duplicateDismissalSchema = z.object({
  id: z.uuid(),
  people: z.array(personSummarySchema),
  dismissedAt: z.iso.datetime({ offset: true }),
  dismissedBy: z.string(),
})
export type DuplicateDismissal = z.infer<typeof duplicateDismissalSchema>
export const duplicateDismissalListSchema = pageOf(duplicateDismissalSchema)

export const personListQuerySchema = z.object({
  q: textSchema().trim().max(200).optional(),
  /** Archived files are out of searches unless asked for, by those who may reactivate one. */
  includeArchived: queryFlagSchema,
})
export const personListSchema = z.object({ items: z.array(personSummarySchema) })
/** A search's first files, best first, and how many files answer everything typed (up to 10,000). */
export const personSearchSchema = personListSchema.extend({ total: z.number().int() })

// Households ---------------------------------------------------------------------------------

/** A member the household's form creates: the minimal identity of a new file. */
export const householdNewMemberSchema = z
  .object({
    lastName: personFields.lastName,
    firstNames: personFields.firstNames,
    birthDate: personFields.birthDate,
    sex: personFields.sex,
  })
  .refine((p) => Boolean(p.lastName || p.firstNames), {
    error: 'Indiquez au moins un nom ou un prénom.',
    path: ['lastName'],
  })
/** An existing file (`personId`) or a new one (`newPerson`), created with the household. */
export const householdMemberInputSchema = z
  .object({
    personId: uuidSchema.optional(),
    newPerson: householdNewMemberSchema.optional(),
    relationship: HOUSEHOLD_RELATIONSHIP.schema,
    disabled: z.boolean().default(false),
  })
  .refine((m) => (m.personId === undefined) !== (m.newPerson === undefined), {
    error: 'Choisissez une personne existante ou indiquez l’identité de la nouvelle.',
    path: ['personId'],
  })
export const householdInputSchema = z.object({
  address: optionalText(),
  postalCode: personFields.postalCode,
  city: optionalText(100),
  /** Resources of the household not tied to one member (housing benefit paid to the household…). */
  otherResources: z.array(resourceSchema).max(20).default([]),
  /** When the organisation's rule does not fit this household, the agent sets the shares. */
  sharesOverride: z
    .number({ error: 'Nombre de parts invalide.' })
    .multipleOf(0.5, { error: 'Nombre de parts par demi-part.' })
    .min(1, { error: 'Au moins une part.' })
    .max(20)
    .nullable()
    .default(null),
  members: z
    .array(householdMemberInputSchema)
    .min(1, { error: 'Un foyer compte au moins une personne.' })
    .max(30)
    .refine(
      (members) => {
        const ids = members.flatMap((m) => (m.personId ? [m.personId] : []))
        return new Set(ids).size === ids.length
      },
      {
        error: 'Une personne figure deux fois dans le foyer.',
      },
    ),
})
export type HouseholdInput = z.infer<typeof householdInputSchema>

/** Address for readers of the contact section, resources for readers of the resources section. */
export const householdSchema = z.object({
  id: z.uuid(),
  address: z.string().nullable().optional(),
  postalCode: z.string().nullable().optional(),
  city: z.string().nullable().optional(),
  otherResources: z.array(resourceSchema).optional(),
  sharesOverride: z.number().nullable().optional(),
  members: z.array(
    z.object({
      personId: z.uuid(),
      relationship: z.string(),
      disabled: z.boolean(),
      displayName: z.string(),
      birthDate: z.string().nullable(),
      approximateAge: z.number().nullable(),
      monthlyResourcesCents: z.number().int().optional(),
    }),
  ),
  /** Members' resources plus the household's own, per month. */
  monthlyResourcesCents: z.number().int().optional(),
})
export type Household = z.infer<typeof householdSchema>

// Consents, merges ------------------------------------------------------------------------------

export const consentInputSchema = z.object({
  scope: CONSENT_SCOPE.schema,
  given: z.boolean(),
  givenOn: pastDaySchema,
  note: optionalText(500),
})
export const consentSchema = z.object({
  id: z.uuid(),
  scope: z.string(),
  given: z.boolean(),
  givenOn: z.string(),
  note: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.iso.datetime({ offset: true }),
})
export const consentListSchema = z.object({ items: z.array(consentSchema) })

export const mergeInputSchema = z.object({
  /** The file that disappears into the kept one. */
  mergedPersonId: uuidSchema,
  /** Fields of the kept file to take from the merged one (the agent ticks them on the merge screen). */
  takeFields: z.array(textSchema().max(100)).max(40).default([]),
})
export const mergeSchema = z.object({
  id: z.uuid(),
  keptPersonId: z.uuid(),
  mergedPersonId: z.uuid(),
  mergedAt: z.iso.datetime({ offset: true }),
  mergedBy: z.string(),
  undoneAt: z.iso.datetime({ offset: true }).nullable(),
})
export const mergeListSchema = z.object({ items: z.array(mergeSchema) })

/** Fields a merge may copy from the merged file onto the kept one. */
export const MERGEABLE_FIELDS = [
  'lastName',
  'usageName',
  'firstNames',
  'sex',
  'birthDate',
  'approximateAge',
  'birthPlace',
  'nationalityGroup',
  'phone',
  'email',
  'address',
  'postalCode',
  'city',
  'housingSituation',
  'cafNumber',
  'healthCover',
  'familySituation',
  'gir',
  'legalProtection',
  'legalRepresentative',
  'referralSource',
] as const

// Timeline ------------------------------------------------------------------------------------

export const timelineEntrySchema = z.object({
  /** Which module recorded it, e.g. "contact". */
  kind: z.string(),
  kindLabel: z.string(),
  id: z.uuid(),
  at: z.iso.datetime({ offset: true }),
  title: z.string(),
  detail: z.string().nullable(),
  /** The file it was recorded on (differs from the open file when a merged file's record shows). */
  personId: z.uuid(),
})
export type TimelineEntry = z.infer<typeof timelineEntrySchema>
/** Newest first, one page at a time, optionally one module's records only. */
export const timelineQuerySchema = pageQuerySchema.extend({
  kind: textSchema().max(50).optional(),
  pageSize: pageQuerySchema.shape.pageSize.default(30),
})
export const timelineSchema = pageOf(timelineEntrySchema).extend({
  /** The modules that recorded something about the person, with how many records each: the filter. */
  kinds: z.array(z.object({ kind: z.string(), label: z.string(), count: z.number().int() })),
})

/**
 * Why someone allowed to reactivate opens an archived file: asked before it shows, kept in the audit
 * trail with the reading. A list, not a free text: the trail holds no personal data.
 */
export const ARCHIVE_READ_REASON = labelled({
  person_returned: 'La personne est revenue ou a repris contact',
  rights_request: 'Demande de la personne (accès, rectification, effacement…)',
  certificate: 'Attestation ou justificatif demandé pour la personne',
  legal_request: 'Réquisition judiciaire ou contentieux',
})
export type ArchiveReadReason = (typeof ARCHIVE_READ_REASON.values)[number]
export const archiveReadQuerySchema = z.object({
  reason: z.enum(ARCHIVE_READ_REASON.values, { error: 'Choisissez le motif de la consultation.' }).optional(),
})
