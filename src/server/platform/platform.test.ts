import { connect } from 'node:net'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ApiClient,
  createOrganisation,
  createUser,
  signedIn,
  TEST_PASSWORD,
} from '../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../tests/support/test-app.ts'
import { loadConfig } from '../config.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

describe('health, docs and the anonymous boundary', () => {
  it('answers /health and /ready without a session', async () => {
    const anonymous = new ApiClient(ctx)
    expect((await anonymous.get('/health')).json()).toEqual({ status: 'ok' })
    expect((await anonymous.get('/ready')).json()).toEqual({ status: 'ready' })
  })

  it('publishes the OpenAPI description generated from the schemas', async () => {
    const spec = (await new ApiClient(ctx).get('/api/docs/json')).json()
    expect(spec.openapi).toMatch(/^3\./)
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/people/{id}', '/api/audit']),
    )
    expect(
      spec.paths['/api/auth/setup'].post.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('organisationName')
  })

  it('answers 401 problem details to an anonymous caller on every other API path', async () => {
    for (const url of [
      '/api/people',
      '/api/users',
      '/api/audit',
      '/api/organisation',
      '/api/does-not-exist',
    ]) {
      const response = await new ApiClient(ctx).get(url)
      expect(response.statusCode, url).toBe(401)
      expect(response.json()).toMatchObject({
        status: 401,
        code: 'UNAUTHENTICATED',
        title: 'Authentification requise',
      })
    }
  })
})

describe('HTTP hardening', () => {
  it('sends the security headers on every answer, and no-store on every API answer', async () => {
    const org = await createOrganisation(ctx, 'CCAS En-têtes')
    const user = await createUser(ctx, org.id, { roles: ['social_worker'] })
    const client = await signedIn(ctx, user)
    for (const response of [
      await client.get('/api/people'),
      await client.get('/api/nulle-part'),
      await new ApiClient(ctx).get('/health'),
    ]) {
      const csp = String(response.headers['content-security-policy'])
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("script-src 'self';")
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
      expect(response.headers['x-content-type-options']).toBe('nosniff')
      expect(response.headers['referrer-policy']).toBe('no-referrer')
    }
    expect((await client.get('/api/people')).headers['cache-control']).toBe('no-store')
  })

  it('answers a too long address (414) and too large headers (431) with problem details', async () => {
    const long = await new ApiClient(ctx).get(`/api/auth/setup/${'a'.repeat(300)}`)
    const param = await ctx.app.inject({ method: 'GET', url: `/api/people/${'x'.repeat(200)}` })
    expect(param.statusCode).toBe(414)
    expect(param.headers['content-type']).toContain('application/problem+json')
    expect(param.json()).toMatchObject({
      code: 'URI_TOO_LONG',
      detail: 'L’adresse demandée est trop longue.',
    })
    expect(long.statusCode).toBeLessThan(500)

    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = new URL(address)
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`GET /api/people HTTP/1.1\r\nHost: x\r\nX-Grand: ${'a'.repeat(40_000)}\r\n\r\n`)
      })
      let data = ''
      socket.on('data', (chunk) => {
        data += chunk.toString()
      })
      socket.on('end', () => resolve(data))
      socket.on('error', reject)
    })
    expect(raw).toMatch(/^HTTP\/1.1 431 /)
    expect(raw).toContain('application/problem+json')
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({
      code: 'HEADERS_TOO_LARGE',
      status: 431,
    })
  })
})

