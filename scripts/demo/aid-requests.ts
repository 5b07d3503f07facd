/**
 * Aid's règlement and requests in the demo, through the API as the CCAS would: the règlement voted
 * with the seeds' aids (emergency financial help, tickets service, FLAJ, energy arrears under the EDF
 * agreement, the FSL contribution, shower vouchers, the end-of-year parcel), then requests built by a
 * social worker with the household's budget, in each state: drafts, submitted, decided urgently
 * (granted, once by derogation, or refused), withdrawn, dismissed.
 */
import { addDays } from '../../src/shared/dates.ts'
import type { DemoClient } from './api.ts'

export async function seedAidRequests(
  clients: { admin: DemoClient; director: DemoClient; worker: DemoClient },
  personIds: string[],
  today: string,
) {
  const { admin, director, worker } = clients
  const year = Number(today.slice(0, 4))
  const existing = (await admin.get(`/api/aid-funds?year=${year}`)).items as { code: string }[]
  for (const fund of [
    { code: 'SECOURS', name: 'Secours d’urgence' },
    { code: 'FLAJ', name: 'Fonds local d’aide aux jeunes' },
    { code: 'ENERGIE', name: 'Impayés d’énergie' },
  ]) {
    if (!existing.some((f) => f.code === fund.code)) await admin.post('/api/aid-funds', fund)
  }
  const funds = (await admin.get(`/api/aid-funds?year=${year}`)).items as { id: string; code: string }[]
  const fund = (code: string) => funds.find((f) => f.code === code)!.id
  const documentTypes = (await admin.get('/api/aid-types')).documentTypes as { id: string; label: string }[]
  const documentType = (start: string) =>
    documentTypes.filter((t) => t.label.startsWith(start)).map((t) => t.id)

  const aids = [
    {
      code: 'SECOURS',
      label: 'Secours financier d’urgence',
      fundId: fund('SECOURS'),
      description: 'Apporté en urgence, ou sur décision de la commission.',
      urgentDeciderRoles: ['director', 'social_worker'],
      urgentCeilingCents: 150_00,
      ceilingPerRequestCents: 500_00,
      ceilingPerHousehold12mCents: 1000_00,
      residenceRequired: true,
      requiredDocumentTypeIds: documentType('Justificatif de ressources'),
      paymentForms: ['transfer', 'creditor'],
    },
    {
      code: 'TICKETS',
      label: 'Tickets service (alimentation)',
      fundId: fund('SECOURS'),
      urgentDeciderRoles: ['director', 'social_worker'],
      urgentCeilingCents: 60_00,
      ceilingPerRequestCents: 120_00,
      ceilingPerHousehold12mCents: 480_00,
      paymentForms: ['voucher'],
    },
    {
      code: 'FLAJ',
      label: 'Fonds local d’aide aux jeunes (FLAJ)',
      fundId: fund('FLAJ'),
      minAge: 18,
      maxAge: 25,
      ceilingPerRequestCents: 800_00,
      paymentForms: ['transfer', 'creditor'],
    },
    {
      code: 'ENERGIE',
      label: 'Impayés d’énergie (convention EDF « droit à l’électricité »)',
      fundId: fund('ENERGIE'),
      ceilingPerRequestCents: 400_00,
      ceilingPerHousehold12mCents: 600_00,
      quotientCeilingCents: 700_00,
      paymentForms: ['creditor'],
    },
    {
      code: 'FSL',
      label: 'Participation au FSL',
      fundId: fund('SECOURS'),
      ceilingPerRequestCents: 300_00,
      paymentForms: ['creditor'],
    },
    {
      code: 'DOUCHES',
      label: 'Bons de douche gratuits',
      fundId: fund('SECOURS'),
      urgentDeciderRoles: ['director', 'social_worker', 'educator'],
      urgentCeilingCents: 20_00,
      paymentForms: ['voucher'],
    },
    {
      code: 'COLIS',
      label: 'Colis de fin d’année',
      fundId: fund('SECOURS'),
      minAge: 65,
      residenceRequired: true,
      paymentForms: ['in_kind'],
    },
  ]
  const aidIds: Record<string, string> = {}
  for (const [position, aid] of aids.entries()) {
    aidIds[aid.code] = (await admin.post('/api/aid-types', { ...aid, position })).id
  }

  const budget = (i: number) => ({
    adults: 1 + (i % 2),
    children: i % 3,
    resources: [
      { kind: i % 2 ? 'salary' : 'rsa', monthlyCents: i % 2 ? 1350_00 : 635_00 },
      { kind: 'housing_benefit', monthlyCents: 210_00 + i * 10_00 },
      ...(i % 3 ? [{ kind: 'family_benefits', monthlyCents: 148_00 * (i % 3) }] : []),
    ],
    charges: [
      { kind: 'rent', monthlyCents: 520_00 + i * 15_00 },
      { kind: 'energy', monthlyCents: 85_00 },
      { kind: 'insurance', monthlyCents: 25_00 },
      { kind: 'phone_internet', monthlyCents: 35_00 },
    ],
  })
  const plans = [
    { aid: 'SECOURS', amount: 120_00, purpose: 'Facture d’électricité avant coupure', end: 'granted' },
    { aid: 'SECOURS', amount: 180_00, purpose: 'Frais de déménagement', end: 'derogation' },
    {
      aid: 'TICKETS',
      amount: 60_00,
      purpose: 'Alimentation en attendant le versement du RSA',
      end: 'granted',
    },
    { aid: 'TICKETS', amount: 40_00, purpose: 'Alimentation pour deux semaines', end: 'refused' },
    { aid: 'ENERGIE', amount: 350_00, purpose: 'Arriéré EDF de l’hiver', end: 'submitted' },
    { aid: 'FLAJ', amount: 450_00, purpose: 'Permis de conduire pour un emploi', end: 'submitted' },
    { aid: 'FSL', amount: 250_00, purpose: 'Dépôt de garantie d’un premier logement', end: 'draft' },
    { aid: 'DOUCHES', amount: 10_00, purpose: 'Dix douches aux bains municipaux', end: 'granted' },
    { aid: 'SECOURS', amount: 90_00, purpose: 'Réparation de la chaudière', end: 'withdrawn' },
    { aid: 'COLIS', amount: 35_00, purpose: 'Colis de Noël', end: 'dismissed' },
    { aid: 'FLAJ', amount: 300_00, purpose: 'Équipement pour une formation', end: 'draft' },
  ] as const
  for (const [i, plan] of plans.entries()) {
    const personId = personIds[i % personIds.length]!
    const request = await worker.post('/api/aid-requests', {
      personId,
      aidTypeId: aidIds[plan.aid],
      requestedOn: addDays(today, -3 - i * 4),
      amountAskedCents: plan.amount,
      purpose: plan.purpose,
      urgent: plan.end === 'granted' || plan.end === 'refused' || plan.end === 'derogation',
      creditorName: plan.aid === 'ENERGIE' ? 'EDF' : null,
    })
    await worker.put(`/api/aid-requests/${request.id}/budget`, budget(i))
    await worker.put(`/api/aid-requests/${request.id}`, {
      aidTypeId: aidIds[plan.aid],
      requestedOn: request.requestedOn,
      amountAskedCents: plan.amount,
      purpose: plan.purpose,
      urgent: request.urgent,
      creditorName: request.creditorName,
      resident: true,
      assessment:
        'Situation suivie depuis plusieurs mois ; la demande répond à une difficulté ponctuelle, les démarches de droit commun sont engagées.',
    })
    if (plan.end === 'draft') continue
    if (plan.end === 'withdrawn' || plan.end === 'dismissed') {
      await worker.post(
        `/api/aid-requests/${request.id}/${plan.end === 'withdrawn' ? 'withdraw' : 'dismiss'}`,
        {
          reason:
            plan.end === 'withdrawn'
              ? 'La personne a trouvé une autre solution'
              : 'Sans nouvelles de la personne',
        },
      )
      continue
    }
    await worker.post(`/api/aid-requests/${request.id}/submit`)
    if (plan.end === 'submitted') continue
    const form = aids.find((a) => a.code === plan.aid)!.paymentForms[0]
    if (plan.end === 'refused') {
      await worker.post(`/api/aid-requests/${request.id}/urgent-decision`, {
        decision: 'refused',
        refusalMotif: 'other_help',
      })
    } else if (plan.end === 'derogation') {
      // Above the per-household ceiling's spirit: the director grants within the urgent ceiling anyway.
      await director.post(`/api/aid-requests/${request.id}/urgent-decision`, {
        decision: 'granted',
        grantedCents: 150_00,
        paymentForm: form,
        derogationNote: 'Expulsion imminente, enfants en bas âge',
      })
    } else {
      await worker.post(`/api/aid-requests/${request.id}/urgent-decision`, {
        decision: 'granted',
        grantedCents: Math.min(plan.amount, aids.find((a) => a.code === plan.aid)!.urgentCeilingCents ?? 0),
        paymentForm: form,
      })
    }
  }
}
