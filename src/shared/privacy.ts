import { z } from 'zod'
import { labelled } from './labelled.ts'
import {
  optionalText,
  pageOf,
  pageQuerySchema,
  pastDaySchema,
  plannedDaySchema,
  queryFlagSchema,
  textSchema,
  uuidSchema,
} from './validation.ts'

/**
 * How long Trame keeps each kind of record, from the CNIL's référentiels for social and medico-social
 * support (délibération 2021-028) and for retention in the sector (délibération 2023-095): an active
 * period, then an intermediate archive (read-only, out of lists) where a law or a proof requires it,
 * then anonymisation or deletion. The organisation may shorten or lengthen a period only between the
 * bounds below; the référentiel's period is the default.
 */
export const RETENTION_KINDS = [
  'person_file',
  'domiciliation',
  'aid_amounts',
  'register_entry',
  'alert_calls',
  'network_volunteer',
  'partner_contact',
  'report_reporter',
  'rights_requests',
  'audit_trail',
  'sessions',
] as const
export type RetentionKind = (typeof RETENTION_KINDS)[number]
export const retentionKindSchema = z.enum(RETENTION_KINDS, { error: 'Type de données inconnu.' })

export type RetentionEnd = 'anonymise' | 'delete'

export interface RetentionRuleDefinition {
  label: string
  /** What starts the active period. */
  startsAt: string
  /** Months in the active base: default (the référentiel) and the bounds the organisation may choose in. */
  active: { default: number; min: number; max: number }
  /** Months of intermediate archive afterwards (0: none). */
  archive: { default: number; min: number; max: number }
  end: RetentionEnd
  /** The text the rule comes from, shown to the organisation and in the record of processing. */
  basis: string
  /**
   * Who applies it: the nightly sweeper itself, through the person's file it belongs to, or the
   * module at the moment of the action (a register entry is deleted when the person leaves).
   */
  appliedBy: 'sweeper' | 'person_file' | 'module'
}

