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
import { insertHousehold } from '../pricing/pricing.test-factories.ts'
import { createAdmissionRequest, createStay, createStructure } from './accommodation.test-factories.ts'

// Admission requests through the API as the people doing them: a worker enters the request, a nurse
// or a doctor writes the medical part and gives the opinion, the director validates on it and a place
// is reserved, or the request is refused or withdrawn; the waiting list is ordered by priority then date.

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let worker: ApiClient
let director: ApiClient
let nurse: ApiClient
let doctor: ApiClient
let educator: ApiClient
let lhss: Awaited<ReturnType<typeof createStructure>>
const today = todayInFrance()

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx, 'CCAS d’Hébergeville')
  const user = async (roles: Role[]) =>
    signedIn(
      ctx,
      await createUser(ctx, org.id, { roles, teamIds: [org.teamId], totp: roles.includes('director') }),
    )
  worker = await user(['social_worker'])
  director = await user(['director'])
  nurse = await user(['nurse'])
  doctor = await user(['doctor'])
  educator = await user(['educator'])
  lhss = await createStructure(ctx.db, org.id, {
    kind: 'lhss',
    name: 'LHSS Les Tilleuls',
    units: [['1'], ['2'], ['3'], ['4'], ['5a', '5b']],
  })
})
afterAll(() => ctx?.close())

