import { randomUUID } from 'node:crypto'

/** What the seed needs of the API: a JSON answer, or a failure (the caller checks the status). */
type Json = ReturnType<typeof JSON.parse>
export interface SeedApi {
  get(url: string): Promise<Json>
  post(url: string, body: unknown): Promise<Json>
}

/**
 * Saint-Étienne's seed (000): "28 situations met between July and October 2022, mostly young men aged
 * 18 to 30, nearly half accepted help", scripted through the API as an outreach agent of `teamId` would
 * record it: 20 persons and 8 anonymous situations, 13 of 28 accepted support, with encounters just
 * outside the period and a person who accepted help only in November, which must not count.
 * Used by the API test of the census and by the census journey in a browser.
 */
export async function scriptSaintEtienneCensus(api: SeedApi, teamId: string) {
  const squat = await api.post('/api/outreach/places', {
    type: 'squat',
    name: 'Squat Tarentaize',
    address: 'rue Désirée',
  })
  const camp = await api.post('/api/outreach/places', {
    type: 'camp',
    name: 'Camp du Furan',
    address: 'quai',
  })
  const at = (date: string) => `${date}T20:00:00+02:00`
  const encounter = (body: Record<string, unknown>) =>
    api.post('/api/outreach/encounters', {
      idempotencyKey: randomUUID(),
      situation: 'sleeping_rough',
      teamId,
      ...body,
    })
  const meet = (body: Record<string, unknown>) => encounter({ householdType: 'alone', ...body })

  // Fourteen young men; P1–P10 accept support at their first encounter.
  const nicknames: string[] = []
  const persons: string[] = []
  for (let i = 1; i <= 14; i++) {
    nicknames.push(`Jeune ${i}`)
    const met = await meet({
      newPerson: { nickname: `Jeune ${i}`, sex: 'male', approximateAge: Math.min(18 + i, 30) },
      occurredAt: at(`2022-07-${String(i + 1).padStart(2, '0')}`),
      situation: i === 1 ? 'squat' : 'sleeping_rough',
      engagementStage: i <= 10 ? 'support_accepted' : i === 12 ? 'refused' : undefined,
    })
    persons.push(met.personId)
  }
  // Met twice in the period: counted once, with the situation of the last encounter.
  for (const personId of persons.slice(0, 5)) await meet({ personId, occurredAt: at('2022-09-20') })
  const p15 = await meet({
    newPerson: { nickname: 'Homme 35', sex: 'male', approximateAge: 35 },
    occurredAt: at('2022-08-03'),
    situation: 'squat',
    placeId: squat.id,
  })
  await meet({
    newPerson: { nickname: 'Homme 44', sex: 'male', approximateAge: 44 },
    occurredAt: at('2022-08-04'),
    situation: 'squat',
    placeId: squat.id,
  })
  const p17 = await meet({
    newPerson: { nickname: 'Femme 40', sex: 'female', approximateAge: 40 },
    occurredAt: at('2022-08-05'),
    situation: 'car',
    householdType: 'with_children',
    engagementStage: 'in_followup',
  })
  // Files with a birth date: P18 lives with her child (household on the file), P19 is 65.
  const mother = await api.post('/api/people', { lastName: 'Mère', sex: 'female', birthDate: '1970-05-01' })
  const child = await api.post('/api/people', { lastName: 'Enfant', birthDate: '2012-03-01' })
  await api.post('/api/households', {
    members: [
      { personId: mother.id, relationship: 'head' },
      { personId: child.id, relationship: 'child' },
    ],
  })
  const p18 = await meet({ personId: mother.id, occurredAt: at('2022-08-10'), situation: 'hosted' })
  const elder = await api.post('/api/people', { lastName: 'Ancien', sex: 'male', birthDate: '1957-01-01' })
  await meet({ personId: elder.id, occurredAt: at('2022-09-01') })
  await meet({
    newPerson: { nickname: 'Femme 22', sex: 'female', approximateAge: 22 },
    occurredAt: at('2022-09-02'),
  })
  // Stage changes afterwards: P15 and P18 accept within the period, P11 only in November.
  const accept = (followupId: string, date: string) =>
    api.post(`/api/outreach/followups/${followupId}/stage`, { stage: 'support_accepted', at: at(date) })
  await accept(p15.followupId, '2022-10-15')
  await accept(p18.followupId, '2022-09-01')
  const p11 = (await api.get(`/api/outreach/followups?personId=${persons[10]}`)).items[0]
  await accept(p11.id, '2022-11-10')
  // Eight anonymous situations.
  const anonymous = [
    { sex: 'male', approximateAge: 20 },
    { sex: 'male', approximateAge: 25 },
    { sex: 'male', approximateAge: 28 },
    { sex: 'male', approximateAge: 50 },
    { sex: 'female', approximateAge: 35, withChildren: true, peopleCount: 3 },
    { sex: 'male', approximateAge: 16 },
    { sex: 'female', approximateAge: 17 },
    { peopleCount: 2 },
  ]
  for (const [i, description] of anonymous.entries()) {
    await encounter({
      anonymous: description,
      occurredAt: at(`2022-10-${String(i + 10).padStart(2, '0')}`),
      ...(i === 4 ? { situation: 'camp', placeId: camp.id } : {}),
    })
  }
  // Outside the period: a June encounter with P6, a new person in November, an anonymous one in June.
  await meet({ personId: persons[5], occurredAt: at('2022-06-28') })
  await meet({ newPerson: { nickname: 'Novembre' }, occurredAt: at('2022-11-03') })
  await encounter({ anonymous: { sex: 'male' }, occurredAt: at('2022-06-15') })

  /** What a census must never show: nicknames, names and ids of the people met. */
  const secrets: string[] = [...nicknames, ...persons, p17.personId, mother.id, 'Mère', 'Ancien']
  return { secrets }
}
