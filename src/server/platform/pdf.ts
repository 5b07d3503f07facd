import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'

// PDF's standard Helvetica knows only Western European letters: names like Łukasz, Ștefan, Нина or
// Nguyễn need a Unicode font, DejaVu Sans here.
const fontFile = (name: string) => createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`)
export const PDF_REGULAR = fontFile('DejaVuSans.ttf')
export const PDF_BOLD = fontFile('DejaVuSans-Bold.ttf')

/** A new A4 document (portrait unless said), and the whole file once the caller ends it. */
export function newPdf(options: { title: string; margin: number; layout?: 'portrait' | 'landscape' }) {
  const doc = new PDFDocument({
    size: 'A4',
    layout: options.layout ?? 'portrait',
    margin: options.margin,
    info: { Title: options.title },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  return { doc, done }
}

/** A date (`YYYY-MM-DD`) or an instant, as a French date; a date is read as written, with no time zone. */
export function frenchDate(value: string | null) {
  if (!value) return ''
  return /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? value.split('-').reverse().join('/')
    : new Date(value).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })
}

type Doc = ReturnType<typeof newPdf>['doc']

/**
 * A bordered table drawn row by row from the current position: a row that would cross the bottom
 * margin starts a new page under the header again. `minHeight` leaves room to write by hand.
 */
export function pdfTable(
  doc: Doc,
  options: { columns: readonly { title: string; width: number }[]; left: number; fontSize?: number },
) {
  const padding = 4
  const fontSize = options.fontSize ?? 8.5
  const { columns, left } = options
  const heightOf = (cells: string[], font: string, minHeight: number) => {
    doc.font(font).fontSize(fontSize)
    const tallest = cells.map((cell, i) =>
      doc.heightOfString(cell, { width: columns[i]!.width - 2 * padding }),
    )
    return Math.max(minHeight, ...tallest) + 2 * padding
  }
  const draw = (y: number, cells: string[], font: string, height: number) => {
    doc.font(font).fontSize(fontSize)
    let x = left
    cells.forEach((cell, i) => {
      const width = columns[i]!.width
      doc.rect(x, y, width, height).stroke()
      doc.text(cell, x + padding, y + padding, { width: width - 2 * padding })
      x += width
    })
    return height
  }
  const titles = columns.map((c) => c.title)
  const header = (top: number) => draw(top, titles, PDF_BOLD, heightOf(titles, PDF_BOLD, 0))
  let y = doc.y + header(doc.y)
  return {
    /** Adds a row of cells (in the columns' order), on a new page when it does not fit. */
    row(cells: string[], minHeight = 0, font = PDF_REGULAR) {
      const height = heightOf(cells, font, minHeight)
      if (y + height > doc.page.height - doc.page.margins.bottom) {
        doc.addPage()
        y = doc.page.margins.top + header(doc.page.margins.top)
      }
      y += draw(y, cells, font, height)
    },
    /** Where the table ends, to write below it. */
    get bottom() {
      return y
    },
  }
}
