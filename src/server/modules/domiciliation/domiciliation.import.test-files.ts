import ExcelJS from 'exceljs'
import { DOMIFA_COLUMNS, domifaColumnLabel } from '../../../shared/domiciliation-domifa.ts'

// DomiFa import files for tests and the bench: the layout's header, then the lines given.

export type DomifaLine = Partial<Record<(typeof DOMIFA_COLUMNS)[number]['key'], unknown>> & {
  /** Ayants droit: [nom, prénom, date de naissance, lien] each. */
  beneficiaries?: unknown[][]
}

export const header = (groups = 2) =>
  Array.from({ length: DOMIFA_COLUMNS.length + 4 * groups }, (_, i) => domifaColumnLabel(i))

export const cellsOf = (line: DomifaLine) => [
  ...DOMIFA_COLUMNS.map((c) => line[c.key] ?? null),
  ...(line.beneficiaries ?? []).flat(),
]

/** A small file, in memory. */
export async function domifaWorkbook(lines: DomifaLine[]) {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Domiciliés')
  sheet.addRow(header())
  for (const line of lines) {
    const row = sheet.addRow(cellsOf(line))
    // Excel dates shown as dates, as a spreadsheet would hold them.
    row.eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = 'dd/mm/yyyy'
    })
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** A big file written as a stream to `filePath`: line `i` (from 0) given by `lineOf`. */
export async function writeDomifaFile(filePath: string, count: number, lineOf: (i: number) => DomifaLine) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: filePath, useSharedStrings: false })
  const sheet = workbook.addWorksheet('Domiciliés')
  sheet.addRow(header()).commit()
  for (let i = 0; i < count; i++) sheet.addRow(cellsOf(lineOf(i))).commit()
  sheet.commit()
  await workbook.commit()
}

const SYLLABLES =
  'ba be bi bo bu da de di do du fa fe fi fo ga ge go ja jo ka ko la le li lo lu ma me mi mo na ne ni no pa pe po ra re ri ro sa se si so ta te ti to va ve vi vo za zo'.split(
    ' ',
  )

/** A made-up name for number `n`: syllables picked by a scramble of `n`, so neighbours differ. */
export function madeUpName(n: number, length = 3) {
  let x = (n * 2654435761) >>> 0
  let name = ''
  for (let i = 0; i < length; i++) {
    name += SYLLABLES[x % SYLLABLES.length]
    x = Math.floor(x / SYLLABLES.length) + n * (i + 7)
  }
  return name.charAt(0).toUpperCase() + name.slice(1)
}

/** The i-th of a generated population (i < 600,000): all statuses, some ayants droit. */
export function generatedLine(i: number): DomifaLine {
  const year = 1950 + (i % 50)
  const day = String((i % 28) + 1).padStart(2, '0')
  const month = String((i % 12) + 1).padStart(2, '0')
  const status = ['VALIDE', 'VALIDE', 'VALIDE', 'RADIE', 'REFUS', 'INSTRUCTION'][i % 6]
  return {
    customId: `DF-${i}`,
    civility: i % 2 ? 'H' : 'F',
    // A town's worth of names: 2,000 family names, 300 first names, no two lines the same person.
    lastName: madeUpName(i % 2000, 3),
    firstNames: madeUpName(1_000_003 + Math.floor(i / 2000), 2),
    birthDate: `${day}/${month}/${year}`,
    phone: i % 3 ? null : `06 12 ${String(i % 100).padStart(2, '0')} 00 00`,
    status,
    refusalMotif: status === 'REFUS' ? 'SATURATION' : null,
    radiationMotif: status === 'RADIE' ? 'NON_MANIFESTATION_3_MOIS' : null,
    kind: i % 4 ? 'RENOUVELLEMENT' : 'PREMIERE',
    startOn: `${day}/${month}/2025`,
    endOn: status === 'RADIE' ? `${day}/${month}/2025` : null,
    lastContactOn: `${day}/${month}/2025`,
    linkWithCommune: 'RESIDENT',
    residentialSituation: 'SANS_ABRI',
    beneficiaries:
      i % 10 === 0
        ? [[madeUpName(i % 2000, 3), madeUpName(2_000_003 + Math.floor(i / 2000), 2), '01/01/2015', 'ENFANT']]
        : [],
  }
}
