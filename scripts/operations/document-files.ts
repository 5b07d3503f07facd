/** The documents' folder as the operations commands see it: files, their sizes and SHA-256. */
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, readdirSync } from 'node:fs'
import { copyFile, mkdir } from 'node:fs/promises'
import path from 'node:path'

export interface FileEntry {
  /** Relative to the documents' folder, with `/` separators. */
  path: string
  bytes: number
  sha256: string
}

/** Uploads still arriving (`.incoming`) are not documents yet. */
const SKIPPED = new Set(['.incoming'])

/** Every file under `dir`, relative paths sorted; an absent folder has none. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  const walk = (relative: string): string[] =>
    readdirSync(path.join(dir, relative), { withFileTypes: true }).flatMap((entry) => {
      if (relative === '' && SKIPPED.has(entry.name)) return []
      const child = relative ? `${relative}/${entry.name}` : entry.name
      if (entry.isDirectory()) return walk(child)
      return entry.isFile() ? [child] : []
    })
  return walk('').sort()
}

export async function sha256Of(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256')
  let bytes = 0
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk)
    bytes += chunk.length
  }
  return { bytes, sha256: hash.digest('hex') }
}

/** Copies every file of `from` into `to`, and says what it copied with the checksums read on the way. */
export async function copyFiles(from: string, to: string): Promise<FileEntry[]> {
  const entries: FileEntry[] = []
  for (const relative of listFiles(from)) {
    const target = path.join(to, relative)
    await mkdir(path.dirname(target), { recursive: true })
    await copyFile(path.join(from, relative), target)
    entries.push({ path: relative, ...(await sha256Of(target)) })
  }
  return entries
}
