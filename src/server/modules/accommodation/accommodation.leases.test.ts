import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createBarePerson,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import type { LeaseDetail } from '../../../shared/accommodation-leases.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { createStay, createStructure } from './accommodation.test-factories.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let worker: ApiClient
let educator: ApiClient
let sliding: Awaited<ReturnType<typeof createStructure>>
let stayId: string
let occupantId: string
let otherStayId: string

const today = todayInFrance()
/** The first day of the month `n` months before this one (`YYYY-MM-01`). */
function monthStart(n: number) {
  const [year, month] = today.split('-').map(Number) as [number, number]
  const index = year * 12 + (month - 1) - n
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`
}
const month = (n: number) => monthStart(n).slice(0, 7)

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  educator = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['educator'], teamIds: [org.teamId] }),
  )
  sliding = await createStructure(ctx.db, org.id, {
    kind: 'sliding_lease',
    name: 'Baux glissants',
    unitKind: 'dwelling',
    units: [['A'], ['B'], ['C']],
  })
  const person = await createBarePerson(ctx.db, org.id, { lastName: 'Locataire', teamId: org.teamId })
  occupantId = person
  stayId = await createStay(ctx.db, org.id, {
    structureId: sliding.id,
    personId: person,
    placeId: sliding.placeIds[0]!,
    startedOn: monthStart(3),
  })
  otherStayId = await createStay(ctx.db, org.id, {
    structureId: sliding.id,
    personId: await createBarePerson(ctx.db, org.id, { lastName: 'Voisin', teamId: org.teamId }),
    placeId: sliding.placeIds[1]!,
    startedOn: monthStart(3),
  })
})
afterAll(() => ctx?.close())

const leaseBody = (unitId: string) => ({
  unitId,
  landlordKind: 'public',
  landlordName: 'Office public de l’habitat',
  startsOn: monthStart(4),
  rentCents: 420_00,
  chargesCents: 60_00,
})

describe('a lease, its sublease and the rents', () => {
  let lease: LeaseDetail

  it('takes a lease on a dwelling and sublets it to the occupant of a stay', async () => {
    const created = await worker.post('/api/accommodation-leases', leaseBody(sliding.unitIds[0]!))
    expect(created.statusCode, created.body).toBe(201)
    lease = created.json()
    expect(lease).toMatchObject({ landlord: 'Office public de l’habitat', rentCents: 420_00, occupant: null })
    expect(lease.openStays.map((s) => s.stayId).sort()).toEqual([stayId, otherStayId].sort())

    const sublet = await worker.post(`/api/accommodation-leases/${lease.id}/subleases`, {
      stayId,
      startsOn: monthStart(2),
      rentShareCents: 400_00,
      chargesCents: 50_00,
      housingBenefitCents: 150_00,
    })
    expect(sublet.statusCode, sublet.body).toBe(201)
    lease = sublet.json()
    const sublease = lease.subleases[0]!
    // Two past months and this one, 400 + 50 − 150 = 300 € each, nothing paid yet.
    expect(sublease.monthlyDueCents).toBe(300_00)
    expect(sublease.months.map((m) => m.month)).toEqual([month(2), month(1), month(0)])
    expect(sublease).toMatchObject({ dueCents: 900_00, paidCents: 0, arrearsCents: 900_00 })
    expect(lease.occupant?.displayName).toContain('LOCATAIRE')
    expect(lease.arrearsCents).toBe(900_00)
    expect(lease.openStays.map((s) => s.stayId)).toEqual([otherStayId])
  })

  it('records payments month by month; the arrears are what is left', async () => {
    const subleaseId = lease.subleases[0]!.id
    const pay = (body: object) =>
      worker.post(`/api/accommodation-leases/subleases/${subleaseId}/payments`, body)
    expect((await pay({ month: month(2), amountCents: 300_00, paidOn: today })).statusCode).toBe(200)
    const partial = await pay({
      month: month(1),
      amountCents: 100_00,
      paidOn: today,
      note: 'Versement partiel',
    })
    expect(partial.statusCode, partial.body).toBe(200)
    const sublease = (partial.json() as LeaseDetail).subleases[0]!
    expect(sublease.months.map((m) => [m.month, m.paidCents, m.arrearsCents])).toEqual([
      [month(2), 300_00, 0],
      [month(1), 100_00, 200_00],
      [month(0), 0, 300_00],
    ])
    expect(sublease).toMatchObject({ paidCents: 400_00, arrearsCents: 500_00 })

    const arrears = await worker.get('/api/accommodation-leases/arrears')
    expect(arrears.json().items).toEqual([
      expect.objectContaining({
        structureName: 'Baux glissants',
        subleases: 1,
        inArrears: 1,
        dueCents: 900_00,
        paidCents: 400_00,
        arrearsCents: 500_00,
      }),
    ])
    const list = await worker.get('/api/accommodation-leases')
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: lease.id, arrearsCents: 500_00 }] })
  })

  it('refuses a payment above what the month still owes, or for a month not owed', async () => {
    const subleaseId = lease.subleases[0]!.id
    const pay = (body: object) =>
      worker.post(`/api/accommodation-leases/subleases/${subleaseId}/payments`, body)
    const over = await pay({ month: month(1), amountCents: 250_00, paidOn: today })
    expect(over.statusCode).toBe(400)
    expect(over.json().errors[0]).toMatchObject({ path: 'amountCents' })
    expect(over.json().errors[0].message).toMatch(/reste dû pour ce mois \(200,00\s€\)/)
    const early = await pay({ month: month(3), amountCents: 10_00, paidOn: today })
    expect(early.json().errors[0]).toMatchObject({
      path: 'month',
      message: 'Ce mois n’est pas dû par cette sous-location.',
    })
    const nul = await pay({ month: month(0), amountCents: 10_00, paidOn: today, note: 'a\u0000b' })
    expect(nul.statusCode).toBe(400)
  })

  it('refuses a second sublease while one runs, and a stay of another structure or ended', async () => {
    const again = await worker.post(`/api/accommodation-leases/${lease.id}/subleases`, {
      stayId: otherStayId,
      startsOn: monthStart(1),
      rentShareCents: 100_00,
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('SUBLEASE_ALREADY_RUNNING')
    const chrs = await createStructure(ctx.db, org.id, { kind: 'chrs_reintegration' })
    const elsewhere = await createStay(ctx.db, org.id, {
      structureId: chrs.id,
      personId: await createBarePerson(ctx.db, org.id, { teamId: org.teamId }),
      placeId: chrs.placeIds[0]!,
      startedOn: monthStart(1),
    })
    const second = (await worker.post('/api/accommodation-leases', leaseBody(sliding.unitIds[1]!))).json()
    const wrong = await worker.post(`/api/accommodation-leases/${second.id}/subleases`, {
      stayId: elsewhere,
      startsOn: monthStart(1),
      rentShareCents: 100_00,
    })
    expect(wrong.json().errors[0]).toMatchObject({
      path: 'stayId',
      message: 'Séjour inconnu dans cette structure.',
    })
  })

  it('slides the lease to the occupant: the sublease, the lease and the stay end that day', async () => {
    const subleaseId = lease.subleases[0]!.id
    const before = await worker.post(`/api/accommodation-leases/subleases/${subleaseId}/slide`, {
      slidOn: monthStart(3),
    })
    expect(before.json().errors[0].path).toBe('slidOn')
    const slid = await worker.post(`/api/accommodation-leases/subleases/${subleaseId}/slide`, {
      slidOn: today,
      note: 'Le bailleur accepte le glissement',
    })
    expect(slid.statusCode, slid.body).toBe(200)
    const after = slid.json() as LeaseDetail
    expect(after.subleases[0]).toMatchObject({ slidOn: today, endsOn: today })
    expect(after).toMatchObject({ endsOn: today, occupant: null })
    const stay = await ctx.db
      .selectFrom('accommodation_stays')
      .select(['ended_on', 'exit_reason', 'exit_destination'])
      .where('id', '=', stayId)
      .executeTakeFirstOrThrow()
    expect(stay).toMatchObject({ exit_reason: 'lease_slid', exit_destination: 'lease_slid' })
    expect(String(stay.ended_on)).toBe(today)
    const twice = await worker.post(`/api/accommodation-leases/subleases/${subleaseId}/slide`, {
      slidOn: today,
    })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().code).toBe('SUBLEASE_ALREADY_ENDED')
  })

  it('shows the sublease and its slide on the occupant’s timeline, and its rents in the access export', async () => {
    const timeline = await worker.get(`/api/people/${occupantId}/timeline`)
    expect(timeline.statusCode, timeline.body).toBe(200)
    const titles = timeline.json().items.map((entry: { title: string }) => entry.title)
    expect(titles).toEqual(
      expect.arrayContaining([
        'Sous-location : Unité 1, Baux glissants',
        'Bail glissé : Unité 1, Baux glissants',
      ]),
    )
    // Those who do not manage leases do not read them on the timeline.
    const educatorTimeline = await educator.get(`/api/people/${occupantId}/timeline`)
    expect(educatorTimeline.body).not.toContain('Sous-location')
    const exported = await worker.get(`/api/people/${occupantId}/export.json`)
    expect(exported.statusCode, exported.body.slice(0, 300)).toBe(200)
    const [sublease] = exported.json().records.accommodation_sublease
    expect(sublease).toMatchObject({
      dwelling: 'Unité 1, Baux glissants',
      slidOn: today,
      rentShareCents: expect.any(Number),
    })
    expect(sublease.months.length).toBeGreaterThan(0)
  })
})

describe('bad leases', () => {
  it('refuses a unit outside leased structures, a missing landlord, an overlapping lease', async () => {
    const chrs = await createStructure(ctx.db, org.id, { kind: 'chrs_emergency' })
    const notLeased = await worker.post('/api/accommodation-leases', leaseBody(chrs.unitIds[0]!))
    expect(notLeased.json().errors[0].path).toBe('unitId')
    const noLandlord = await worker.post('/api/accommodation-leases', {
      ...leaseBody(sliding.unitIds[2]!),
      landlordName: undefined,
    })
    expect(noLandlord.json().errors[0]).toMatchObject({
      path: 'landlordName',
      message: 'Indiquez le bailleur : un partenaire de l’annuaire ou un nom.',
    })
    const overlapping = await worker.post('/api/accommodation-leases', leaseBody(sliding.unitIds[1]!))
    expect(overlapping.statusCode).toBe(409)
    expect(overlapping.json().code).toBe('LEASE_ALREADY_RUNNING')
  })

  it('is refused to those who do not manage leases', async () => {
    expect((await educator.get('/api/accommodation-leases')).statusCode).toBe(403)
  })
})
