import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../tests/support/test-app.ts'

// A load balancer asks /ready which instances may receive requests: one whose database refuses writes
// (a standby, or a primary demoted during a failover) must drop out, then come back once writable.

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const ready = async () => {
  const response = await ctx.app.inject({ method: 'GET', url: '/ready' })
  return { status: response.statusCode, body: response.json() as { status: string; reason?: string } }
}

async function eventually(expected: { status: number; reason?: string }) {
  const seen: string[] = []
  for (let attempt = 0; attempt < 50; attempt++) {
    const answer = await ready()
    seen.push(`${answer.status} ${answer.body.reason ?? ''}`)
    if (answer.status === expected.status && answer.body.reason === expected.reason) return answer
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`never answered ${JSON.stringify(expected)}: ${seen.join(', ')}`)
}

/** Makes the database refuse writes, as a standby does, then accept them again. */
async function readOnly(on: boolean) {
  if (ctx.database.kind === 'pglite') {
    // One session: setting it there is setting it for the whole embedded database.
    await sql.raw(`set default_transaction_read_only = ${on ? 'on' : 'off'}`).execute(ctx.db)
    return
  }
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(ctx.db)
  const name = rows[0]!.name
  const admin = new pg.Client({ connectionString: inject('postgresUrl') })
  await admin.connect()
  try {
    await admin.query(
      on
        ? `alter database ${name} set default_transaction_read_only = on`
        : `alter database ${name} reset default_transaction_read_only`,
    )
    // Connections read the setting when they open: end Trame's so its pool opens new ones.
    await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    )
  } finally {
    await admin.end()
  }
}

describe('/ready', () => {
  it('answers 200 while the database accepts writes, 503 with the reason while it is read-only, and recovers', async () => {
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready' } })

    await readOnly(true)
    const refused = await eventually({ status: 503, reason: 'read_only' })
    expect(refused.body).toEqual({ status: 'not_ready', reason: 'read_only' })
    const response = await ctx.app.inject({ method: 'GET', url: '/ready' })
    expect(response.headers['retry-after']).toBe('5')
    // /health only says the process lives: it stays 200.
    expect((await ctx.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200)

    await readOnly(false)
    await eventually({ status: 200, reason: undefined })
  })
})
