/**
 * The casework around the support records, filled through the API as the social worker and the front
 * desk would: people's rights (some ending soon), RSA applications at every step up to the contrat
 * d'engagement réciproque, referrals to partners with and without their answer, and appointments — the
 * social worker's open slots, some booked by the front desk, past ones honoured, missed or excused.
 */
import { addDays } from '../../src/shared/dates.ts'
import type { DemoClient } from './api.ts'

/** A time on a day of France's calendar (winter time), as the browser sends it. */
const at = (day: string, time: string) => new Date(`${day}T${time}:00+01:00`).toISOString()

type RecordSummary = { id: string; personId: string | null; typeLabel: string; status: string }

export async function seedCasework(
  worker: DemoClient,
  frontDesk: DemoClient,
  workerId: string,
  today: string,
) {
  const records = ((await worker.get('/api/followup/records?pageSize=200')).items as RecordSummary[]).filter(
    (r) => r.personId && r.status !== 'closed',
  )
  const rsaRecords = records.filter((r) => r.typeLabel.startsWith('RSA'))
  const social = records.filter((r) => !r.typeLabel.startsWith('RSA') && !r.typeLabel.startsWith('PAEJ'))
  // The front desk books and refers only people whose file it reaches (not a confidential team's).
  const atDesk: RecordSummary[] = []
  for (const record of social) {
    const reached = await frontDesk.get(`/api/people/${record.personId}`).then(
      () => true,
      () => false,
    )
    if (reached) atDesk.push(record)
    if (atDesk.length === 4) break
  }
  await rights(worker, workerId, social, today)
  await rsaApplications(worker, rsaRecords.length > 0 ? rsaRecords : social, today)
  await referrals(worker, frontDesk, atDesk, today)
  await appointments(worker, frontDesk, workerId, atDesk, today)
}

/** Rights of the people followed: open ones (two ending within the alert delay), claims under way, refusals. */
async function rights(worker: DemoClient, workerId: string, records: RecordSummary[], today: string) {
  const rightsOf: { kind: string; status: string; statusOn?: string; openUntil?: string; note?: string }[][] =
    [
      [
        { kind: 'css', status: 'open', statusOn: addDays(today, -330), openUntil: addDays(today, 25) },
        { kind: 'housing_benefit', status: 'open', statusOn: addDays(today, -200) },
      ],
      [
        {
          kind: 'rsa',
          status: 'in_progress',
          statusOn: addDays(today, -12),
          note: 'Dossier déposé à la CAF.',
        },
        {
          kind: 'health_cover',
          status: 'open',
          statusOn: addDays(today, -400),
          openUntil: addDays(today, 40),
        },
      ],
      [
        { kind: 'aah', status: 'eligible_not_claimed', note: 'Dossier MDPH à constituer.' },
        { kind: 'activity_bonus', status: 'refused', statusOn: addDays(today, -60) },
      ],
      [{ kind: 'css', status: 'in_progress', statusOn: addDays(today, -5) }],
    ]
  for (const [i, list] of rightsOf.entries()) {
    const record = records[i % records.length]
    if (!record?.personId) continue
    // The social worker becomes the file's referent: its rights ending soon come to their worklist.
    await worker.patch(`/api/people/${record.personId}`, { referentIds: [workerId] })
    for (const { kind, ...input } of list) {
      await worker.put(`/api/rights/people/${record.personId}/${kind}`, input)
    }
  }
}

/** RSA applications: one waiting for documents, one at the CAF, one refused, one up to the contract. */
async function rsaApplications(worker: DemoClient, records: RecordSummary[], today: string) {
  const on = (days: number) => addDays(today, -days)
  const create = (i: number, receivedDaysAgo: number, missingDocuments: string[] = []) => {
    const record = records[i % records.length]!
    return worker.post('/api/rsa/applications', {
      personId: record.personId,
      supportRecordId: record.id,
      receivedOn: on(receivedDaysAgo),
      missingDocuments,
    }) as Promise<{ id: string }>
  }
  const step = (id: string, body: object) => worker.post(`/api/rsa/applications/${id}/steps`, body)

  await create(0, 6, ['Avis d’imposition', 'Relevé d’identité bancaire'])
  const atCaf = await create(1, 40)
  await step(atCaf.id, { step: 'sent', sentOn: on(30) })
  const refused = await create(2, 95)
  await step(refused.id, { step: 'sent', sentOn: on(85) })
  await step(refused.id, { step: 'decision', decision: 'refused', decidedOn: on(50) })
  const signed = await create(3, 130, ['Justificatif de domicile'])
  await step(signed.id, { step: 'documents', missingDocuments: [] })
  await step(signed.id, { step: 'sent', sentOn: on(110) })
  await step(signed.id, { step: 'decision', decision: 'granted', decidedOn: on(85) })
  await step(signed.id, { step: 'orientation', orientation: 'social', orientedOn: on(75), toCcas: true })
  await step(signed.id, {
    step: 'contract',
    signedOn: on(60),
    goals: [{ label: 'Ouvrir la complémentaire santé solidaire' }, { label: 'Reprendre une formation' }],
    reviewDates: [addDays(today, 30), addDays(today, 120)],
    note: 'Contrat signé en présence de la référente RSA.',
  })
}

