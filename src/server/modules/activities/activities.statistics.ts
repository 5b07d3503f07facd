import {
  ANONYMOUS_CATEGORY,
  CATEGORY_AUDIENCE,
  type DistinctParticipants,
  type DistinctParticipantsQuery,
} from '../../../shared/activities.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import { forbidden } from '../../platform/errors.ts'
import type { Actor } from '../../platform/permissions.ts'
import type { ActivitiesRepository } from './activities.repository.ts'

/**
 * Who took part, counted: "seniors who took part in intergenerational actions in 2016" is one query.
 * People named as present count once each over the period (files merged together are one person);
 * participants counted without a name are added as they were counted. Confidential teams' activities
 * count like any other: a number names no one. Read by those who run activities and by those who read
 * indicators (analysts, elected officials), never a name.
 */
export class ActivitiesStatistics {
  constructor(private readonly repo: ActivitiesRepository) {}

  static mayRead(actor: Actor) {
    return roleAllows(actor.roles, 'activities.read') || roleAllows(actor.roles, 'indicators.read')
  }

  /** The figures for an organisation, without an actor: for the indicators catalogue too. */
  async figures(organisationId: string, query: DistinctParticipantsQuery): Promise<DistinctParticipants> {
    const categories = ANONYMOUS_CATEGORY.values.filter(
      (category) => !query.audience || CATEGORY_AUDIENCE[category] === query.audience,
    )
    const { head, named, counts } = await this.repo.figures(organisationId, { ...query, categories })
    const byCategory = categories.map((category) => ({
      category,
      label: ANONYMOUS_CATEGORY.labels[category],
      count: counts.find((c) => c.category === category)?.n ?? 0,
    }))
    const anonymous = byCategory.reduce((total, c) => total + c.count, 0)
    return {
      from: query.from,
      to: query.to,
      sessions: head.sessions,
      named,
      anonymous,
      total: named + anonymous,
      byCategory,
      attendance: { present: head.present, absent: head.absent, excused: head.excused },
    }
  }

  async distinctParticipants(actor: Actor, query: DistinctParticipantsQuery) {
    if (!ActivitiesStatistics.mayRead(actor)) throw forbidden()
    return this.figures(actor.organisationId, query)
  }
}
