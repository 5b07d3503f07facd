import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { createVolunteer, volunteerClient } from '../network/network.test-factories.ts'

/**
 * The retention rules of the register's call logs and of the network's volunteers, enforced by the
 * nightly sweeper with the clock moved forward: a closed plan's calls go some months after it closed
 * (its board's counts stay); a volunteer without any activity for two years is erased (the needs
 * they met still count).
 */
const JOB = 'privacy.retention-sweep'
const DAY = 24 * 3600_000
const now = new Date()
const threeYearsAgo = new Date(now.getTime() - 3 * 365 * DAY)
const monthsLater = (months: number) => {
  const at = new Date(now)
  at.setUTCMonth(at.getUTCMonth() + months)
  return at
}

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
type User = Awaited<ReturnType<typeof createUser>>
let users: Record<'director' | 'dpo' | 'administrator', User>
let director: ApiClient
let dpo: ApiClient
let planId: string
let board: unknown
let gone: Awaited<ReturnType<typeof createVolunteer>>
let active: Awaited<ReturnType<typeof createVolunteer>>
let metNeedId: string

async function signInAll() {
  director = await signedIn(ctx, users.director)
  dpo = await signedIn(ctx, users.dpo)
}

const callsOf = (plan: string) =>
  ctx.db.selectFrom('alert_calls').select('id').where('plan_id', '=', plan).execute()
const volunteer = (id: string) =>
  ctx.db.selectFrom('volunteers').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  users = {
    director: await createUser(ctx, org.id, { roles: ['director'], totp: true, teamIds: [org.teamId] }),
    dpo: await createUser(ctx, org.id, { roles: ['dpo'] }),
    administrator: await createUser(ctx, org.id, { roles: ['administrator'], totp: true }),
  }
  await signInAll()
  const administrator = await signedIn(ctx, users.administrator)
  const settings = await administrator.put('/api/register/settings', {
    teamId: org.teamId,
    retryDelayMinutes: 30,
    maxAttempts: 2,
  })
  expect(settings.statusCode, settings.body).toBe(200)

  // Three people on the register, called during last summer's heatwave, all reached.
  const people = await ctx.db
    .insertInto('people')
    .values(
      ['Aubry', 'Bastide', 'Carrel'].map((lastName, i) => ({
        organisation_id: org.id,
        last_name: lastName,
        file_number: `REG-${i}`,
        birth_date: '1940-01-01',
      })),
    )
    .returning('id')
    .execute()
  await ctx.db
    .insertInto('register_entries')
    .values(
      people.map((p) => ({
        organisation_id: org.id,
        person_id: p.id,
        status: 'registered' as const,
        ground: 'age_65' as const,
        requested_by: 'self' as const,
        requested_on: '2026-01-01',
        registered_at: new Date(),
        phone: '01 23 45 67 89',
      })),
    )
    .execute()
  const activated = await director.post('/api/register/plans', {
    kind: 'heatwave',
    label: 'Canicule',
    startsOn: '2026-07-01',
  })
  expect(activated.statusCode, activated.body).toBe(201)
  planId = activated.json().id
  const calls = await callsOf(planId)
  await ctx.db
    .insertInto('alert_call_attempts')
    .values(
      calls.map((call) => ({
        organisation_id: org.id,
        call_id: call.id,
        outcome: 'all_fine' as const,
        note: 'Va bien, sa fille passe le soir',
      })),
    )
    .execute()
  await ctx.db
    .updateTable('alert_calls')
    .set({ status: 'reached', attempts: 1 })
    .where('plan_id', '=', planId)
    .execute()
  const closed = await director.post(`/api/register/plans/${planId}/close`)
  expect(closed.statusCode, closed.body).toBe(200)
  board = closed.json().board
  expect(board).toMatchObject({ total: 3, reached: 3, called: 3 })

  // A volunteer whose last activity (a need met, a suspension) goes back three years, and one active.
  gone = await createVolunteer(ctx, org.id, { firstName: 'Gaston', status: 'suspended' })
  await ctx.db
    .updateTable('volunteers')
    .set({ created_at: threeYearsAgo, updated_at: threeYearsAgo, status_changed_at: threeYearsAgo })
    .where('id', '=', gone.id)
    .execute()
  const need = await ctx.db
    .insertInto('network_needs')
    .values({
      organisation_id: org.id,
      person_id: people[0]!.id,
      kind: 'shopping',
      recurrence: 'once',
      urgency: 'normal',
      escalate_after_hours: 48,
      status: 'done',
      volunteer_id: gone.id,
      accepted_at: threeYearsAgo,
      done_at: threeYearsAgo,
      created_at: threeYearsAgo,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  metNeedId = need.id
  active = await createVolunteer(ctx, org.id, { firstName: 'Anouk' })
})
afterAll(() => ctx.close())