export const RETENTION_RULES: Record<RetentionKind, RetentionRuleDefinition> = {
  person_file: {
    label: 'Dossier de la personne et accompagnements',
    startsAt: 'le dernier contact (tout module : accueil, entretien, rencontre, aide, séjour, courrier…)',
    active: { default: 24, min: 6, max: 24 },
    archive: { default: 36, min: 0, max: 60 },
    end: 'anonymise',
    basis:
      'Référentiel CNIL accompagnement social et médico-social (délibération 2021-028) : 2 ans après le dernier contact, puis archivage intermédiaire le temps de la prescription (5 ans au plus).',
    appliedBy: 'sweeper',
  },
  domiciliation: {
    label: 'Domiciliation (élection de domicile)',
    startsAt: 'la radiation ou la fin de la domiciliation',
    active: { default: 24, min: 12, max: 36 },
    archive: { default: 36, min: 0, max: 60 },
    end: 'anonymise',
    basis:
      'CASF art. L264-1 et suivants, référentiel CNIL 2023-095 : l’historique reste consultable pour les attestations, puis suit le dossier de la personne.',
    appliedBy: 'person_file',
  },
  aid_amounts: {
    label: 'Montants des aides versées (comptabilité)',
    startsAt: 'le paiement de l’aide',
    active: { default: 24, min: 6, max: 24 },
    archive: { default: 120, min: 120, max: 120 },
    end: 'anonymise',
    basis:
      'Code de commerce art. L123-22 et règles de la comptabilité publique : les pièces comptables sont gardées 10 ans, sans le nom de la personne une fois le dossier anonymisé.',
    appliedBy: 'person_file',
  },
  register_entry: {
    label: 'Registre des personnes vulnérables',
    startsAt:
      'la sortie du registre ou la demande de la personne (le registre supprime l’inscription à l’instant)',
    active: { default: 0, min: 0, max: 0 },
    archive: { default: 0, min: 0, max: 0 },
    end: 'delete',
    basis:
      'CASF art. L121-6-1 et R121-8 : l’inscription est supprimée dès que la personne le demande ou quitte la commune.',
    appliedBy: 'module',
  },
  alert_calls: {
    label: 'Appels des plans d’alerte (canicule, grand froid)',
    startsAt: 'la clôture du plan d’alerte',
    active: { default: 3, min: 0, max: 12 },
    archive: { default: 0, min: 0, max: 0 },
    end: 'delete',
    basis:
      'CASF art. R121-8 : les données des appels ne servent que le temps de la saison ; le plan garde ses nombres (appelés, joints, signalés).',
    appliedBy: 'sweeper',
  },
  network_volunteer: {
    label: 'Bénévoles du réseau de voisins solidaires',
    startsAt:
      'la dernière activité du ou de la bénévole (connexion, besoin pris, rendu ou fait, signalement, décision de la coordination)',
    active: { default: 24, min: 6, max: 24 },
    archive: { default: 0, min: 0, max: 0 },
    end: 'anonymise',
    basis:
      'Référentiel CNIL 2023-095 : 2 ans après la dernière activité au sein du réseau ; les besoins qu’il ou elle a rendus restent comptés, sans son nom.',
    appliedBy: 'sweeper',
  },
  partner_contact: {
    label: 'Comptes des contacts de partenaires (page partenaire) désactivés',
    startsAt: 'la désactivation du compte par le CCAS',
    active: { default: 12, min: 0, max: 24 },
    archive: { default: 0, min: 0, max: 0 },
    end: 'anonymise',
    basis:
      'Référentiel CNIL 2021-028 : les comptes d’accès sont gardés le temps de l’habilitation ; les réponses du partenaire restent, sans le nom de la personne qui les a données.',
    appliedBy: 'sweeper',
  },
  report_reporter: {
    label: 'Coordonnées de l’auteur·rice d’un signalement',
    startsAt: 'la clôture du tri du signalement',
    active: { default: 3, min: 0, max: 12 },
    archive: { default: 0, min: 0, max: 0 },
    end: 'delete',
    basis:
      'Référentiel CNIL 2021-028 : les coordonnées d’un tiers ne sont gardées que le temps de traiter son signalement.',
    appliedBy: 'sweeper',
  },
  rights_requests: {
    label: 'Registre des demandes d’exercice des droits',
    startsAt: 'la réponse faite à la demande',
    active: { default: 60, min: 12, max: 72 },
    archive: { default: 0, min: 0, max: 0 },
    end: 'delete',
    basis:
      'RGPD art. 5.2 et 12 (preuve de la réponse) : la trace d’une demande est gardée le temps de la prescription, 5 ans après la réponse (6 ans au plus).',
    appliedBy: 'sweeper',
  },
  audit_trail: {
    label: 'Journal d’audit (traçabilité des accès)',
    startsAt: 'l’enregistrement de l’action',
    active: { default: 12, min: 6, max: 36 },
    archive: { default: 0, min: 0, max: 0 },
    end: 'delete',
    basis:
      'Recommandation CNIL sur la journalisation (2021) : de 6 mois à 1 an, jusqu’à 3 ans pour des données sensibles.',
    appliedBy: 'sweeper',
  },
  sessions: {
    label: 'Sessions et liens de connexion expirés',
    startsAt: 'leur expiration',
    active: { default: 0, min: 0, max: 1 },
    archive: { default: 0, min: 0, max: 0 },
    end: 'delete',
    basis: 'Sécurité des traitements (RGPD art. 32) : rien ne sert à garder une session ou un lien expiré.',
    appliedBy: 'sweeper',
  },
}

export const RETENTION_END_LABELS: Record<RetentionEnd, string> = {
  anonymise: 'Anonymisation',
  delete: 'Suppression',
}

export const retentionRuleSchema = z.object({
  kind: retentionKindSchema,
  label: z.string(),
  startsAt: z.string(),
  activeMonths: z.number().int(),
  archiveMonths: z.number().int(),
  bounds: z.object({
    active: z.object({ default: z.number(), min: z.number(), max: z.number() }),
    archive: z.object({ default: z.number(), min: z.number(), max: z.number() }),
  }),
  end: z.enum(['anonymise', 'delete']),
  basis: z.string(),
  appliedBy: z.enum(['sweeper', 'person_file', 'module']),
})
export type RetentionRule = z.infer<typeof retentionRuleSchema>
export const retentionRulesSchema = z.object({ items: z.array(retentionRuleSchema) })

