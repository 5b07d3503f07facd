import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBarePerson, createOrganisation } from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { createStay, createStructure } from './accommodation.test-factories.ts'

// The rules the tables themselves keep, whatever the services do.
describe('accommodation’s tables keep their own rules', () => {
  let ctx: TestContext
  let organisationId: string
  beforeAll(async () => {
    ctx = await createTestContext()
    organisationId = (await createOrganisation(ctx)).id
  })
  afterAll(() => ctx.close())

  it('the seed’s LHSS: 4 single rooms and 1 double make 6 places', async () => {
    const lhss = await createStructure(ctx.db, organisationId, {
      kind: 'lhss',
      units: [['1'], ['2'], ['3'], ['4'], ['5a', '5b']],
    })
    expect(lhss.placeIds).toHaveLength(6)
    const structure = await ctx.db
      .selectFrom('accommodation_structures')
      .select(['capacity', 'default_stay_months', 'requires_medical_opinion'])
      .where('id', '=', lhss.id)
      .executeTakeFirstOrThrow()
    expect(structure).toEqual({ capacity: 6, default_stay_months: 2, requires_medical_opinion: true })
  })

  it('a person has one open stay at a time, and an ended stay says where the person went', async () => {
    const chrs = await createStructure(ctx.db, organisationId)
    const personId = await createBarePerson(ctx.db, organisationId)
    const first = {
      structureId: chrs.id,
      personId,
      placeId: chrs.placeIds[0] as string,
      startedOn: '2017-01-10',
    }
    await createStay(ctx.db, organisationId, first)
    await expect(createStay(ctx.db, organisationId, { ...first, startedOn: '2017-02-01' })).rejects.toThrow()
    await expect(
      ctx.db
        .updateTable('accommodation_stays')
        .set({ ended_on: '2017-03-01' })
        .where('person_id', '=', personId)
        .execute(),
    ).rejects.toThrow()
  })
})
