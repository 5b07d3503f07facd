import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOrganisation } from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import { type AidRuleContext, aidRuleContext, aidWarnings, twelveMonthsBefore } from './aid.rules.ts'
import { createAidPerson, createAidRequest, createAidType } from './aid.test-factories.ts'

const today = todayInFrance()
const NO_RULES: AidRuleContext = {
  rules: {
    urgentCeilingCents: null,
    ceilingPerRequestCents: null,
    ceilingPerHousehold12mCents: null,
    minAge: null,
    maxAge: null,
    residenceRequired: false,
    quotientCeilingCents: null,
  },
  urgent: false,
  resident: null,
  quotientCents: null,
  age: 40,
  grantedOver12MonthsCents: 0,
  missingDocuments: [],
}
const withRules = (rules: Partial<AidRuleContext['rules']>, rest: Partial<AidRuleContext> = {}) => ({
  ...NO_RULES,
  ...rest,
  rules: { ...NO_RULES.rules, ...rules },
})
const codes = (context: AidRuleContext, amount: number) => aidWarnings(context, amount).map((w) => w.code)

describe('the règlement’s rules give warnings, never blocks', () => {
  it('an aid without rules warns of nothing', () => {
    expect(aidWarnings(NO_RULES, 10_000_00)).toEqual([])
  })

  it('the ceiling per request: at the ceiling nothing, one cent above a warning in euros', () => {
    const context = withRules({ ceilingPerRequestCents: 300_00 })
    expect(codes(context, 300_00)).toEqual([])
    expect(aidWarnings(context, 300_01)).toEqual([
      {
        code: 'AID_CEILING_PER_REQUEST',
        message: 'Le montant (300,01 €) dépasse le plafond par demande du règlement (300,00 €).',
      },
    ])
  })

  it('the household’s ceiling over 12 months counts what was already granted', () => {
    const context = withRules({ ceilingPerHousehold12mCents: 500_00 }, { grantedOver12MonthsCents: 400_00 })
    expect(codes(context, 100_00)).toEqual([])
    const [warning] = aidWarnings(context, 100_01)
    expect(warning?.code).toBe('AID_CEILING_HOUSEHOLD_12M')
    expect(warning?.message).toContain('400,00 €')
    expect(warning?.message).toContain('500,01 €')
  })

  it('the age range, and an unknown age', () => {
    const flaj = withRules({ minAge: 18, maxAge: 25 })
    expect(codes({ ...flaj, age: 18 }, 1)).toEqual([])
    expect(codes({ ...flaj, age: 25 }, 1)).toEqual([])
    expect(aidWarnings({ ...flaj, age: 26 }, 1)).toEqual([
      {
        code: 'AID_AGE_RANGE',
        message: 'La personne a 26 ans : cette aide est réservée aux personnes de 18 à 25 ans.',
      },
    ])
    expect(codes({ ...flaj, age: 17 }, 1)).toEqual(['AID_AGE_RANGE'])
    expect(codes({ ...flaj, age: null }, 1)).toEqual(['AID_AGE_UNKNOWN'])
    expect(aidWarnings(withRules({ minAge: 65 }, { age: 60 }), 1)[0]?.message).toContain('à partir de 65 ans')
  })

  it('residence: stated, denied, or not checked', () => {
    const context = withRules({ residenceRequired: true })
    expect(codes({ ...context, resident: true }, 1)).toEqual([])
    expect(aidWarnings({ ...context, resident: false }, 1)[0]?.message).toContain('ne réside pas')
    expect(aidWarnings({ ...context, resident: null }, 1)[0]?.message).toContain('n’a pas été vérifiée')
  })

  it('the family quotient’s ceiling, and a quotient not computed', () => {
    const context = withRules({ quotientCeilingCents: 700_00 })
    expect(codes({ ...context, quotientCents: 700_00 }, 1)).toEqual([])
    expect(codes({ ...context, quotientCents: 700_01 }, 1)).toEqual(['AID_QUOTIENT_CEILING'])
    expect(codes({ ...context, quotientCents: null }, 1)).toEqual(['AID_QUOTIENT_UNKNOWN'])
  })

  it('required documents missing are named', () => {
    const context = withRules({}, { missingDocuments: ['Avis d’imposition', 'Facture'] })
    expect(aidWarnings(context, 1)).toEqual([
      {
        code: 'AID_DOCUMENTS_MISSING',
        message: 'Pièces justificatives manquantes : Avis d’imposition, Facture.',
      },
    ])
  })

  it('an urgent request above the urgent ceiling, or of an aid not decided urgently, goes to the commission', () => {
    const context = withRules({ urgentCeilingCents: 150_00 }, { urgent: true })
    expect(codes(context, 150_00)).toEqual([])
    expect(codes(context, 150_01)).toEqual(['AID_URGENT_CEILING'])
    expect(codes({ ...context, urgent: false }, 150_01)).toEqual([])
    expect(aidWarnings(withRules({}, { urgent: true }), 1)[0]?.message).toContain(
      'ne se décide pas en urgence',
    )
  })

  it('twelve months before a day, 29 February included', () => {
    expect(twelveMonthsBefore('2026-12-06')).toBe('2025-12-06')
    expect(twelveMonthsBefore('2028-02-29')).toBe('2027-02-28')
  })
})

