import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportOrganisation, importOrganisation } from '../src/server/modules/operator/operator.archive.ts'
import {
  CHILD_TABLES,
  DERIVED_TABLES,
  LEFT_OUT_TABLES,
} from '../src/server/modules/operator/operator.tables.ts'
import { createOrganisation, createUser, signedIn } from '../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../tests/support/test-app.ts'
import { onDb, tablesOf } from './operations/database-tables.ts'
import { listFiles, sha256Of } from './operations/document-files.ts'
import { populate } from './operations/populated-instance.ts'

// One organisation of a populated Trame exported, then imported into a fresh Trame: every row and file
// found again, the other organisation neither exported nor touched; and the refusals of an import.

let source: TestContext
let target: TestContext
let orgId: string
let otherOrgId: string
beforeAll(async () => {
  source = await createTestContext()
  target = await createTestContext()
  const { org } = await populate(source)
  orgId = org.id
  const other = await createOrganisation(source, 'CCAS Voisin')
  otherOrgId = other.id
  const worker = await signedIn(source, await createUser(source, other.id, { roles: ['social_worker'] }))
  const person = await worker.post('/api/people', { lastName: 'Voisin', firstNames: 'Paul' })
  expect(person.statusCode, person.body).toBe(201)
}, 180_000)
afterAll(async () => {
  await source?.close()
  await target?.close()
})

/** Every exported table's rows, as sorted JSON lines. */
async function rowsOf(ctx: TestContext, zip: Uint8Array) {
  const files = unzipSync(zip)
  const tables: Record<string, string[]> = {}
  for (const [name, data] of Object.entries(files)) {
    if (name.startsWith('tables/')) tables[name] = strFromU8(data).split('\n').filter(Boolean).sort()
  }
  return tables
}

