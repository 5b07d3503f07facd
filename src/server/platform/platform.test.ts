import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, createOrganisation, createUser, signedIn } from '../../../tests/support/factories.ts'
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
})