describe('logs', () => {
  it('never contain the personal data a request carries', async () => {
    const org = await createOrganisation(ctx, 'CCAS Logs')
    const user = await createUser(ctx, org.id, { roles: ['social_worker'] })
    const client = await signedIn(ctx, user)
    const secrets = ['Bérénice', 'Zyxwvutsky', '1987-02-03', '12 rue des Lilas', 'dort sous le pont Neuf']
    const created = await client.post('/api/people', {
      lastName: secrets[1],
      firstNames: secrets[0],
      birthDate: secrets[2],
      description: `${secrets[4]}, ${secrets[3]}`,
    })
    expect(created.statusCode).toBe(201)
    await client.get(`/api/people?q=${encodeURIComponent(secrets[1]!)}`)
    await client.patch(`/api/people/${created.json().id}`, {
      birthDate: 'pas une date',
      lastName: secrets[1],
    })
    await new ApiClient(ctx).post('/api/auth/login', {
      email: 'berenice.zyxwvutsky@example.org',
      password: secrets[3],
    })
    await client.request('POST', '/api/people', '{"lastName": "Zyxwvutsky", broken', {
      'content-type': 'application/json',
    })

    const output = ctx.logs.join('\n')
    expect(output).toContain('"url":"/api/people"')
    for (const secret of [...secrets, 'berenice.zyxwvutsky']) expect(output).not.toContain(secret)
    expect(output).not.toContain(client.cookie!.split('=')[1])
    // One line per request, written when it is answered, with its status and duration.
    const lines = ctx.logs.filter((line) => line.includes('"url":"/api/people"'))
    expect(lines.length).toBeGreaterThanOrEqual(3)
    expect(lines.every((line) => /"statusCode":\d{3}/.test(line) && line.includes('"responseTime"'))).toBe(
      true,
    )
  })

  it('never contain a link token, whether sent in a path, a query string or a body', async () => {
    const token = 'Xq3vR8sLk2_Pw9zN-4bYt7mC1hJ6dF0gA5eU'
    const anonymous = new ApiClient(ctx, '10.31.0.1')
    await anonymous.get(`/api/auth/invitations/${token}`)
    await anonymous.get(`/invitation/${token}`)
    await anonymous.get(`/reinitialiser-mot-de-passe?token=${token}`)
    await anonymous.get(`/api/auth/setup/status?token=${token}`)
    await anonymous.post('/api/auth/password-reset/complete', { token, password: 'un mot de passe sûr' })
    await anonymous.post('/api/auth/invitations/info', { token })
    const output = ctx.logs.join('\n')
    expect(output).toContain('"url":"/api/auth/invitations/[caviardé]"')
    expect(output).not.toContain(token)
    expect(output).not.toContain(token.slice(0, 12))
  })

  it('mask fields named like personal data at any depth, should code log them by mistake', () => {
    const before = ctx.logs.length
    ctx.app.log.info({ household: { members: [{ person: { name: 'Bérénice', birthDate: '1987-02-03' } }] } })
    const line = ctx.logs.slice(before).join('\n')
    expect(line).toContain('"name":"[caviardé]"')
    expect(line).not.toContain('Bérénice')
    expect(line).not.toContain('1987-02-03')
  })
})

describe('audit trail', () => {
  it('cannot be changed or deleted, even by SQL from the app', async () => {
    const org = await createOrganisation(ctx, 'CCAS Audit immuable')
    const user = await createUser(ctx, org.id, { roles: ['social_worker'] })
    const client = await signedIn(ctx, user)
    await client.post('/api/people', { lastName: 'Trace' })
    await expect(ctx.db.updateTable('audit_log').set({ action: 'nothing' }).execute()).rejects.toThrow(
      /append-only/,
    )
    await expect(ctx.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/)
    await expect(sql`truncate audit_log`.execute(ctx.db)).rejects.toThrow(/append-only/)
  })

  it('records every read and write of a person, searchable by user, person and period', async () => {
    const org = await createOrganisation(ctx, 'CCAS Audit')
    const worker = await createUser(ctx, org.id, { roles: ['social_worker'], name: 'Sam Travailleur' })
    const admin = await createUser(ctx, org.id, { roles: ['administrator'], totp: true })
    const workerClient = await signedIn(ctx, worker, '192.0.2.7')
    const created = (
      await workerClient.post('/api/people', { lastName: 'Audité', firstNames: 'Paul' })
    ).json()
    await workerClient.get(`/api/people/${created.id}`)
    await workerClient.patch(`/api/people/${created.id}`, { usageName: 'Paulo' })

    const adminClient = await signedIn(ctx, admin)
    const today = new Date().toISOString().slice(0, 10)
    const byPerson = (
      await adminClient.get(`/api/audit?personId=${created.id}&from=${today}&to=${today}`)
    ).json()
    expect(byPerson.items.map((e: { action: string }) => e.action).sort()).toEqual([
      'person.create',
      'person.read',
      'person.update',
    ])
    expect(byPerson.items[0]).toMatchObject({
      userId: worker.id,
      userName: 'Sam Travailleur',
      ip: '192.0.2.7',
      personId: created.id,
    })
    const byUser = (await adminClient.get(`/api/audit?userId=${worker.id}`)).json()
    expect(byUser.total).toBe(3)
    expect((await adminClient.get(`/api/audit?personId=${created.id}&to=2000-01-01`)).json().total).toBe(0)
    expect((await adminClient.get('/api/audit?from=hier')).json().errors[0]).toEqual({
      path: 'from',
      message: 'Date de début invalide.',
    })
  })

  it('rolls back the write when its audit row cannot be written', async () => {
    const org = await createOrganisation(ctx, 'CCAS Atomique')
    const user = await createUser(ctx, org.id, { roles: ['social_worker'] })
    const client = await signedIn(ctx, user)
    const before = await ctx.db
      .selectFrom('people')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
    await sql`alter table audit_log add constraint audit_test_block check (action <> 'person.create') not valid`.execute(
      ctx.db,
    )
    try {
      const response = await client.post('/api/people', { lastName: 'Fantôme' })
      expect(response.statusCode).toBe(500)
      expect(response.json()).toMatchObject({ code: 'INTERNAL_ERROR' })
      expect(JSON.stringify(response.json())).not.toContain('audit')
    } finally {
      await sql`alter table audit_log drop constraint audit_test_block`.execute(ctx.db)
    }
    const after = await ctx.db
      .selectFrom('people')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
  })
})

