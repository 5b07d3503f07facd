import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createBarePerson,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import type { Role } from '../../../shared/roles.ts'
import { createStay, createStructure } from './accommodation.test-factories.ts'

// Stays as the CCAS's teams live them: an emergency night entered directly, an LHSS stay renewed on a
// medical opinion, a move, an exit with its destination, the follow-up record linked, the person's panel.

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
const clients = {} as Record<'worker' | 'nurse' | 'doctor' | 'director' | 'educator' | 'other', ApiClient>
const userIds = {} as Record<keyof typeof clients, string>
const today = todayInFrance()

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  const other = await createOrganisation(ctx, 'CCAS d’Ailleurs')
  const roles: Record<keyof typeof clients, Role> = {
    worker: 'social_worker',
    nurse: 'nurse',
    doctor: 'doctor',
    director: 'director',
    educator: 'educator',
    other: 'director',
  }
  for (const [key, role] of Object.entries(roles) as [keyof typeof clients, Role][]) {
    const organisationId = key === 'other' ? other.id : org.id
    const user = await createUser(ctx, organisationId, {
      roles: [role],
      teamIds: [key === 'other' ? other.teamId : org.teamId],
      totp: role === 'director',
      name: `Agent ${key}`,
    })
    userIds[key] = user.id
    clients[key] = await signedIn(ctx, user)
  }
})
afterAll(() => ctx.close())

const person = (lastName = 'Hébergé') => createBarePerson(ctx.db, org.id, { lastName, teamId: org.teamId })

describe('a direct entry', () => {
  it('an emergency night is entered without a request; a structure validating admissions refuses it', async () => {
    const emergency = await createStructure(ctx.db, org.id, { kind: 'chrs_emergency', name: 'Urgence Nord' })
    const chrs = await createStructure(ctx.db, org.id, { kind: 'chrs_reintegration' })
    const personId = await person()
    const options = await clients.worker.get('/api/accommodation-stays/entry-options')
    expect(options.statusCode, options.body).toBe(200)
    const offered = options.json().structures.find((s: { id: string }) => s.id === emergency.id)
    expect(offered).toMatchObject({ directEntry: true, kind: 'chrs_emergency' })
    expect(offered.freePlaces).toHaveLength(2)

    const refused = await clients.worker.post('/api/accommodation-stays', {
      structureId: chrs.id,
      personId,
      placeId: chrs.placeIds[0],
      startedOn: today,
    })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().code).toBe('STAY_NEEDS_ADMISSION')

    const entered = await clients.worker.post('/api/accommodation-stays', {
      structureId: emergency.id,
      personId,
      placeId: emergency.placeIds[0],
      startedOn: today,
    })
    expect(entered.statusCode, entered.body).toBe(201)
    expect(entered.json()).toMatchObject({
      structureName: 'Urgence Nord',
      personName: expect.stringContaining('HÉBERGÉ'.slice(0, 3)),
      plannedEndOn: null,
      placeLabel: '1',
    })

    const again = await clients.worker.post('/api/accommodation-stays', {
      structureId: emergency.id,
      personId: await person(),
      placeId: emergency.placeIds[0],
      startedOn: today,
    })
    expect(again.json().code).toBe('STAY_PLACE_NOT_FREE')
    const twice = await clients.worker.post('/api/accommodation-stays', {
      structureId: emergency.id,
      personId,
      placeId: emergency.placeIds[1],
      startedOn: today,
    })
    expect(twice.json().code).toBe('STAY_PERSON_ALREADY_HOSTED')
  })

  it('refuses a day in the future and a person of another organisation, writing nothing', async () => {
    const emergency = await createStructure(ctx.db, org.id, { kind: 'chrs_emergency' })
    const future = await clients.worker.post('/api/accommodation-stays', {
      structureId: emergency.id,
      personId: await person(),
      placeId: emergency.placeIds[0],
      startedOn: addDays(today, 3),
    })
    expect(future.statusCode).toBe(400)
    expect(future.json().errors[0].path).toBe('startedOn')
    const stranger = await createBarePerson(ctx.db, (await createOrganisation(ctx, 'Tiers')).id)
    const foreign = await clients.worker.post('/api/accommodation-stays', {
      structureId: emergency.id,
      personId: stranger,
      placeId: emergency.placeIds[0],
      startedOn: today,
    })
    expect(foreign.statusCode).toBe(400)
    expect(foreign.json().errors[0].path).toBe('personId')
    const count = await ctx.db
      .selectFrom('accommodation_stays')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('structure_id', '=', emergency.id)
      .executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(0)
  })
})

