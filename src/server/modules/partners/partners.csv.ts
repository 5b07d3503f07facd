import { parse } from 'csv-parse/sync'
import type { z } from 'zod'
import {
  PARTNER_CSV_COLUMNS,
  PARTNER_CSV_MAX_ROWS,
  type PartnerCsvColumn,
  type PartnerInput,
  partnerCreateSchema,
  SERVICE_CATEGORY,
  type ServiceInput,
  serviceCreateSchema,
} from '../../../shared/partners.ts'
import { restoreFormula, toCsv } from '../../platform/csv.ts'
import { AppError } from '../../platform/errors.ts'

const COLUMNS = Object.keys(PARTNER_CSV_COLUMNS) as PartnerCsvColumn[]

const PARTNER_COLUMN: Record<keyof PartnerInput, PartnerCsvColumn> = {
  name: 'organization_name',
  description: 'organization_description',
  website: 'organization_url',
  email: 'organization_email',
  phone: 'organization_phone',
  address: 'organization_address_1',
  postalCode: 'organization_postal_code',
  city: 'organization_city',
}
const SERVICE_COLUMN: Record<Exclude<keyof ServiceInput, 'active'>, PartnerCsvColumn> = {
  name: 'service_name',
  description: 'service_description',
  category: 'taxonomy_term_code',
  address: 'address_1',
  postalCode: 'postal_code',
  city: 'city',
  phone: 'phone_number',
  email: 'service_email',
  openingHours: 'schedule_description',
  accessConditions: 'eligibility_description',
  contactName: 'contact_name',
}
const SERVICE_ONLY_COLUMNS = COLUMNS.filter((c) => !c.startsWith('organization_'))

const ACTIVE = new Set(['', 'active', 'actif', 'oui', 'true', '1'])
const INACTIVE = new Set(['inactive', 'inactif', 'defunct', 'temporarily closed', 'non', 'false', '0'])

export interface ImportRow {
  /** The spreadsheet's row number: the header is row 1. */
  line: number
  partner: PartnerInput
  service: ServiceInput | null
}
export interface RowError {
  path: string
  message: string
}

const plain = (value: string) =>
  value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s,_-]+/g, ' ')
    .trim()
const CATEGORY_BY_WORDS = new Map<string, string>(
  SERVICE_CATEGORY.values.flatMap((key) => [
    [plain(key), key],
    [plain(SERVICE_CATEGORY.labels[key]), key],
  ]),
)

function refuse(detail: string, errors: RowError[] = []): never {
  throw new AppError('VALIDATION_FAILED', 400, detail, errors.length > 0 ? { errors } : {})
}

/** Comma (HSDS, most tools), semicolon (French spreadsheets) or tab: whichever the header uses most. */
function delimiterOf(text: string) {
  const header = text.slice(0, text.search(/\r?\n|$/))
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length] as const)
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0]
}

/**
 * Reads a partners CSV into rows to import, or refuses the whole file with one French message per
 * invalid cell (row number and column), so nothing is written from a file that has a mistake.
 */