const person = (lastName = 'Lemoine') => createBarePerson(ctx.db, org.id, { lastName, teamId: org.teamId })
const enter = async (extra: object = {}, structureId = lhss.id) => {
  const response = await worker.post('/api/accommodation-requests', {
    structureId,
    personId: await person(),
    receivedOn: today,
    orientationSource: 'hospital',
    socialPart: 'Sortie d’hospitalisation, sans solution d’hébergement.',
    ...extra,
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}
const ok = (response: Awaited<ReturnType<ApiClient['get']>>) => {
  expect(response.statusCode, response.body).toBe(200)
  return response.json()
}

describe('an LHSS admission, from the request to the reserved place', () => {
  it('waits for the medical opinion, then the director’s validation, then reserves a place', async () => {
    const request = await enter({ priority: 'high' })
    expect(request.status).toBe('medical_review')
    expect(request.can).toMatchObject({ readMedical: false, validate: false, withdraw: true })

    // Nobody validates before a favourable opinion, not even the director.
    const early = await director.post(`/api/accommodation-requests/${request.id}/validate`, {
      placeId: lhss.placeIds[0],
      expectedArrivalOn: today,
    })
    expect(early.statusCode).toBe(409)
    expect(early.json().code).toBe('ADMISSION_STATUS_CONFLICT')

    const part = ok(
      await nurse.put(`/api/accommodation-requests/${request.id}/medical-part`, {
        content: 'Plaie chronique, pansements quotidiens.',
      }),
    )
    expect(part.content).toBe('Plaie chronique, pansements quotidiens.')
    const opined = ok(
      await doctor.post(`/api/accommodation-requests/${request.id}/medical-opinions`, {
        opinion: 'favourable',
        givenOn: today,
        medicalNote: 'Soins infirmiers compatibles avec les LHSS.',
      }),
    )
    expect(opined.status).toBe('awaiting_validation')
    // The opinion, its author and its day travel with the request; its note does not.
    expect(opined.opinions).toEqual([
      expect.objectContaining({ opinion: 'favourable', givenOn: today, opinionLabel: 'Favorable' }),
    ])
    expect(JSON.stringify(opined)).not.toContain('Soins infirmiers')
    expect(opined.hasMedicalPart).toBe(true)

    // The worker manages stays but does not validate an LHSS admission: the director does.
    const byWorker = await worker.post(`/api/accommodation-requests/${request.id}/validate`, {
      placeId: lhss.placeIds[0],
      expectedArrivalOn: today,
    })
    expect(byWorker.statusCode).toBe(403)
    // No place chosen: the director is told which field to fill, in French.
    const noPlace = await director.post(`/api/accommodation-requests/${request.id}/validate`, {
      placeId: '',
      expectedArrivalOn: today,
    })
    expect(noPlace.statusCode).toBe(400)
    expect(noPlace.body).toContain('Choisissez la place réservée.')
    const places = ok(await director.get(`/api/accommodation-requests/${request.id}/free-places?on=${today}`))
    expect(places.items.map((p: { label: string }) => p.label)).toEqual(['1', '2', '3', '4', '5a', '5b'])
    const validated = ok(
      await director.post(`/api/accommodation-requests/${request.id}/validate`, {
        placeId: lhss.placeIds[0],
        expectedArrivalOn: addDays(today, 2),
      }),
    )
    expect(validated).toMatchObject({
      status: 'validated',
      reservedPlaceLabel: '1',
      expectedArrivalOn: addDays(today, 2),
      // The director also manages stays: the admission is theirs to do too.
      can: { admit: true, validate: false, refuse: true },
    })
    expect(validated.validatedByName).toBeTruthy()

    // The bed: the person enters the reserved place, the stay planned for the LHSS's two months.
    const admitted = ok(
      await worker.post(`/api/accommodation-requests/${request.id}/admit`, { startedOn: today }),
    )
    expect(admitted).toMatchObject({ status: 'admitted', can: { admit: false, withdraw: false } })
    expect(admitted.stayIds).toHaveLength(1)
    const stay = await ctx.db
      .selectFrom('accommodation_stays as s')
      .innerJoin('accommodation_stay_places as sp', 'sp.stay_id', 's.id')
      .select(['s.person_id', 's.request_id', 's.planned_end_on', 'sp.place_id'])
      .where('s.id', '=', admitted.stayIds[0])
      .executeTakeFirstOrThrow()
    expect(stay).toMatchObject({
      person_id: request.personId,
      request_id: request.id,
      place_id: lhss.placeIds[0],
    })
    expect(stay.planned_end_on).not.toBeNull()
    const twice = await worker.post(`/api/accommodation-requests/${request.id}/admit`, { startedOn: today })
    expect(twice.statusCode).toBe(409)

    // The occupied place is not offered to the next request.
    const next = await enter()
    const offered = ok(await director.get(`/api/accommodation-requests/${next.id}/free-places?on=${today}`))
    expect(offered.items.map((p: { label: string }) => p.label)).not.toContain('1')
    const taken = await director.post(`/api/accommodation-requests/${next.id}/medical-opinions`, {
      opinion: 'favourable',
      givenOn: today,
    })
    expect(taken.statusCode).toBe(403)
  })

  it('an unfavourable opinion blocks the validation until a new opinion, or ends in a refusal', async () => {
    const request = await enter()
    const unfavourable = ok(
      await nurse.post(`/api/accommodation-requests/${request.id}/medical-opinions`, {
        opinion: 'unfavourable',
        givenOn: today,
        medicalNote: 'Relève d’une hospitalisation.',
      }),
    )
    expect(unfavourable).toMatchObject({ status: 'medical_review', latestOpinion: 'unfavourable' })
    const blocked = await director.post(`/api/accommodation-requests/${request.id}/validate`, {
      placeId: lhss.placeIds[1],
      expectedArrivalOn: today,
    })
    expect(blocked.statusCode).toBe(409)
    expect(blocked.json().code).toBe('ADMISSION_MEDICAL_UNFAVOURABLE')

    // A new, favourable opinion replaces it: the request goes on to the director.
    const second = ok(
      await doctor.post(`/api/accommodation-requests/${request.id}/medical-opinions`, {
        opinion: 'favourable',
        givenOn: today,
      }),
    )
    expect(second.status).toBe('awaiting_validation')
    expect(second.opinions.map((o: { opinion: string }) => o.opinion)).toEqual(['unfavourable', 'favourable'])

    // Another request refused on the unfavourable opinion, with that motif.
    const other = await enter()
    const noOpinion = await director.post(`/api/accommodation-requests/${other.id}/refuse`, {
      motif: 'medical_unfavourable',
      refusedOn: today,
    })
    expect(noOpinion.statusCode).toBe(400)
    ok(
      await doctor.post(`/api/accommodation-requests/${other.id}/medical-opinions`, {
        opinion: 'unfavourable',
        givenOn: today,
      }),
    )
    const refused = ok(
      await director.post(`/api/accommodation-requests/${other.id}/refuse`, {
        motif: 'medical_unfavourable',
        refusedOn: today,
        note: 'Orientée vers un LAM.',
      }),
    )
    expect(refused).toMatchObject({
      status: 'refused',
      refusalMotif: 'medical_unfavourable',
      refusedOn: today,
    })
    const again = await director.post(`/api/accommodation-requests/${other.id}/refuse`, {
      motif: 'no_place',
      refusedOn: today,
    })
    expect(again.statusCode).toBe(409)
  })

  it('the medical part is written and read by the medical roles only, and its reading is audited', async () => {
    const request = await enter()
    for (const client of [worker, director, educator]) {
      expect((await client.get(`/api/accommodation-requests/${request.id}/medical-part`)).statusCode).toBe(
        403,
      )
      const write = await client.put(`/api/accommodation-requests/${request.id}/medical-part`, {
        content: 'x',
      })
      expect(write.statusCode).toBe(403)
    }
    ok(await doctor.put(`/api/accommodation-requests/${request.id}/medical-part`, { content: 'Diabète.' }))
    const read = ok(await nurse.get(`/api/accommodation-requests/${request.id}/medical-part`))
    expect(read).toMatchObject({ content: 'Diabète.' })
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity_id', '=', request.id)
      .where('action', 'like', 'accommodation_request.medical%')
      .execute()
    expect(audit.map((a) => a.action).sort()).toEqual([
      'accommodation_request.medical_read',
      'accommodation_request.medical_write',
    ])
  })
})

describe('the waiting list and the request’s life', () => {
  it('orders a structure’s waiting list by priority, then by the day received', async () => {
    const chrs = await createStructure(ctx.db, org.id, { kind: 'chrs_reintegration', name: 'CHRS Le Phare' })
    const a = await enter({ receivedOn: addDays(today, -10) }, chrs.id)
    const b = await enter({ receivedOn: addDays(today, -3), priority: 'urgent' }, chrs.id)
    const c = await enter({ receivedOn: addDays(today, -20) }, chrs.id)
    const d = await enter({ receivedOn: addDays(today, -1), priority: 'high' }, chrs.id)
    expect(a.status).toBe('awaiting_validation')
    ok(await worker.post(`/api/accommodation-requests/${c.id}/withdraw`, { note: null }))
    const list = ok(await worker.get(`/api/accommodation-requests?structureId=${chrs.id}&waiting=true`))
    expect(list.items.map((r: { id: string }) => r.id)).toEqual([b.id, d.id, a.id])
    expect(list.total).toBe(3)
    const page = ok(await worker.get(`/api/accommodation-requests?structureId=${chrs.id}&pageSize=2`))
    expect(page).toMatchObject({ total: 4, page: 1, pageSize: 2 })
    expect(page.items).toHaveLength(2)
  })

  it('a structure needing neither opinion nor validation is decided by those who manage stays', async () => {
    const emergency = await createStructure(ctx.db, org.id, { kind: 'chrs_emergency', name: 'Urgence' })
    const request = await enter({}, emergency.id)
    expect(request.status).toBe('received')
    expect(request.can.validate).toBe(true)
    const validated = ok(
      await worker.post(`/api/accommodation-requests/${request.id}/validate`, {
        placeId: emergency.placeIds[0],
        expectedArrivalOn: today,
      }),
    )
    expect(validated.status).toBe('validated')
    // Withdrawn: its reserved place is free again.
    ok(await educator.post(`/api/accommodation-requests/${request.id}/withdraw`, {}))
    const next = await enter({}, emergency.id)
    const places = ok(await worker.get(`/api/accommodation-requests/${next.id}/free-places?on=${today}`))
    expect(places.items).toHaveLength(2)
  })

  it('a place occupied or out of service that day cannot be reserved', async () => {
    const chrs = await createStructure(ctx.db, org.id, { kind: 'chrs_reintegration' })
    const [first, second] = chrs.placeIds as [string, string]
    await createStay(ctx.db, org.id, {
      structureId: chrs.id,
      personId: await person('Occupant'),
      placeId: first,
      startedOn: addDays(today, -30),
    })
    await ctx.db
      .insertInto('accommodation_place_closures')
      .values({ organisation_id: org.id, place_id: second, reason: 'Travaux', starts_on: today })
      .execute()
    const request = await enter({}, chrs.id)
    const places = ok(await director.get(`/api/accommodation-requests/${request.id}/free-places?on=${today}`))
    expect(places.items).toEqual([])
    for (const placeId of [first, second]) {
      const response = await director.post(`/api/accommodation-requests/${request.id}/validate`, {
        placeId,
        expectedArrivalOn: today,
      })
      expect(response.statusCode).toBe(400)
      expect(response.json().errors[0].path).toBe('placeId')
    }
    const unchanged = ok(await director.get(`/api/accommodation-requests/${request.id}`))
    expect(unchanged.status).toBe('awaiting_validation')
  })

  it('companions must be members of the applicant’s household, and bad input is a clear field error', async () => {
    const stranger = await person('Étranger')
    const refused = await worker.post('/api/accommodation-requests', {
      structureId: lhss.id,
      personId: await person(),
      receivedOn: today,
      orientationSource: 'siao',
      companionPersonIds: [stranger],
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().errors[0].path).toBe('companionPersonIds')

    const nul = await worker.post('/api/accommodation-requests', {
      structureId: lhss.id,
      personId: await person(),
      receivedOn: today,
      orientationSource: 'siao',
      socialPart: 'a\u0000b',
    })
    expect(nul.statusCode).toBe(400)
    const future = await worker.post('/api/accommodation-requests', {
      structureId: lhss.id,
      personId: await person(),
      receivedOn: addDays(today, 3),
      orientationSource: 'siao',
    })
    expect(future.statusCode).toBe(400)
    expect(future.json().errors[0].path).toBe('receivedOn')
    const count = await ctx.db
      .selectFrom('accommodation_requests')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('structure_id', '=', lhss.id)
      .where('social_part', 'is', null)
      .executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(0)
  })

  it('companions of the household are kept with the request', async () => {
    const mother = await person('Famille')
    const child = await person('Famille')
    const householdId = await insertHousehold(ctx.db, org.id, {
      members: [
        { personId: mother, relationship: 'head' },
        { personId: child, relationship: 'child' },
      ],
    })
    const family = await createStructure(ctx.db, org.id, {
      kind: 'parenting_apartment',
      units: [['A1', 'A2'], ['B1']],
    })
    const request = await enter({ personId: mother, companionPersonIds: [child] }, family.id)
    expect(request).toMatchObject({ companionCount: 1, householdId })
    expect(request.companions).toEqual([expect.objectContaining({ personId: child })])
    const [a1, a2, b1] = family.placeIds as [string, string, string]
    ok(
      await director.post(`/api/accommodation-requests/${request.id}/validate`, {
        placeId: a1,
        expectedArrivalOn: today,
      }),
    )
    // Each companion needs a place of their own, other than the applicant's.
    for (const companionPlaces of [[], [{ personId: child, placeId: a1 }]]) {
      const refused = await worker.post(`/api/accommodation-requests/${request.id}/admit`, {
        startedOn: today,
        companionPlaces,
      })
      expect(refused.statusCode).toBe(400)
      expect(refused.json().errors[0].path).toBe('companionPlaces')
    }
    // The child is already hosted elsewhere: nothing is opened, the request stays validated.
    const elsewhere = await createStay(ctx.db, org.id, {
      structureId: family.id,
      personId: child,
      placeId: b1,
      startedOn: addDays(today, -5),
    })
    const hosted = await worker.post(`/api/accommodation-requests/${request.id}/admit`, {
      startedOn: today,
      companionPlaces: [{ personId: child, placeId: a2 }],
    })
    expect(hosted.statusCode).toBe(409)
    expect(hosted.json().code).toBe('STAY_PERSON_ALREADY_HOSTED')
    const stays = await ctx.db
      .selectFrom('accommodation_stays')
      .select('id')
      .where('person_id', '=', mother)
      .execute()
    expect(stays).toEqual([])
    await ctx.db
      .updateTable('accommodation_stays')
      .set({ ended_on: today, exit_reason: 'other', exit_destination: 'family' })
      .where('id', '=', elsewhere)
      .execute()
    await ctx.db
      .updateTable('accommodation_stay_places')
      .set({ to_on: today })
      .where('stay_id', '=', elsewhere)
      .execute()
    const admitted = ok(
      await worker.post(`/api/accommodation-requests/${request.id}/admit`, {
        startedOn: today,
        companionPlaces: [{ personId: child, placeId: a2 }],
      }),
    )
    expect(admitted.stayIds).toHaveLength(2)
  })

  it('a request of a person out of reach, or of another organisation, is not found', async () => {
    const other = await createOrganisation(ctx, 'CCAS voisin')
    const outsider = await signedIn(
      ctx,
      await createUser(ctx, other.id, { roles: ['director'], teamIds: [other.teamId], totp: true }),
    )
    const request = await enter()
    for (const path of ['', '/medical-part']) {
      const response = await outsider.get(`/api/accommodation-requests/${request.id}${path}`)
      expect(response.statusCode).toBe(path ? 403 : 404)
    }
    const confidential = await createBarePerson(ctx.db, org.id, { teamId: org.confidentialTeamId })
    const hidden = await createAdmissionRequest(ctx.db, org.id, {
      structureId: lhss.id,
      personId: confidential,
    })
    expect((await worker.get(`/api/accommodation-requests/${hidden}`)).statusCode).toBe(404)
    expect((await director.get(`/api/accommodation-requests/${hidden}`)).statusCode).toBe(200)
  })
})
