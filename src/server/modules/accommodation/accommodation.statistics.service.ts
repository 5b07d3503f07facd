import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import {
  ADMISSION_REFUSAL_MOTIF,
  STAY_EXIT_DESTINATION,
  STRUCTURE_KIND,
  type StructureKind,
} from '../../../shared/accommodation.ts'
import type {
  AccommodationFigures,
  AccommodationStatistics,
  AccommodationStatisticsQuery,
} from '../../../shared/accommodation-statistics.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import type { Db } from '../../db/database.ts'
import { recordAudit } from '../../platform/audit.ts'
import { toCsv } from '../../platform/csv.ts'
import { forbidden } from '../../platform/errors.ts'
import type { Actor } from '../../platform/permissions.ts'
import { occupancyOverPeriod, occupancyRate, type StructureOccupancy } from './accommodation.occupancy.ts'
import type {
  AccommodationStatisticsRepository,
  StayFiguresRow,
} from './accommodation.statistics.repository.ts'

const frenchDay = (iso: string) => iso.split('-').reverse().join('/')
/** Days to one decimal: the average of 60 and 61 days is 60,5. */
const days = (value: string | number | null) => (value === null ? null : Math.round(Number(value) * 10) / 10)

function figuresOf(
  row: StayFiguresRow | undefined,
  nights: { occupiedNights: number; availableNights: number },
): AccommodationFigures {
  return {
    present: Number(row?.present ?? 0),
    started: Number(row?.started ?? 0),
    ended: Number(row?.ended ?? 0),
    ongoing: Number(row?.ongoing ?? 0),
    beneficiaries: Number(row?.beneficiaries ?? 0),
    averageDays: days(row?.average_days ?? null),
    medianDays: days(row?.median_days ?? null),
    occupiedNights: nights.occupiedNights,
    availableNights: nights.availableNights,
    occupancyRate: occupancyRate(nights.occupiedNights, nights.availableNights),
  }
}

function sumNights(rows: readonly StructureOccupancy[]) {
  return rows.reduce(
    (total, r) => ({
      occupiedNights: total.occupiedNights + r.occupiedNights,
      availableNights: total.availableNights + r.availableNights,
    }),
    { occupiedNights: 0, availableNights: 0 },
  )
}

/**
 * Accommodation statistics over a period, per structure, per kind and in all: the stays, the people,
 * the lengths of completed stays, the occupancy (accommodation.occupancy.ts), exits by destination and
 * refusals by motif. Counts only, never a name: read by those who read indicators (the analyst too).
 */
export class AccommodationStatisticsService {
  constructor(private readonly repo: AccommodationStatisticsRepository) {}

  private get db(): Db {
    return this.repo.db
  }