export function parsePartnerCsv(text: string): ImportRow[] {
  if (text.includes('\uFFFD')) {
    refuse("Le fichier n'est pas encodé en UTF-8. Enregistrez-le au format « CSV UTF-8 » puis réessayez.")
  }
  let records: string[][]
  try {
    records = parse(text, { bom: true, delimiter: delimiterOf(text), relax_column_count: true, trim: true })
  } catch (error) {
    const line = (error as { lines?: number }).lines
    refuse(`Le fichier CSV est mal formé${line ? ` (vers la ligne ${line})` : ''} : vérifiez les guillemets.`)
  }
  const [header, ...body] = records
  const index = new Map<string, number>()
  for (const [i, name] of (header ?? []).entries()) index.set(name.trim().toLowerCase(), i)
  if (!index.has('organization_name')) {
    refuse(
      'La colonne « organization_name » (nom du partenaire) est absente de la première ligne du fichier. ' +
        'Partez du modèle obtenu par l’export.',
    )
  }
  const rows = body
    .map((cells, i) => ({ cells, line: i + 2 }))
    .filter(({ cells }) => cells.some((cell) => cell.trim() !== ''))
  if (rows.length === 0) refuse('Le fichier ne contient aucune ligne à importer.')
  if (rows.length > PARTNER_CSV_MAX_ROWS) {
    refuse(`Le fichier compte ${rows.length} lignes : ${PARTNER_CSV_MAX_ROWS} au plus par import.`)
  }

  const errors: RowError[] = []
  const parsed: ImportRow[] = []
  for (const { cells, line } of rows) {
    const cell = (column: PartnerCsvColumn) => {
      const i = index.get(column)
      return i === undefined ? '' : restoreFormula(cells[i] ?? '')
    }
    const rowErrors: RowError[] = []
    const fail = (column: PartnerCsvColumn, message: string) =>
      rowErrors.push({ path: `rows.${line}.${column}`, message: `Ligne ${line}, ${column} : ${message}` })
    const collect = <T>(result: z.ZodSafeParseResult<T>, columns: Record<string, PartnerCsvColumn>) => {
      for (const issue of result.error?.issues ?? []) {
        fail(columns[String(issue.path[0])] ?? 'organization_name', issue.message)
      }
      return result.data
    }

    const partner = collect(
      partnerCreateSchema.safeParse(
        Object.fromEntries(Object.entries(PARTNER_COLUMN).map(([field, column]) => [field, cell(column)])),
      ),
      PARTNER_COLUMN,
    )

    let service: ServiceInput | undefined | null = null
    const filled = SERVICE_ONLY_COLUMNS.filter((column) => cell(column) !== '')
    if (filled.length > 0 && cell('service_name') === '') {
      fail(
        'service_name',
        `nom du service manquant, alors que des colonnes du service sont remplies (${filled.join(', ')}). ` +
          'Pour le partenaire, utilisez les colonnes organization_….',
      )
    } else if (filled.length > 0) {
      const code = cell('taxonomy_term_code')
      const label = cell('taxonomy_term_name')
      const category = code || label ? CATEGORY_BY_WORDS.get(plain(code || label)) : 'other'
      if (!category) {
        fail(
          code ? 'taxonomy_term_code' : 'taxonomy_term_name',
          `catégorie inconnue « ${code || label} ». Catégories possibles (nom ou code) : ${SERVICE_CATEGORY.values.map((value) => `${SERVICE_CATEGORY.labels[value]} (${value})`).join(', ')}.`,
        )
      }
      const status = cell('service_status').toLowerCase()
      if (!ACTIVE.has(status) && !INACTIVE.has(status)) {
        fail('service_status', `état inconnu « ${cell('service_status')} » : indiquez active ou inactive.`)
      }
      service = collect(
        serviceCreateSchema.safeParse({
          ...Object.fromEntries(
            Object.entries(SERVICE_COLUMN).map(([field, column]) => [field, cell(column)]),
          ),
          category: category ?? 'other',
          active: !INACTIVE.has(status),
        }),
        SERVICE_COLUMN,
      )
    }
    if (rowErrors.length > 0 || !partner || service === undefined) errors.push(...rowErrors)
    else parsed.push({ line, partner, service })
  }
  if (errors.length > 0) {
    const lines = new Set(errors.map((e) => e.path.split('.')[1])).size
    refuse(
      lines === 1
        ? 'Une ligne du fichier est invalide : rien n’a été importé. Corrigez-la puis réessayez.'
        : `${lines} lignes du fichier sont invalides : rien n’a été importé. Corrigez-les puis réessayez.`,
      errors.slice(0, 200),
    )
  }
  return parsed
}

export interface ExportPartner {
  name: string
  description: string | null
  website: string | null
  email: string | null
  phone: string | null
  address: string | null
  postalCode: string | null
  city: string | null
  services: (Omit<ServiceInput, 'category'> & { category: string })[]
}

/** The directory as one HSDS-named CSV, one row per service (UTF-8 with a BOM, for spreadsheets). */
export function partnersToCsv(partners: ExportPartner[]) {
  const rows: Record<PartnerCsvColumn, string>[] = []
  for (const partner of partners) {
    const organisation = Object.fromEntries(
      Object.entries(PARTNER_COLUMN).map(([field, column]) => [
        column,
        partner[field as keyof PartnerInput] ?? '',
      ]),
    )
    const services = partner.services.length > 0 ? partner.services : [null]
    for (const service of services) {
      const row = Object.fromEntries(COLUMNS.map((column) => [column, ''])) as Record<
        PartnerCsvColumn,
        string
      >
      Object.assign(row, organisation)
      if (service) {
        for (const [field, column] of Object.entries(SERVICE_COLUMN)) {
          row[column] = String(service[field as keyof typeof SERVICE_COLUMN] ?? '')
        }
        row.taxonomy_term_name =
          SERVICE_CATEGORY.labels[service.category as keyof typeof SERVICE_CATEGORY.labels] ?? ''
        row.service_status = service.active ? 'active' : 'inactive'
      }
      rows.push(row)
    }
  }
  return toCsv(rows, { columns: COLUMNS })
}
