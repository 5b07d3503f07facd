import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createOrganisation, createUser, signedIn } from '../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../tests/support/test-app.ts'
import { isDatabaseUnavailable } from '../platform/errors.ts'
import { readiness } from '../platform/readiness.ts'
import { NoUsableHost, postgresDatabase, splitHosts } from './database.ts'

let ctx: TestContext
let admin: pg.Client
let databaseName: string
beforeAll(async () => {
  ctx = await createTestContext()
  admin = new pg.Client({ connectionString: inject('postgresUrl') })
  await admin.connect()
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(ctx.db)
  databaseName = rows[0]!.name
})
afterAll(async () => {
  await admin.query(`alter database ${databaseName} allow_connections true`)
  await admin.end()
  await ctx.close()
})

/** Ends every connection Trame holds to its database, as a server restart would. */
const terminateTrameConnections = () =>
  admin.query(
    'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
    [databaseName],
  )

async function eventually(request: () => Promise<number>, expected: number) {
  const seen: number[] = []
  for (let attempt = 0; attempt < 50; attempt++) {
    const status = await request()
    seen.push(status)
    if (status === expected) return seen
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`never answered ${expected}: ${seen.join(', ')}`)
}

describe('losing the PostgreSQL server', () => {
  it('survives terminated connections, answers 503 in French while the database is away, and recovers', async () => {
    const lost: string[] = []
    ctx.database.onConnectionLost?.((error) => lost.push((error as { code?: string }).code ?? ''))
    const org = await createOrganisation(ctx, 'CCAS Coupure')
    const agent = await createUser(ctx, org.id, { roles: ['social_worker'] })
    const client = await signedIn(ctx, agent)
    const people = async () => (await client.get('/api/people')).statusCode
    // Several connections open and idle in the pool.
    await Promise.all([people(), people(), people()])

    await terminateTrameConnections()
    await new Promise((resolve) => setTimeout(resolve, 300))
    // Still alive (an unhandled pool error would have ended this process), and serving again.
    expect(lost).toContain('57P01')
    const afterTermination = await eventually(people, 200)
    expect(afterTermination.every((status) => status === 200 || status === 503)).toBe(true)

    await admin.query(`alter database ${databaseName} allow_connections false`)
    await terminateTrameConnections()
    const away = await client.get('/api/people')
    expect(away.statusCode).toBe(503)
    expect(away.headers['content-type']).toContain('application/problem+json')
    expect(away.headers['retry-after']).toBe('5')
    expect(away.json()).toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
      detail: expect.stringContaining('La base de données est momentanément indisponible'),
    })
    // A public form too, with the person's details it carries kept out of the logs.
    const report = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/request',
      payload: { email: 'personne.secrete@coupure.test' },
    })
    expect(report.statusCode).toBe(503)
    expect((await ctx.app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(503)
    const logs = ctx.logs.join('\n')
    expect(logs).toContain('database unavailable')
    expect(logs).not.toContain('personne.secrete')

    await admin.query(`alter database ${databaseName} allow_connections true`)
    await eventually(people, 200)
    await eventually(async () => (await ctx.app.inject({ method: 'GET', url: '/ready' })).statusCode, 200)
  })
})

describe('a connection string naming several hosts (libpq style)', () => {
  /** The test database's address with a closed port listed first, as a failed primary would be. */
  function multiHost(attrs: string) {
    const url = new URL(inject('postgresUrl'))
    url.pathname = `/${databaseName}`
    const [head, tail] = url.toString().split(url.host)
    return `${head}127.0.0.1:1,${url.host}${tail}?target_session_attrs=${attrs}`
  }

  it('splits the hosts and keeps the other parameters', () => {
    expect(splitHosts('postgres://u:p@a:1,b:2/base?sslmode=disable&target_session_attrs=read-write')).toEqual(
      {
        urls: ['postgres://u:p@a:1/base?sslmode=disable', 'postgres://u:p@b:2/base?sslmode=disable'],
        readWrite: true,
      },
    )
    expect(splitHosts('postgres://u@a/base')).toEqual({ urls: ['postgres://u@a/base'], readWrite: false })
  })

  it('skips a host that does not answer, and a server that refuses writes when read-write is asked', async () => {
    const reachable = postgresDatabase(multiHost('read-write'), 2)
    try {
      expect(await readiness(reachable.db)).toEqual({ ready: true })
    } finally {
      await reachable.close()
    }
    const scratch = `${databaseName}_ro`
    await admin.query(`drop database if exists ${scratch}`)
    await admin.query(`create database ${scratch}`)
    await admin.query(`alter database ${scratch} set default_transaction_read_only = on`)
    const readOnly = postgresDatabase(multiHost('read-write').replace(`/${databaseName}?`, `/${scratch}?`), 2)
    const anyHost = postgresDatabase(multiHost('any').replace(`/${databaseName}?`, `/${scratch}?`), 2)
    try {
      // Every host refused (closed, read-only): the database is out of reach, answered 503.
      const error = await sql`select 1`.execute(readOnly.db).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(NoUsableHost)
      expect(isDatabaseUnavailable(error)).toBe(true)
      expect(await readiness(anyHost.db)).toEqual({ ready: false, reason: 'read_only' })
    } finally {
      await readOnly.close()
      await anyHost.close()
      await admin.query(`drop database ${scratch}`)
    }
  })
})
