import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_MARKER, prepareDemoFolder } from '../../../scripts/demo-folder.ts'

// `npm run demo` starts from an empty folder each time; it must never delete a folder it did not create.

const root = mkdtempSync(path.join(tmpdir(), 'trame-demo-folder-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('the demo folder', () => {
  it('is refused with a clear message when TRAME_DATA_DIR holds something the demo did not create', async () => {
    const precious = path.join(root, 'real-data')
    mkdirSync(precious)
    writeFileSync(path.join(precious, 'PG_VERSION'), '18\n')
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      env: { ...process.env, TRAME_DATA_DIR: precious, DATABASE_URL: '' },
      timeout: 60_000,
    })
    const failure = (await run.then(
      () => null,
      (error: unknown) => error,
    )) as { code?: number; stderr?: string } | null
    expect(failure?.code).toBe(1)
    expect(failure?.stderr).toContain('n’a pas été créé par la démo : elle ne l’efface pas')
    expect(readFileSync(path.join(precious, 'PG_VERSION'), 'utf8')).toBe('18\n')
  }, 90_000)

  it('is created marked, and emptied on the next demo', () => {
    const folder = path.join(root, 'demo-data')
    prepareDemoFolder(folder)
    expect(existsSync(path.join(folder, DEMO_MARKER))).toBe(true)
    writeFileSync(path.join(folder, 'PG_VERSION'), '18\n')
    prepareDemoFolder(folder)
    expect(existsSync(path.join(folder, 'PG_VERSION'))).toBe(false)
    expect(existsSync(path.join(folder, DEMO_MARKER))).toBe(true)
    // An empty folder made by hand is fine too.
    const empty = path.join(root, 'empty')
    mkdirSync(empty)
    prepareDemoFolder(empty)
    expect(existsSync(path.join(empty, DEMO_MARKER))).toBe(true)
  })
})
