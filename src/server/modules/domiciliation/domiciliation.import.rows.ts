import { addDays, todayInFrance } from '../../../shared/dates.ts'
import {
  DOMIFA_KIND,
  DOMIFA_RADIATION_MOTIF,
  DOMIFA_REFUSAL_MOTIF,
  DOMIFA_STATUS,
  type DomiciliationKind,
  type DomiciliationStatus,
  type RadiationMotif,
  type RefusalMotif,
} from '../../../shared/domiciliation.ts'
import {
  DOMIFA_COLUMNS,
  type DomifaColumnKey,
  domifaColumnLabel,
  type ImportCellError,
} from '../../../shared/domiciliation-domifa.ts'

// One line of DomiFa's import layout, read and checked cell by cell: every fault is reported with the
// line, the column's French label and the value, so that the file can be fixed in one go.

export type HouseholdRelationship = 'spouse' | 'child' | 'parent' | 'other'

export interface ImportedBeneficiary {
  lastName: string
  firstNames: string
  birthDate: string | null
  relationship: HouseholdRelationship
}

export interface ImportedRow {
  line: number
  customId: string | null
  sex: 'male' | 'female' | null
  lastName: string
  firstNames: string
  alias: string | null
  birthDate: string
  birthPlace: string | null
  phone: string | null
  email: string | null
  status: DomiciliationStatus
  kind: DomiciliationKind
  refusalMotif: RefusalMotif | null
  radiationMotif: RadiationMotif | null
  requestedOn: string
  startOn: string | null
  endOn: string | null
  radiationOn: string | null
  firstDomiciledOn: string | null
  lastContactOn: string | null
  /** The instruction's answers, by their key in the layout. */
  instruction: Record<string, string>
  comments: string | null
  beneficiaries: ImportedBeneficiary[]
}

const INSTRUCTION_KEYS: DomifaColumnKey[] = [
  'orientation',
  'orientationDetails',
  'existingDomiciliation',
  'income',
  'incomeDetails',
  'linkWithCommune',
  'householdComposition',
  'residentialSituation',
  'residentialDetails',
  'instabilityCause',
  'instabilityDetails',
  'requestReason',
  'requestDetails',
  'support',
  'supportDetails',
]

const COLUMN_INDEX = Object.fromEntries(DOMIFA_COLUMNS.map((c, i) => [c.key, i])) as Record<
  DomifaColumnKey,
  number
>

const SEX_CODES: Record<string, 'male' | 'female'> = {
  H: 'male',
  HOMME: 'male',
  M: 'male',
  MR: 'male',
  MONSIEUR: 'male',
  MASCULIN: 'male',
  F: 'female',
  FEMME: 'female',
  MME: 'female',
  MADAME: 'female',
  MLLE: 'female',
  MADEMOISELLE: 'female',
  FEMININ: 'female',
}

/** DomiFa's words for an ayant droit's link, to a household relationship. */
function relationshipOf(code: string): HouseholdRelationship | null {
  const word = code.replace(/[^A-Z]/g, '')
  if (word === '') return 'other'
  if (/ENFANT|FILS|FILLE/.test(word)) return 'child'
  if (/CONJOIN|EPOU|CONCUBIN|PARTENAIRE|PACS/.test(word)) return 'spouse'
  if (word === 'PARENT' || word === 'PERE' || word === 'MERE') return 'parent'
  if (/AUTRE|FRERE|SOEUR|GRAND|ONCLE|TANTE|NEVEU|NIECE|COUSIN|FAMILLE/.test(word)) return 'other'
  return null
}

/** Upper case, without accents or dots, for codes typed by hand. */
const codeOf = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[.\s]+/g, ' ')
    .trim()

const PHONE = /^\+?[0-9 .()-]{6,25}$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const MAX_TEXT = 2000
const MAX_NAME = 100

/** A cell as exceljs hands it (text, number, date, rich text, hyperlink, formula result) as text. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value.trim()
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object') {
    const v = value as { text?: unknown; richText?: { text: string }[]; result?: unknown }
    if (v.richText)
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim()
    if (v.text !== undefined) return cellText(v.text)
    if (v.result !== undefined) return cellText(v.result)
  }
  return ''
}

/** The day of an Excel serial number (days since 30/12/1899). */
function excelSerialDay(serial: number) {
  return new Date(Math.round((serial - 25569) * 86_400_000)).toISOString().slice(0, 10)
}

