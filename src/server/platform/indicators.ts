import type { Kysely } from 'kysely'
import type { IndicatorFilter, IndicatorQuery } from '../../shared/indicators.ts'
import type { Database } from '../db/schema.ts'
import type { Actor } from './permissions.ts'

/**
 * The catalogue of indicators. Each module registers the figures it produces (as modules register
 * their timeline sources); the indicators module lists them, computes one with its filters, hides
 * small cells and confidential teams' names from the reader, exports it and keeps dashboards.
 *
 * To contribute an indicator, a module's service gives an `IndicatorDefinition` and `app.ts` calls
 * `indicators.register(definition)`:
 *
 * ```ts
 * indicators.register({
 *   id: 'activities.participants', module: 'activities',
 *   name: 'Participants distincts', description: 'Chaque personne compte une fois sur la période…',
 *   filters: ['period', 'team', 'kind'], dimensions: [{ label: 'Public' }],
 *   kinds: [{ value: 'seniors', label: 'Seniors' }],
 *   compute: async ({ db, organisationId, query }) => ({ total, rows: [{ keys: ['seniors'], labels: ['Seniors'], count: 12 }] }),
 * })
 * ```
 */
export interface IndicatorDefinition {
  /** Stable and unique: `<module>.<figure>`, e.g. `frontdesk.passages-by-team`. */
  id: string
  module: string
  /** French name and description, as the catalogue shows them. */
  name: string
  description: string
  /** The filters the indicator takes: the others are not sent to `compute`'s reader. */
  filters: readonly IndicatorFilter[]
  /**
   * Its table's dimension columns, in the order of each row's keys. `team` marks a dimension whose
   * keys are team ids: a confidential team's row is counted but shown as « Équipe confidentielle ».
   */
  dimensions: readonly { label: string; team?: boolean }[]
  /** The values the `kind` filter offers, when the indicator takes it. */
  kinds?: readonly { value: string; label: string }[]
  /**
   * Counts by SQL aggregates, never by reading named lists. `total` is the figure of the whole
   * (a distinct count is not the sum of its rows). The organisation is the actor's.
   */
  compute(context: IndicatorContext): Promise<IndicatorResult>
}

export interface IndicatorContext {
  db: Kysely<Database>
  organisationId: string
  /** The reader, for a module service that checks its own permission (`indicators.read` passes). */
  actor: Actor
  query: IndicatorQuery
}

export interface IndicatorResult {
  total: number
  rows: { keys: (string | null)[]; labels: string[]; count: number }[]
}

export class IndicatorRegistry {
  private readonly definitions = new Map<string, IndicatorDefinition>()

  register(definition: IndicatorDefinition) {
    if (this.definitions.has(definition.id)) throw new Error(`Indicator "${definition.id}" registered twice`)
    this.definitions.set(definition.id, definition)
  }

  list(): IndicatorDefinition[] {
    return [...this.definitions.values()]
  }

  get(id: string): IndicatorDefinition | undefined {
    return this.definitions.get(id)
  }
}
