import type { z } from 'zod'
import {
  type Dashboard,
  type dashboardQuerySchema,
  HELP_KIND,
  NEED_STATUS,
  VOLUNTEER_STATUS,
} from '../../../shared/network.ts'
import type { Db } from '../../db/database.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { FrontdeskService } from '../frontdesk/frontdesk.service.ts'
import type { NetworkRepository } from './network.repository.ts'

const share = (counts: Map<string, number>, labels: Record<string, string>) => {
  const total = [...counts.values()].reduce((a, b) => a + b, 0)
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([key, count]) => ({
      key,
      label: labels[key] ?? key,
      count,
      percent: total === 0 ? 0 : Math.round((count / total) * 1000) / 10,
    }))
}

function median(values: number[]) {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const value = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return Math.round(value * 10) / 10
}

/** The dashboard: counts of volunteers and needs, never a name. */
export class NetworkDashboardService {
  constructor(
    private readonly repo: NetworkRepository,
    private readonly frontdesk: Pick<FrontdeskService, 'teamContactTotal'>,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  /** "236 needs met in 2020: shopping 55 %, courtesy visits 13 %…": counts, never a name. */
  async dashboard(actor: Actor, query: z.infer<typeof dashboardQuerySchema>): Promise<Dashboard> {
    assertAllowed(actor, 'network.coordinate')
    return this.figures(actor.organisationId, query)
  }

  /** The same counts, for the indicators catalogue (whose readers check `indicators.read`). */
  async figures(organisationId: string, query: { from: string; to: string }): Promise<Dashboard> {
    const statuses = await this.repo.volunteersByStatus(organisationId)
    const needs = await this.repo.needsInPeriod(organisationId, query.from, query.to)
    const byStatus = new Map(VOLUNTEER_STATUS.values.map((s) => [s, 0] as [string, number]))
    for (const row of statuses) byStatus.set(row.status, Number(row.n))
    const metByKind = new Map<string, number>()
    const byOutcome = new Map<string, number>()
    for (const need of needs) {
      byOutcome.set(need.status, (byOutcome.get(need.status) ?? 0) + 1)
      if (need.status === 'done') metByKind.set(need.kind, (metByKind.get(need.kind) ?? 0) + 1)
    }
    const settings = await this.repo.settings(organisationId)
    const seniorsLineCalls = settings.seniors_line_team_id
      ? await this.frontdesk.teamContactTotal(organisationId, settings.seniors_line_team_id, query)
      : null
    return {
      volunteersByStatus: share(byStatus, VOLUNTEER_STATUS.labels),
      needsMet: needs.filter((n) => n.status === 'done').length,
      needsMetByKind: share(metByKind, HELP_KIND.labels),
      needsByOutcome: share(byOutcome, NEED_STATUS.labels),
      medianHoursToAcceptance: median(
        needs.filter((n) => n.hours_to_accept !== null).map((n) => Number(n.hours_to_accept)),
      ),
      escalations: needs.filter((n) => n.escalated).length,
      automaticEscalations: needs.filter((n) => n.escalated_automatically).length,
      seniorsLineCalls,
    }
  }
}
