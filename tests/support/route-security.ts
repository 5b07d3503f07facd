import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../../src/shared/roles.ts'
import { ApiClient, createOrganisation, createUser, signedIn } from './factories.ts'
import { createTestContext, type TestContext } from './test-app.ts'

/** Who calls: each role of organisation A, a user of organisation B holding every role, nobody. */
export type Caller = Role | 'otherOrganisation' | 'anonymous'
export const CALLERS: Caller[] = [...ROLES, 'otherOrganisation', 'anonymous']

export interface SecurityRow {
  method: 'GET' | 'POST' | 'PATCH'
  /** The route as registered, e.g. `/api/people/:id`. */
  route: string
  url: () => string
  body?: (caller: Caller) => unknown
  expected: (caller: Caller) => number
}

/**
 * `roles` get `ok`; other roles of organisation A get 403; organisation B's user gets `other`
 * (404 for a record of A, so nobody learns it exists; `ok` for a route about their own organisation);
 * anonymous callers get 401.
 */
export function allow(roles: readonly Role[] | 'everyone', ok: number, other: number) {
  return (caller: Caller) => {
    if (caller === 'anonymous') return 401
    if (caller === 'otherOrganisation') return other
    return roles === 'everyone' || roles.includes(caller) ? ok : 403
  }
}

export async function securityWorld(ctx: TestContext) {
  const orgA = await createOrganisation(ctx, 'CCAS A')
  const orgB = await createOrganisation(ctx, 'CCAS B')
  const clients = {} as Record<Caller, ApiClient>
  for (const role of ROLES) {
    const user = await createUser(ctx, orgA.id, {
      roles: [role],
      teamIds: [orgA.teamId],
      totp: role === 'administrator' || role === 'director',
    })
    clients[role] = await signedIn(ctx, user)
  }
  const outsider = await createUser(ctx, orgB.id, {
    roles: [...ROLES],
    teamIds: [orgB.teamId, orgB.confidentialTeamId],
    totp: true,
  })
  clients.otherOrganisation = await signedIn(ctx, outsider)
  clients.anonymous = new ApiClient(ctx)
  return { orgA, orgB, clients }
}

/** Calls every row as every caller, in table order, and checks every route of the module has a row. */
export function describeRouteSecurity(
  name: string,
  world: { ctx: TestContext; clients: Record<Caller, ApiClient> },
  routePrefixes: string[],
  rows: SecurityRow[],
) {
  describe(`${name}: every route × every caller`, () => {
    for (const row of rows) {
      it.each(CALLERS)(`${row.method} ${row.route} as %s`, async (caller) => {
        const client = world.clients[caller]
        const response = await client.request(
          row.method,
          row.url(),
          row.method === 'GET' ? undefined : (row.body?.(caller) ?? {}),
        )
        expect(response.statusCode, response.body).toBe(row.expected(caller))
        if (response.statusCode >= 400)
          expect(response.headers['content-type']).toContain('application/problem+json')
      })
    }

    it('has a row for every route of the module', () => {
      const moduleRoutes = world.ctx.routes
        .filter((r) => routePrefixes.some((prefix) => r.url.startsWith(prefix)))
        .map((r) => `${r.method} ${r.url}`)
      const covered = new Set(rows.map((r) => `${r.method} ${r.route}`))
      expect(moduleRoutes.filter((r) => !covered.has(r))).toEqual([])
    })
  })
}

/**
 * Registers the file's set-up: a fresh app and database with organisations A and B and their callers.
 * `prepare` adds the records the table's URLs point at.
 */
export function setUpSecurityWorld<Extra extends object = object>(
  prepare: (
    world: Awaited<ReturnType<typeof securityWorld>> & { ctx: TestContext },
  ) => Promise<Extra> = async () => ({}) as Extra,
) {
  const state = {} as Awaited<ReturnType<typeof securityWorld>> & { ctx: TestContext } & Extra
  beforeAll(async () => {
    const ctx = await createTestContext()
    const world = { ...(await securityWorld(ctx)), ctx }
    Object.assign(state, world, await prepare(world))
  })
  afterAll(() => state.ctx.close())
  return state
}
