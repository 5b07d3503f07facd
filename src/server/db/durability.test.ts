import * as fs from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, expect, it, vi } from 'vitest'
import { pgliteDatabase } from './database.ts'

// The embedded database on disk: a committed write is flushed to the disk (fsync), not left in the
// operating system's cache where a power cut would lose it.

vi.mock('node:fs', async (original) => {
  const actual = await original<typeof import('node:fs')>()
  return { ...actual, fsyncSync: vi.fn(actual.fsyncSync) }
})

const dir = fs.mkdtempSync(path.join(tmpdir(), 'trame-durability-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

it('flushes each commit to the disk, with PostgreSQL’s fsync on', { timeout: 150_000 }, async () => {
  const database = await pgliteDatabase({ dataDir: dir })
  try {
    const setting = async (name: string) =>
      (await sql<{ value: string }>`select current_setting(${name}) as value`.execute(database.db)).rows[0]
        ?.value
    expect(await setting('fsync')).toBe('on')
    expect(await setting('wal_sync_method')).toBe('fsync')
    await sql`create table durable (id int)`.execute(database.db)
    vi.mocked(fs.fsyncSync).mockClear()
    await sql`insert into durable values (1)`.execute(database.db)
    expect(vi.mocked(fs.fsyncSync).mock.calls.length).toBeGreaterThan(0)
  } finally {
    await database.close()
  }
})