describe('an organisation exported, then imported into another Trame', () => {
  it('classifies every table: by its organisation, through a parent, or left out', async () => {
    const tables = await tablesOf(onDb(source.db))
    const { rows } = await sql<{ table: string }>`
      select distinct c.relname as table from pg_attribute a join pg_class c on c.oid = a.attrelid
       where a.attname = 'organisation_id' and c.relkind = 'r'`.execute(source.db)
    const keyed = new Set(rows.map((row) => row.table))
    const unclassified = tables.filter(
      (table) =>
        !keyed.has(table) && !CHILD_TABLES[table] && !LEFT_OUT_TABLES.has(table) && table !== 'organisations',
    )
    expect(unclassified).toEqual([])
  })

  it('finds every row and every document, and leaves the other organisation out', {
    timeout: 180_000,
  }, async () => {
    const { manifest, zip } = await exportOrganisation(source.db, source.config.documents.dir, orgId)
    expect(manifest.organisation).toEqual({ id: orgId, name: 'CCAS de Sauvegarde' })
    expect(manifest.tables.people!.rows).toBe(3)
    expect(manifest.tables.contacts!.rows).toBe(3)
    expect(manifest.tables.documents!.rows).toBe(3)
    expect(manifest.tables.partners!.rows).toBe(1)
    expect(manifest.documents).toHaveLength(3)
    expect(manifest.schemaVersion).toMatch(/^2026-/)
    for (const table of LEFT_OUT_TABLES) expect(manifest.tables[table]).toBeUndefined()
    // Nothing of the other organisation: not its id, not its person.
    const text = Object.values(unzipSync(zip))
      .map((data) => strFromU8(data))
      .join('\n')
    expect(text).not.toContain(otherOrgId)
    expect(text).not.toContain('Voisin')

    const result = await importOrganisation(target.db, target.config.documents.dir, zip)
    expect(result.documents).toBe(3)
    const again = await exportOrganisation(target.db, target.config.documents.dir, orgId)
    expect(await rowsOf(target, again.zip)).toEqual(await rowsOf(source, zip))
    expect(again.manifest.documents).toEqual(manifest.documents)
    const files = listFiles(target.config.documents.dir)
    expect(files).toHaveLength(3)
    for (const file of files) {
      const { sha256 } = await sha256Of(`${target.config.documents.dir}/${file}`)
      expect(manifest.documents.map((document) => document.sha256)).toContain(sha256)
    }

    // Its people answer on the new Trame to its own users, who sign in there with their password.
    const { rows } = await sql<{ id: string; organisation_id: string }>`
      select id, organisation_id from users where organisation_id = ${orgId} and status = 'active' limit 1`.execute(
      target.db,
    )
    const worker = await signedIn(target, { id: rows[0]!.id, organisationId: orgId })
    const people = await worker.get('/api/people?q=Nguyen')
    expect(people.statusCode, people.body).toBe(200)
    expect(people.body).toContain('Nguyen')

    // The other organisation is untouched at the source.
    const other = await sql<{ count: number }>`
      select count(*)::int as count from people where organisation_id = ${otherOrgId}`.execute(source.db)
    expect(other.rows[0]!.count).toBe(1)
    const vocabulary = await sql<{ count: number }>`
      select count(*)::int as count from person_name_vocabulary where organisation_id = ${orgId}`.execute(
      target.db,
    )
    expect(vocabulary.rows[0]!.count).toBe(again.manifest.tables.person_name_vocabulary!.rows)
    expect(DERIVED_TABLES.has('person_name_vocabulary')).toBe(true)

    // Imported twice: refused, nothing changed.
    await expect(importOrganisation(target.db, target.config.documents.dir, zip)).rejects.toMatchObject({
      code: 'ORGANISATION_EXISTS',
      status: 409,
    })
    expect(listFiles(target.config.documents.dir)).toHaveLength(3)
  })

  it('refuses a damaged export, and writes nothing of one whose rows do not hold together', {
    timeout: 180_000,
  }, async () => {
    const { zip } = await exportOrganisation(source.db, source.config.documents.dir, orgId)
    const files = unzipSync(zip)
    const manifest = JSON.parse(strFromU8(files['manifest.json']!))

    const altered = { ...files, 'tables/people.jsonl': strToU8('{"id":"x"}\n') }
    await expect(importOrganisation(target.db, '/nonexistent', zipSync(altered))).rejects.toMatchObject({
      code: 'EXPORT_INVALID',
      detail: expect.stringContaining('tables/people.jsonl manque ou a changé'),
    })
    await expect(
      importOrganisation(target.db, '/nonexistent', strToU8('pas une archive')),
    ).rejects.toMatchObject({
      code: 'EXPORT_INVALID',
    })

    // A fresh Trame, and an export under another organisation id whose documents point at no person:
    // the checksums hold, the rows do not; nothing stays, no row and no file.
    const fresh = await createTestContext()
    try {
      const newId = '00000000-0000-4000-8000-000000000042'
      const rewritten: Record<string, Uint8Array> = {}
      for (const [name, data] of Object.entries(files)) {
        if (name === 'manifest.json') continue
        if (name.startsWith('documents/')) {
          rewritten[name.replaceAll(orgId, newId)] = data
          continue
        }
        let text = strFromU8(data).replaceAll(orgId, newId)
        if (name === 'tables/documents.jsonl')
          text = text.replace(/"person_id": ?"[^"]+"/, '"person_id": "00000000-0000-4000-8000-000000000043"')
        rewritten[name.replaceAll(orgId, newId)] = strToU8(text)
      }
      const { createHash } = await import('node:crypto')
      const hash = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')
      manifest.organisation.id = newId
      for (const entry of Object.values(manifest.tables) as { file: string; sha256: string }[]) {
        entry.sha256 = hash(rewritten[entry.file]!)
      }
      for (const document of manifest.documents as { path: string }[]) {
        document.path = document.path.replaceAll(orgId, newId)
      }
      rewritten['manifest.json'] = strToU8(JSON.stringify(manifest))
      await expect(
        importOrganisation(fresh.db, fresh.config.documents.dir, zipSync(rewritten)),
      ).rejects.toMatchObject({
        code: 'EXPORT_INVALID',
        detail: expect.stringContaining('rien n’a été importé'),
      })
      const { rows } = await sql<{ count: number }>`select count(*)::int as count from organisations`.execute(
        fresh.db,
      )
      expect(rows[0]!.count).toBe(0)
      expect(listFiles(fresh.config.documents.dir)).toEqual([])
    } finally {
      await fresh.close()
    }
  })
})