describe('the stays of a structure', () => {
  it('lists ongoing and ended stays page by page with the total, without files out of reach', async () => {
    const chrs = await createStructure(ctx.db, org.id, { units: [['1'], ['2'], ['3'], ['4']] })
    const place = (i: number) => chrs.placeIds[i]!
    for (const i of [0, 1]) {
      await createStay(ctx.db, org.id, {
        structureId: chrs.id,
        personId: await person(`Encours${i}`),
        placeId: place(i),
        startedOn: `2026-01-0${i + 1}`,
      })
    }
    await createStay(ctx.db, org.id, {
      structureId: chrs.id,
      personId: await person('Parti'),
      placeId: place(2),
      startedOn: '2025-06-01',
      endedOn: '2025-12-01',
      exitDestination: 'family',
    })
    const confidential = await createBarePerson(ctx.db, org.id, {
      lastName: 'Confidentielle',
      teamId: org.confidentialTeamId,
    })
    await createStay(ctx.db, org.id, {
      structureId: chrs.id,
      personId: confidential,
      placeId: place(3),
      startedOn: '2026-02-01',
    })

    const ongoing = await clients.worker.get(`/api/accommodation-stays?structureId=${chrs.id}&pageSize=1`)
    expect(ongoing.statusCode, ongoing.body).toBe(200)
    expect(ongoing.json()).toMatchObject({ total: 2, page: 1, pageSize: 1 })
    expect(ongoing.json().items[0].personName).toContain('ENCOURS1')
    expect(ongoing.body).not.toContain('CONFIDENTIELLE')
    const ended = await clients.worker.get(`/api/accommodation-stays?structureId=${chrs.id}&status=ended`)
    expect(ended.json().items).toMatchObject([{ endedOn: '2025-12-01', exitDestination: 'family' }])
    // The director sees the confidential team's files.
    const director = await clients.director.get(`/api/accommodation-stays?structureId=${chrs.id}`)
    expect(director.json().total).toBe(3)
  })
})

