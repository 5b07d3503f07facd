import { CAMPAIGN_DELIVERY, type CampaignRegistration } from '../../../shared/aid.campaigns.ts'
import { CAMPAIGN_CHANNEL, CAMPAIGN_REGISTRATION_STATUS } from '../../../shared/aid.ts'
import { PDF_BOLD as BOLD, frenchDate, newPdf, pdfTable, PDF_REGULAR as REGULAR } from '../../platform/pdf.ts'

const MARGIN = 35
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
  const table = pdfTable(doc, { columns: COLUMNS, left: MARGIN })
  for (const r of list.registrations) {
    const cells = [
      r.displayName,
      r.address ?? '—',
      r.phone ?? '—',
      label(CAMPAIGN_CHANNEL.labels, r.channel),
      statusText(r),
      '',
    ]
    table.row(cells, SIGNATURE_HEIGHT)
  }
  if (list.registrations.length === 0) {
    doc
      .font(REGULAR)
      .fontSize(10)
      .text('Aucune personne sur cette liste.', MARGIN, table.bottom + 10)
  }
  doc.end()
  return done
}