describe('the register’s call logs and the network’s volunteers', () => {
  it('shows both rules as the sweeper’s, with their bounds', async () => {
    const rules = (await dpo.get('/api/privacy/retention-rules')).json().items
    expect(rules.find((r: { kind: string }) => r.kind === 'alert_calls')).toMatchObject({
      activeMonths: 3,
      bounds: { active: { min: 0, max: 12 } },
      end: 'delete',
      appliedBy: 'sweeper',
    })
    expect(rules.find((r: { kind: string }) => r.kind === 'network_volunteer')).toMatchObject({
      activeMonths: 24,
      end: 'anonymise',
      appliedBy: 'sweeper',
    })
    const tooLong = await dpo.put('/api/privacy/retention-rules/alert_calls', {
      activeMonths: 18,
      archiveMonths: 0,
    })
    expect(tooLong.json().errors[0].message).toBe(
      'La durée en base active doit être comprise entre 0 et 12 mois (règle CNIL).',
    )
  })

  it('previews tonight: the gone volunteer, no call yet', async () => {
    const preview = (await dpo.get('/api/privacy/preview')).json()
    expect(preview.counts).toMatchObject({ alert_calls: 0, network_volunteer: 1 })
  })

  it('erases the volunteer gone for two years, keeps the active one and the need they met', async () => {
    await ctx.runJob(JOB, now)
    const erased = await volunteer(gone.id)
    expect(erased).toMatchObject({
      first_name: '[effacé]',
      last_name: '[effacé]',
      phone: '[effacé]',
      address: null,
      status: 'suspended',
    })
    expect(erased.email).toMatch(/^efface-.*@invalid$/)
    expect(erased.erased_at).not.toBeNull()
    expect(JSON.stringify(erased)).not.toContain('Gaston')
    // Their old e-mail opens nothing any more.
    const login = await volunteerClient(ctx).login(org.id, gone.email)
    expect(login.statusCode).not.toBe(200)
    const need = await ctx.db
      .selectFrom('network_needs')
      .select(['status', 'volunteer_id'])
      .where('id', '=', metNeedId)
      .executeTakeFirstOrThrow()
    expect(need).toEqual({ status: 'done', volunteer_id: gone.id })
    expect((await volunteer(active.id)).first_name).toBe('Anouk')
    // The plan closed today: its calls stay for the season's end.
    expect(await callsOf(planId)).toHaveLength(3)
    // Again: nothing more to do.
    await ctx.runJob(JOB, now)
    const [second, first] = (await dpo.get('/api/privacy/runs')).json().items
    expect(first.counts).toMatchObject({ network_volunteer: 1, alert_calls: 0 })
    expect(second.counts).toMatchObject({ network_volunteer: 0, alert_calls: 0 })
  })

  it('deletes a closed plan’s calls after its period; the plan keeps its board', async () => {
    await ctx.runJob(JOB, monthsLater(2))
    expect(await callsOf(planId)).toHaveLength(3)
    await ctx.runJob(JOB, monthsLater(4))
    await signInAll()
    expect(await callsOf(planId)).toEqual([])
    expect(
      await ctx.db
        .selectFrom('alert_call_attempts')
        .select('id')
        .where('organisation_id', '=', org.id)
        .execute(),
    ).toEqual([])
    const plan = await director.get(`/api/register/plans/${planId}`)
    expect(plan.statusCode, plan.body).toBe(200)
    expect(plan.json()).toMatchObject({ status: 'closed', board })
    const runs = (await dpo.get('/api/privacy/runs')).json().items
    expect(runs[0].counts).toMatchObject({ alert_calls: 3 })
    // The register itself is untouched: the three are still registered.
    expect(
      await ctx.db
        .selectFrom('register_entries')
        .select('id')
        .where('organisation_id', '=', org.id)
        .execute(),
    ).toHaveLength(3)
  })

  it('erases the active volunteer too once two years passed without any activity', async () => {
    await ctx.runJob(JOB, monthsLater(25))
    expect((await volunteer(active.id)).first_name).toBe('[effacé]')
  })
})
