import { parse } from 'csv-parse/sync'
import { unzipSync } from 'fflate'
import { HSDS_MAX_UNZIPPED_BYTES, type HsdsIssue } from '../../../shared/partners-hsds.ts'
import { restoreFormula } from '../../platform/csv.ts'
import { AppError } from '../../platform/errors.ts'
import { HSDS_TABLES, typedRow, validateRecord, validateRow } from './hsds/hsds.validator.ts'

/**
 * Reads an Open Referral HSDS 3 dataset — a tabular data package (zip of datapackage.json and CSV
 * files) or JSON (one organisation with its nested services, a list of them, or an API page) — into
 * the same tables, each row checked against the HSDS schemas. Nothing here touches the database.
 */

/** One record of a table, with where it comes from (a CSV line, or an organisation of the JSON). */
export interface HsdsRecord {
  file: string
  row: number | null
  data: Record<string, unknown>
}
export type HsdsTables = Map<string, HsdsRecord[]>
export interface HsdsRead {
  tables: HsdsTables
  errors: HsdsIssue[]
}

const MAX_ENTRIES = 100
const MAX_ROWS = 20_000

/** Table names of HSDS 3 and the file names publishers give them (singular, plural, the schema's own). */
const TABLE_BY_FILE = new Map<string, string>()
for (const [name, schema] of HSDS_TABLES) {
  for (const file of [schema.path, `${name}.csv`, `${name}s.csv`]) TABLE_BY_FILE.set(file, name)
}
TABLE_BY_FILE.set('addresses.csv', 'address')
TABLE_BY_FILE.set('taxonomies.csv', 'taxonomy')
TABLE_BY_FILE.set('service_at_locations.csv', 'service_at_location')
TABLE_BY_FILE.set('services_at_location.csv', 'service_at_location')

const refuse = (detail: string): never => {
  throw new AppError('VALIDATION_FAILED', 400, detail, { errors: [{ path: 'file', message: detail }] })
}

export function readHsdsUpload(fileName: string, content: Buffer): HsdsRead {
  if (content.length === 0) refuse('Le fichier déposé est vide.')
  if (content.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return readPackage(content)
  const text = utf8(fileName, content).replace(/^\uFEFF/, '')
  if (!/^\s*[[{]/.test(text)) {
    refuse(
      'Format non reconnu : déposez le paquet de données HSDS (.zip avec datapackage.json) ou un fichier JSON HSDS.',
    )
  }
  return readJson(fileName, text)
}

function utf8(fileName: string, bytes: Uint8Array) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return refuse(
      `${fileName} n’est pas un texte en UTF-8 : enregistrez-le en UTF-8 puis déposez-le à nouveau.`,
    )
  }
}

/** The zip's files by their name without folder; refused past the uncompressed cap (a « zip bomb »). */
function unzip(content: Buffer) {
  let total = 0
  let entries = 0
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(content, {
      filter: (file) => {
        if (file.name.endsWith('/')) return false
        entries++
        total += file.originalSize
        if (entries > MAX_ENTRIES) throw new TooBig('Le zip contient trop de fichiers (100 au plus).')
        if (total > HSDS_MAX_UNZIPPED_BYTES) {
          throw new TooBig(
            'Le zip décompressé dépasse 50 Mo : il est refusé. Déposez un jeu de données plus petit.',
          )
        }
        return /\.(csv|json)$/i.test(file.name)
      },
    })
  } catch (error) {
    if (error instanceof TooBig) return refuse(error.message)
    return refuse('Le fichier zip est illisible (abîmé ou incomplet).')
  }
  const byName = new Map<string, Uint8Array>()
  for (const [name, bytes] of Object.entries(files)) byName.set(name.split('/').at(-1)!.toLowerCase(), bytes)
  return byName
}
class TooBig extends Error {}

