import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { budgetWarning } from '../../../shared/aid.funds.ts'
import type { AidRequestStatus } from '../../../shared/aid.ts'
import { createAidRequest, createAidType } from './aid.test-factories.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let admin: ApiClient
let director: ApiClient
let personId: string

const YEAR = 2026

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx, 'CCAS de Fondsville')
  admin = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['administrator'], totp: true }))
  director = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['director'], teamIds: [org.teamId], totp: true }),
  )
  const person = await director.post('/api/people', { lastName: 'Budget', teamId: org.teamId })
  expect(person.statusCode, person.body).toBe(201)
  personId = person.json().id
})
afterAll(() => ctx?.close())

async function fund(code: string, name = `Fonds ${code}`) {
  const response = await admin.post('/api/aid-funds', { code, name })
  expect(response.statusCode, response.body).toBe(201)
  return response.json() as { id: string; code: string; name: string; active: boolean }
}

const aidType = async (fundId: string, code: string) =>
  (await createAidType(ctx.db, org.id, { fundId, code, label: `Aide ${code}` })).id

/** A request as a decision leaves it: granted `cents` on `decidedOn`. */
const granted = (aidTypeId: string, cents: number, decidedOn: string, status: AidRequestStatus = 'granted') =>
  createAidRequest(ctx.db, org.id, {
    personId,
    aidTypeId,
    status,
    amountAskedCents: cents,
    requestedOn: decidedOn,
    decidedOn,
    grantedCents: cents,
  })

async function paid(
  requestId: string,
  fundId: string,
  cents: number,
  paidOn: string,
  budgetYear = YEAR,
  cancelled = false,
) {
  await ctx.db
    .insertInto('aid_payments')
    .values({
      organisation_id: org.id,
      request_id: requestId,
      fund_id: fundId,
      budget_year: budgetYear,
      amount_cents: cents,
      form: 'transfer',
      paid_on: paidOn,
      cancelled_at: cancelled ? new Date() : null,
    })
    .execute()
}

const consumption = async (fundId: string, year = YEAR, client = director) => {
  const response = await client.get(`/api/aid-funds/${fundId}/consumption?year=${year}`)
  expect(response.statusCode, response.body).toBe(200)
  return response.json()
}

