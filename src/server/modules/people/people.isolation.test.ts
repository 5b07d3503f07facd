import { randomUUID } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'

let ctx: TestContext
let orgA: Awaited<ReturnType<typeof createOrganisation>>
let orgB: Awaited<ReturnType<typeof createOrganisation>>
/** A user of organisation A holding every role that touches people, settings and the audit trail. */
let a: ApiClient
let aPersonId: string
let aUserId: string
let bWorker: ApiClient
let bPersonId: string
let bUserId: string
/** Everything that identifies organisation B's records. */
let bMarkers: string[]

beforeAll(async () => {
  ctx = await createTestContext()
  orgA = await createOrganisation(ctx, 'CCAS A')
  orgB = await createOrganisation(ctx, 'CCAS B')
  a = await signedIn(
    ctx,
    await createUser(ctx, orgA.id, {
      roles: ['administrator', 'director', 'social_worker'],
      teamIds: [orgA.teamId],
      totp: true,
    }),
  )
  aUserId = (await createUser(ctx, orgA.id, { roles: ['front_desk_agent'] })).id
  aPersonId = (await a.post('/api/people', { lastName: 'Aubertin', teamId: orgA.teamId })).json().id
  const bUser = await createUser(ctx, orgB.id, { roles: ['social_worker'], teamIds: [orgB.teamId] })
  bUserId = bUser.id
  bWorker = await signedIn(ctx, bUser)
  const created = await bWorker.post('/api/people', {
    lastName: 'Zéphyrin',
    firstNames: 'Basile',
    birthDate: '1990-04-12',
    teamId: orgB.teamId,
  })
  expect(created.statusCode).toBe(201)
  bPersonId = created.json().id
  // B's user reads the file: the trail of B now holds their user id and the person's id.
  expect((await bWorker.get(`/api/people/${bPersonId}`)).statusCode).toBe(200)
  bMarkers = [
    orgB.id,
    orgB.siteId,
    orgB.teamId,
    orgB.confidentialTeamId,
    bUserId,
    bUser.email,
    bPersonId,
    'Zéphyrin',
    'Basile',
  ]
})
afterAll(() => ctx.close())

/** A problem's body without `instance`, which only repeats the path the caller sent. */
function withoutInstance(response: LightMyRequestResponse) {
  const { instance: _instance, ...rest } = response.json()
  return rest
}

/** The same request about B's record and about an id that exists nowhere must answer alike. */
async function expectIndistinguishable(
  method: 'GET' | 'PATCH' | 'POST',
  url: (id: string) => string,
  realId: string,
  status: number,
  body?: (id: string) => unknown,
) {
  const unknown = randomUUID()
  const real = await a.request(method, url(realId), body?.(realId))
  const absent = await a.request(method, url(unknown), body?.(unknown))
  expect(real.statusCode, real.body).toBe(status)
  expect(absent.statusCode, absent.body).toBe(status)
  expect(withoutInstance(real)).toEqual(withoutInstance(absent))
  return real
}