describe('renewing an LHSS stay', () => {
  it('needs a new favourable opinion of a medical role each time; the note stays medical', async () => {
    const lhss = await createStructure(ctx.db, org.id, { kind: 'lhss', units: [['1'], ['2']] })
    const personId = await person('Soigné')
    const stayId = await createStay(ctx.db, org.id, {
      structureId: lhss.id,
      personId,
      placeId: lhss.placeIds[0]!,
      startedOn: addDays(today, -50),
      plannedEndOn: addDays(today, 10),
    })
    const renewal = (newEndOn: string) => ({
      renewedOn: today,
      newEndOn,
      justification: 'Soins de la plaie à poursuivre',
    })
    const withoutOpinion = await clients.worker.post(
      `/api/accommodation-stays/${stayId}/renewals`,
      renewal(addDays(today, 70)),
    )
    expect(withoutOpinion.statusCode).toBe(409)
    expect(withoutOpinion.json().code).toBe('STAY_RENEWAL_NEEDS_MEDICAL_OPINION')

    const opinion = { opinion: 'favourable', givenOn: today, medicalNote: 'Plaie en voie de cicatrisation' }
    for (const caller of ['worker', 'director', 'educator'] as const) {
      const refused = await clients[caller].post(
        `/api/accommodation-stays/${stayId}/medical-opinions`,
        opinion,
      )
      expect(refused.statusCode, caller).toBe(403)
    }
    const given = await clients.nurse.post(`/api/accommodation-stays/${stayId}/medical-opinions`, opinion)
    expect(given.statusCode, given.body).toBe(200)

    const renewed = await clients.worker.post(
      `/api/accommodation-stays/${stayId}/renewals`,
      renewal(addDays(today, 70)),
    )
    expect(renewed.statusCode, renewed.body).toBe(200)
    expect(renewed.json()).toMatchObject({
      plannedEndOn: addDays(today, 70),
      renewals: [
        {
          previousEndOn: addDays(today, 10),
          newEndOn: addDays(today, 70),
          justification: 'Soins de la plaie à poursuivre',
          decidedByName: 'Agent worker',
          opinionGivenOn: today,
        },
      ],
      opinions: [{ opinion: 'favourable', givenByName: 'Agent nurse', used: true }],
    })
    // The worker reads the opinion, its author and day, never its note; the doctor reads the note.
    expect(renewed.body).not.toContain('cicatrisation')
    const asDoctor = await clients.doctor.get(`/api/accommodation-stays/${stayId}`)
    expect(asDoctor.json().opinions[0].medicalNote).toBe('Plaie en voie de cicatrisation')
    const asDirector = await clients.director.get(`/api/accommodation-stays/${stayId}`)
    expect(asDirector.body).not.toContain('cicatrisation')

    // The opinion is used: a second renewal needs a new one, and an unfavourable one blocks it.
    const second = await clients.worker.post(
      `/api/accommodation-stays/${stayId}/renewals`,
      renewal(addDays(today, 120)),
    )
    expect(second.json().code).toBe('STAY_RENEWAL_NEEDS_MEDICAL_OPINION')
    await clients.doctor.post(`/api/accommodation-stays/${stayId}/medical-opinions`, {
      opinion: 'unfavourable',
      givenOn: today,
    })
    const blocked = await clients.worker.post(
      `/api/accommodation-stays/${stayId}/renewals`,
      renewal(addDays(today, 120)),
    )
    expect(blocked.json().code).toBe('STAY_RENEWAL_NEEDS_MEDICAL_OPINION')
  })

  it('the organisation may let its director give opinions and read the notes', async () => {
    const lhss = await createStructure(ctx.db, org.id, { kind: 'lhss', units: [['1']] })
    const stayId = await createStay(ctx.db, org.id, {
      structureId: lhss.id,
      personId: await person(),
      placeId: lhss.placeIds[0]!,
      startedOn: addDays(today, -20),
      plannedEndOn: addDays(today, 40),
    })
    await ctx.db
      .insertInto('accommodation_settings')
      .values({ organisation_id: org.id, medical_extra_roles: ['director'] })
      .execute()
    try {
      const given = await clients.director.post(`/api/accommodation-stays/${stayId}/medical-opinions`, {
        opinion: 'favourable',
        givenOn: today,
        medicalNote: 'Note du directeur habilité',
      })
      expect(given.statusCode, given.body).toBe(200)
      expect(given.json().opinions[0].medicalNote).toBe('Note du directeur habilité')
    } finally {
      await ctx.db.deleteFrom('accommodation_settings').where('organisation_id', '=', org.id).execute()
    }
  })

  it('a CHRS stay renews on a justification alone, to a later end', async () => {
    const chrs = await createStructure(ctx.db, org.id, { units: [['1']] })
    const stayId = await createStay(ctx.db, org.id, {
      structureId: chrs.id,
      personId: await person(),
      placeId: chrs.placeIds[0]!,
      startedOn: addDays(today, -100),
      plannedEndOn: addDays(today, 80),
    })
    const earlier = await clients.educator.post(`/api/accommodation-stays/${stayId}/renewals`, {
      renewedOn: today,
      newEndOn: addDays(today, 60),
      justification: 'Recherche de logement',
    })
    expect(earlier.statusCode).toBe(400)
    expect(earlier.json().errors[0].path).toBe('newEndOn')
    const blank = await clients.educator.post(`/api/accommodation-stays/${stayId}/renewals`, {
      renewedOn: today,
      newEndOn: addDays(today, 200),
      justification: '   ',
    })
    expect(blank.statusCode).toBe(400)
    const ok = await clients.educator.post(`/api/accommodation-stays/${stayId}/renewals`, {
      renewedOn: today,
      newEndOn: addDays(today, 200),
      justification: 'Recherche de logement',
    })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json().renewals[0].opinionGivenOn).toBeNull()
  })
})