describe('funds', () => {
  it('creates, renames and deactivates a fund; a code is the organisation’s only once', async () => {
    const flaj = await fund('FLAJ', 'Fonds local d’aide aux jeunes')
    expect(flaj).toMatchObject({ code: 'FLAJ', active: true })

    const again = await admin.post('/api/aid-funds', { code: 'flaj', name: 'Autre' })
    expect(again.statusCode).toBe(400)
    expect(again.json().errors).toEqual([
      { path: 'code', message: 'Ce code est déjà celui d’un autre fonds.' },
    ])
    const blank = await admin.post('/api/aid-funds', { code: 'a b', name: '' })
    expect(blank.statusCode).toBe(400)
    expect(
      blank
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['code', 'name'])

    const renamed = await admin.patch(`/api/aid-funds/${flaj.id}`, { name: 'FLAJ (jeunes 18-25 ans)' })
    expect(renamed.json()).toMatchObject({ name: 'FLAJ (jeunes 18-25 ans)', active: true })
    const off = await admin.patch(`/api/aid-funds/${flaj.id}`, { active: false })
    expect(off.json()).toMatchObject({ active: false })
    // Nothing to change (unknown fields dropped) is a clear refusal, never a server error.
    const empty = await admin.patch(`/api/aid-funds/${flaj.id}`, { $gt: '' })
    expect(empty.statusCode).toBe(400)
    expect(empty.json().errors[0].message).toContain('Rien à modifier')

    const list = await director.get(`/api/aid-funds?year=${YEAR}`)
    expect(list.statusCode, list.body).toBe(200)
    expect(list.json().items.find((f: { id: string }) => f.id === flaj.id)).toMatchObject({
      name: 'FLAJ (jeunes 18-25 ans)',
      active: false,
      budgetVoted: false,
      votedCents: 0,
    })
    expect(list.json().total).toBeGreaterThanOrEqual(1)

    const audit = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', flaj.id)
      .orderBy('at')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['aid.fund_create', 'aid.fund_update', 'aid.fund_update'])
  })

  it('votes a budget per year, amends it, closes the year (then no change) and reopens it', async () => {
    const secours = await fund('SECOURS')
    const voted = await admin.put(`/api/aid-funds/${secours.id}/budgets/${YEAR}`, { votedCents: 5_000_000 })
    expect(voted.statusCode, voted.body).toBe(200)
    expect(voted.json()).toEqual({ fundId: secours.id, year: YEAR, votedCents: 5_000_000, closedAt: null })
    const amended = await admin.put(`/api/aid-funds/${secours.id}/budgets/${YEAR}`, { votedCents: 5_500_050 })
    expect(amended.json().votedCents).toBe(5_500_050)

    const notVoted = await admin.post(`/api/aid-funds/${secours.id}/budgets/${YEAR - 1}/close`)
    expect(notVoted.statusCode).toBe(400)
    expect(notVoted.json().errors[0].message).toBe(
      `Aucun budget n’est voté pour ${YEAR - 1} : il n’y a rien à clore.`,
    )

    const closed = await admin.post(`/api/aid-funds/${secours.id}/budgets/${YEAR}/close`)
    expect(closed.statusCode, closed.body).toBe(200)
    expect(closed.json().closedAt).not.toBeNull()
    const change = await admin.put(`/api/aid-funds/${secours.id}/budgets/${YEAR}`, { votedCents: 1 })
    expect(change.statusCode).toBe(400)
    expect(change.json().errors[0].message).toBe(
      `L’exercice ${YEAR} de ce fonds est clos : rouvrez-le avant de modifier son budget voté.`,
    )
    expect(
      (await admin.post(`/api/aid-funds/${secours.id}/budgets/${YEAR}/close`)).json().errors[0].message,
    ).toBe(`L’exercice ${YEAR} est déjà clos.`)
    expect((await consumption(secours.id)).closedAt).not.toBeNull()
    const reopened = await admin.post(`/api/aid-funds/${secours.id}/budgets/${YEAR}/reopen`)
    expect(reopened.json()).toMatchObject({ closedAt: null, votedCents: 5_500_050 })

    for (const [body, path] of [
      [{ votedCents: -1 }, 'votedCents'],
      [{ votedCents: 10.5 }, 'votedCents'],
      [{ votedCents: '12' }, 'votedCents'],
    ] as const) {
      const bad = await admin.put(`/api/aid-funds/${secours.id}/budgets/${YEAR}`, body)
      expect(bad.statusCode).toBe(400)
      expect(bad.json().errors[0].path).toBe(path)
    }
    expect((await admin.put(`/api/aid-funds/${secours.id}/budgets/1999`, { votedCents: 1 })).statusCode).toBe(
      400,
    )
  })

  it('counts committed (granted on the year’s decisions) and paid (charged to the year) in exact cents, by month', async () => {
    const energy = await fund('ENERGIE')
    const other = await fund('AUTRE')
    const typeA = await aidType(energy.id, 'ENERGIE-A')
    const typeB = await aidType(energy.id, 'ENERGIE-B')
    const otherType = await aidType(other.id, 'AUTRE-A')
    await admin.put(`/api/aid-funds/${energy.id}/budgets/${YEAR}`, { votedCents: 100_001 })

    const jan = await granted(typeA, 12_345, `${YEAR}-01-15`)
    const mar = await granted(typeB, 30_001, `${YEAR}-03-31`)
    await granted(typeA, 7_654, `${YEAR}-03-01`)
    // Not counted: decided last year, refused, another fund.
    const lastYear = await granted(typeA, 99_999, `${YEAR - 1}-12-31`)
    await granted(typeA, 50_000, `${YEAR}-02-01`, 'refused')
    await granted(otherType, 40_000, `${YEAR}-02-01`)

    await paid(jan, energy.id, 12_345, `${YEAR}-02-03`)
    await paid(mar, energy.id, 10_000, `${YEAR}-04-01`)
    // Last year's decision paid this year, on this year's budget: paid, not committed.
    await paid(lastYear, energy.id, 5_001, `${YEAR}-01-10`)
    // Charged to this year's budget, but made in January of the next year: December.
    await paid(mar, energy.id, 1, `${YEAR + 1}-01-05`)
    // Not counted: cancelled, charged to last year.
    await paid(mar, energy.id, 20_000, `${YEAR}-04-02`, YEAR, true)
    await paid(lastYear, energy.id, 3_000, `${YEAR}-01-02`, YEAR - 1)

    const year = await consumption(energy.id)
    expect(year).toMatchObject({
      id: energy.id,
      year: YEAR,
      budgetVoted: true,
      votedCents: 100_001,
      committedCents: 12_345 + 30_001 + 7_654,
      paidCents: 12_345 + 10_000 + 5_001 + 1,
      remainingCents: 100_001 - 50_000,
      warning: { committedPercent: 49, paidPercent: 27, thresholdPercent: 80, reached: false, message: null },
    })
    const months = Object.fromEntries(
      year.months.map((m: { month: number; committedCents: number; paidCents: number }) => [
        m.month,
        [m.committedCents, m.paidCents],
      ]),
    )
    expect(year.months).toHaveLength(12)
    expect(months).toMatchObject({
      1: [12_345, 5_001],
      2: [0, 12_345],
      3: [30_001 + 7_654, 0],
      4: [0, 10_000],
      12: [0, 1],
    })
    // Last year: what was decided then, what was charged to it.
    expect(await consumption(energy.id, YEAR - 1)).toMatchObject({
      budgetVoted: false,
      votedCents: 0,
      committedCents: 99_999,
      paidCents: 3_000,
      remainingCents: -99_999,
      warning: { reached: true, committedPercent: null },
    })

    // The warning: 80 % of 1 000,01 € is reached at 800,01 € committed, not at 800,00 €.
    await granted(typeB, 80_000 - 50_000, `${YEAR}-05-02`)
    expect((await consumption(energy.id)).warning).toMatchObject({ reached: false, committedPercent: 79 })
    await granted(typeB, 1, `${YEAR}-05-03`)
    expect((await consumption(energy.id)).warning).toEqual({
      committedPercent: 80,
      paidPercent: 27,
      thresholdPercent: 80,
      reached: true,
      message: 'Les engagements atteignent 80 % du budget voté (alerte à 80 %).',
    })

    // The organisation's own share (aid settings) moves the threshold.
    await ctx.db
      .insertInto('aid_settings')
      .values({ organisation_id: org.id, budget_warning_percent: 90 })
      .execute()
    expect((await consumption(energy.id)).warning).toMatchObject({ reached: false, thresholdPercent: 90 })
    await granted(typeB, 20_001, `${YEAR}-06-01`)
    expect((await consumption(energy.id)).warning).toMatchObject({
      reached: true,
      message: 'Les engagements dépassent le budget voté de 0,01 €.',
    })
    await ctx.db.deleteFrom('aid_settings').where('organisation_id', '=', org.id).execute()
  })

  it('refuses funds of another organisation as not found, and reading without aid.pay or aid.configure', async () => {
    const mine = await fund('MINE')
    const orgB = await createOrganisation(ctx, 'CCAS B')
    const otherDirector = await signedIn(
      ctx,
      await createUser(ctx, orgB.id, { roles: ['director'], totp: true }),
    )
    const otherAdmin = await signedIn(
      ctx,
      await createUser(ctx, orgB.id, { roles: ['administrator'], totp: true }),
    )
    expect((await otherDirector.get(`/api/aid-funds/${mine.id}/consumption?year=${YEAR}`)).statusCode).toBe(
      404,
    )
    expect((await otherAdmin.patch(`/api/aid-funds/${mine.id}`, { name: 'X' })).statusCode).toBe(404)
    expect(
      (await otherAdmin.put(`/api/aid-funds/${mine.id}/budgets/${YEAR}`, { votedCents: 1 })).statusCode,
    ).toBe(404)
    const theirs = await otherDirector.get(`/api/aid-funds?year=${YEAR}`)
    expect(theirs.json().items).toEqual([])
    const worker = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['social_worker'] }))
    expect((await worker.get(`/api/aid-funds?year=${YEAR}`)).statusCode).toBe(403)
  })
})

