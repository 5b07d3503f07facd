import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../../src/shared/roles.ts'
import { ApiClient, createOrganisation, createUser, signedIn } from './factories.ts'
import { createTestContext, type TestContext } from './test-app.ts'

/** Who calls: each role of organisation A, a user of organisation B holding every role, nobody. */
export type Caller = Role | 'otherOrganisation' | 'anonymous'
export const CALLERS: Caller[] = [...ROLES, 'otherOrganisation', 'anonymous']
export type Expected = Record<Caller, number>

export interface SecurityRow {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  /** The route as registered, e.g. `/api/people/:id`. */
  route: string
  /** Tells apart several rows of one route. */
  label?: string
  /** The URL to call; may differ per caller when each needs a record of its own (a merge to undo…). */
  url: (caller: Caller) => string
  /** A valid body, so that a caller who is allowed really succeeds. */
  body?: (caller: Caller) => unknown
  /** Headers of the request, when the body is not JSON (a multipart upload). */
  headers?: (caller: Caller) => Record<string, string>
  expected: Expected
  /** Problem codes expected for a status, where not 401 UNAUTHENTICATED, 403 FORBIDDEN, 404 NOT_FOUND. */
  codes?: Partial<Record<number, string>>
  /** What this caller's answer must not contain, besides the identifiers of an organisation not theirs. */
  hides?: (caller: Caller) => string[]
  /** What this caller's successful answer must contain (so that `hides` is not met by an empty answer). */
  shows?: (caller: Caller) => string[]
}

const DEFAULT_CODES: Partial<Record<number, string>> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
}

/**
 * `roles` of organisation A get `ok`, its other roles 403; organisation B's user gets `other`
 * (404 for a record of A, so nobody learns it exists; `ok` for a route about their own organisation);
 * anonymous callers get 401.
 */
export function allow(roles: readonly Role[] | 'everyone', ok: number, other: number): Expected {
  const expected = { otherOrganisation: other, anonymous: 401 } as Expected
  for (const role of ROLES) expected[role] = roles === 'everyone' || roles.includes(role) ? ok : 403
  return expected
}

/** The same answer for every caller, signed in or not (public routes). */
export function same(status: number): Expected {
  return Object.fromEntries(CALLERS.map((caller) => [caller, status])) as Expected
}

type SignedInCaller = Exclude<Caller, 'anonymous'>

/** Each caller calls from an address of their own: the per-IP rate limits of public routes count one call each. */
const callerIp = (caller: Caller) => `10.1.0.${CALLERS.indexOf(caller) + 1}`

export async function securityWorld(ctx: TestContext) {
  const orgA = await createOrganisation(ctx, 'CCAS A')
  const orgB = await createOrganisation(ctx, 'CCAS B')
  const users = {} as Record<SignedInCaller, Awaited<ReturnType<typeof createUser>>>
  const clients = {} as Record<Caller, ApiClient>
  for (const role of ROLES) {
    users[role] = await createUser(ctx, orgA.id, {
      roles: [role],
      teamIds: [orgA.teamId],
      totp: role === 'administrator' || role === 'director',
    })
    clients[role] = await signedIn(ctx, users[role], callerIp(role))
  }
  // Holds every role: only the organisation boundary may refuse them.
  users.otherOrganisation = await createUser(ctx, orgB.id, {
    roles: [...ROLES],
    teamIds: [orgB.teamId, orgB.confidentialTeamId],
    totp: true,
  })
  clients.otherOrganisation = await signedIn(ctx, users.otherOrganisation, callerIp('otherOrganisation'))
  clients.anonymous = new ApiClient(ctx, callerIp('anonymous'))

  const created = async (client: ApiClient, body: object) => {
    const response = await client.post('/api/people', body)
    if (response.statusCode !== 201) throw new Error(response.body)
    return response.json().id as string
  }
  // Each organisation holds people, so that a list leaking across the boundary would show it.
  const people = {
    a: await created(clients.social_worker, { lastName: 'Aubertin', teamId: orgA.teamId }),
    // Filed by the director under the confidential PAEJ team, which none of A's other callers belong to.
    aConfidential: await created(clients.director, {
      lastName: 'Paejienne',
      teamId: orgA.confidentialTeamId,
    }),
    b: await created(clients.otherOrganisation, { lastName: 'Zéphyrin', teamId: orgB.teamId }),
  }

  // Partners directory: each organisation lists a partner with one service (the front desk orients to it).
  const partnerWithService = async (client: ApiClient, name: string, service: string) => {
    const partner = await client.post('/api/partners', { name })
    if (partner.statusCode !== 201) throw new Error(partner.body)
    const id = partner.json().id as string
    const created = await client.post(`/api/partners/${id}/services`, { name: service, category: 'food' })
    if (created.statusCode !== 201) throw new Error(created.body)
    return { id, serviceId: created.json().id as string }
  }
  const partners = {
    a: await partnerWithService(clients.social_worker, 'Épicerie Aubépine', 'Colis Aubépine'),
    b: await partnerWithService(clients.otherOrganisation, 'Banque Zinnia', 'Colis Zinnia'),
  }

  /** What identifies each organisation's records: none may appear in an answer to the other. */
  const markers = {
    a: [
      orgA.id,
      orgA.siteId,
      orgA.teamId,
      orgA.confidentialTeamId,
      ...ROLES.map((role) => users[role].id),
      ...ROLES.map((role) => users[role].email),
      people.a,
      people.aConfidential,
      'Aubertin',
      'Paejienne',
      partners.a.id,
      partners.a.serviceId,
      'Aubépine',
    ],
    b: [
      orgB.id,
      orgB.siteId,
      orgB.teamId,
      orgB.confidentialTeamId,
      users.otherOrganisation.id,
      users.otherOrganisation.email,
      people.b,
      'Zéphyrin',
      partners.b.id,
      partners.b.serviceId,
      'Zinnia',
    ],
  }
  return { orgA, orgB, users, clients, people, partners, markers }
}