const monthsSchema = z
  .number({ error: 'Indiquez un nombre de mois.' })
  .int({ error: 'Indiquez un nombre entier de mois.' })
export const retentionRuleInputSchema = z.object({ activeMonths: monthsSchema, archiveMonths: monthsSchema })
export type RetentionRuleInput = z.infer<typeof retentionRuleInputSchema>

/** The French message when a period falls outside what the law allows, or null when it is within. */
export function retentionBoundsError(
  kind: RetentionKind,
  field: 'active' | 'archive',
  months: number,
): string | null {
  const { min, max } = RETENTION_RULES[kind][field]
  if (months >= min && months <= max) return null
  const what = field === 'active' ? 'La durée en base active' : 'La durée d’archivage intermédiaire'
  return min === max
    ? `${what} est fixée par la loi à ${min} mois.`
    : `${what} doit être comprise entre ${min} et ${max} mois (règle CNIL).`
}

/** Why the sweeper archives, anonymises or deletes a record, in the DPO's words. */
export const SWEEP_REASONS = labelled({
  person_archive: 'Dossier sans contact depuis la durée en base active : archivage intermédiaire',
  person_anonymise: 'Dossier archivé dont la durée d’archivage est écoulée : anonymisation',
  report_reporter: 'Coordonnées de l’auteur·rice d’un signalement clos depuis la durée prévue : effacement',
  alert_calls:
    'Appels d’un plan d’alerte clos depuis la durée prévue : suppression (le plan garde ses nombres)',
  network_volunteer: 'Bénévoles sans activité dans le réseau depuis la durée prévue : anonymisation',
  rights_requests: 'Demandes d’exercice des droits répondues depuis la durée prévue : suppression',
  partner_contact: 'Contacts de partenaires désactivés depuis la durée prévue : anonymisation',
  sessions: 'Sessions et liens de connexion expirés : suppression',
  audit_trail: 'Lignes du journal d’audit plus anciennes que sa durée de conservation : suppression',
})
export type SweepReason = (typeof SWEEP_REASONS.values)[number]

export const sweepCountsSchema = z.object({
  person_archive: z.number().int(),
  person_anonymise: z.number().int(),
  report_reporter: z.number().int(),
  alert_calls: z.number().int(),
  network_volunteer: z.number().int(),
  /** Absent from the runs made before these rules existed. */
  rights_requests: z.number().int().default(0),
  partner_contact: z.number().int().default(0),
  sessions: z.number().int(),
  audit_trail: z.number().int(),
  /** Files the sweeper would have touched but a legal hold stopped. */
  held: z.number().int(),
})
export type SweepCounts = z.infer<typeof sweepCountsSchema>

export const sweepPreviewSchema = z.object({
  at: z.string(),
  counts: sweepCountsSchema,
})

export const sweepRunSchema = z.object({
  id: uuidSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  counts: sweepCountsSchema,
})
export const sweepRunPageSchema = pageOf(sweepRunSchema)

/** A legal hold: litigation, an ongoing request… stops the sweeper on one file until released. */
export const legalHoldInputSchema = z.object({
  /** The DPO reads no file: they name it by its number (on the request or the court's letter). */
  fileNumber: textSchema('Indiquez le numéro du dossier.')
    .trim()
    .min(1, { error: 'Indiquez le numéro du dossier.' })
    .max(40, { error: '40 caractères au plus.' }),
  reason: textSchema('Indiquez le motif de la conservation.')
    .trim()
    .min(3, { error: 'Indiquez le motif de la conservation.' })
    .max(500, { error: '500 caractères au plus.' }),
  reviewOn: plannedDaySchema,
})
export type LegalHoldInput = z.infer<typeof legalHoldInputSchema>

export const legalHoldSchema = z.object({
  id: uuidSchema,
  personId: uuidSchema,
  fileNumber: z.string(),
  reason: z.string(),
  reviewOn: z.string(),
  createdAt: z.string(),
  releasedAt: z.string().nullable(),
})
export type LegalHold = z.infer<typeof legalHoldSchema>
export const legalHoldPageSchema = pageOf(legalHoldSchema)