describe('what the rules read of a request', () => {
  let ctx: TestContext
  let org: Awaited<ReturnType<typeof createOrganisation>>
  beforeAll(async () => {
    ctx = await createTestContext()
    org = await createOrganisation(ctx, 'CCAS de Règleville')
  })
  afterAll(() => ctx?.close())

  const documentType = async (label: string) =>
    (
      await ctx.db
        .insertInto('document_types')
        .values({ organisation_id: org.id, label })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  const household = async (personIds: string[]) => {
    const { id } = await ctx.db
      .insertInto('households')
      .values({ organisation_id: org.id })
      .returning('id')
      .executeTakeFirstOrThrow()
    await ctx.db
      .insertInto('household_members')
      .values(
        personIds.map((person_id) => ({
          organisation_id: org.id,
          household_id: id,
          person_id,
          relationship: 'adult',
        })),
      )
      .execute()
    return id
  }

  it('the household’s grants of the same aid over the 12 months before the day, and no other', async () => {
    const aid = await createAidType(ctx.db, org.id, { ceilingPerHousehold12mCents: 500_00 })
    const other = await createAidType(ctx.db, org.id)
    const [alice, bob, carol] = await Promise.all([
      createAidPerson(ctx.db, org.id),
      createAidPerson(ctx.db, org.id),
      createAidPerson(ctx.db, org.id),
    ])
    const home = await household([alice, bob])
    const granted = (personId: string, cents: number, decidedOn: string, extra: object = {}) =>
      createAidRequest(ctx.db, org.id, {
        personId,
        aidTypeId: aid.id,
        householdId: home,
        status: 'granted',
        grantedCents: cents,
        requestedOn: decidedOn,
        decidedOn,
        ...extra,
      })
    await granted(alice, 100_00, addDays(today, -30))
    await granted(bob, 150_00, addDays(today, -200))
    await granted(bob, 1000_00, twelveMonthsBefore(today)) // exactly a year ago: out of the window
    await granted(alice, 70_00, addDays(today, -10), { aidTypeId: other.id })
    await granted(carol, 999_00, addDays(today, -10), { householdId: null })
    await createAidRequest(ctx.db, org.id, {
      personId: alice,
      aidTypeId: aid.id,
      householdId: home,
      status: 'refused',
      amountAskedCents: 80_00,
    })
    const current = await createAidRequest(ctx.db, org.id, {
      personId: alice,
      aidTypeId: aid.id,
      householdId: home,
      status: 'submitted',
      amountAskedCents: 300_00,
    })
    const context = await aidRuleContext(ctx.db, org.id, current)
    expect(context.grantedOver12MonthsCents).toBe(250_00)
    expect(aidWarnings(context, 250_00)).toEqual([])
    expect(aidWarnings(context, 250_01).map((w) => w.code)).toEqual(['AID_CEILING_HOUSEHOLD_12M'])
  })

  it('the applicant’s age on the day of the request, and the required documents not attached', async () => {
    const [income, invoice] = [await documentType('Avis d’imposition'), await documentType('Facture')]
    const aid = await createAidType(ctx.db, org.id, {
      minAge: 18,
      maxAge: 25,
      requiredDocumentTypeIds: [income, invoice],
    })
    const personId = await createAidPerson(ctx.db, org.id, { birthDate: '2000-06-15' })
    const requestId = await createAidRequest(ctx.db, org.id, {
      personId,
      aidTypeId: aid.id,
      requestedOn: '2026-06-14',
    })
    const before = await aidRuleContext(ctx.db, org.id, requestId)
    expect(before.age).toBe(25)
    expect(before.missingDocuments).toEqual(['Avis d’imposition', 'Facture'])
    const documentId = randomUUID()
    await ctx.db
      .insertInto('documents')
      .values({
        id: documentId,
        organisation_id: org.id,
        person_id: personId,
        type_id: invoice,
        file_name: 'facture.pdf',
        content_type: 'application/pdf',
        size_bytes: 10,
        sha256: 'a'.repeat(64),
      })
      .execute()
    await ctx.db
      .insertInto('aid_request_documents')
      .values({ request_id: requestId, document_id: documentId })
      .execute()
    expect((await aidRuleContext(ctx.db, org.id, requestId)).missingDocuments).toEqual(['Avis d’imposition'])
  })

  it('a request of another organisation is not found', async () => {
    const other = await createOrganisation(ctx, 'CCAS d’Ailleurs')
    const aid = await createAidType(ctx.db, other.id)
    const requestId = await createAidRequest(ctx.db, other.id, {
      personId: await createAidPerson(ctx.db, other.id),
      aidTypeId: aid.id,
    })
    await expect(aidRuleContext(ctx.db, org.id, requestId)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
