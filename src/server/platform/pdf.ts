import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'

// PDF's standard Helvetica knows only Western European letters: names like Łukasz, Ștefan, Нина or
// Nguyễn need a Unicode font, DejaVu Sans here.
const fontFile = (name: string) => createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`)
export const PDF_REGULAR = fontFile('DejaVuSans.ttf')
export const PDF_BOLD = fontFile('DejaVuSans-Bold.ttf')

/** A new A4 document, and the whole file once the caller ends it. */
export function newPdf(options: { title: string; margin: number }) {
  const doc = new PDFDocument({ size: 'A4', margin: options.margin, info: { Title: options.title } })
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
