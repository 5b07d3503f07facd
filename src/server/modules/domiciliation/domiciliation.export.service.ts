import { PassThrough, type Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { todayInFrance } from '../../../shared/dates.ts'
import {
  DOMIFA_KIND,
  DOMIFA_RADIATION_MOTIF,
  DOMIFA_REFUSAL_MOTIF,
  DOMIFA_STATUS,
} from '../../../shared/domiciliation.ts'
import { DOMIFA_COLUMNS, domifaColumnLabel } from '../../../shared/domiciliation-domifa.ts'
import { recordAudit } from '../../platform/audit.ts'
import { csvStream } from '../../platform/csv.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { DomiciliationReportRepository, ExportFilter } from './domiciliation.report.repository.ts'

/** Periods read per query while the file is written. */
const SLICE = 2000
/** Ayants droit columns written (groups of 4), as DomiFa's layout repeats them. */
const MEMBER_GROUPS = 4

/** DomiFa's code for one of Trame's values (the first code DomiFa uses for it). */
const codeFor = (codes: Record<string, string>) => {
  const reverse = new Map<string, string>()
  for (const [code, value] of Object.entries(codes)) if (!reverse.has(value)) reverse.set(value, code)
  return (value: string | null) => (value ? (reverse.get(value) ?? '') : '')
}
const STATUS_CODE = codeFor(DOMIFA_STATUS)
const KIND_CODE = codeFor(DOMIFA_KIND)
const REFUSAL_CODE = codeFor(DOMIFA_REFUSAL_MOTIF)
const RADIATION_CODE = codeFor(DOMIFA_RADIATION_MOTIF)
const RELATIONSHIP_CODE: Record<string, string> = {
  child: 'ENFANT',
  spouse: 'CONJOINT',
  parent: 'PARENT',
  other: 'AUTRE',
}

const frenchDay = (iso: string | null) => (iso ? iso.split('-').reverse().join('/') : '')

/**
 * The domiciled people as a file in DomiFa's import layout (so that it goes back into DomiFa or into
 * another Trame), CSV or XLSX, written as it is read: tens of thousands of lines never held at once.
 */
export class DomiciliationExportService {
  constructor(
    private readonly repo: DomiciliationReportRepository,
    private readonly people: PeopleService,
  ) {}

  private get db() {
    return this.repo.db
  }

  assertMayExport(actor: Actor) {
    assertAllowed(actor, 'domiciliation.import')
  }

  /** Audits the export (every person it hands over), then answers the stream of its lines. */
  async export(actor: Actor, query: { status: string; format: 'csv' | 'xlsx' }): Promise<Readable> {
    this.assertMayExport(actor)
    const filter: ExportFilter =
      query.status === 'in_force' ? { inForceOn: todayInFrance() } : { status: query.status }
    await this.db.transaction().execute(async (trx) => {
      const personIds = await this.repo.personIds(actor.organisationId, filter, trx)
      const visible = await this.people.identitiesWithin(actor, personIds, trx)
      await recordAudit(trx, actor, {
        action: 'domiciliation.export',
        entityType: 'domiciliation_list',
        personIds: [...visible.keys()],
        details: { status: query.status, format: query.format, count: visible.size },
      })
    })
    const header = Array.from({ length: DOMIFA_COLUMNS.length + 4 * MEMBER_GROUPS }, (_, i) =>
      domifaColumnLabel(i),
    )
    const out = new PassThrough()
    const write = query.format === 'csv' ? this.csvWriter(out, header) : this.xlsxWriter(out, header)
    this.writeLines(actor, filter, write.line)
      .then(write.end)
      .catch((error) => out.destroy(error))
    return out
  }

  private csvWriter(out: PassThrough, header: string[]) {
    const csv = csvStream({ columns: header, delimiter: ';' })
    csv.pipe(out)
    return {
      line: async (cells: string[]) => {
        if (!csv.write(cells)) await new Promise((resolve) => csv.once('drain', resolve))
      },
      end: () => void csv.end(),
    }
  }

  private xlsxWriter(out: PassThrough, header: string[]) {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false })
    const sheet = workbook.addWorksheet('Domiciliés')
    sheet.addRow(header).commit()
    return {
      line: async (cells: string[]) => sheet.addRow(cells).commit(),
      end: async () => {
        sheet.commit()
        await workbook.commit()
      },
    }
  }

  private async writeLines(actor: Actor, filter: ExportFilter, line: (cells: string[]) => Promise<void>) {
    let afterId: string | null = null
    for (;;) {
      const slice = await this.db.transaction().execute(async (trx) => {
        const periods = await this.repo.slice(actor.organisationId, filter, afterId, SLICE, trx)
        const members = await this.repo.beneficiaries(
          periods.map((p) => p.id),
          trx,
        )
        const identities = await this.people.identitiesWithin(
          actor,
          [...periods.map((p) => p.person_id), ...members.map((m) => m.person_id)],
          trx,
        )
        return { periods, members, identities }
      })
      for (const period of slice.periods) {
        const person = slice.identities.get(period.person_id)
        // A file of a confidential team the exporter does not belong to stays out.
        if (!person) continue
        const instruction = (period.instruction ?? {}) as Record<string, string>
        const cells: Record<string, string> = {
          customId: period.external_ref ?? period.id,
          civility: person.sex === 'male' ? 'H' : person.sex === 'female' ? 'F' : '',
          lastName: person.lastName ?? '',
          firstNames: person.firstNames ?? '',
          alias: person.aliases[0] ?? '',
          birthDate: frenchDay(person.birthDate),
          birthPlace: person.birthPlace ?? '',
          phone: person.phone ?? '',
          email: person.email ?? '',
          status: STATUS_CODE(period.status),
          refusalMotif: REFUSAL_CODE(period.refusal_motif),
          radiationMotif: RADIATION_CODE(period.radiation_motif),
          kind: KIND_CODE(period.kind),
          startOn: frenchDay(period.start_on),
          endOn: frenchDay(
            period.status === 'radiated' ? (period.radiation_on ?? period.end_on) : period.end_on,
          ),
          firstDomiciledOn: frenchDay(period.first_domiciled_on),
          lastContactOn: period.last_contact_at
            ? frenchDay(todayInFrance(new Date(period.last_contact_at)))
            : '',
          comments: period.comments ?? '',
        }
        const fixed = DOMIFA_COLUMNS.map((c) => cells[c.key] ?? instruction[c.key] ?? '')
        const covered = slice.members
          .filter((m) => m.domiciliation_id === period.id)
          .flatMap((m) => {
            const member = slice.identities.get(m.person_id)
            return member
              ? [
                  member.lastName ?? '',
                  member.firstNames ?? '',
                  frenchDay(member.birthDate),
                  RELATIONSHIP_CODE[m.relationship ?? ''] ?? 'AUTRE',
                ]
              : []
          })
          .slice(0, 4 * MEMBER_GROUPS)
        const blanks = Array.from({ length: 4 * MEMBER_GROUPS - covered.length }, () => '')
        await line([...fixed, ...covered, ...blanks])
      }
      if (slice.periods.length < SLICE) return
      afterId = slice.periods.at(-1)!.id
    }
  }
}
