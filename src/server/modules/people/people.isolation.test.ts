import { randomUUID } from 'node:crypto'
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
/** A user of organisation A holding every role that touches people and settings. */
let a: ApiClient
let bWorker: ApiClient
let bPersonId: string
let bUserId: string

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
  const bUser = await createUser(ctx, orgB.id, { roles: ['social_worker'], teamIds: [orgB.teamId] })
  bUserId = bUser.id
  bWorker = await signedIn(ctx, bUser)
  bPersonId = (
    await bWorker.post('/api/people', { lastName: 'Zéphyrin', firstNames: 'Basile', teamId: orgB.teamId })
  ).json().id
})
afterAll(() => ctx.close())

function withoutInstance(body: Record<string, unknown>) {
  const { instance: _instance, ...rest } = body
  return rest
}

describe('organisation boundary', () => {
  it("cannot read or change another organisation's person, and cannot tell it exists", async () => {
    const unknown = randomUUID()
    for (const [method, suffix, body] of [
      ['GET', '', undefined],
      ['PATCH', '', { usageName: 'Piraté' }],
    ] as const) {
      const real = await a.request(method, `/api/people/${bPersonId}${suffix}`, body)
      const absent = await a.request(method, `/api/people/${unknown}${suffix}`, body)
      expect(real.statusCode).toBe(404)
      expect(withoutInstance(real.json())).toEqual(withoutInstance(absent.json()))
    }
    expect((await bWorker.get(`/api/people/${bPersonId}`)).json().usageName).toBeNull()
  })

  it("never lists another organisation's people, even searched by name", async () => {
    expect((await a.get('/api/people?q=Zephyrin')).json().items).toEqual([])
    expect((await bWorker.get('/api/people?q=Zephyrin')).json().items).toHaveLength(1)
  })

  it("cannot file a person under, or invite someone into, another organisation's team", async () => {
    const person = await a.post('/api/people', { lastName: 'Martin', teamId: orgB.teamId })
    expect(person.statusCode).toBe(400)
    expect(person.json().errors).toEqual([{ path: 'teamId', message: 'Équipe inconnue.' }])
    const invite = await a.post('/api/users/invitations', {
      email: 'x@a.test',
      name: 'X',
      roles: ['social_worker'],
      teamIds: [orgB.teamId],
    })
    expect(invite.statusCode).toBe(400)
    expect(invite.json().errors[0].path).toBe('teamIds')
    const team = await a.post('/api/teams', { name: 'Équipe', siteId: orgB.siteId })
    expect(team.json().errors[0].path).toBe('siteId')
  })

  it("cannot change another organisation's sites, teams or users", async () => {
    expect((await a.patch(`/api/sites/${orgB.siteId}`, { name: 'Piraté' })).statusCode).toBe(404)
    expect((await a.patch(`/api/teams/${orgB.teamId}`, { name: 'Piraté' })).statusCode).toBe(404)
    expect((await a.patch(`/api/users/${bUserId}`, { roles: ['analyst'] })).statusCode).toBe(404)
    expect((await a.post(`/api/users/${bUserId}/deactivate`)).statusCode).toBe(404)
    const teams = (await bWorker.get('/api/teams')).json().items.map((t: { name: string }) => t.name)
    expect(teams).not.toContain('Piraté')
    expect((await a.get('/api/users')).json().items.map((u: { id: string }) => u.id)).not.toContain(bUserId)
  })

  it('finds nothing of another organisation in the audit trail', async () => {
    expect((await a.get(`/api/audit?personId=${bPersonId}`)).json().total).toBe(0)
    expect((await a.get(`/api/audit?userId=${bUserId}`)).json().total).toBe(0)
  })
})

describe('confidential team', () => {
  it('hides its files from everyone but its members and the director', async () => {
    const paejMember = await signedIn(
      ctx,
      await createUser(ctx, orgA.id, { roles: ['social_worker'], teamIds: [orgA.confidentialTeamId] }),
    )
    const outsider = await signedIn(
      ctx,
      await createUser(ctx, orgA.id, { roles: ['social_worker'], teamIds: [orgA.teamId] }),
    )
    const director = await signedIn(ctx, await createUser(ctx, orgA.id, { roles: ['director'], totp: true }))
    const young = (
      await paejMember.post('/api/people', {
        firstNames: 'Jeune',
        lastName: 'Confidentiel',
        teamId: orgA.confidentialTeamId,
      })
    ).json()

    expect((await paejMember.get(`/api/people/${young.id}`)).statusCode).toBe(200)
    expect((await director.get(`/api/people/${young.id}`)).statusCode).toBe(200)
    expect((await outsider.get(`/api/people/${young.id}`)).statusCode).toBe(404)
    expect((await outsider.patch(`/api/people/${young.id}`, { usageName: 'x' })).statusCode).toBe(404)
    expect((await outsider.get('/api/people?q=Confidentiel')).json().items).toEqual([])
    expect((await director.get('/api/people?q=Confidentiel')).json().items).toHaveLength(1)
    // Nor can an outsider file someone under the confidential team.
    expect(
      (await outsider.post('/api/people', { lastName: 'X', teamId: orgA.confidentialTeamId })).statusCode,
    ).toBe(400)
  })
})