describe('organisation boundary', () => {
  it("cannot read or change another organisation's person, and cannot tell it exists", async () => {
    await expectIndistinguishable('GET', (id) => `/api/people/${id}`, bPersonId, 404)
    const patched = await expectIndistinguishable(
      'PATCH',
      (id) => `/api/people/${id}`,
      bPersonId,
      404,
      () => ({ usageName: 'Piraté' }),
    )
    expect(patched.json().code).toBe('NOT_FOUND')
    const unchanged = (await bWorker.get(`/api/people/${bPersonId}`)).json()
    expect(unchanged.usageName).toBeNull()
  })

  it("never lists another organisation's people, however searched", async () => {
    for (const url of [
      '/api/people',
      '/api/people?q=Zephyrin',
      '/api/people?q=Zéphyrin Basile',
      '/api/people?q=12/04/1990',
      '/api/people/likely-duplicates?lastName=Zéphyrin&firstNames=Basile&birthDate=1990-04-12',
    ]) {
      const response = await a.get(url)
      expect(response.statusCode, url).toBe(200)
      expect(response.json().items.map((p: { id: string }) => p.id)).not.toContain(bPersonId)
      expect(
        bMarkers.filter((marker) => response.body.includes(marker)),
        url,
      ).toEqual([])
    }
    // A's list is not empty, and B does find its own person: the searches above can find.
    expect((await a.get('/api/people')).json().items.map((p: { id: string }) => p.id)).toContain(aPersonId)
    expect((await bWorker.get('/api/people?q=Zephyrin')).json().items).toHaveLength(1)
  })

  it("cannot file a person under another organisation's team, nor tell the team exists", async () => {
    const created = await expectIndistinguishable(
      'POST',
      () => '/api/people',
      orgB.teamId,
      400,
      (teamId) => ({
        lastName: 'Martin',
        teamId,
      }),
    )
    expect(created.json().errors).toEqual([{ path: 'teamId', message: 'Équipe inconnue.' }])
    const moved = await expectIndistinguishable(
      'PATCH',
      () => `/api/people/${aPersonId}`,
      orgB.teamId,
      400,
      (teamId) => ({ teamId }),
    )
    expect(moved.json().errors).toEqual([{ path: 'teamId', message: 'Équipe inconnue.' }])
    expect((await a.get(`/api/people/${aPersonId}`)).json().teamId).toBe(orgA.teamId)
  })

  it("cannot invite someone into, or move a user to, another organisation's team", async () => {
    const invite = await expectIndistinguishable(
      'POST',
      () => '/api/users/invitations',
      orgB.teamId,
      400,
      (teamId) => ({
        email: `${randomUUID()}@a.test`,
        name: 'X',
        roles: ['social_worker'],
        teamIds: [teamId],
      }),
    )
    expect(invite.json().errors[0].path).toBe('teamIds')
    const moved = await expectIndistinguishable(
      'PATCH',
      () => `/api/users/${aUserId}`,
      orgB.teamId,
      400,
      (teamId) => ({ teamIds: [teamId] }),
    )
    expect(moved.json().errors[0].path).toBe('teamIds')
    const team = await expectIndistinguishable(
      'POST',
      () => '/api/teams',
      orgB.siteId,
      400,
      (siteId) => ({
        name: 'Équipe',
        siteId,
      }),
    )
    expect(team.json().errors[0].path).toBe('siteId')
    const retargeted = await expectIndistinguishable(
      'PATCH',
      () => `/api/teams/${orgA.teamId}`,
      orgB.siteId,
      400,
      (siteId) => ({ siteId }),
    )
    expect(retargeted.json().errors[0].path).toBe('siteId')
    // Nothing of B was created in A.
    const users = (await a.get('/api/users')).json().items
    expect(users.flatMap((u: { teamIds: string[] }) => u.teamIds)).not.toContain(orgB.teamId)
  })

  it("cannot change another organisation's sites, teams or users, nor tell they exist", async () => {
    await expectIndistinguishable(
      'PATCH',
      (id) => `/api/sites/${id}`,
      orgB.siteId,
      404,
      () => ({ name: 'Piraté' }),
    )
    await expectIndistinguishable(
      'PATCH',
      (id) => `/api/teams/${id}`,
      orgB.teamId,
      404,
      () => ({ name: 'Piraté' }),
    )
    await expectIndistinguishable(
      'PATCH',
      (id) => `/api/users/${id}`,
      bUserId,
      404,
      () => ({
        roles: ['analyst'],
      }),
    )
    await expectIndistinguishable('POST', (id) => `/api/users/${id}/deactivate`, bUserId, 404)
    await expectIndistinguishable('POST', (id) => `/api/users/${id}/reactivate`, bUserId, 404)

    const teams = (await bWorker.get('/api/teams')).json().items.map((t: { name: string }) => t.name)
    expect(teams).not.toContain('Piraté')
    const sites = (await bWorker.get('/api/sites')).json().items.map((s: { name: string }) => s.name)
    expect(sites).not.toContain('Piraté')
    // B's user was neither demoted nor signed out.
    expect((await bWorker.get('/api/auth/me')).json().user.roles).toEqual(['social_worker'])
    for (const url of ['/api/users', '/api/teams', '/api/sites', '/api/organisation']) {
      const body = (await a.get(url)).body
      expect(
        bMarkers.filter((marker) => body.includes(marker)),
        url,
      ).toEqual([])
    }
  })

  it('finds nothing of another organisation in the audit trail', async () => {
    // First the whole trail (the searches below are themselves traced, with the ids searched for).
    const all = await a.get('/api/audit')
    expect(all.statusCode).toBe(200)
    expect(all.json().total).toBeGreaterThan(0)
    expect(bMarkers.filter((marker) => all.body.includes(marker))).toEqual([])

    for (const query of [`personId=${bPersonId}`, `userId=${bUserId}`]) {
      const response = await a.get(`/api/audit?${query}`)
      expect(response.statusCode).toBe(200)
      expect(response.json()).toMatchObject({ items: [], total: 0 })
    }
    // B's trail does hold those rows: the searches above would have found them without the boundary.
    const bRows = await ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('organisation_id', '=', orgB.id)
      .where('person_id', '=', bPersonId)
      .execute()
    expect(bRows.length).toBeGreaterThan(0)
  })
})

