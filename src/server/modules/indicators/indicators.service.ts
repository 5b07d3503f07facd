import ExcelJS from 'exceljs'
import {
  type DashboardItem,
  DEFAULT_SMALL_CELL_THRESHOLD,
  formatIndicatorCount,
  type IndicatorCatalogue,
  type IndicatorCount,
  type IndicatorDashboard,
  type IndicatorQuery,
  type IndicatorTable,
  indicatorDashboardSchema,
} from '../../../shared/indicators.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import { recordAudit } from '../../platform/audit.ts'
import { toCsv } from '../../platform/csv.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import type { IndicatorDefinition, IndicatorRegistry } from '../../platform/indicators.ts'
import { type Actor, assertAllowed, canSeeConfidentialTeam } from '../../platform/permissions.ts'
import type { IndicatorsRepository } from './indicators.repository.ts'

const CONFIDENTIAL_TEAM = 'Équipe confidentielle'
const frenchDay = (iso: string) => iso.split('-').reverse().join('/')

/**
 * The catalogue's reading side: lists the registered indicators, computes one with its filters and
 * shows it as the reader may see it — a small cell (1 to threshold − 1) hidden from readers who never
 * read a name, a confidential team counted but not named to those outside it — in JSON, CSV or XLSX.
 */
export class IndicatorsService {
  constructor(
    private readonly repo: IndicatorsRepository,
    private readonly registry: IndicatorRegistry,
  ) {}

  /** Small cells are hidden from those who never read a person's file (analysts, administrators). */
  private async smallCellRule(actor: Actor) {
    const threshold =
      (await this.repo.smallCellThreshold(actor.organisationId)) ?? DEFAULT_SMALL_CELL_THRESHOLD
    return { threshold, applies: !roleAllows(actor.roles, 'person.read') }
  }

  async catalogue(actor: Actor): Promise<IndicatorCatalogue> {
    assertAllowed(actor, 'indicators.read')
    const options = await this.repo.options(actor.organisationId)
    return {
      indicators: this.registry.list().map(entryOf),
      options: {
        sites: options.sites,
        teams: options.teams
          .filter((t) => !t.confidential || canSeeConfidentialTeam(actor, t.id))
          .map(({ id, label }) => ({ id, label })),
        structures: options.structures,
        reasons: options.reasons,
      },
      smallCells: await this.smallCellRule(actor),
    }
  }

  private definition(id: string): IndicatorDefinition {
    const definition = this.registry.get(id)
    if (!definition) throw notFound()
    return definition
  }

  /** The figure as the reader sees it, audited as a reading (`json`) or a download (`csv`, `xlsx`). */
  async compute(
    actor: Actor,
    id: string,
    query: IndicatorQuery,
    format: 'json' | 'csv' | 'xlsx' = 'json',
  ): Promise<IndicatorTable> {
    assertAllowed(actor, 'indicators.read')
    const definition = this.definition(id)
    // Only the filters the indicator takes reach it: a stray one never narrows a figure silently.
    const taken = new Set(definition.filters)
    const filters: IndicatorQuery = {
      from: query.from,
      to: query.to,
      ...(taken.has('site') && query.siteId ? { siteId: query.siteId } : {}),
      ...(taken.has('team') && query.teamId ? { teamId: query.teamId } : {}),
      ...(taken.has('structure') && query.structureId ? { structureId: query.structureId } : {}),
      ...(taken.has('kind') && query.kind ? { kind: query.kind } : {}),
      ...(taken.has('excludedReason') && query.excludedReasonId
        ? { excludedReasonId: query.excludedReasonId }
        : {}),
    }
    if (filters.kind && definition.kinds && !definition.kinds.some((k) => k.value === filters.kind)) {
      throw validationError('kind', 'Type inconnu pour cet indicateur.')
    }
    if (filters.teamId) await this.assertTeamFilter(actor, filters.teamId)
    const result = await definition.compute({
      db: this.repo.db,
      organisationId: actor.organisationId,
      actor,
      query: filters,
    })
    const rows = await this.hideConfidentialTeams(actor, definition, result.rows)
    // Figures carry no name, but who read or took away which figure is the organisation's to know.
    await recordAudit(this.repo.db, actor, {
      action: format === 'json' ? 'indicator.read' : 'indicator.export',
      entityType: 'indicator',
      details: { indicator: definition.id, format, ...filters },
    })
    const rule = await this.smallCellRule(actor)
    const shown = (count: number): IndicatorCount =>
      rule.applies && count > 0 && count < rule.threshold ? { count: null, below: rule.threshold } : { count }
    return {
      id: definition.id,
      name: definition.name,
      description: definition.description,
      from: filters.from,
      to: filters.to,
      dimensions: definition.dimensions.map((d) => d.label),
      rows: rows.map((row) => ({ keys: row.keys, labels: row.labels, ...shown(row.count) })),
      total: shown(result.total),
    }
  }

  /** A team of the organisation, and not a confidential one the reader is outside of. */
  private async assertTeamFilter(actor: Actor, teamId: string) {
    const { teams } = await this.repo.options(actor.organisationId)
    const team = teams.find((t) => t.id === teamId)
    if (!team || (team.confidential && !canSeeConfidentialTeam(actor, team.id))) {
      throw validationError('teamId', 'Équipe inconnue.')
    }
  }

