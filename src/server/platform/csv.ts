import { stringify as stringifyStream } from 'csv-stringify'
import { stringify } from 'csv-stringify/sync'

/**
 * A spreadsheet runs a cell starting with one of these as a formula (CSV injection): a name typed as
 * `=HYPERLINK(…)` in a file would become a link, or worse, in the spreadsheet of whoever opens the export.
 */
const FORMULA_START = /^[=+\-@\t\r]/

/** Quotes a text that a spreadsheet would run as a formula with an apostrophe: it shows as text. */
export function neutraliseFormula(value: string) {
  return FORMULA_START.test(value) ? `'${value}` : value
}

/** The text of a cell `neutraliseFormula` quoted, for an exported file edited and imported back. */
export function restoreFormula(value: string) {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value
}

export interface CsvOptions {
  /** The columns in order (keys of the rows' objects, or headers of array rows); the first line names them. */
  columns?: string[]
  /** `;` for the files French spreadsheets open directly; `,` (the default) for other tools. */
  delimiter?: ',' | ';'
}

/**
 * The one CSV writer of Trame, for every export: a header line, CRLF line ends, UTF-8 with a BOM so that
 * spreadsheets read accents, and every text cell neutralised against formulas.
 */
export function toCsv(rows: Record<string, unknown>[] | unknown[][], options: CsvOptions = {}) {
  const csv = stringify(rows, {
    header: true,
    columns: options.columns,
    delimiter: options.delimiter ?? ',',
    record_delimiter: '\r\n',
    cast: { string: neutraliseFormula },
  })
  return `\uFEFF${csv}`
}

/**
 * The same writer as a stream, for exports too big to hold as one string: write rows (arrays, in
 * `columns`' order), end it, send it. Same header, line ends, BOM and formula neutralising as `toCsv`.
 */
export function csvStream(options: CsvOptions & { columns: string[] }) {
  return stringifyStream({
    header: true,
    columns: options.columns,
    delimiter: options.delimiter ?? ',',
    record_delimiter: '\r\n',
    bom: true,
    cast: { string: neutraliseFormula },
  })
}
