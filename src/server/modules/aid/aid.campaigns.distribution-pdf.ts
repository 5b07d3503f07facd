import { CAMPAIGN_DELIVERY, type CampaignRegistration } from '../../../shared/aid.campaigns.ts'
import { CAMPAIGN_CHANNEL, CAMPAIGN_REGISTRATION_STATUS } from '../../../shared/aid.ts'
import { PDF_BOLD as BOLD, frenchDate, newPdf, PDF_REGULAR as REGULAR } from '../../platform/pdf.ts'

type Doc = ReturnType<typeof newPdf>['doc']

const MARGIN = 35
const PADDING = 4
/** Wide enough, and tall enough, for a hand-written signature. */
const SIGNATURE_HEIGHT = 30
const COLUMNS = [
  { title: 'Nom', width: 105 },
  { title: 'Adresse', width: 125 },
  { title: 'Téléphone', width: 80 },
  { title: 'Canal', width: 62 },
  { title: 'Statut', width: 68 },
  { title: 'Signature', width: 85 },
] as const

const label = (labels: Record<string, string>, code: string | null) => (code ? (labels[code] ?? code) : '')

/** The status a distributing agent reads: registered, or received how and when, or cancelled. */
function statusText(r: CampaignRegistration) {
  const status = label(CAMPAIGN_REGISTRATION_STATUS.labels, r.status)
  if (r.status !== 'received' || !r.delivery) return status
  return `${status} : ${label(CAMPAIGN_DELIVERY.labels, r.delivery).toLowerCase()} le ${frenchDate(r.receivedOn)}`
}

/** How tall a row of cells is in `font`: its tallest cell, at least `minHeight`, plus the padding. */
function rowHeight(doc: Doc, cells: string[], font: string, minHeight: number) {
  doc.font(font).fontSize(8.5)
  const tallest = cells.map((cell, i) => doc.heightOfString(cell, { width: COLUMNS[i]!.width - 2 * PADDING }))
  return Math.max(minHeight, ...tallest) + 2 * PADDING
}

/** One row of cells with its borders. */
function drawRow(doc: Doc, y: number, cells: string[], font: string, height: number) {
  doc.font(font).fontSize(8.5)
  let x = MARGIN
  cells.forEach((cell, i) => {
    const width = COLUMNS[i]!.width
    doc.rect(x, y, width, height).stroke()
    doc.text(cell, x + PADDING, y + PADDING, { width: width - 2 * PADDING })
    x += width
  })
  return height
}

/**
 * The distribution list as printed for the distribution day: one line per person, with how to reach
 * them, the channel they registered through, their status, and an empty box to sign on receipt.
 */
export async function distributionListPdf(list: {
  organisationName: string
  campaignLabel: string
  distributionOn: string | null
  filters: string
  printedOn: string
  registrations: CampaignRegistration[]
}) {
  const { doc, done } = newPdf({ title: `Liste de distribution — ${list.campaignLabel}`, margin: MARGIN })
  doc.lineWidth(0.5)
  doc.font(BOLD).fontSize(11).text(list.organisationName)
  doc.moveDown(0.5)
  doc.font(BOLD).fontSize(15).text(`Liste de distribution — ${list.campaignLabel}`)
  doc
    .font(REGULAR)
    .fontSize(9.5)
    .text(
      [
        list.distributionOn ? `Distribution le ${frenchDate(list.distributionOn)}` : null,
        list.filters,
        `${list.registrations.length} personne${list.registrations.length > 1 ? 's' : ''}`,
        `imprimée le ${frenchDate(list.printedOn)}`,
      ]
        .filter(Boolean)
        .join(' — '),
    )
  doc.moveDown()
  const titles = COLUMNS.map((c) => c.title)
  const header = (top: number) => drawRow(doc, top, titles, BOLD, rowHeight(doc, titles, BOLD, 0))
  let y = doc.y + header(doc.y)
  const bottom = doc.page.height - MARGIN
  for (const r of list.registrations) {
    const cells = [
      r.displayName,
      r.address ?? '—',
      r.phone ?? '—',
      label(CAMPAIGN_CHANNEL.labels, r.channel),
      statusText(r),
      '',
    ]
    // A row that would cross the bottom margin starts a new page, under the header again.
    const height = rowHeight(doc, cells, REGULAR, SIGNATURE_HEIGHT)
    if (y + height > bottom) {
      doc.addPage()
      y = MARGIN + header(MARGIN)
    }
    y += drawRow(doc, y, cells, REGULAR, height)
  }
  if (list.registrations.length === 0) {
    doc
      .font(REGULAR)
      .fontSize(10)
      .text('Aucune personne sur cette liste.', MARGIN, y + 10)
  }
  doc.end()
  return done
}
