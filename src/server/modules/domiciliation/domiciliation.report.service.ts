import ExcelJS from 'exceljs'
import { ageOn } from '../../../shared/dates.ts'
import { MAIL_STATUS, RADIATION_MOTIF, REFUSAL_MOTIF } from '../../../shared/domiciliation.ts'
import {
  AGE_BAND,
  ageBandOf,
  DOMICILIATION_REPORT_READERS,
  type DomiciliationReport,
} from '../../../shared/domiciliation-domifa.ts'
import { SEX } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import { recordAudit } from '../../platform/audit.ts'
import { toCsv } from '../../platform/csv.ts'
import { forbidden } from '../../platform/errors.ts'
import type { Actor } from '../../platform/permissions.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { DomiciliationReportRepository } from './domiciliation.report.repository.ts'

const NOT_GIVEN = 'Non renseigné'

/** Every key of `labels` with its count (zeros included, so the table always has the same lines). */
function counted(labels: Record<string, string>, counts: Map<string | null, number>) {
  const lines = Object.entries(labels).map(([key, label]) => ({ key, label, count: counts.get(key) ?? 0 }))
  const unknown = [...counts].filter(([key]) => key === null || !(key in labels))
  const rest = unknown.reduce((sum, [, n]) => sum + n, 0)
  if (rest > 0) lines.push({ key: 'unknown', label: NOT_GIVEN, count: rest })
  return lines
}

function tally<T>(items: T[], keyOf: (item: T) => string | null, countOf: (item: T) => number = () => 1) {
  const counts = new Map<string | null, number>()
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + countOf(item))
  return counts
}

/**
 * The yearly activity report the prefecture asks of every domiciliation body: people in force on
 * 31 December, new and renewed domiciliations, refusals and radiations by motif, the people by sex and
 * age band, the mail handled. Counts only, never a name.
 */
export class DomiciliationReportService {
  constructor(
    private readonly repo: DomiciliationReportRepository,
    private readonly people: PeopleService,
  ) {}

  private get db() {
    return this.repo.db
  }

  assertMayRead(actor: Actor) {
    if (!DOMICILIATION_REPORT_READERS.some((action) => roleAllows(actor.roles, action))) throw forbidden()
  }

  async report(actor: Actor, year: number, format: string): Promise<DomiciliationReport> {
    this.assertMayRead(actor)
    const day = `${year}-12-31`
    return this.db.transaction().execute(async (trx) => {
      const inForce = await this.repo.inForceOn(actor.organisationId, day, trx)
      const facts = new Map<string, { sex: string | null; birthDate: string | null }>()
      for (let start = 0; start < inForce.personIds.length; start += 5000) {
        const slice = await this.people.personFacts(
          actor.organisationId,
          inForce.personIds.slice(start, start + 5000),
          trx,
        )
        for (const [id, fact] of slice) facts.set(id, fact)
      }
      const people = [...facts.values()]
      const decisions = await this.repo.decisions(actor.organisationId, year, trx)
      const of = (decision: string) => decisions.filter((d) => d.decision === decision)
      const sum = (rows: { n: number }[]) => rows.reduce((total, row) => total + row.n, 0)
      const mail = await this.repo.mail(actor.organisationId, year, trx)
      const handled = mail.closed
      await recordAudit(trx, actor, {
        action: 'domiciliation.report',
        entityType: 'domiciliation_report',
        details: { year, format },
      })
      return {
        year,
        inForce: inForce.personIds.length,
        beneficiariesInForce: inForce.beneficiaries,
        firstGranted: sum(of('granted').filter((d) => d.kind === 'first')),
        renewals: sum(of('granted').filter((d) => d.kind === 'renewal')),
        refusals: sum(of('refused')),
        refusalsByMotif: counted(
          REFUSAL_MOTIF.labels,
          tally(
            of('refused'),
            (d) => d.motif,
            (d) => d.n,
          ),
        ),
        radiations: sum(of('radiated')),
        radiationsByMotif: counted(
          RADIATION_MOTIF.labels,
          tally(
            of('radiated'),
            (d) => d.motif,
            (d) => d.n,
          ),
        ),
        bySex: counted(
          SEX.labels,
          tally(people, (p) => p.sex),
        ),
        byAgeBand: counted(
          AGE_BAND.labels,
          tally(people, (p) => ageBandOf(ageOn(p.birthDate, day))),
        ),
        mailReceived: mail.received,
        mailHandled: sum(handled.filter((m) => m.status !== 'waiting')),
        mailHandledByOutcome: counted(
          {
            handed_over: MAIL_STATUS.labels.handed_over,
            forwarded: MAIL_STATUS.labels.forwarded,
            returned: MAIL_STATUS.labels.returned,
          },
          tally(
            handled.filter((m) => m.status !== 'waiting'),
            (m) => m.status,
            (m) => m.n,
          ),
        ),
      }
    })
  }

  /** The report as lines of a table: section, line, count. */
  private lines(report: DomiciliationReport) {
    const lines: [string, string, number][] = [
      ['Domiciliations', 'Personnes domiciliées au 31 décembre', report.inForce],
      ['Domiciliations', 'Ayants droit couverts au 31 décembre', report.beneficiariesInForce],
      ['Domiciliations', 'Premières domiciliations accordées', report.firstGranted],
      ['Domiciliations', 'Renouvellements accordés', report.renewals],
      ['Refus', 'Refus (total)', report.refusals],
      ...report.refusalsByMotif.map((l): [string, string, number] => ['Refus par motif', l.label, l.count]),
      ['Radiations', 'Radiations (total)', report.radiations],
      ...report.radiationsByMotif.map((l): [string, string, number] => [
        'Radiations par motif',
        l.label,
        l.count,
      ]),
      ...report.bySex.map((l): [string, string, number] => [
        'Domiciliés au 31 décembre par sexe',
        l.label,
        l.count,
      ]),
      ...report.byAgeBand.map((l): [string, string, number] => [
        'Domiciliés au 31 décembre par âge',
        l.label,
        l.count,
      ]),
      ['Courrier', 'Courriers reçus', report.mailReceived],
      ['Courrier', 'Courriers traités', report.mailHandled],
      ...report.mailHandledByOutcome.map((l): [string, string, number] => [
        'Courrier traité',
        l.label,
        l.count,
      ]),
    ]
    return lines
  }

  async csv(actor: Actor, year: number) {
    const report = await this.report(actor, year, 'csv')
    return toCsv(this.lines(report), { columns: ['Rubrique', 'Ligne', `Nombre (${year})`], delimiter: ';' })
  }

  async xlsx(actor: Actor, year: number) {
    const report = await this.report(actor, year, 'xlsx')
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet(`Rapport ${year}`)
    sheet.columns = [
      { header: 'Rubrique', width: 36 },
      { header: 'Ligne', width: 52 },
      { header: `Nombre (${year})`, width: 14 },
    ]
    sheet.getRow(1).font = { bold: true }
    for (const line of this.lines(report)) sheet.addRow(line)
    return Buffer.from(await workbook.xlsx.writeBuffer())
  }
}