function readPackage(content: Buffer): HsdsRead {
  const files = unzip(content)
  const descriptor = files.get('datapackage.json')
  if (!descriptor)
    refuse('Le zip ne contient pas de datapackage.json : ce n’est pas un paquet de données HSDS.')
  let resources: { name?: unknown; path?: unknown }[]
  try {
    const parsed = JSON.parse(utf8('datapackage.json', descriptor!).replace(/^\uFEFF/, ''))
    resources = Array.isArray(parsed?.resources)
      ? parsed.resources
      : refuse('datapackage.json ne liste aucune ressource.')
  } catch (error) {
    if (error instanceof AppError) throw error
    return refuse('datapackage.json n’est pas un JSON valide.')
  }
  const tables: HsdsTables = new Map()
  const errors: HsdsIssue[] = []
  for (const resource of resources) {
    const path = typeof resource.path === 'string' ? resource.path : null
    const fileName = path?.split('/').at(-1)?.toLowerCase() ?? ''
    const table =
      (typeof resource.name === 'string' && HSDS_TABLES.has(resource.name) ? resource.name : null) ??
      TABLE_BY_FILE.get(fileName)
    // Tables HSDS does not define (a publisher's own) are left aside.
    if (!table || !path) continue
    const bytes = files.get(fileName)
    if (!bytes) {
      errors.push({
        file: 'datapackage.json',
        row: null,
        field: 'resources',
        message: `Fichier ${fileName} annoncé mais absent du zip.`,
      })
      continue
    }
    tables.set(table, [
      ...(tables.get(table) ?? []),
      ...readCsv(fileName, table, utf8(fileName, bytes), errors),
    ])
  }
  if (!tables.has('organization') && !tables.has('service')) {
    errors.push({
      file: 'datapackage.json',
      row: null,
      field: null,
      message: 'Le paquet ne contient ni organisations ni services.',
    })
  }
  checkUniqueIds(tables, errors)
  checkLinks(tables, errors)
  return { tables, errors }
}

function readCsv(file: string, table: string, text: string, errors: HsdsIssue[]): HsdsRecord[] {
  let records: { record: Record<string, string>; info: { lines: number } }[]
  try {
    // Rows shorter than the header (Open Referral's own examples have some) read as empty cells.
    records = parse(text, {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      info: true,
      relax_column_count: true,
    })
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? null
    errors.push({
      file,
      row: line,
      field: null,
      message: 'Fichier CSV illisible à cette ligne (guillemets, nombre de colonnes).',
    })
    return []
  }
  if (records.length > MAX_ROWS) {
    errors.push({
      file,
      row: null,
      field: null,
      message: `Trop de lignes (${MAX_ROWS} au plus par fichier).`,
    })
    return []
  }
  return records.map(({ record, info }) => {
    // Trame's own export quotes cells a spreadsheet would run as formulas: read back as written.
    const data = typedRow(
      table,
      Object.fromEntries(Object.entries(record).map(([k, v]) => [k, restoreFormula(v)])),
    )
    for (const issue of validateRow(table, data)) errors.push({ file, row: info.lines, ...issue })
    return { file, row: info.lines, data }
  })
}

function readJson(fileName: string, text: string): HsdsRead {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return refuse(`${fileName} n’est pas un JSON valide.`)
  }
  // One organisation, a list, or a page of the HSDS API (`contents`).
  const page = parsed as { contents?: unknown }
  const organizations = Array.isArray(parsed)
    ? parsed
    : Array.isArray(page?.contents)
      ? page.contents
      : [parsed]
  if (organizations.length > MAX_ROWS) refuse(`Trop d’organisations (${MAX_ROWS} au plus).`)
  const tables: HsdsTables = new Map()
  const errors: HsdsIssue[] = []
  const add = (table: string, row: number, data: Record<string, unknown>) => {
    const records = tables.get(table) ?? []
    records.push({ file: fileName, row, data: scalars(data) })
    tables.set(table, records)
  }
  organizations.forEach((organization: unknown, index) => {
    const row = index + 1
    if (!isObject(organization)) {
      errors.push({
        file: fileName,
        row,
        field: null,
        message: 'Une organisation HSDS (un objet JSON) est attendue.',
      })
      return
    }
    for (const issue of validateRecord('organization', organization))
      errors.push({ file: fileName, row, ...issue })
    const services = Array.isArray(organization.services) ? organization.services : []
    services.forEach((service: unknown, i: number) => {
      for (const issue of validateRecord('service', service)) {
        errors.push({
          file: fileName,
          row,
          ...issue,
          field: `services.${i}${issue.field ? `.${issue.field}` : ''}`,
        })
      }
    })
    if (errors.some((issue) => issue.row === row)) return
    flattenOrganization(organization, (table, data) => add(table, row, data))
  })
  checkUniqueIds(tables, errors, ['organization', 'service'])
  return { tables, errors }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const objects = (value: unknown) => (Array.isArray(value) ? value.filter(isObject) : [])
/** A record's own fields, without its nested records. */
function scalars(data: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(data).filter(([, value]) => !isObject(value) && !Array.isArray(value)),
  )
}

