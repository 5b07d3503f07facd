import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { postgresDatabase } from '../src/server/db/database.ts'
import { withDatabase } from '../tests/support/global-setup.ts'
import { createTestContext, type TestContext } from '../tests/support/test-app.ts'
import { dependencyOrder, moveToServer } from './move-to-server.ts'
import { MIGRATION_TABLES, onDb, rowCounts, tablesOf } from './operations/database-tables.ts'
import { populate } from './operations/populated-instance.ts'

// An embedded Trame with data in several modules moved to a PostgreSQL server: every table copied and
// verified, the server then serving the same data; a server already holding data is refused.
// From PGlite only (the api-pglite run), towards the server of TEST_DATABASE_URL.

const serverUrl = process.env.TEST_DATABASE_URL
const runs = inject('databaseKind') === 'pglite' && Boolean(serverUrl)

let ctx: TestContext
let admin: pg.Client
const target = `trame_move_${process.pid}_${randomBytes(4).toString('hex')}`
beforeAll(async () => {
  if (!runs) return
  ctx = await createTestContext()
  admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`create database ${target}`)
}, 120_000)
afterAll(async () => {
  if (!runs) return
  await admin.query(`drop database if exists ${target} with (force)`)
  await admin.end()
  await ctx.close()
})

describe.skipIf(!runs)('npm run move-to-server', () => {
  it('copies every table in the order of its keys and verifies rows and checksums', {
    timeout: 180_000,
  }, async () => {
    const { people } = await populate(ctx)
    // A person merged into one written after it: the copy meets the row before the one it refers to.
    await ctx.db
      .updateTable('people')
      .set({ merged_into_id: people[2]! })
      .where('id', '=', people[0]!)
      .execute()
    await ctx.db
      .updateTable('people')
      .set({ first_names: 'Saïda Aïcha' })
      .where('id', '=', people[2]!)
      .execute()
    const source = onDb(ctx.db)
    const before = await rowCounts(source, await tablesOf(source))

    const lines: string[] = []
    const moved = await moveToServer(ctx.db, withDatabase(serverUrl!, target), (line) => lines.push(line))
    expect(lines).toContain('  people : 3 lignes, identiques')
    const byTable = Object.fromEntries(moved.map((m) => [m.table, m.rows]))
    for (const table of MIGRATION_TABLES) delete before[table]
    expect(byTable).toEqual(before)
    expect(byTable.documents).toBe(3)
    expect(byTable.contacts).toBe(3)
    expect(byTable.partners).toBe(1)
    const order = moved.map((m) => m.table)
    expect(order.indexOf('organisations')).toBeLessThan(order.indexOf('people'))
    expect(order.indexOf('people')).toBeLessThan(order.indexOf('contacts'))

    const server = postgresDatabase(withDatabase(serverUrl!, target), 1)
    try {
      const run = onDb(server.db)
      const after = await rowCounts(run, await tablesOf(run))
      for (const table of MIGRATION_TABLES) delete after[table]
      expect(after).toEqual(before)
      const merged = await server.db
        .selectFrom('people')
        .select(['merged_into_id'])
        .where('id', '=', people[0]!)
        .executeTakeFirstOrThrow()
      expect(merged.merged_into_id).toBe(people[2])
      // Generated columns computed again by the server: the name search works there.
      const { rows } = await sql<{
        n: number
      }>`select count(*)::int as n from people where search_names like '%lefevre%'`.execute(server.db)
      expect(rows[0]!.n).toBe(1)
      // The self-referring key is immediate again, as the migrations made it.
      const { rows: keys } = await sql<{ deferrable: boolean }>`
        select condeferrable as deferrable from pg_constraint where conname = 'people_organisation_id_merged_into_id_fkey'`.execute(
        server.db,
      )
      expect(keys[0]!.deferrable).toBe(false)
    } finally {
      await server.close()
    }
  })

  it('refuses a server database that already holds data, in French, and copies nothing', {
    timeout: 120_000,
  }, async () => {
    const url = withDatabase(serverUrl!, target)
    const server = new pg.Client({ connectionString: url })
    await server.connect()
    const peopleOnServer = async () => (await server.query('select id from people')).rowCount
    expect(await peopleOnServer()).toBe(3)
    await ctx.db
      .insertInto('partners')
      .values({
        organisation_id: (await ctx.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id,
        name: 'Nouveau partenaire',
      })
      .execute()
    await expect(moveToServer(ctx.db, url)).rejects.toThrow(
      /^La base cible n’est pas vide \(\d+ table\(s\) avec des données, dont .*\) : le transfert se fait vers une base neuve et vide, pour ne rien mélanger ni écraser\. Rien n’a été copié\.$/,
    )
    expect(await peopleOnServer()).toBe(3)
    expect((await server.query('select id from partners')).rowCount).toBe(1)
    await server.end()
  })
})

describe('dependency order', () => {
  it('puts parents first, ignores a table referring to itself, and names a cycle', () => {
    const key = (table: string, parent: string) => ({ table, parent, name: `${table}_${parent}` })
    expect(
      dependencyOrder(
        ['contacts', 'people', 'organisations'],
        [key('contacts', 'people'), key('people', 'organisations'), key('people', 'people')],
      ),
    ).toEqual(['organisations', 'people', 'contacts'])
    expect(() => dependencyOrder(['a', 'b'], [key('a', 'b'), key('b', 'a')])).toThrow(
      'Dépendances circulaires entre les tables a, b : transfert impossible.',
    )
  })
})