const isRealDay = (iso: string) => {
  const d = new Date(`${iso}T12:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso
}

/** A date cell: dd/mm/yyyy (or yyyy-mm-dd) typed as text, or an Excel date. Undefined when unreadable. */
export function cellDay(value: unknown): string | null | undefined {
  if (value === null || value === undefined || value === '') return null
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined
    // Excel dates are days at midnight UTC in exceljs; a time part never moves the day.
    return value.toISOString().slice(0, 10)
  }
  if (typeof value === 'number') {
    return value > 0 && value < 100_000 ? excelSerialDay(value) : undefined
  }
  if (typeof value === 'object' && 'result' in (value as object))
    return cellDay((value as { result: unknown }).result)
  const text = cellText(value)
  if (text === '') return null
  let iso: string | undefined
  const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text)
  if (fr) iso = `${fr[3]}-${fr[2]!.padStart(2, '0')}-${fr[1]!.padStart(2, '0')}`
  const isoMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (isoMatch) iso = text
  if (!iso || !isRealDay(iso)) return undefined
  return iso
}

/** The last day of a period of one year starting on `start` (29/02 → 28/02 of the next year). */
export function oneYearPeriodEnd(start: string) {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number]
  const sameDayNextYear = new Date(Date.UTC(y + 1, m - 1, d, 12)).toISOString().slice(0, 10)
  return addDays(sameDayNextYear, -1)
}

/**
 * Reads one data line (`cells` 0-based in the layout's order). Errors go to `report`; the row is
 * returned only when the line has none. Blank lines give null and no error.
 */
export function readRow(
  line: number,
  cells: unknown[],
  report: (error: ImportCellError) => void,
  today = todayInFrance(),
): ImportedRow | null | 'blank' {
  if (cells.every((cell) => cellText(cell) === '')) return 'blank'
  let faulty = false
  const fail = (index: number, value: unknown, message: string) => {
    faulty = true
    report({ row: line, column: domifaColumnLabel(index), value: cellText(value).slice(0, 100), message })
  }
  const textAt = (index: number, max = MAX_TEXT) => {
    const text = cellText(cells[index])
    if (text.includes('\0')) {
      fail(index, text.replaceAll('\0', ''), 'Ce texte contient un caractère invisible non autorisé (NUL).')
      return null
    }
    if (text.length > max) {
      fail(index, text, `Texte trop long : ${max} caractères au plus.`)
      return null
    }
    return text || null
  }
  const text = (key: DomifaColumnKey, max?: number) => textAt(COLUMN_INDEX[key], max)
  const dayAt = (index: number, { required = false, past = true } = {}) => {
    const raw = cells[index]
    const day = cellDay(raw)
    if (day === undefined) {
      fail(index, raw, 'Date illisible : attendue au format JJ/MM/AAAA.')
      return null
    }
    if (day === null) {
      if (required) fail(index, raw, 'Cette date est obligatoire.')
      return null
    }
    if (day < '1900-01-01' || day > '2199-12-31') {
      fail(index, raw, 'Date hors des limites (après 1900).')
      return null
    }
    if (past && day > today) {
      fail(index, raw, 'Cette date ne peut pas être dans le futur.')
      return null
    }
    return day
  }
  const day = (key: DomifaColumnKey, options?: { required?: boolean; past?: boolean }) =>
    dayAt(COLUMN_INDEX[key], options)
  const code = <T>(key: DomifaColumnKey, codes: Record<string, T>, message: string) => {
    const value = text(key)
    if (value === null) return null
    const found = codes[codeOf(value).replace(/ /g, '_')]
    if (found === undefined) fail(COLUMN_INDEX[key], value, message)
    return found ?? null
  }
  const known = (codes: Record<string, unknown>) => Object.keys(codes).join(', ')

  const customId = text('customId', MAX_NAME)
  const civility = text('civility')
  const sex = civility === null ? null : (SEX_CODES[codeOf(civility).replace(/ /g, '')] ?? null)
  if (civility !== null && sex === null)
    fail(COLUMN_INDEX.civility, civility, 'Civilité inconnue : attendue H ou F (ou Homme, Femme, M., Mme).')
  const lastName = text('lastName', MAX_NAME)
  if (lastName === null && cellText(cells[COLUMN_INDEX.lastName]) === '')
    fail(COLUMN_INDEX.lastName, '', 'Le nom est obligatoire.')
  const firstNames = text('firstNames', MAX_NAME)
  if (firstNames === null && cellText(cells[COLUMN_INDEX.firstNames]) === '')
    fail(COLUMN_INDEX.firstNames, '', 'Le prénom est obligatoire.')
  const alias = text('alias', MAX_NAME)
  const birthDate = day('birthDate', { required: true })
  const birthPlace = text('birthPlace', MAX_NAME)
  const phone = text('phone', 30)
  if (phone !== null && !PHONE.test(phone)) fail(COLUMN_INDEX.phone, phone, 'Numéro de téléphone invalide.')
  const email = text('email', 200)
  if (email !== null && !EMAIL.test(email)) fail(COLUMN_INDEX.email, email, 'Adresse e-mail invalide.')

  const statusText = text('status')
  const status = code(
    'status',
    DOMIFA_STATUS,
    `Statut inconnu : attendu ${known(DOMIFA_STATUS)}.`,
  ) as DomiciliationStatus | null
  if (statusText === null) fail(COLUMN_INDEX.status, '', 'Le statut est obligatoire.')
  const refusalMotif = code(
    'refusalMotif',
    DOMIFA_REFUSAL_MOTIF,
    `Motif de refus inconnu : attendu ${known(DOMIFA_REFUSAL_MOTIF)}.`,
  )
  const radiationMotif = code(
    'radiationMotif',
    DOMIFA_RADIATION_MOTIF,
    `Motif de radiation inconnu : attendu ${known(DOMIFA_RADIATION_MOTIF)}.`,
  )
  const kind = code('kind', DOMIFA_KIND, `Type inconnu : attendu ${known(DOMIFA_KIND)}.`) ?? 'first'
  const startOn = day('startOn', { required: status === 'granted' || status === 'radiated' })
  const endGiven = day('endOn', { past: false })
  const firstDomiciledOn = day('firstDomiciledOn')
  const lastContactOn = day('lastContactOn')
  if (startOn && endGiven && endGiven < startOn)
    fail(COLUMN_INDEX.endOn, cells[COLUMN_INDEX.endOn], 'La date de fin précède la date de début.')

  const instruction: Record<string, string> = {}
  for (const key of INSTRUCTION_KEYS) {
    const value = text(key)
    if (value !== null) instruction[key] = value
  }
  const comments = text('comments')

  const beneficiaries: ImportedBeneficiary[] = []
  for (let first = DOMIFA_COLUMNS.length; first < cells.length; first += 4) {
    const group = [0, 1, 2, 3].map((i) => cells[first + i])
    if (group.every((cell) => cellText(cell) === '')) continue
    const bLast = textAt(first, MAX_NAME)
    const bFirst = textAt(first + 1, MAX_NAME)
    if (bLast === null && cellText(group[0]) === '')
      fail(first, '', 'Le nom de l’ayant droit est obligatoire.')
    if (bFirst === null && cellText(group[1]) === '')
      fail(first + 1, '', 'Le prénom de l’ayant droit est obligatoire.')
    const bBirth = dayAt(first + 2)
    const linkText = textAt(first + 3) ?? ''
    const relationship = relationshipOf(codeOf(linkText))
    if (relationship === null)
      fail(first + 3, linkText, 'Lien de parenté inconnu : attendu ENFANT, CONJOINT, PARENT ou AUTRE.')
    if (bLast && bFirst && relationship)
      beneficiaries.push({ lastName: bLast, firstNames: bFirst, birthDate: bBirth, relationship })
  }

  if (faulty || !lastName || !firstNames || !birthDate || !status) return null
  const granted = status === 'granted' || status === 'radiated'
  const endOn = granted && startOn ? (endGiven ?? oneYearPeriodEnd(startOn)) : endGiven
  return {
    line,
    customId,
    sex,
    lastName,
    firstNames,
    alias,
    birthDate,
    birthPlace,
    phone,
    email,
    status,
    kind,
    refusalMotif: status === 'refused' ? (refusalMotif ?? 'other') : null,
    radiationMotif: status === 'radiated' ? (radiationMotif ?? 'other') : null,
    requestedOn: startOn ?? firstDomiciledOn ?? lastContactOn ?? today,
    startOn: status === 'refused' ? null : startOn,
    endOn: status === 'refused' ? null : endOn,
    // DomiFa gives a radiated period's radiation as its end.
    radiationOn: status === 'radiated' ? (endGiven && endGiven <= today ? endGiven : today) : null,
    firstDomiciledOn: firstDomiciledOn ?? (granted && kind === 'first' ? startOn : null),
    lastContactOn,
    instruction,
    comments,
    beneficiaries,
  }
}