/** Nested JSON into the package's tables, each link written as the flat tables write it. */
function flattenOrganization(
  organization: Record<string, unknown>,
  add: (table: string, data: Record<string, unknown>) => void,
) {
  const organizationId = organization.id
  add('organization', organization)
  for (const phone of objects(organization.phones))
    add('phone', { ...phone, organization_id: organizationId })
  for (const contact of objects(organization.contacts))
    add('contact', { ...contact, organization_id: organizationId })
  const location = (place: Record<string, unknown>, links: Record<string, unknown>) => {
    add('location', { ...place, ...links })
    for (const address of objects(place.addresss)) add('address', { ...address, location_id: place.id })
    for (const phone of objects(place.phones)) add('phone', { ...phone, location_id: place.id })
    for (const schedule of objects(place.schedules)) add('schedule', { ...schedule, location_id: place.id })
  }
  for (const place of objects(organization.locations)) location(place, { organization_id: organizationId })
  for (const service of objects(organization.services)) {
    const serviceId = service.id
    add('service', { ...service, organization_id: organizationId })
    for (const phone of objects(service.phones)) add('phone', { ...phone, service_id: serviceId })
    for (const schedule of objects(service.schedules)) add('schedule', { ...schedule, service_id: serviceId })
    for (const contact of objects(service.contacts)) add('contact', { ...contact, service_id: serviceId })
    for (const attribute of objects(service.attributes)) {
      const term = isObject(attribute.taxonomy_term) ? attribute.taxonomy_term : null
      if (term) add('taxonomy_term', term)
      add('attribute', {
        ...attribute,
        link_id: serviceId,
        link_entity: 'service',
        taxonomy_term_id: term?.id,
      })
    }
    for (const link of objects(service.service_at_locations)) {
      const place = isObject(link.location) ? link.location : null
      add('service_at_location', { ...link, service_id: serviceId, location_id: place?.id })
      if (place) location(place, {})
      for (const schedule of objects(link.schedules))
        add('schedule', { ...schedule, service_at_location_id: link.id })
      for (const phone of objects(link.phones)) add('phone', { ...phone, service_at_location_id: link.id })
    }
  }
}

/** Each organisation and service once: its id is how a re-import finds it again. */
function checkUniqueIds(tables: HsdsTables, errors: HsdsIssue[], only?: string[]) {
  for (const [table, records] of tables) {
    if (only && !only.includes(table)) continue
    const seen = new Map<string, HsdsRecord>()
    for (const record of records) {
      const id = String(record.data.id ?? '')
      if (!id) continue
      const first = seen.get(id)
      if (first) {
        errors.push({
          file: record.file,
          row: record.row,
          field: 'id',
          message: `Identifiant en double : « ${id.slice(0, 80)} » est déjà celui de la ligne ${first.row}.`,
        })
      } else seen.set(id, record)
    }
  }
}

/** Links of a flat package: each id must name a row of its table when the package holds that table. */
const LINKS: [table: string, field: string, target: string][] = [
  ['service', 'organization_id', 'organization'],
  ['location', 'organization_id', 'organization'],
  ['address', 'location_id', 'location'],
  ['phone', 'organization_id', 'organization'],
  ['phone', 'service_id', 'service'],
  ['phone', 'location_id', 'location'],
  ['phone', 'service_at_location_id', 'service_at_location'],
  ['phone', 'contact_id', 'contact'],
  ['schedule', 'service_id', 'service'],
  ['schedule', 'location_id', 'location'],
  ['schedule', 'service_at_location_id', 'service_at_location'],
  ['service_at_location', 'service_id', 'service'],
  ['service_at_location', 'location_id', 'location'],
  ['contact', 'organization_id', 'organization'],
  ['contact', 'service_id', 'service'],
  ['attribute', 'taxonomy_term_id', 'taxonomy_term'],
]

function checkLinks(tables: HsdsTables, errors: HsdsIssue[]) {
  const ids = new Map(
    [...tables].map(([table, records]) => [table, new Set(records.map((r) => String(r.data.id)))]),
  )
  for (const [table, field, target] of LINKS) {
    const known = ids.get(target)
    if (!known) continue
    for (const record of tables.get(table) ?? []) {
      const value = record.data[field]
      if (value === undefined || known.has(String(value))) continue
      const targetFile = tables.get(target)?.[0]?.file ?? `${target}.csv`
      errors.push({
        file: record.file,
        row: record.row,
        field,
        message: `Identifiant inconnu : aucune ligne de ${targetFile} n’a l’id « ${String(value).slice(0, 80)} ».`,
      })
    }
  }
}
