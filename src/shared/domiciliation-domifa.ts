import { z } from 'zod'
import { DOMICILIATION_STATUS } from './domiciliation.ts'
import { labelled } from './labelled.ts'
import type { Action } from './permissions.ts'

// Moving between Trame and DomiFa: the import of DomiFa's layout, the export of the domiciled people
// and the yearly activity report for the prefecture.

/** DomiFa's import layout, column by column, in its order; ayants droit follow in groups of 4. */
export const DOMIFA_COLUMNS = [
  { key: 'customId', label: 'Identifiant personnalisé' },
  { key: 'civility', label: 'Civilité' },
  { key: 'lastName', label: 'Nom' },
  { key: 'firstNames', label: 'Prénom' },
  { key: 'alias', label: 'Surnom' },
  { key: 'birthDate', label: 'Date de naissance' },
  { key: 'birthPlace', label: 'Lieu de naissance' },
  { key: 'phone', label: 'Téléphone' },
  { key: 'email', label: 'E-mail' },
  { key: 'status', label: 'Statut' },
  { key: 'refusalMotif', label: 'Motif de refus' },
  { key: 'radiationMotif', label: 'Motif de radiation' },
  { key: 'kind', label: 'Type de demande' },
  { key: 'startOn', label: 'Date de début' },
  { key: 'endOn', label: 'Date de fin' },
  { key: 'firstDomiciledOn', label: 'Date de 1re domiciliation' },
  { key: 'lastContactOn', label: 'Date de dernier passage' },
  { key: 'orientation', label: 'Orientation' },
  { key: 'orientationDetails', label: 'Orientation (détails)' },
  { key: 'existingDomiciliation', label: 'Domiciliation existante' },
  { key: 'income', label: 'Revenus' },
  { key: 'incomeDetails', label: 'Revenus (détails)' },
  { key: 'linkWithCommune', label: 'Lien avec la commune' },
  { key: 'householdComposition', label: 'Composition du ménage' },
  { key: 'residentialSituation', label: 'Situation résidentielle' },
  { key: 'residentialDetails', label: 'Situation résidentielle (détails)' },
  { key: 'instabilityCause', label: 'Cause de l’instabilité' },
  { key: 'instabilityDetails', label: 'Cause de l’instabilité (détails)' },
  { key: 'requestReason', label: 'Raison de la demande' },
  { key: 'requestDetails', label: 'Raison de la demande (détails)' },
  { key: 'support', label: 'Accompagnement' },
  { key: 'supportDetails', label: 'Accompagnement (détails)' },
  { key: 'comments', label: 'Commentaires' },
] as const
export type DomifaColumnKey = (typeof DOMIFA_COLUMNS)[number]['key']

/** The 4 columns of each ayant droit after the fixed ones. */
export const DOMIFA_BENEFICIARY_COLUMNS = [
  { key: 'lastName', label: 'Nom' },
  { key: 'firstNames', label: 'Prénom' },
  { key: 'birthDate', label: 'Date de naissance' },
  { key: 'relationship', label: 'Lien de parenté' },
] as const

/** The French label of column `index` (0-based) of the layout, ayants droit numbered from 1. */
export function domifaColumnLabel(index: number) {
  const fixed = DOMIFA_COLUMNS[index]
  if (fixed) return fixed.label
  const offset = index - DOMIFA_COLUMNS.length
  const group = Math.floor(offset / 4) + 1
  return `Ayant droit ${group} : ${DOMIFA_BENEFICIARY_COLUMNS[offset % 4]!.label.toLowerCase()}`
}

export const DOMICILIATION_IMPORT_STATUS = labelled({
  checking: 'Vérification du fichier',
  invalid: 'Fichier à corriger',
  valid: 'Prêt à importer',
  importing: 'Import en cours',
  done: 'Import terminé',
  failed: 'Import interrompu',
})

export const importCellErrorSchema = z.object({
  /** The line in the spreadsheet (the header is line 1). */
  row: z.number().int(),
  column: z.string(),
  value: z.string(),
  message: z.string(),
})
export type ImportCellError = z.infer<typeof importCellErrorSchema>

export const domiciliationImportSchema = z.object({
  id: z.uuid(),
  status: DOMICILIATION_IMPORT_STATUS.schema,
  fileName: z.string(),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  /** Rows whose person is already a file of Trame (the duplicate check), and rows that create one. */
  matchedPeople: z.number().int(),
  newPeople: z.number().int(),
  /** Rows already imported before (same DomiFa identifier): skipped. */
  alreadyImported: z.number().int(),
  createdPeople: z.number().int(),
  errorCount: z.number().int(),
  /** The first errors, in the file's order. */
  errors: z.array(importCellErrorSchema),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
})
export type DomiciliationImport = z.infer<typeof domiciliationImportSchema>

/** How many errors an import keeps to show: enough to fix a file, not a copy of it. */
export const IMPORT_ERRORS_SHOWN = 200

export const domiciliationExportQuerySchema = z.object({
  status: z.enum(['in_force', ...DOMICILIATION_STATUS.values]).default('in_force'),
  format: z.enum(['csv', 'xlsx']).default('csv'),
})

const yearSchema = z.coerce
  .number({ error: 'Année invalide.' })
  .int({ error: 'Année invalide.' })
  .min(2000, { error: 'Année invalide.' })
  .max(2100, { error: 'Année invalide.' })
export const reportQuerySchema = z.object({ year: yearSchema })
export const reportFileQuerySchema = z.object({ year: yearSchema, format: z.enum(['csv', 'xlsx']) })

/** Who reads the yearly report (counts only): those who work in domiciliation and those who read indicators. */
export const DOMICILIATION_REPORT_READERS = [
  'domiciliation.read',
  'indicators.read',
] as const satisfies readonly Action[]

export const AGE_BAND = labelled({
  under_18: 'Moins de 18 ans',
  '18_24': '18 à 24 ans',
  '25_34': '25 à 34 ans',
  '35_49': '35 à 49 ans',
  '50_64': '50 à 64 ans',
  '65_plus': '65 ans et plus',
  unknown: 'Âge non renseigné',
})
export type AgeBand = keyof typeof AGE_BAND.labels

export function ageBandOf(age: number | null): AgeBand {
  if (age === null) return 'unknown'
  if (age < 18) return 'under_18'
  if (age < 25) return '18_24'
  if (age < 35) return '25_34'
  if (age < 50) return '35_49'
  if (age < 65) return '50_64'
  return '65_plus'
}

const countOf = z.object({ key: z.string(), label: z.string(), count: z.number().int() })

export const domiciliationReportSchema = z.object({
  year: z.number().int(),
  /** People whose domiciliation is in force on 31 December of the year. */
  inForce: z.number().int(),
  /** Household members those domiciliations cover. */
  beneficiariesInForce: z.number().int(),
  firstGranted: z.number().int(),
  renewals: z.number().int(),
  refusals: z.number().int(),
  refusalsByMotif: z.array(countOf),
  radiations: z.number().int(),
  radiationsByMotif: z.array(countOf),
  /** The people in force on 31 December, by sex and by age band on that day. */
  bySex: z.array(countOf),
  byAgeBand: z.array(countOf),
  mailReceived: z.number().int(),
  mailHandled: z.number().int(),
  mailHandledByOutcome: z.array(countOf),
})
export type DomiciliationReport = z.infer<typeof domiciliationReportSchema>
