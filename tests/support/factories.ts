import { randomUUID } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../../src/server/db/schema.ts'
import { hashPassword } from '../../src/server/platform/passwords.ts'
import { SessionStore } from '../../src/server/platform/sessions.ts'
import { newTotpSecret } from '../../src/server/platform/totp.ts'
import type { Role } from '../../src/shared/roles.ts'
import type { TestContext } from './test-app.ts'

export const TEST_PASSWORD = 'un mot de passe solide'

/** An API test context or a running e2e Trame: both carry the database the seeds go into. */
type Seedable = { db: Kysely<Database> }

/** An organisation with one site and no team yet. */
export async function createBareOrganisation(target: Seedable, name: string, siteName = 'Site principal') {
  const organisation = await target.db
    .insertInto('organisations')
    .values({ name })
    .returning('id')
    .executeTakeFirstOrThrow()
  const site = await target.db
    .insertInto('sites')
    .values({ organisation_id: organisation.id, name: siteName })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: organisation.id, name, siteId: site.id }
}

/** Teams of the organisation's site, in the order given; `confidential` keeps their files to themselves. */
export async function createTeams(
  target: Seedable,
  organisation: { id: string; siteId: string },
  teams: readonly (string | { name: string; confidential: boolean })[],
) {
  const created = await target.db
    .insertInto('teams')
    .values(
      teams.map((team) => ({
        organisation_id: organisation.id,
        site_id: organisation.siteId,
        ...(typeof team === 'string' ? { name: team } : team),
      })),
    )
    .returning('id')
    .execute()
  return created.map((team) => team.id)
}

/** The usual test organisation: one site, a social team and the confidential PAEJ team. */
export async function createOrganisation(target: Seedable, name = 'CCAS de Testville') {
  const organisation = await createBareOrganisation(target, name)
  const [teamId, confidentialTeamId] = await createTeams(target, organisation, [
    'Accueil social',
    { name: 'PAEJ', confidential: true },
  ])
  return { ...organisation, teamId: teamId!, confidentialTeamId: confidentialTeamId! }
}

const passwordHashes = new Map<string, Promise<string>>()

export async function createUser(
  target: Seedable,
  organisationId: string,
  options: {
    roles: Role[]
    teamIds?: string[]
    email?: string
    name?: string
    password?: string
    /** A new TOTP secret, or the one given (e2e journeys type codes from it). */
    totp?: boolean | string
  } = { roles: ['social_worker'] },
) {
  const password = options.password ?? TEST_PASSWORD
  if (!passwordHashes.has(password)) passwordHashes.set(password, hashPassword(password))
  const totpSecret = typeof options.totp === 'string' ? options.totp : options.totp ? newTotpSecret() : null
  const user = await target.db
    .insertInto('users')
    .values({
      organisation_id: organisationId,
      email: options.email ?? `${randomUUID()}@test.trame`,
      name: options.name ?? 'Agent de test',
      password_hash: await passwordHashes.get(password)!,
      roles: options.roles,
      status: 'active',
      totp_secret: totpSecret,
    })
    .returning(['id', 'email'])
    .executeTakeFirstOrThrow()
  if (options.teamIds?.length) {
    await target.db
      .insertInto('user_teams')
      .values(
        options.teamIds.map((team_id) => ({ organisation_id: organisationId, user_id: user.id, team_id })),
      )
      .execute()
  }
  return { ...user, organisationId, roles: options.roles, totpSecret }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

/** Talks to the API as a browser would: keeps the session cookie, sends the CSRF header on writes. */
export class ApiClient {
  cookie: string | undefined
  csrfToken: string | undefined

  constructor(
    private readonly ctx: TestContext,
    private readonly ip = '127.0.0.1',
  ) {}

  async request(method: Method, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const response: LightMyRequestResponse = await this.ctx.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      payload: body === undefined ? undefined : (body as object),
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
        ...headers,
      },
    })
    const setCookie = response.cookies.find((c) => c.name === 'trame_session')
    if (setCookie) this.cookie = setCookie.value ? `trame_session=${setCookie.value}` : undefined
    return response
  }

  get = (url: string) => this.request('GET', url)
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {})
  patch = (url: string, body: unknown) => this.request('PATCH', url, body)
  put = (url: string, body: unknown) => this.request('PUT', url, body)
  delete = (url: string) => this.request('DELETE', url)

  /** Loads the CSRF token the way the web app does after signing in. */
  async refreshMe() {
    const me = await this.get('/api/auth/me')
    if (me.statusCode === 200) this.csrfToken = me.json().csrfToken
    return me
  }
}

/** A signed-in client for `user`, with a session created directly (no password round trip). */
export async function signedIn(ctx: TestContext, user: { id: string; organisationId: string }, ip?: string) {
  const store = new SessionStore(ctx.db, ctx.config.session)
  const session = await store.create(ctx.db, {
    userId: user.id,
    organisationId: user.organisationId,
    state: 'active',
    ip: ip ?? '127.0.0.1',
    userAgent: 'vitest',
  })
  const client = new ApiClient(ctx, ip)
  client.cookie = `trame_session=${session.token}`
  client.csrfToken = session.csrfToken
  return client
}

/** A person's file written straight into the database (no API, no audit), for modules' own tests. */
export async function createBarePerson(
  db: Kysely<Database>,
  organisationId: string,
  person: { lastName?: string; firstNames?: string; birthDate?: string | null; teamId?: string | null } = {},
) {
  const row = await db
    .insertInto('people')
    .values({
      organisation_id: organisationId,
      file_number: `P${randomUUID().slice(0, 8)}`,
      last_name: person.lastName ?? 'Résident',
      first_names: person.firstNames ?? 'Dominique',
      birth_date: person.birthDate ?? null,
      team_id: person.teamId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}
