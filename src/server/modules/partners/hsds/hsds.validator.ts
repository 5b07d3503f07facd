import { readdirSync, readFileSync } from 'node:fs'
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'

/**
 * Open Referral's HSDS 3 JSON Schemas (./schema, see its README), compiled once with ajv. Each table's
 * schema checks a CSV row of the data package; organization.json and service.json check the JSON.
 */
const BASE = 'https://trame.local/hsds/schema/'
const SCHEMA_DIR = new URL('./schema/', import.meta.url)

export interface HsdsTableSchema {
  name: string
  path: string
  properties: Record<string, { type?: string; $ref?: string; items?: unknown }>
  required?: string[]
  tabular_required?: string[]
}

const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false })
addFormats(ajv)
// Not JSON Schema formats: the table's file type, a year's date pattern (on a number).
ajv.addFormat('csv', true)
ajv.addFormat('%Y', true)

export const HSDS_TABLES = new Map<string, HsdsTableSchema>()
for (const file of readdirSync(SCHEMA_DIR).filter((name) => name.endsWith('.json'))) {
  const schema = JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), 'utf8')) as HsdsTableSchema
  ajv.addSchema({ ...schema, $id: `${BASE}${file}` })
  HSDS_TABLES.set(schema.name, schema)
}

const compiled = new Map<string, ValidateFunction>()
function validator(key: string, schema: () => object) {
  let validate = compiled.get(key)
  if (!validate) {
    validate = ajv.compile(schema())
    compiled.set(key, validate)
  }
  return validate
}

/** A JSON object against a table's schema (organization, service…), nested records included. */
export function validateRecord(table: string, value: unknown) {
  const validate = validator(`record:${table}`, () => ({ $ref: `${BASE}${table}.json` }))
  return validate(value) ? [] : frenchErrors(validate.errors ?? [])
}

/** A CSV row: the table's schema plus the links a flat table needs (`tabular_required`). */
export function validateRow(table: string, row: Record<string, unknown>) {
  const schema = HSDS_TABLES.get(table)!
  const validate = validator(`row:${table}`, () => ({
    allOf: [{ $ref: `${BASE}${table}.json` }, { required: schema.tabular_required ?? [] }],
  }))
  return validate(row) ? [] : frenchErrors(validate.errors ?? [])
}

/**
 * A CSV cell as the schema types it: a number column's "12" is 12; an empty cell is no value. A cell
 * that does not read as its type is kept as text, for the schema to refuse it.
 */
export function typedRow(table: string, cells: Record<string, string>) {
  const properties = HSDS_TABLES.get(table)?.properties ?? {}
  const row: Record<string, unknown> = {}
  for (const [column, raw] of Object.entries(cells)) {
    const value = raw.trim()
    if (value === '') continue
    const type = properties[column]?.type
    // A nested record (another table's) has no place in a flat table's cell.
    if (type === 'array' || properties[column]?.$ref) continue
    if (type === 'number' && /^-?\d+(\.\d+)?$/.test(value)) row[column] = Number(value)
    else if (type === 'boolean' && /^(true|false)$/i.test(value)) row[column] = value.toLowerCase() === 'true'
    else row[column] = value
  }
  return row
}

const TYPES: Record<string, string> = {
  string: 'un texte',
  number: 'un nombre',
  integer: 'un nombre entier',
  boolean: 'vrai ou faux',
  array: 'une liste',
  object: 'un objet',
}

/** ajv's errors in French, each with the field it is about. */
export function frenchErrors(errors: ErrorObject[]) {
  return errors
    .filter((error) => !['allOf', 'anyOf', 'oneOf', 'if', '$ref'].includes(error.keyword))
    .map((error) => {
      const at = error.instancePath.replace(/^\//, '').replace(/\//g, '.')
      if (error.keyword === 'required') {
        const missing = (error.params as { missingProperty: string }).missingProperty
        return { field: at ? `${at}.${missing}` : missing, message: 'Champ obligatoire manquant.' }
      }
      return { field: at || null, message: errorMessage(error) }
    })
}

function errorMessage(error: ErrorObject) {
  switch (error.keyword) {
    case 'type':
      return `Valeur invalide : ${TYPES[String((error.params as { type: string }).type)] ?? 'un autre type'} est attendu.`
    case 'format': {
      const format = (error.params as { format: string }).format
      if (format === 'email') return 'Adresse e-mail invalide.'
      if (format === 'uri') return 'Adresse web invalide (exemple : https://www.exemple.fr).'
      return 'Format invalide.'
    }
    case 'enum':
      return `Valeur non prévue par HSDS ; valeurs possibles : ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}.`
    default:
      return 'Valeur invalide.'
  }
}