describe('configuration', () => {
  it('lists every bad variable at once, in French', () => {
    expect(() => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', TRAME_ENV: 'production' })).toThrow(
      /PORT[\s\S]*DATABASE_URL: doit commencer par postgres[\s\S]*SMTP_URL: obligatoire quand TRAME_ENV=production/,
    )
  })

  it('refuses TRUST_PROXY=true, which would believe any X-Forwarded-For, with a clear message', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(
      /TRUST_PROXY: « true » ferait croire n'importe quel/,
    )
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33,proxy' })).toThrow(
      /TRUST_PROXY: adresse ou plage invalide : 10.0.0.0\/33, proxy/,
    )
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1)
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
    ])
    expect(loadConfig({}).trustProxy).toBe(false)
  })
})

describe("the client's address behind a proxy", () => {
  /** What the proxy sends: what the client claimed, then the address the proxy saw. */
  const viaProxy = (app: TestContext['app'], forged: string, email: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.0.0.1',
      headers: { 'x-forwarded-for': `${forged}, 203.0.113.7` },
      payload: { email, password: 'une devinette' },
    })

  for (const trustProxy of ['1', '10.0.0.1']) {
    it(`with TRUST_PROXY=${trustProxy}, a forged X-Forwarded-For neither escapes the per-address limit nor reaches the audit`, async () => {
      const behind = await createTestContext({ TRUST_PROXY: trustProxy, LOGIN_MAX_FAILURES_PER_IP: '3' })
      try {
        const statuses: number[] = []
        for (let i = 0; i < 4; i++) {
          statuses.push((await viaProxy(behind.app, `198.51.100.${i}`, `compte${i}@proxy.test`)).statusCode)
        }
        expect(statuses).toEqual([401, 401, 401, 429])
        const attempts = await behind.db.selectFrom('login_attempts').select('ip').execute()
        expect(new Set(attempts.map((a) => a.ip))).toEqual(new Set(['203.0.113.7']))
        // The proxy itself is not believed about anyone when it is not the one connecting.
        const direct = await behind.app.inject({
          method: 'GET',
          url: '/api/auth/me',
          remoteAddress: '192.0.2.50',
          headers: { 'x-forwarded-for': '203.0.113.7' },
        })
        expect(direct.statusCode).toBe(401)
        const org = await createOrganisation(behind, 'CCAS Proxy')
        const user = await createUser(behind, org.id, { roles: ['social_worker'], email: 'ts@proxy.test' })
        const signedInViaProxy = await behind.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: '10.0.0.1',
          headers: { 'x-forwarded-for': '198.51.100.99, 203.0.113.8' },
          payload: { email: user.email, password: TEST_PASSWORD },
        })
        expect(signedInViaProxy.statusCode).toBe(200)
        const audit = await behind.db
          .selectFrom('audit_log')
          .select('ip')
          .where('action', '=', 'auth.login')
          .where('user_id', '=', user.id)
          .executeTakeFirstOrThrow()
        expect(audit.ip).toBe('203.0.113.8')
      } finally {
        await behind.close()
      }
      // A second app on its own database: slow to start on a busy machine.
    }, 120_000)
  }

  it('without TRUST_PROXY, X-Forwarded-For is ignored', async () => {
    const forged = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.32.0.1',
      headers: { 'x-forwarded-for': '198.51.100.1' },
      payload: { email: 'personne@sans-proxy.test', password: 'une devinette' },
    })
    expect(forged.statusCode).toBe(401)
    const attempts = await ctx.db
      .selectFrom('login_attempts')
      .select('ip')
      .where('ip', 'in', ['10.32.0.1', '198.51.100.1'])
      .execute()
    expect(attempts.map((a) => a.ip)).toEqual(['10.32.0.1'])
  })
})
