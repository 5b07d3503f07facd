import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBarePerson, createOrganisation, createUser } from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addMonths } from '../../../shared/dates.ts'
import type { AuditActor } from '../../platform/audit.ts'
import { AppError } from '../../platform/errors.ts'
import { endStay, openStay } from './accommodation.stay-writes.ts'
import { createAdmissionRequest, createStay, createStructure } from './accommodation.test-factories.ts'

// The one way to open and end a stay, as admissions, direct entries and lease slides use it.
describe('opening and ending a stay', () => {
  let ctx: TestContext
  let actor: AuditActor
  let otherActor: AuditActor
  beforeAll(async () => {
    ctx = await createTestContext()
    const organisation = await createOrganisation(ctx)
    const user = await createUser(ctx, organisation.id, { roles: ['social_worker'] })
    actor = { organisationId: organisation.id, userId: user.id, ip: null }
    const other = await createOrganisation(ctx, 'CCAS d’Ailleurs')
    otherActor = { organisationId: other.id, userId: null, ip: null }
  })
  afterAll(() => ctx.close())

  const codeOf = async (promise: Promise<unknown>) => {
    try {
      await promise
    } catch (error) {
      if (error instanceof AppError) return error.code
      throw error
    }
    return 'NO_ERROR'
  }
  const open = (input: Parameters<typeof openStay>[2], who = actor) =>
    ctx.db.transaction().execute((trx) => openStay(trx, who, input))
  const end = (stayId: string, endedOn: string, who = actor) =>
    ctx.db
      .transaction()
      .execute((trx) =>
        endStay(trx, who, stayId, { endedOn, reason: 'rehoused', destination: 'own_housing', note: null }),
      )

  it('an LHSS stay is planned for two months, and the entry is in the audit trail with the person', async () => {
    const lhss = await createStructure(ctx.db, actor.organisationId, { kind: 'lhss' })
    const personId = await createBarePerson(ctx.db, actor.organisationId)
    const stay = await open({
      structureId: lhss.id,
      personId,
      placeId: lhss.placeIds[0]!,
      startedOn: '2026-12-31',
    })
    expect(stay.plannedEndOn).toBe('2027-02-28')
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'person_id'])
      .where('entity_id', '=', stay.id)
      .execute()
    expect(audit).toEqual([{ action: 'accommodation_stay.open', person_id: personId }])
  })

  it('an emergency night has no planned end', async () => {
    const emergency = await createStructure(ctx.db, actor.organisationId, { kind: 'chrs_emergency' })
    const personId = await createBarePerson(ctx.db, actor.organisationId)
    const stay = await open({
      structureId: emergency.id,
      personId,
      placeId: emergency.placeIds[0]!,
      startedOn: '2026-11-02',
    })
    expect(stay.plannedEndOn).toBeNull()
  })

  it('refuses a place occupied, out of service or reserved for another request', async () => {
    const chrs = await createStructure(ctx.db, actor.organisationId, { units: [['1'], ['2'], ['3'], ['4']] })
    const [occupied, closed, reserved, free] = chrs.placeIds as [string, string, string, string]
    const firstId = await createBarePerson(ctx.db, actor.organisationId)
    await createStay(ctx.db, actor.organisationId, {
      structureId: chrs.id,
      personId: firstId,
      placeId: occupied,
      startedOn: '2026-10-01',
    })
    await ctx.db
      .insertInto('accommodation_place_closures')
      .values({
        organisation_id: actor.organisationId,
        place_id: closed,
        reason: 'Travaux',
        starts_on: '2026-10-01',
      })
      .execute()
    const waitingId = await createBarePerson(ctx.db, actor.organisationId)
    const requestId = await createAdmissionRequest(ctx.db, actor.organisationId, {
      structureId: chrs.id,
      personId: waitingId,
      status: 'validated',
      reservedPlaceId: reserved,
    })
    const personId = await createBarePerson(ctx.db, actor.organisationId)
    const base = { structureId: chrs.id, personId, startedOn: '2026-11-01' }
    expect(await codeOf(open({ ...base, placeId: occupied }))).toBe('STAY_PLACE_NOT_FREE')
    expect(await codeOf(open({ ...base, placeId: closed }))).toBe('STAY_PLACE_NOT_FREE')
    expect(await codeOf(open({ ...base, placeId: reserved }))).toBe('STAY_PLACE_NOT_FREE')
    // The request the place is reserved for takes it; nothing was written by the refusals before.
    expect(await codeOf(open({ ...base, personId: waitingId, placeId: reserved, requestId }))).toBe(
      'NO_ERROR',
    )
    expect(await codeOf(open({ ...base, placeId: free }))).toBe('NO_ERROR')
    const stays = await ctx.db
      .selectFrom('accommodation_stays')
      .select('person_id')
      .where('structure_id', '=', chrs.id)
      .execute()
    expect(stays).toHaveLength(3)
  })

  it('a place freed by a departure takes someone the same day, not the day before', async () => {
    const chrs = await createStructure(ctx.db, actor.organisationId, { units: [['1']] })
    const place = chrs.placeIds[0]!
    const leaving = await createBarePerson(ctx.db, actor.organisationId)
    const first = await open({
      structureId: chrs.id,
      personId: leaving,
      placeId: place,
      startedOn: '2026-09-01',
    })
    await end(first.id, '2026-10-15')
    const next = await createBarePerson(ctx.db, actor.organisationId)
    const base = { structureId: chrs.id, personId: next, placeId: place }
    expect(await codeOf(open({ ...base, startedOn: '2026-10-14' }))).toBe('STAY_PLACE_NOT_FREE')
    expect(await codeOf(open({ ...base, startedOn: '2026-10-15' }))).toBe('NO_ERROR')
    const places = await ctx.db
      .selectFrom('accommodation_stay_places')
      .select(['from_on', 'to_on'])
      .where('stay_id', '=', first.id)
      .execute()
    expect(places.map((row) => [String(row.from_on), String(row.to_on)])).toEqual([
      ['2026-09-01', '2026-10-15'],
    ])
  })

  it('refuses a person already hosted that day, elsewhere included', async () => {
    const a = await createStructure(ctx.db, actor.organisationId)
    const b = await createStructure(ctx.db, actor.organisationId)
    const personId = await createBarePerson(ctx.db, actor.organisationId)
    const stay = await open({ structureId: a.id, personId, placeId: a.placeIds[0]!, startedOn: '2026-06-01' })
    const elsewhere = { structureId: b.id, personId, placeId: b.placeIds[0]!, startedOn: '2026-07-01' }
    expect(await codeOf(open(elsewhere))).toBe('STAY_PERSON_ALREADY_HOSTED')
    await end(stay.id, '2026-07-10')
    expect(await codeOf(open(elsewhere))).toBe('STAY_PERSON_ALREADY_HOSTED')
    expect(await codeOf(open({ ...elsewhere, startedOn: '2026-07-10' }))).toBe('NO_ERROR')
  })

  it('ends a stay once, never before it began, with where the person went', async () => {
    const chrs = await createStructure(ctx.db, actor.organisationId)
    const personId = await createBarePerson(ctx.db, actor.organisationId)
    const stay = await open({
      structureId: chrs.id,
      personId,
      placeId: chrs.placeIds[0]!,
      startedOn: '2026-05-10',
    })
    expect(await codeOf(end(stay.id, '2026-05-09'))).toBe('VALIDATION_FAILED')
    expect(await codeOf(end(stay.id, '2026-05-10'))).toBe('NO_ERROR')
    expect(await codeOf(end(stay.id, '2026-05-12'))).toBe('STAY_ALREADY_ENDED')
    const row = await ctx.db
      .selectFrom('accommodation_stays')
      .select(['ended_on', 'exit_reason', 'exit_destination'])
      .where('id', '=', stay.id)
      .executeTakeFirstOrThrow()
    expect({ ...row, ended_on: String(row.ended_on) }).toEqual({
      ended_on: '2026-05-10',
      exit_reason: 'rehoused',
      exit_destination: 'own_housing',
    })
  })

  it('another organisation can neither open a stay on a place nor end a stay that is not its own', async () => {
    const chrs = await createStructure(ctx.db, actor.organisationId)
    const personId = await createBarePerson(ctx.db, actor.organisationId)
    const input = { structureId: chrs.id, personId, placeId: chrs.placeIds[0]!, startedOn: '2026-04-01' }
    expect(await codeOf(open(input, otherActor))).toBe('VALIDATION_FAILED')
    const stay = await open(input)
    expect(await codeOf(end(stay.id, '2026-04-20', otherActor))).toBe('VALIDATION_FAILED')
  })

  it('counts months to the same day, or the month’s last day', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28')
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29')
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15')
    expect(addMonths('2026-12-31', 6)).toBe('2027-06-30')
  })
})