  async statistics(
    actor: Actor,
    query: AccommodationStatisticsQuery,
    format: 'json' | 'csv' | 'xlsx' = 'json',
  ): Promise<AccommodationStatistics> {
    if (!roleAllows(actor.roles, 'indicators.read')) throw forbidden()
    const { from, to, structureId, kind } = query
    return this.db.transaction().execute(async (trx) => {
      const org = actor.organisationId
      // A year of a large operator is ~100,000 stays: sorted for the distinct people and the medians
      // in memory rather than spilled to disk (the default 4 MB is for many small queries at once).
      await sql`set local work_mem = '32MB'`.execute(trx)
      const stays = await this.repo.stayFigures(org, query, trx)
      const exits = await this.repo.exitsByDestination(org, query, trx)
      const refusals = await this.repo.refusalsByMotif(org, query, trx)
      const occupancy = await occupancyOverPeriod(
        trx,
        org,
        { from, to },
        { structureIds: structureId ? [structureId] : null, kinds: kind ? [kind] : null },
      )
      await recordAudit(trx, actor, {
        action: format === 'json' ? 'accommodation_statistics.read' : 'accommodation_statistics.export',
        entityType: 'accommodation_statistics',
        details: { from, to, format, structureId: structureId ?? null, kind: kind ?? null },
      })

      const byStructureRow = new Map(stays.filter((r) => r.level === 0).map((r) => [r.structure_id, r]))
      const byKindRow = new Map(stays.filter((r) => r.level === 2).map((r) => [r.kind, r]))
      const kinds = STRUCTURE_KIND.values.filter((k) => occupancy.some((o) => o.kind === k))
      const exitCounts = new Map(exits.map((r) => [r.key, Number(r.count)]))
      const refusalCounts = new Map(refusals.map((r) => [r.key ?? 'other', Number(r.count)]))
      return {
        from,
        to,
        totals: figuresOf(
          stays.find((r) => r.level === 3),
          sumNights(occupancy),
        ),
        byKind: kinds.map((k: StructureKind) => ({
          kind: k,
          label: STRUCTURE_KIND.labels[k],
          ...figuresOf(byKindRow.get(k), sumNights(occupancy.filter((o) => o.kind === k))),
        })),
        byStructure: occupancy.map((o) => ({
          structureId: o.structureId,
          name: o.name,
          kind: o.kind,
          kindLabel: STRUCTURE_KIND.labels[o.kind],
          ...figuresOf(byStructureRow.get(o.structureId), o),
        })),
        exitsByDestination: STAY_EXIT_DESTINATION.values.map((key) => ({
          key,
          label: STAY_EXIT_DESTINATION.labels[key],
          count: exitCounts.get(key) ?? 0,
        })),
        refusalsByMotif: ADMISSION_REFUSAL_MOTIF.values.map((key) => ({
          key,
          label: ADMISSION_REFUSAL_MOTIF.labels[key],
          count: refusalCounts.get(key) ?? 0,
        })),
      }
    })
  }

  /** The statistics as the lines of one table: section, line, then the figures. */
  private table(s: AccommodationStatistics, percent: (rate: number | null) => string | number) {
    const header = [
      'Rubrique',
      'Ligne',
      'Séjours présents',
      'Entrées',
      'Sorties',
      'En cours à la fin',
      'Personnes distinctes',
      'Durée moyenne (jours)',
      'Durée médiane (jours)',
      'Nuitées occupées',
      'Nuitées disponibles',
      'Taux d’occupation',
    ]
    const rows: (string | number)[][] = []
    const figures = (section: string, label: string, f: AccommodationFigures) =>
      rows.push([
        section,
        label,
        f.present,
        f.started,
        f.ended,
        f.ongoing,
        f.beneficiaries,
        f.averageDays ?? '',
        f.medianDays ?? '',
        f.occupiedNights,
        f.availableNights,
        percent(f.occupancyRate),
      ])
    figures('Total', `Du ${frenchDay(s.from)} au ${frenchDay(s.to)}`, s.totals)
    for (const k of s.byKind) figures('Par type de structure', k.label, k)
    for (const st of s.byStructure) figures('Par structure', `${st.name} (${st.kindLabel})`, st)
    const one = (section: string, label: string, count: number) =>
      rows.push([section, label, count, '', '', '', '', '', '', '', '', ''])
    for (const e of s.exitsByDestination) one('Sorties par destination', e.label, e.count)
    for (const r of s.refusalsByMotif) one('Refus d’admission par motif', r.label, r.count)
    return { header, rows }
  }

  async csv(actor: Actor, query: AccommodationStatisticsQuery) {
    const { header, rows } = this.table(await this.statistics(actor, query, 'csv'), (rate) =>
      rate === null ? '' : `${(rate * 100).toFixed(1).replace('.', ',')} %`,
    )
    return toCsv(rows, { columns: header, delimiter: ';' })
  }

  async xlsx(actor: Actor, query: AccommodationStatisticsQuery) {
    const { header, rows } = this.table(await this.statistics(actor, query, 'xlsx'), (rate) => rate ?? '')
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Hébergement')
    sheet.columns = header.map((h, i) => ({ header: h, width: i === 1 ? 48 : i === 0 ? 28 : 14 }))
    sheet.getRow(1).font = { bold: true }
    // The rate stays a number a spreadsheet computes with, shown as a percentage.
    sheet.getColumn(12).numFmt = '0.0%'
    for (const row of rows) sheet.addRow(row)
    return Buffer.from(await workbook.xlsx.writeBuffer())
  }
}
