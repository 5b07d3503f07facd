import { roleAllows } from '../../../shared/permissions.ts'
import type { HomeSource } from '../../platform/home.ts'
import type { NetworkRepository } from './network.repository.ts'

/** On the coordinator's home page: volunteers to vet, needs waiting for a volunteer, escalations, reports. */
export function networkHomeSource(repo: NetworkRepository): HomeSource {
  return {
    module: 'network',
    async tasks(actor) {
      if (!roleAllows(actor.roles, 'network.coordinate')) return []
      const n = await repo.homeCounts(actor.organisationId)
      return [
        { key: 'network.volunteers_to_vet', count: n.volunteers, late: n.volunteers_late },
        { key: 'network.needs_waiting', count: n.needs, late: n.needs_late },
        { key: 'network.escalations_open', count: n.escalations, late: 0 },
        { key: 'network.member_reports', count: n.reports, late: 0 },
      ]
    },
  }
}
