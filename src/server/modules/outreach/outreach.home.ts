import { roleAllows } from '../../../shared/permissions.ts'
import type { HomeSource } from '../../platform/home.ts'
import type { OutreachFollowupRepository } from './outreach.caseload.repository.ts'
import type { OutreachSettingsService } from './outreach.settings.service.ts'

/** On the home page of those who do outreach: the people followed who have not been met for too long. */
export function outreachHomeSource(
  settings: OutreachSettingsService,
  followups: OutreachFollowupRepository,
): HomeSource {
  return {
    module: 'outreach',
    async tasks(actor) {
      if (!roleAllows(actor.roles, 'outreach.read')) return []
      const alertDays = await settings.alertDays(actor.organisationId, followups.db)
      const late = await followups.lateFollowupCount(actor, alertDays)
      return [{ key: 'outreach.caseload_late', count: late, late }]
    },
  }
}
