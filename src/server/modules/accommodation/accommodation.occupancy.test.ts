import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBarePerson, createOrganisation } from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import {
  nightCounts,
  occupancyOverPeriod,
  occupancyRate,
  placeStatesOn,
  totalOccupancy,
} from './accommodation.occupancy.ts'
import { createAdmissionRequest, createStay, createStructure } from './accommodation.test-factories.ts'

// The occupancy arithmetic, counted by hand: a night is counted on the day it starts; a stay occupies
// started_on <= d < ended_on; a closure is out of service from its first to its last day included.
describe('occupancy arithmetic', () => {
  let ctx: TestContext
  let organisationId: string
  let otherOrganisationId: string
  beforeAll(async () => {
    ctx = await createTestContext()
    organisationId = (await createOrganisation(ctx)).id
    otherOrganisationId = (await createOrganisation(ctx, 'CCAS d’Ailleurs')).id
  })
  afterAll(() => ctx.close())

  async function closePlace(placeId: string, startsOn: string, endsOn: string | null, reason = 'Travaux') {
    await ctx.db
      .insertInto('accommodation_place_closures')
      .values({
        organisation_id: organisationId,
        place_id: placeId,
        reason,
        starts_on: startsOn,
        ends_on: endsOn,
      })
      .execute()
  }

  it('a place is occupied, out of service, reserved or free on a day, by that precedence', async () => {
    const lhss = await createStructure(ctx.db, organisationId, {
      kind: 'lhss',
      units: [['1'], ['2'], ['3'], ['4'], ['5a', '5b']],
    })
    const [p1, p2, p3, p4, p5a] = lhss.placeIds as [string, string, string, string, string, string]
    const ana = await createBarePerson(ctx.db, organisationId)
    const bob = await createBarePerson(ctx.db, organisationId)
    const leaver = await createBarePerson(ctx.db, organisationId)
    const waiting = await createBarePerson(ctx.db, organisationId)
    await createStay(ctx.db, organisationId, {
      structureId: lhss.id,
      personId: ana,
      placeId: p1,
      startedOn: '2026-03-01',
      plannedEndOn: '2026-05-01',
    })
    // Left on the 10th: the place is free that night.
    await createStay(ctx.db, organisationId, {
      structureId: lhss.id,
      personId: leaver,
      placeId: p2,
      startedOn: '2026-03-01',
      endedOn: '2026-03-10',
    })
    await closePlace(p3, '2026-03-05', '2026-03-10', 'Dégât des eaux')
    await createAdmissionRequest(ctx.db, organisationId, {
      structureId: lhss.id,
      personId: waiting,
      status: 'validated',
      reservedPlaceId: p4,
    })
    // Someone sleeping in a place out of service still counts as occupying it.
    await closePlace(p5a, '2026-03-01', null)
    await createStay(ctx.db, organisationId, {
      structureId: lhss.id,
      personId: bob,
      placeId: p5a,
      startedOn: '2026-03-08',
    })

    const states = await placeStatesOn(ctx.db, organisationId, '2026-03-10', [lhss.id])
    expect(states.map((place) => [place.placeLabel, place.state])).toEqual([
      ['1', 'occupied'],
      ['2', 'free'],
      ['3', 'out_of_service'],
      ['4', 'reserved'],
      ['5a', 'occupied'],
      ['5b', 'free'],
    ])
    expect(states[0]).toMatchObject({
      personId: ana,
      plannedEndOn: '2026-05-01',
      stayStartedOn: '2026-03-01',
    })
    expect(states[2]).toMatchObject({ closureReason: 'Dégât des eaux', closureEndsOn: '2026-03-10' })
    expect(states[3]).toMatchObject({ reservedPersonId: waiting })
    expect(nightCounts(states).get(lhss.id)).toEqual({
      places: 6,
      occupied: 2,
      free: 2,
      reserved: 1,
      out_of_service: 1,
    })

    const eleventh = await placeStatesOn(ctx.db, organisationId, '2026-03-11', [lhss.id])
    expect(eleventh.map((place) => place.state)).toEqual([
      'occupied',
      'free',
      'free',
      'reserved',
      'occupied',
      'free',
    ])
    // Before the structure opened, every place is out of service.
    const before = await placeStatesOn(ctx.db, organisationId, '2017-01-01', [lhss.id])
    expect(before.every((place) => place.state === 'out_of_service')).toBe(true)
  })

  it('nights occupied and available over a period, hand-counted, with the rate', async () => {
    // Two places opened on 1 March 2026; the period is March (31 nights).
    const chrs = await createStructure(ctx.db, organisationId, {
      kind: 'chrs_emergency',
      openedOn: '2026-03-01',
      units: [['A'], ['B']],
    })
    const [a, b] = chrs.placeIds as [string, string]
    const one = await createBarePerson(ctx.db, organisationId)
    const two = await createBarePerson(ctx.db, organisationId)
    const three = await createBarePerson(ctx.db, organisationId)
    // Across the month's start: nights 1..9 March in the period (9), left on the 10th.
    await createStay(ctx.db, organisationId, {
      structureId: chrs.id,
      personId: one,
      placeId: a,
      startedOn: '2026-02-20',
      endedOn: '2026-03-10',
    })
    // Open, from the 25th: nights 25..31 (7).
    await createStay(ctx.db, organisationId, {
      structureId: chrs.id,
      personId: two,
      placeId: a,
      startedOn: '2026-03-25',
    })
    // Arrived and left the same day: no night.
    await createStay(ctx.db, organisationId, {
      structureId: chrs.id,
      personId: three,
      placeId: b,
      startedOn: '2026-03-15',
      endedOn: '2026-03-15',
    })
    // B out of service 1..10 March included (10 nights) and from 30 March, open-ended (2 nights).
    await ctx.db
      .insertInto('accommodation_place_closures')
      .values([
        {
          organisation_id: organisationId,
          place_id: b,
          reason: 'Travaux',
          starts_on: '2026-03-01',
          ends_on: '2026-03-10',
        },
        {
          organisation_id: organisationId,
          place_id: b,
          reason: 'Travaux',
          starts_on: '2026-03-30',
          ends_on: null,
        },
      ])
      .execute()

    const [march] = await occupancyOverPeriod(
      ctx.db,
      organisationId,
      { from: '2026-03-01', to: '2026-03-31' },
      { structureIds: [chrs.id] },
    )
    expect(march).toMatchObject({
      structureId: chrs.id,
      kind: 'chrs_emergency',
      places: 2,
      placeNights: 62,
      outOfServiceNights: 12,
      availableNights: 50,
      occupiedNights: 16,
      rate: 0.32,
    })

    // February: the structure was not open yet, nothing available, no rate.
    const [february] = await occupancyOverPeriod(
      ctx.db,
      organisationId,
      { from: '2026-02-01', to: '2026-02-28' },
      { structureIds: [chrs.id] },
    )
    expect(february).toMatchObject({ placeNights: 0, availableNights: 0, occupiedNights: 0, rate: null })

    // One day: the night of 9 March (A occupied, B out of service).
    const [ninth] = await occupancyOverPeriod(
      ctx.db,
      organisationId,
      { from: '2026-03-09', to: '2026-03-09' },
      { structureIds: [chrs.id] },
    )
    expect(ninth).toMatchObject({ availableNights: 1, occupiedNights: 1, rate: 1 })
  })

  it('a closed structure offers no night after its closing day; kinds filter; totals add up', async () => {
    const closed = await createStructure(ctx.db, organisationId, {
      kind: 'parenting_apartment',
      openedOn: '2026-01-01',
      units: [['1']],
    })
    await ctx.db
      .updateTable('accommodation_structures')
      .set({ closed_on: '2026-01-11' })
      .where('id', '=', closed.id)
      .execute()
    const rows = await occupancyOverPeriod(
      ctx.db,
      organisationId,
      { from: '2026-01-01', to: '2026-01-31' },
      { kinds: ['parenting_apartment'] },
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ placeNights: 10, availableNights: 10, occupiedNights: 0, rate: 0 })
    expect(totalOccupancy(rows)).toMatchObject({ places: 1, availableNights: 10, rate: 0 })
    expect(occupancyRate(5, 6)).toBe(0.8333)
  })

  it('another organisation’s places and nights never show', async () => {
    await createStructure(ctx.db, otherOrganisationId, { units: [['X']] })
    const states = await placeStatesOn(ctx.db, organisationId, '2026-03-10')
    const mine = await ctx.db
      .selectFrom('accommodation_places')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .execute()
    expect(states.map((place) => place.placeId).sort()).toEqual(mine.map((place) => place.id).sort())
    const rows = await occupancyOverPeriod(ctx.db, otherOrganisationId, {
      from: '2026-03-01',
      to: '2026-03-31',
    })
    expect(rows).toHaveLength(1)
    expect(rows[0]?.occupiedNights).toBe(0)
  })
})