describe('moves and exits', () => {
  it('moves to a free place of the structure, then leaves with a destination, freeing the place', async () => {
    const chrs = await createStructure(ctx.db, org.id, {
      kind: 'chrs_emergency',
      units: [['1'], ['2'], ['3']],
    })
    const [first, second, taken] = chrs.placeIds as [string, string, string]
    await createStay(ctx.db, org.id, {
      structureId: chrs.id,
      personId: await person(),
      placeId: taken,
      startedOn: addDays(today, -30),
    })
    const personId = await person('Déménagé')
    const stayId = await createStay(ctx.db, org.id, {
      structureId: chrs.id,
      personId,
      placeId: first,
      startedOn: addDays(today, -10),
    })
    const url = `/api/accommodation-stays/${stayId}`
    expect((await clients.worker.post(`${url}/moves`, { placeId: taken, movedOn: today })).json().code).toBe(
      'STAY_PLACE_NOT_FREE',
    )
    const other = await createStructure(ctx.db, org.id)
    const elsewhere = await clients.worker.post(`${url}/moves`, {
      placeId: other.placeIds[0],
      movedOn: today,
    })
    expect(elsewhere.json().errors[0].path).toBe('placeId')
    const moved = await clients.worker.post(`${url}/moves`, { placeId: second, movedOn: addDays(today, -3) })
    expect(moved.statusCode, moved.body).toBe(200)
    expect(moved.json().places).toEqual([
      {
        placeId: first,
        placeLabel: '1',
        unitLabel: 'Unité 1',
        fromOn: addDays(today, -10),
        toOn: addDays(today, -3),
      },
      { placeId: second, placeLabel: '2', unitLabel: 'Unité 2', fromOn: addDays(today, -3), toOn: null },
    ])
    const beforeMove = await clients.worker.post(`${url}/exit`, {
      endedOn: addDays(today, -5),
      reason: 'rehoused',
      destination: 'own_housing',
    })
    expect(beforeMove.json().errors[0].path).toBe('endedOn')
    const exit = await clients.worker.post(`${url}/exit`, {
      endedOn: today,
      reason: 'rehoused',
      destination: 'supported_housing',
      note: 'Maison relais',
    })
    expect(exit.statusCode, exit.body).toBe(200)
    expect(exit.json()).toMatchObject({
      endedOn: today,
      exitReason: 'rehoused',
      exitDestination: 'supported_housing',
      exitNote: 'Maison relais',
      mayManage: true,
      freePlaces: [],
    })
    const options = await clients.worker.get('/api/accommodation-stays/entry-options')
    const offered = options.json().structures.find((s: { id: string }) => s.id === chrs.id)
    expect(offered.freePlaces.map((p: { placeId: string }) => p.placeId).sort()).toEqual(
      [first, second].sort(),
    )
    const twice = await clients.worker.post(`${url}/exit`, {
      endedOn: today,
      reason: 'other',
      destination: 'unknown',
    })
    expect(twice.json().code).toBe('STAY_ALREADY_ENDED')
    const renew = await clients.worker.post(`${url}/renewals`, {
      renewedOn: today,
      newEndOn: addDays(today, 30),
      justification: 'x',
    })
    expect(renew.json().code).toBe('STAY_ALREADY_ENDED')
  })
})

