import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import type { Home } from '../../../shared/home.ts'
import type { Role } from '../../../shared/roles.ts'
import { createVolunteer } from '../network/network.test-factories.ts'
import { settingsBody } from '../pricing/pricing.test-factories.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let registerTeamId: string
const clients = {} as Record<
  | 'administrator'
  | 'director'
  | 'frontDesk'
  | 'outreach'
  | 'coordinator'
  | 'registerCaller'
  | 'socialWorker'
  | 'analyst',
  ApiClient
>

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx, 'CCAS Accueil')
  registerTeamId = (
    await ctx.db
      .insertInto('teams')
      .values({ organisation_id: org.id, site_id: org.siteId, name: 'Registre canicule' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  const user = async (roles: Role[], teamIds = [org.teamId]) =>
    signedIn(
      ctx,
      await createUser(ctx, org.id, {
        roles,
        teamIds,
        totp: roles.some((r) => r === 'administrator' || r === 'director'),
      }),
    )
  clients.administrator = await user(['administrator'])
  clients.director = await user(['director'])
  clients.frontDesk = await user(['front_desk_agent'])
  clients.outreach = await user(['outreach_agent'])
  clients.coordinator = await user(['volunteer_coordinator'])
  clients.registerCaller = await user(['social_worker'], [registerTeamId])
  clients.socialWorker = await user(['social_worker'])
  clients.analyst = await user(['analyst'])
  const saved = await clients.administrator.put('/api/register/settings', {
    teamId: registerTeamId,
    retryDelayMinutes: 30,
    maxAttempts: 2,
  })
  expect(saved.statusCode, saved.body).toBe(200)
})
afterAll(() => ctx.close())

async function home(client: ApiClient): Promise<Home> {
  const response = await client.get('/api/home')
  expect(response.statusCode, response.body).toBe(200)
  return response.json()
}
const task = (h: Home, key: string) => h.tasks.find((t) => t.key === key)
const keys = (h: Home) => h.tasks.map((t) => t.key)

describe('the first steps of an administrator', () => {
  it('lists what to set up, each step ticked from the organisation’s own data', async () => {
    const fresh = await createOrganisation(ctx, 'CCAS Neuf')
    const admin = await signedIn(
      ctx,
      await createUser(ctx, fresh.id, { roles: ['administrator'], totp: true }),
    )
    const before = await home(admin)
    expect(before.tasks).toEqual([])
    expect(before.setup).toEqual([
      { key: 'organisation.sites', done: false, count: 1 },
      { key: 'organisation.teams', done: true, count: 2 },
      { key: 'organisation.users', done: false, count: 0 },
      { key: 'frontdesk.contact_reasons', done: false, count: 0 },
      { key: 'pricing.brackets', done: false, count: 0 },
      { key: 'reports.triage_delay', done: false, count: null },
      { key: 'register.team', done: false, count: null },
    ])

    expect(
      (await admin.patch(`/api/sites/${fresh.siteId}`, { address: '1 place de la Mairie' })).statusCode,
    ).toBe(200)
    const invited = await admin.post('/api/users/invitations', {
      email: 'collegue@neuf.test',
      name: 'Collègue',
      roles: ['front_desk_agent'],
      teamIds: [fresh.teamId],
    })
    expect(invited.statusCode, invited.body).toBe(201)
    const reasons = (await admin.get('/api/contact-reasons')).json().items as { id: string; label: string }[]
    // The defaults are there on first use; the step is done once the list is reviewed and saved.
    expect((await home(admin)).setup.find((s) => s.key === 'frontdesk.contact_reasons')).toMatchObject({
      done: false,
    })
    const savedReasons = await admin.put('/api/contact-reasons', {
      items: reasons.map((r) => ({ id: r.id, label: r.label, active: true })),
    })
    expect(savedReasons.statusCode, savedReasons.body).toBe(200)
    expect((await admin.put('/api/pricing/settings', settingsBody())).statusCode).toBe(200)
    expect((await admin.put('/api/report-settings', { triageDelayDays: 5 })).statusCode).toBe(200)
    expect(
      (
        await admin.put('/api/register/settings', {
          teamId: fresh.teamId,
          retryDelayMinutes: 60,
          maxAttempts: 3,
        })
      ).statusCode,
    ).toBe(200)

    const after = await home(admin)
    expect(after.setup.every((step) => step.done)).toBe(true)
    expect(after.setup.find((s) => s.key === 'organisation.users')).toEqual({
      key: 'organisation.users',
      done: true,
      count: 1,
    })
    expect(after.setup.find((s) => s.key === 'frontdesk.contact_reasons')?.count).toBe(reasons.length)
  })

  it('is for those who set the organisation up: the director and the agents get none', async () => {
    expect((await home(clients.director)).setup).toEqual([])
    expect((await home(clients.frontDesk)).setup).toEqual([])
  })
})

describe('what to do now, per role', () => {
  it('front desk: the follow-ups waiting in the agent’s teams, flagged late after three days', async () => {
    expect(task(await home(clients.frontDesk), 'frontdesk.follow_ups')).toEqual({
      key: 'frontdesk.follow_ups',
      count: 0,
      late: 0,
    })
    const contact = (extra: object) =>
      clients.frontDesk.post('/api/contacts', {
        channel: 'phone',
        siteId: org.siteId,
        teamId: org.teamId,
        anonymousDescription: 'Appel pour une voisine',
        followUp: true,
        ...extra,
      })
    expect((await contact({})).statusCode).toBe(201)
    const old = await contact({ occurredAt: new Date(Date.now() - 5 * 86_400_000).toISOString() })
    expect(old.statusCode, old.body).toBe(201)
    // A contact without a follow-up waits for no one.
    expect((await contact({ followUp: false })).statusCode).toBe(201)

    expect(task(await home(clients.frontDesk), 'frontdesk.follow_ups')).toMatchObject({ count: 2, late: 1 })
    // The same queue for the social worker of that team; none for a colleague of the register team.
    expect(task(await home(clients.socialWorker), 'frontdesk.follow_ups')).toMatchObject({ count: 2 })
    expect(task(await home(clients.registerCaller), 'frontdesk.follow_ups')).toMatchObject({ count: 0 })
  })

  it('outreach: new reports to triage and those given to the agent, flagged past the delay', async () => {
    const created = await clients.frontDesk.post('/api/reports', {
      source: 'municipal_police',
      locationText: 'Place Jean-Jaurès',
      situation: 'Un homme installé sous le kiosque depuis trois nuits.',
      urgency: 'urgent',
    })
    expect(created.statusCode, created.body).toBe(201)
    const outreach = await home(clients.outreach)
    expect(task(outreach, 'reports.to_triage')).toEqual({ key: 'reports.to_triage', count: 1, late: 0 })
    expect(task(outreach, 'reports.assigned_to_me')).toMatchObject({ count: 0 })
    // The front desk enters reports but does not triage them.
    expect(keys(await home(clients.frontDesk))).not.toContain('reports.to_triage')

    await ctx.db
      .updateTable('reports')
      .set({ status_changed_at: new Date(Date.now() - 30 * 86_400_000) })
      .where('id', '=', created.json().id)
      .execute()
    expect(task(await home(clients.outreach), 'reports.to_triage')).toMatchObject({ count: 1, late: 1 })
  })

  it('the coordinator: volunteers to vet, needs waiting, escalations, neighbours’ reports', async () => {
    await createVolunteer(ctx, org.id, { status: 'pending' })
    await createVolunteer(ctx, org.id, { status: 'approved' })
    const coordinator = await home(clients.coordinator)
    expect(task(coordinator, 'network.volunteers_to_vet')).toEqual({
      key: 'network.volunteers_to_vet',
      count: 1,
      late: 0,
    })
    expect(keys(coordinator)).toEqual(
      expect.arrayContaining(['network.needs_waiting', 'network.escalations_open', 'network.member_reports']),
    )
    // Not in the register's team: no register tasks, although the role may read it.
    expect(keys(coordinator).some((key) => key.startsWith('register.'))).toBe(false)
    expect(keys(await home(clients.socialWorker)).some((key) => key.startsWith('network.'))).toBe(false)
  })

  it('the register’s team: the calls due while an alert plan is under way', async () => {
    const person = await clients.registerCaller.post('/api/people', {
      lastName: 'Martin',
      firstNames: 'Jeanne',
      birthDate: `${Number(todayInFrance().slice(0, 4)) - 85}-03-02`,
    })
    expect(person.statusCode, person.body).toBe(201)
    const entry = await clients.registerCaller.post('/api/register/entries', {
      personId: person.json().id,
      ground: 'age_65',
      livesAtHome: true,
      requestedBy: 'self',
      phone: '01 23 45 67 89',
      address: '3 rue des Tilleuls',
    })
    expect(entry.statusCode, entry.body).toBe(201)
    expect(task(await home(clients.registerCaller), 'register.calls_due')).toMatchObject({ count: 0 })

    const plan = await clients.director.post('/api/register/plans', {
      kind: 'heatwave',
      startsOn: todayInFrance(),
    })
    expect(plan.statusCode, plan.body).toBe(201)
    const caller = await home(clients.registerCaller)
    expect(task(caller, 'register.calls_due')).toMatchObject({ count: 1, late: 0 })
    expect(task(caller, 'register.reviews_due')).toMatchObject({ count: 0 })
    expect(task(await home(clients.director), 'register.calls_due')).toMatchObject({ count: 1 })
    // Same role, another team: the register is not theirs.
    expect(keys(await home(clients.socialWorker)).some((key) => key.startsWith('register.'))).toBe(false)
  })

  it('an analyst has nothing to do with names: no task, no step', async () => {
    expect(await home(clients.analyst)).toEqual({ tasks: [], setup: [] })
  })

  it('counts only its own organisation', async () => {
    const other = await createOrganisation(ctx, 'CCAS Ailleurs')
    const agent = await signedIn(
      ctx,
      await createUser(ctx, other.id, {
        roles: ['outreach_agent', 'front_desk_agent'],
        teamIds: [other.teamId],
      }),
    )
    const elsewhere = await home(agent)
    expect(elsewhere.tasks.every((t) => t.count === 0)).toBe(true)
  })
})