  /** A confidential team's row counts, under « Équipe confidentielle » (all such rows as one). */
  private async hideConfidentialTeams(
    actor: Actor,
    definition: IndicatorDefinition,
    rows: { keys: (string | null)[]; labels: string[]; count: number }[],
  ) {
    const teamColumns = definition.dimensions.flatMap((d, i) => (d.team ? [i] : []))
    if (teamColumns.length === 0) return rows
    const { teams } = await this.repo.options(actor.organisationId)
    const hidden = new Set(
      teams.filter((t) => t.confidential && !canSeeConfidentialTeam(actor, t.id)).map((t) => t.id),
    )
    if (hidden.size === 0) return rows
    const merged = new Map<string, { keys: (string | null)[]; labels: string[]; count: number }>()
    for (const row of rows) {
      const keys = [...row.keys]
      const labels = [...row.labels]
      for (const i of teamColumns) {
        if (keys[i] && hidden.has(keys[i])) {
          keys[i] = 'confidential'
          labels[i] = CONFIDENTIAL_TEAM
        }
      }
      const key = JSON.stringify(keys)
      const known = merged.get(key)
      if (known) known.count += row.count
      else merged.set(key, { keys, labels, count: row.count })
    }
    return [...merged.values()]
  }

  /** The table as lines of a spreadsheet: the dimensions, then the count (« < 5 » for a small cell). */
  private async sheet(actor: Actor, id: string, query: IndicatorQuery, format: 'csv' | 'xlsx') {
    const table = await this.compute(actor, id, query, format)
    const header = [...table.dimensions, 'Nombre']
    const total = [...table.dimensions.map((_, i) => (i === 0 ? 'Total' : '')), table.total]
    const rows = [...table.rows.map((row) => [...row.labels, row as IndicatorCount]), total]
    return { table, header, rows: table.dimensions.length === 0 ? [['Total', table.total]] : rows }
  }

  async csv(actor: Actor, id: string, query: IndicatorQuery) {
    const { table, header, rows } = await this.sheet(actor, id, query, 'csv')
    const body = rows.map((row) =>
      row.map((cell) => (typeof cell === 'object' ? formatIndicatorCount(cell as IndicatorCount) : cell)),
    )
    return { table, body: toCsv(body, { columns: header, delimiter: ';' }) }
  }

  async xlsx(actor: Actor, id: string, query: IndicatorQuery) {
    const { table, header, rows } = await this.sheet(actor, id, query, 'xlsx')
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Indicateur')
    sheet.addRow([table.name])
    sheet.addRow([`du ${frenchDay(table.from)} au ${frenchDay(table.to)}`])
    sheet.addRow([table.description])
    sheet.addRow([])
    sheet.addRow(header).font = { bold: true }
    for (const row of rows) {
      // A count stays a number a spreadsheet sums; a small cell is the text « < 5 ».
      sheet.addRow(
        row.map((cell) => {
          if (typeof cell !== 'object' || cell === null) return cell
          const count = cell as IndicatorCount
          return count.count ?? formatIndicatorCount(count)
        }),
      )
    }
    sheet.getRow(1).font = { bold: true, size: 13 }
    sheet.columns.forEach((column, i) => {
      column.width = i < header.length - 1 ? 36 : 14
    })
    return { table, body: Buffer.from(await workbook.xlsx.writeBuffer()) }
  }

  async dashboard(actor: Actor): Promise<IndicatorDashboard> {
    assertAllowed(actor, 'indicators.read')
    const items = await this.repo.dashboard(actor.organisationId, actor.userId)
    // An indicator no longer in the catalogue (a module removed) drops out rather than failing.
    const parsed = indicatorDashboardSchema.safeParse({ items })
    const kept = parsed.success ? parsed.data.items : []
    return { items: kept.filter((item) => this.registry.get(item.indicatorId)) }
  }

  async saveDashboard(actor: Actor, dashboard: { items: DashboardItem[] }): Promise<IndicatorDashboard> {
    assertAllowed(actor, 'indicators.read')
    dashboard.items.forEach((item, i) => {
      if (!this.registry.get(item.indicatorId)) {
        throw validationError(`items.${i}.indicatorId`, 'Indicateur inconnu.')
      }
      if (item.query.from > item.query.to) {
        throw validationError(`items.${i}.query.from`, 'La date de début doit précéder la date de fin.')
      }
    })
    await this.repo.saveDashboard(actor.organisationId, actor.userId, dashboard.items)
    return this.dashboard(actor)
  }

  async settings(actor: Actor) {
    assertAllowed(actor, 'indicators.read')
    return {
      smallCellThreshold:
        (await this.repo.smallCellThreshold(actor.organisationId)) ?? DEFAULT_SMALL_CELL_THRESHOLD,
    }
  }

  async saveSettings(actor: Actor, settings: { smallCellThreshold: number }) {
    assertAllowed(actor, 'organisation.manage')
    await this.repo.db.transaction().execute(async (trx) => {
      await this.repo.saveSmallCellThreshold(
        actor.organisationId,
        actor.userId,
        settings.smallCellThreshold,
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'indicator.settings_update',
        entityType: 'indicator',
        details: { smallCellThreshold: settings.smallCellThreshold },
      })
    })
    return this.settings(actor)
  }
}

function entryOf(definition: IndicatorDefinition) {
  return {
    id: definition.id,
    module: definition.module,
    name: definition.name,
    description: definition.description,
    filters: [...definition.filters],
    dimensions: definition.dimensions.map((d) => d.label),
    kinds: (definition.kinds ?? []).map((k) => ({ value: k.value, label: k.label })),
  }
}
