/**
 * Domiciliation's workflow in the demo, through the API as the team would: a few people domiciled
 * (one not seen for months, to review for radiation), one refused with its re-orientation, one
 * request waiting for the director's decision. The settings carry the address printed on certificates.
 */

import { addDays } from '../../src/shared/dates.ts'
import type { DemoClient } from './api.ts'

export async function seedDomiciliations(
  admin: DemoClient,
  socialWorker: DemoClient,
  director: DemoClient,
  personIds: string[],
  today: string,
) {
  await admin.put('/api/domiciliation-settings', {
    decisionRoles: ['director'],
    noContactMonths: 3,
    renewalReminderDays: 61,
    postalAddress:
      'CCAS de Villebelle — Service domiciliation\n2 place de l’Hôtel de Ville\n42000 Villebelle',
  })
  // Files the social worker reaches (a confidential team's are not theirs), beyond those the other
  // parts of the demo use first.
  const reachable: string[] = []
  for (const id of personIds.slice(10)) {
    if (reachable.length === 6) break
    const list = await socialWorker.get(`/api/domiciliations?personId=${id}`).catch(() => null)
    if (list && list.items.length === 0) reachable.push(id)
  }
  const instructed = async (personId: string, requestedOn: string) => {
    const period = await socialWorker.post('/api/domiciliations', { personId, requestedOn })
    await socialWorker.put(`/api/domiciliations/${period.id}/instruction`, {
      interviewOn: requestedOn,
      communeLink: 'residence',
      residentialSituation: 'street',
      instabilityCause: 'eviction',
      reasons: ['benefits', 'rights'],
      income: { value: true, detail: 'RSA' },
      support: { value: true, detail: 'Accueil social du CCAS' },
    })
    await socialWorker.post(`/api/domiciliations/${period.id}/submit`)
    return period.id as string
  }
  // Granted 200 days ago and never seen since: a candidate for radiation, to review.
  const granted = [200, 60, 12]
  for (const [i, days] of granted.entries()) {
    const id = await instructed(reachable[i]!, addDays(today, -days - 5))
    await director.post(`/api/domiciliations/${id}/decisions`, {
      decision: 'granted',
      startOn: addDays(today, -days),
    })
  }
  const refused = await instructed(reachable[3]!, addDays(today, -20))
  await director.post(`/api/domiciliations/${refused}/decisions`, {
    decision: 'refused',
    motif: 'no_link_with_commune',
    reorientation: 'CCAS de Saint-Chamond, service domiciliation, 1 rue de la République',
  })
  await instructed(reachable[4]!, addDays(today, -3))
}