// The register of the persons' requests (RGPD art. 12 to 22) --------------------------------------

export const RIGHTS_REQUEST_KIND = labelled({
  access: 'Accès (art. 15)',
  rectification: 'Rectification (art. 16)',
  erasure: 'Effacement (art. 17)',
  restriction: 'Limitation (art. 18)',
  objection: 'Opposition (art. 21)',
})
export const RIGHTS_REQUEST_OUTCOME = labelled({
  granted: 'Satisfaite',
  partial: 'Satisfaite en partie',
  refused: 'Refusée',
})
/** One month to answer (art. 12.3), extended by two more months at most when the request is complex. */
export const RIGHTS_REQUEST_MONTHS = 1
export const RIGHTS_REQUEST_EXTENSION_MONTHS = 2

export const rightsRequestInputSchema = z.object({
  kind: RIGHTS_REQUEST_KIND.schema,
  receivedOn: pastDaySchema,
  /** Who asked, as on the letter (the person, their representative): the DPO's register names them. */
  requester: textSchema('Indiquez qui a fait la demande.')
    .trim()
    .min(2, { error: 'Indiquez qui a fait la demande.' })
    .max(200, { error: '200 caractères au plus.' }),
  /** The file it is about, by its number, when the person has one. */
  fileNumber: optionalText(40),
})
export type RightsRequestInput = z.infer<typeof rightsRequestInputSchema>

export const rightsRequestExtensionSchema = z.object({
  reason: textSchema('Indiquez pourquoi la réponse demande plus de temps.')
    .trim()
    .min(3, { error: 'Indiquez pourquoi la réponse demande plus de temps.' })
    .max(500, { error: '500 caractères au plus.' }),
})

export const rightsRequestAnswerSchema = z.object({
  answeredOn: pastDaySchema,
  outcome: RIGHTS_REQUEST_OUTCOME.schema,
  /** Why it was refused or only partly granted (a social worker's assessment kept, a legal obligation…). */
  note: optionalText(1000),
})
export type RightsRequestAnswer = z.infer<typeof rightsRequestAnswerSchema>

export const rightsRequestQuerySchema = pageQuerySchema.extend({ open: queryFlagSchema })

export const rightsRequestSchema = z.object({
  id: uuidSchema,
  kind: z.string(),
  receivedOn: z.string(),
  requester: z.string(),
  fileNumber: z.string().nullable(),
  /** The legal deadline: a month after receipt, or the extended one. */
  dueOn: z.string(),
  extended: z.boolean(),
  extensionReason: z.string().nullable(),
  answeredOn: z.string().nullable(),
  outcome: z.string().nullable(),
  note: z.string().nullable(),
  /** Not answered and past its deadline. */
  late: z.boolean(),
})
export type RightsRequest = z.infer<typeof rightsRequestSchema>
export const rightsRequestPageSchema = pageOf(rightsRequestSchema)

/**
 * Watching access: an alert when a user reads more distinct persons' files in an hour than the
 * organisation's threshold, computed from the audit trail every hour. It names the reader and the
 * counts, never the persons read (the DPO finds them in the audit trail if needed).
 */
export const READING_ALERT_DEFAULT_FILES_PER_HOUR = 40
export const readingAlertSettingsSchema = z.object({
  filesPerHour: z
    .number({ error: 'Indiquez un nombre de dossiers.' })
    .int({ error: 'Indiquez un nombre entier de dossiers.' })
    .min(5, { error: 'Le seuil doit être d’au moins 5 dossiers par heure.' })
    .max(1000, { error: 'Le seuil doit être de 1 000 dossiers par heure au plus.' }),
})
export type ReadingAlertSettings = z.infer<typeof readingAlertSettingsSchema>

export const readingAlertSchema = z.object({
  id: uuidSchema,
  userId: uuidSchema,
  userName: z.string(),
  hourStart: z.string(),
  distinctFiles: z.number().int(),
  threshold: z.number().int(),
})
export type ReadingAlert = z.infer<typeof readingAlertSchema>
export const readingAlertPageSchema = pageOf(readingAlertSchema).extend({ filesPerHour: z.number().int() })
export type ReadingAlertPage = z.infer<typeof readingAlertPageSchema>
