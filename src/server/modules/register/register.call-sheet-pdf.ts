import { timeInFrance } from '../../../shared/dates.ts'
import {
  ALERT_KIND,
  ATTENDING_SERVICE,
  AUTONOMY_NEED,
  CALL_OUTCOME,
  CALL_STATUS,
} from '../../../shared/register.ts'
import { PDF_BOLD as BOLD, frenchDate, newPdf, pdfTable, PDF_REGULAR as REGULAR } from '../../platform/pdf.ts'
import type { CallSheetRow, RegisterCallListService } from './register.call-lists.service.ts'

type Sheet = Awaited<ReturnType<RegisterCallListService['sheet']>>

const MARGIN = 30
/** Tall enough to write the outcome and the time by hand. */
const WRITING_HEIGHT = 34
/** A4 landscape: 842 points wide, 782 between the margins. */
const COLUMNS = [
  { title: 'N°', width: 28 },
  { title: 'Personne', width: 112 },
  { title: 'Téléphone, heures d’appel', width: 100 },
  { title: 'Adresse', width: 118 },
  { title: 'Personne à prévenir', width: 112 },
  { title: 'À savoir', width: 150 },
  { title: 'Issue', width: 100 },
  { title: 'Heure', width: 62 },
] as const

/** What helps the caller: living alone, powered devices, needs (hearing first), where the calls stand. */
function notes(row: CallSheetRow) {
  return [
    row.powerMedicalDevices ? 'Appareils médicaux alimentés' : null,
    row.livesAlone ? 'Vit seul·e' : null,
    ...row.autonomy.map((need) => AUTONOMY_NEED.labels[need as keyof typeof AUTONOMY_NEED.labels] ?? need),
    row.attendingServices.length
      ? `Passage : ${row.attendingServices
          .map((s) => ATTENDING_SERVICE.labels[s as keyof typeof ATTENDING_SERVICE.labels] ?? s)
          .join(', ')
          .toLowerCase()}`
      : null,
    row.status === 'to_call'
      ? null
      : `${CALL_STATUS.labels[row.status]}${row.attempts ? ` (${row.attempts} tentative${row.attempts > 1 ? 's' : ''})` : ''}`,
    row.lastOutcome ? `Dernier appel : ${CALL_OUTCOME.labels[row.lastOutcome].toLowerCase()}` : null,
    row.nextAttemptAt && row.status === 'retry'
      ? `Rappeler à ${timeInFrance(new Date(row.nextAttemptAt))}`
      : null,
  ]
    .filter(Boolean)
    .join('\n')
}

function cells(row: CallSheetRow) {
  if (row.restricted) {
    return [String(row.rank), row.personName, 'Réservé à l’équipe du dossier', '', '', '', '', '']
  }
  return [
    String(row.rank),
    `${row.personName}${row.age !== null ? `\n${row.age} ans` : ''}`,
    [row.phone ?? 'Pas de téléphone', row.bestCallTimes].filter(Boolean).join('\n'),
    row.address ?? '—',
    row.emergencyContacts
      .map((c) => `${c.name}${c.relationship ? ` (${c.relationship})` : ''}\n${c.phone}`)
      .join('\n') || '—',
    notes(row),
    '',
    '',
  ]
}

/**
 * The printed call list of an alert plan, for callers working on paper or when the network fails:
 * caller by caller, in the campaign's risk order, how to reach each person and what to know before
 * calling, with empty boxes for the outcome and the time of the call.
 */
export function renderCallSheetPdf(sheet: Sheet): Promise<Buffer> {
  const title = `Liste d’appels — ${sheet.plan.label ?? ALERT_KIND.labels[sheet.plan.kind]}`
  const { doc, done } = newPdf({ title, margin: MARGIN, layout: 'landscape' })
  doc.lineWidth(0.5)
  doc.font(BOLD).fontSize(10).text(sheet.organisationName)
  doc.font(BOLD).fontSize(15).text(title)
  doc
    .font(REGULAR)
    .fontSize(9)
    .text(
      [
        `Plan ${ALERT_KIND.labels[sheet.plan.kind].toLowerCase()} depuis le ${frenchDate(sheet.plan.startsOn)}`,
        sheet.mine ? 'mes appels' : 'tous les appels',
        `${sheet.rows.length} personne${sheet.rows.length > 1 ? 's' : ''} à joindre`,
        `imprimée le ${frenchDate(sheet.printedAt)} à ${timeInFrance(new Date(sheet.printedAt))}`,
      ].join(' — '),
    )
  doc
    .fontSize(8)
    .text(
      'Document confidentiel (registre nominatif, article L121-6-1 du CASF) : à ne pas laisser sans surveillance, ' +
        'à détruire après le plan. Issue : tout va bien, a besoin de quelque chose, pas de réponse, urgence — ' +
        'à reporter dans Trame.',
    )
  if (sheet.rows.length === 0) {
    doc.moveDown().fontSize(10).text('Plus personne à joindre dans ce plan.')
  }
  let caller: string | null | undefined
  let table: ReturnType<typeof pdfTable> | undefined
  for (const row of sheet.rows) {
    if (table === undefined || row.callerName !== caller) {
      if (table !== undefined) doc.addPage()
      else doc.moveDown()
      caller = row.callerName
      doc
        .font(BOLD)
        .fontSize(11)
        .text(caller ? `Appelant·e : ${caller}` : 'Sans appelant désigné', MARGIN, doc.y)
      doc.moveDown(0.3)
      table = pdfTable(doc, { columns: COLUMNS, left: MARGIN, fontSize: 8 })
    }
    table.row(cells(row), WRITING_HEIGHT)
  }
  doc.end()
  return done
}
