/**
 * The aid commission in the demo, through the API as the CCAS would: its settings (quorum of two,
 * names hidden from members, the means of appeal), a session held a month ago and closed (requests
 * granted, refused and one adjourned), and the next session planned with its agenda — the adjourned
 * request carried over and new submitted requests — for the commission member to read once it opens.
 */

import { addDays } from '../../src/shared/dates.ts'
import type { DemoClient } from './api.ts'

interface Budget {
  adults: number
  children: number
  resources: { kind: string; monthlyCents: number }[]
  charges: { kind: string; monthlyCents: number }[]
}

const REQUESTS: { amountAskedCents: number; purpose: string; assessment: string; budget: Budget }[] = [
  {
    amountAskedCents: 32000,
    purpose: 'Facture d’électricité impayée, coupure annoncée',
    assessment: 'Perte d’emploi en septembre ; droits ARE ouverts, premier versement attendu.',
    budget: {
      adults: 1,
      children: 2,
      resources: [
        { kind: 'rsa', monthlyCents: 80200 },
        { kind: 'family_benefits', monthlyCents: 14800 },
      ],
      charges: [
        { kind: 'rent', monthlyCents: 52000 },
        { kind: 'energy', monthlyCents: 9500 },
      ],
    },
  },
  {
    amountAskedCents: 15000,
    purpose: 'Réparation du véhicule pour se rendre au travail',
    assessment: 'Reprise d’emploi en intérim à 25 km ; pas de transport en commun aux horaires.',
    budget: {
      adults: 2,
      children: 0,
      resources: [{ kind: 'salary', monthlyCents: 145000 }],
      charges: [
        { kind: 'rent', monthlyCents: 61000 },
        { kind: 'debt', monthlyCents: 22000 },
      ],
    },
  },
  {
    amountAskedCents: 40000,
    purpose: 'Arriéré de loyer de deux mois',
    assessment: 'Situation ancienne de surendettement ; dossier Banque de France à déposer.',
    budget: {
      adults: 1,
      children: 0,
      resources: [{ kind: 'aah', monthlyCents: 101600 }],
      charges: [{ kind: 'rent', monthlyCents: 48000 }],
    },
  },
  {
    amountAskedCents: 9000,
    purpose: 'Frais de cantine du premier trimestre',
    assessment: 'Famille suivie depuis l’an dernier ; budget tendu par une pension non versée.',
    budget: {
      adults: 1,
      children: 3,
      resources: [
        { kind: 'salary', monthlyCents: 98000 },
        { kind: 'family_benefits', monthlyCents: 31000 },
      ],
      charges: [
        { kind: 'rent', monthlyCents: 69000 },
        { kind: 'childcare', monthlyCents: 12000 },
      ],
    },
  },
  {
    amountAskedCents: 25000,
    purpose: 'Achat d’un lit et d’une gazinière à l’entrée dans le logement',
    assessment: 'Sortie d’hébergement d’urgence vers un logement social ; mobilier manquant.',
    budget: {
      adults: 1,
      children: 1,
      resources: [{ kind: 'rsa', monthlyCents: 76000 }],
      charges: [{ kind: 'rent', monthlyCents: 31000 }],
    },
  },
]

export async function seedAidCommission(
  admin: DemoClient,
  director: DemoClient,
  socialWorker: DemoClient,
  memberUserIds: string[],
  personIds: string[],
  today: string,
) {
  await admin.put('/api/aid-settings', {
    quorum: 2,
    showNamesToCommission: false,
    budgetWarningPercent: 80,
    appealText:
      'Vous pouvez contester cette décision dans les deux mois suivant sa notification, par un recours ' +
      'gracieux adressé au président du CCAS de Villebelle (2 place de l’Hôtel de Ville, 42000 Villebelle), ' +
      'ou par un recours devant le tribunal administratif de Lyon.',
  })
  const aidTypeId = await emergencyAid(director, today)

  // Files the social worker reaches (a confidential team's are not theirs), beyond those used elsewhere.
  const reachable: string[] = []
  for (const id of personIds.slice(50)) {
    if (reachable.length === REQUESTS.length) break
    if (await socialWorker.get(`/api/people/${id}`).catch(() => null)) reachable.push(id)
  }
  const submitted = async (index: number, requestedOn: string) => {
    const { budget, assessment, ...asked } = REQUESTS[index]!
    const fields = { aidTypeId, requestedOn, ...asked }
    const created = await socialWorker.post('/api/aid-requests', { personId: reachable[index]!, ...fields })
    await socialWorker.put(`/api/aid-requests/${created.id}/budget`, budget)
    // The assessment and the residence are written once the budget is known, as a worker does.
    await socialWorker.put(`/api/aid-requests/${created.id}`, {
      ...fields,
      urgent: false,
      creditorName: null,
      resident: true,
      assessment,
    })
    await socialWorker.post(`/api/aid-requests/${created.id}/submit`)
    return created.id as string
  }
  const sitting = async (heldOn: string, requestIds: string[]) => {
    const session = await director.post('/api/aid-sessions', {
      heldOn,
      startsAt: '14:00',
      place: 'Salle du conseil, Hôtel de Ville',
    })
    await director.put(`/api/aid-sessions/${session.id}/members`, { userIds: memberUserIds })
    await director.post(`/api/aid-sessions/${session.id}/agenda`, { requestIds })
    return session.id as string
  }

  // A month ago: three requests examined, one adjourned for a missing paper, the session closed.
  const past = [await submitted(0, addDays(today, -40)), await submitted(1, addDays(today, -38))]
  const adjourned = await submitted(2, addDays(today, -36))
  const held = await sitting(addDays(today, -30), [...past, adjourned])
  await director.put(`/api/aid-sessions/${held}/attendance`, { presentUserIds: memberUserIds })
  await director.post(`/api/aid-sessions/${held}/open`)
  const decide = (body: object) => director.post(`/api/aid-sessions/${held}/decisions`, body)
  await decide({ requestId: past[0], decision: 'granted', grantedCents: 28000, paymentForm: 'creditor' })
  await decide({ requestId: past[1], decision: 'refused', refusalMotif: 'sufficient_remaining' })
  await decide({
    requestId: adjourned,
    decision: 'adjourned',
    adjournmentReason: 'Récépissé du dépôt du dossier de surendettement',
  })
  await director.post(`/api/aid-sessions/${held}/close`, {
    minutesNote: 'Séance tenue en présence de l’adjointe aux solidarités.',
  })

  // In ten days: the adjourned request carried over, and two new ones.
  const next = [await submitted(3, addDays(today, -6)), await submitted(4, addDays(today, -3))]
  await sitting(addDays(today, 10), [adjourned, ...next])
}

/** The règlement's emergency aid, or one made for the commission when the règlement has none yet. */
async function emergencyAid(director: DemoClient, today: string): Promise<string> {
  const types = await director.get('/api/aid-types')
  const existing = types.items.find(
    (t: { active: boolean; paymentForms: string[] }) => t.active && t.paymentForms.includes('creditor'),
  )
  if (existing) return existing.id
  const funds = (await director.get(`/api/aid-funds?year=${today.slice(0, 4)}`)).items as {
    id: string
    code: string
  }[]
  const fund =
    funds.find((f) => f.code === 'SECOURS') ??
    funds[0] ??
    (await director.post('/api/aid-funds', { code: 'SECOURS', name: 'Secours d’urgence' }))
  const created = await director.post('/api/aid-types', {
    code: 'SECOURS-COMMISSION',
    label: 'Secours financier (commission)',
    fundId: fund.id,
    paymentForms: ['transfer', 'creditor'],
  })
  return created.id
}