describe('confidential team', () => {
  it('hides its files from everyone but its members and the director', async () => {
    const paejMember = await signedIn(
      ctx,
      await createUser(ctx, orgA.id, { roles: ['social_worker'], teamIds: [orgA.confidentialTeamId] }),
    )
    const outsiderUser = await createUser(ctx, orgA.id, { roles: ['social_worker'], teamIds: [orgA.teamId] })
    const outsider = await signedIn(ctx, outsiderUser)
    const director = await signedIn(ctx, await createUser(ctx, orgA.id, { roles: ['director'], totp: true }))
    const young = (
      await paejMember.post('/api/people', {
        firstNames: 'Jeune',
        lastName: 'Confidentiel',
        teamId: orgA.confidentialTeamId,
      })
    ).json()

    // Members and the director read it, find it, change it.
    for (const insider of [paejMember, director]) {
      expect((await insider.get(`/api/people/${young.id}`)).statusCode).toBe(200)
      expect((await insider.get('/api/people?q=Confidentiel')).json().items).toHaveLength(1)
      expect((await insider.get('/api/people')).json().items.map((p: { id: string }) => p.id)).toContain(
        young.id,
      )
      expect(
        (await insider.get('/api/people/likely-duplicates?lastName=Confidentiel&firstNames=Jeune')).json()
          .items,
      ).toHaveLength(1)
    }
    expect((await paejMember.patch(`/api/people/${young.id}`, { usageName: 'Suivi' })).statusCode).toBe(200)

    // Anyone else: 404 exactly like an absent file, and never in a list.
    const unknown = randomUUID()
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { usageName: 'x' }],
    ] as const) {
      const real = await outsider.request(method, `/api/people/${young.id}`, body)
      const absent = await outsider.request(method, `/api/people/${unknown}`, body)
      expect(real.statusCode).toBe(404)
      expect(withoutInstance(real)).toEqual(withoutInstance(absent))
    }
    for (const url of [
      '/api/people',
      '/api/people?q=Confidentiel',
      '/api/people/likely-duplicates?lastName=Confidentiel&firstNames=Jeune',
    ]) {
      const body = (await outsider.get(url)).body
      expect(body, url).not.toContain(young.id)
      expect(body, url).not.toContain('Confidentiel')
    }
    // Nor can an outsider file someone under the confidential team, or move a file into it.
    const filed = await outsider.post('/api/people', { lastName: 'X', teamId: orgA.confidentialTeamId })
    expect(filed.statusCode).toBe(400)
    expect(filed.json().errors).toEqual([{ path: 'teamId', message: 'Équipe inconnue.' }])
    const own = (await outsider.post('/api/people', { lastName: 'Ordinaire', teamId: orgA.teamId })).json()
    const moved = await outsider.patch(`/api/people/${own.id}`, { teamId: orgA.confidentialTeamId })
    expect(moved.statusCode).toBe(400)
    expect((await outsider.get(`/api/people/${own.id}`)).json().teamId).toBe(orgA.teamId)
    // The member's change stuck; the outsider's did not.
    expect((await director.get(`/api/people/${young.id}`)).json().usageName).toBe('Suivi')
  })
})