describe('the warning, in integer arithmetic', () => {
  it('reaches the threshold exactly, and says by how much a budget is exceeded', () => {
    expect(budgetWarning(1_000_00, 800_00, 0, 80)).toMatchObject({ reached: true, committedPercent: 80 })
    expect(budgetWarning(1_000_00, 799_99, 799_99, 80)).toMatchObject({
      reached: false,
      committedPercent: 79,
    })
    expect(budgetWarning(1_000_00, 100_00, 850_00, 80)).toMatchObject({
      reached: true,
      paidPercent: 85,
      message: 'Les paiements atteignent 85 % du budget voté (alerte à 80 %).',
    })
    expect(budgetWarning(1_000_00, 1_234_567_89, 0, 80).message).toBe(
      'Les engagements dépassent le budget voté de 1 233 567,89 €.',
    )
    expect(budgetWarning(0, 0, 0, 80)).toEqual({
      committedPercent: null,
      paidPercent: null,
      thresholdPercent: 80,
      reached: false,
      message: null,
    })
    // Large budgets: 20 million euros at 100 % stays exact.
    expect(budgetWarning(2_000_000_000, 2_000_000_000, 1_999_999_999, 100)).toMatchObject({
      reached: true,
      committedPercent: 100,
      paidPercent: 99,
    })
  })
})