describe('the person’s file', () => {
  it('links the stay to the person’s follow-up record with its exit plan, shows the panel and the timeline', async () => {
    const chrs = await createStructure(ctx.db, org.id, { name: 'CHRS Les Tilleuls', units: [['A']] })
    const personId = await person('Suivi')
    const stayId = await createStay(ctx.db, org.id, {
      structureId: chrs.id,
      personId,
      placeId: chrs.placeIds[0]!,
      startedOn: addDays(today, -40),
      endedOn: addDays(today, -2),
      exitDestination: 'family',
    })
    await ctx.db
      .updateTable('accommodation_stays')
      .set({ ended_on: null, exit_reason: null, exit_destination: null })
      .where('id', '=', stayId)
      .execute()
    await ctx.db
      .updateTable('accommodation_stay_places')
      .set({ to_on: null })
      .where('stay_id', '=', stayId)
      .execute()
    const { id: typeId } = await ctx.db
      .insertInto('support_types')
      .values({ organisation_id: org.id, label: 'Accompagnement hébergement' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const record = (forPerson: string) =>
      ctx.db
        .insertInto('support_records')
        .values({
          organisation_id: org.id,
          person_id: forPerson,
          type_id: typeId,
          team_id: org.teamId,
          opened_on: addDays(today, -40),
          exit_plan: 'Accès au logement social',
          created_by: userIds.worker,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    const { id: recordId } = await record(personId)
    await ctx.db
      .insertInto('support_goals')
      .values({
        organisation_id: org.id,
        record_id: recordId,
        label: 'Projet individuel de sortie',
        status_on: today,
        created_by: userIds.worker,
      })
      .execute()
    const { id: someoneElses } = await record(await person())

    const url = `/api/accommodation-stays/${stayId}`
    const page = await clients.worker.get(url)
    expect(page.json().linkableRecords).toEqual([{ id: recordId, typeLabel: 'Accompagnement hébergement' }])
    const wrong = await clients.worker.put(`${url}/support-record`, { supportRecordId: someoneElses })
    expect(wrong.json().errors[0].path).toBe('supportRecordId')
    const linked = await clients.worker.put(`${url}/support-record`, { supportRecordId: recordId })
    expect(linked.statusCode, linked.body).toBe(200)
    expect(linked.json().supportRecord).toMatchObject({
      id: recordId,
      exitPlan: 'Accès au logement social',
      goals: [{ label: 'Projet individuel de sortie', status: 'planned' }],
    })

    const panel = await clients.worker.get(`/api/accommodation-stays/of-person/${personId}`)
    expect(panel.json().items).toMatchObject([{ id: stayId, structureName: 'CHRS Les Tilleuls' }])
    await clients.worker.post(`${url}/exit`, { endedOn: today, reason: 'end_of_stay', destination: 'family' })
    const timeline = await clients.worker.get(`/api/people/${personId}/timeline`)
    expect(timeline.statusCode, timeline.body).toBe(200)
    const titles = timeline.json().items.map((entry: { title: string }) => entry.title)
    expect(titles).toEqual(
      expect.arrayContaining(['Entrée : CHRS Les Tilleuls, place A', 'Sortie : CHRS Les Tilleuls']),
    )
    const exported = await clients.director.get(`/api/people/${personId}/export.json`)
    expect(exported.statusCode, exported.body.slice(0, 300)).toBe(200)
    expect(exported.body).toContain('CHRS Les Tilleuls')
  })

  it('another organisation finds nothing', async () => {
    const chrs = await createStructure(ctx.db, org.id, { units: [['1']] })
    const personId = await person()
    const stayId = await createStay(ctx.db, org.id, {
      structureId: chrs.id,
      personId,
      placeId: chrs.placeIds[0]!,
      startedOn: today,
    })
    expect((await clients.other.get(`/api/accommodation-stays/${stayId}`)).statusCode).toBe(404)
    expect((await clients.other.get(`/api/accommodation-stays/of-person/${personId}`)).statusCode).toBe(404)
    const list = await clients.other.get(`/api/accommodation-stays?structureId=${chrs.id}`)
    expect(list.json().total).toBe(0)
    const exit = await clients.other.post(`/api/accommodation-stays/${stayId}/exit`, {
      endedOn: today,
      reason: 'other',
      destination: 'unknown',
    })
    expect(exit.statusCode).toBe(404)
  })
})