/** Referrals to partners from a follow-up and from the desk: accepted, refused, overdue, pending. */
async function referrals(worker: DemoClient, frontDesk: DemoClient, records: RecordSummary[], today: string) {
  const services = (await worker.get('/api/partner-services')).items as { id: string }[]
  const service = (i: number) => services[i % services.length]!.id
  const record = (i: number) => records[i % records.length]!
  const fromRecord = (i: number, referredDaysAgo: number, answerDueOn: string | null, note: string) =>
    worker.post('/api/partner-referrals', {
      personId: record(i).personId,
      partnerServiceId: service(i),
      origin: 'followup',
      supportRecordId: record(i).id,
      referredOn: addDays(today, -referredDaysAgo),
      answerDueOn,
      note,
    }) as Promise<{ id: string }>
  const accepted = await fromRecord(0, 50, addDays(today, -35), 'Demande d’hébergement')
  await worker.post(`/api/partner-referrals/${accepted.id}/answer`, {
    answer: 'accepted',
    answeredOn: addDays(today, -40),
  })
  const refused = await fromRecord(1, 25, null, 'Aide alimentaire')
  await worker.post(`/api/partner-referrals/${refused.id}/answer`, {
    answer: 'refused',
    answeredOn: addDays(today, -15),
    note: 'Hors secteur : orienter vers l’épicerie du quartier nord.',
  })
  // Waiting past the date the answer was expected: the worklist flags it.
  await fromRecord(2, 30, addDays(today, -10), 'Bilan de santé')
  await frontDesk.post('/api/partner-referrals', {
    personId: record(3).personId,
    partnerServiceId: service(3),
    origin: 'front_desk',
    referredOn: addDays(today, -2),
    answerDueOn: addDays(today, 12),
    note: 'Orientée à l’accueil pour une aide aux démarches en ligne.',
  })
}

/**
 * The social worker's week: free slots from tomorrow on, two of them booked by the front desk; the
 * past weeks' appointments, honoured, missed or excused; one cancelled.
 */
async function appointments(
  worker: DemoClient,
  frontDesk: DemoClient,
  workerId: string,
  records: RecordSummary[],
  today: string,
) {
  const person = (i: number) => records[i % records.length]!.personId
  const slots: { id: string }[] = []
  for (let day = 1; day <= 6; day++) {
    for (const time of ['09:30', '14:00']) {
      const startsAt = at(addDays(today, day), time)
      slots.push(
        await worker.post('/api/appointments/slots', {
          startsAt,
          endsAt: new Date(new Date(startsAt).getTime() + 45 * 60_000).toISOString(),
          place: 'Bureau 2, centre social',
        }),
      )
    }
  }
  for (const [i, slot] of [slots[0]!, slots[3]!].entries()) {
    await frontDesk.post('/api/appointments', {
      personId: person(i),
      slotId: slot.id,
      purpose: i === 0 ? 'Dossier CSS' : 'Point sur le logement',
      bookedFrom: 'front_desk',
    })
  }
  const past = [
    [21, 'honoured'],
    [14, 'honoured'],
    [9, 'missed'],
    [6, 'excused'],
    [2, 'honoured'],
  ] as const
  for (const [i, [daysAgo, status]] of past.entries()) {
    const startsAt = at(addDays(today, -daysAgo), '10:00')
    const appointment = (await worker.post('/api/appointments', {
      personId: person(i + 1),
      professionalId: workerId,
      startsAt,
      endsAt: new Date(new Date(startsAt).getTime() + 60 * 60_000).toISOString(),
      place: 'Bureau 2, centre social',
      purpose: 'Entretien de suivi',
      bookedFrom: 'file',
    })) as { id: string }
    await worker.post(`/api/appointments/${appointment.id}/status`, { status })
  }
  const startsAt = at(addDays(today, 8), '11:00')
  const cancelled = (await worker.post('/api/appointments', {
    personId: person(0),
    professionalId: workerId,
    startsAt,
    endsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000).toISOString(),
    place: 'Visite à domicile',
    bookedFrom: 'file',
  })) as { id: string }
  await worker.post(`/api/appointments/${cancelled.id}/status`, {
    status: 'cancelled',
    note: 'Reporté à la demande de la personne.',
  })
}