export type SecurityWorld = Awaited<ReturnType<typeof securityWorld>> & { ctx: TestContext }

/** A prefix ending in `$` names one route exactly, so that another module's deeper routes stay theirs. */
const covers = (prefix: string, url: string) =>
  prefix.endsWith('$') ? url === prefix.slice(0, -1) : url.startsWith(prefix)

/** Calls every row as every caller, in table order, and checks every route of the module has a row. */
export function describeRouteSecurity(
  name: string,
  world: SecurityWorld,
  routePrefixes: string[],
  rows: SecurityRow[],
) {
  describe(`${name}: every route × every caller`, () => {
    for (const row of rows) {
      it.each(CALLERS)(
        `${row.method} ${row.route}${row.label ? ` (${row.label})` : ''} as %s`,
        async (caller) => {
          const client = world.clients[caller]
          const body =
            row.method === 'GET' || row.method === 'DELETE' ? undefined : ((await row.body?.(caller)) ?? {})
          const response = await client.request(row.method, row.url(caller), body, row.headers?.(caller))
          expect(response.statusCode, response.body).toBe(row.expected[caller])

          if (response.statusCode >= 400) {
            expect(response.headers['content-type']).toContain('application/problem+json')
            const code = row.codes?.[response.statusCode] ?? DEFAULT_CODES[response.statusCode]
            if (code) expect(response.json().code, response.body).toBe(code)
          }

          const hidden = [
            ...(caller === 'otherOrganisation' ? world.markers.a : []),
            ...(caller === 'anonymous' ? [...world.markers.a, ...world.markers.b] : []),
            ...(caller !== 'otherOrganisation' && caller !== 'anonymous' ? world.markers.b : []),
            ...(row.hides?.(caller) ?? []),
          ]
          // A problem's `instance` repeats the path the caller sent; everything else must not tell.
          const { instance: _instance, ...answer } = response.statusCode >= 400 ? response.json() : {}
          const text = response.statusCode >= 400 ? JSON.stringify(answer) : response.body
          expect(hidden.filter((marker) => text.includes(marker))).toEqual([])
          if (response.statusCode < 300) {
            const shown = row.shows?.(caller) ?? []
            expect(shown.filter((marker) => !text.includes(marker))).toEqual([])
          }
        },
      )
    }

    it('has a row for every route of the module, and no row for a route that does not exist', () => {
      const moduleRoutes = world.ctx.routes
        .filter((r) => routePrefixes.some((prefix) => covers(prefix, r.url)))
        .map((r) => `${r.method} ${r.url}`)
      expect(moduleRoutes.length).toBeGreaterThan(0)
      const covered = new Set(rows.map((r) => `${r.method} ${r.route}`))
      expect(moduleRoutes.filter((r) => !covered.has(r))).toEqual([])
      expect([...covered].filter((r) => !moduleRoutes.includes(r))).toEqual([])
    })
  })
}

/**
 * Registers the file's set-up: a fresh app and database with organisations A and B, their callers
 * and a few people. `prepare` adds the records the table's URLs point at.
 */
export function setUpSecurityWorld<Extra extends object = object>(
  prepare: (world: SecurityWorld) => Promise<Extra> = async () => ({}) as Extra,
) {
  const state = {} as SecurityWorld & Extra
  beforeAll(async () => {
    const ctx = await createTestContext()
    const world = { ...(await securityWorld(ctx)), ctx }
    Object.assign(state, world, await prepare(world))
  })
  afterAll(() => state.ctx?.close())
  return state
}
