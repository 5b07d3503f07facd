import { existsSync, unlinkSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import path from 'node:path'

/**
 * The embedded database opens in one process at a time. While Trame runs on it, `npm run backup` asks
 * the running process for its dump through a Unix socket beside the data folder, readable by the
 * folder’s owner only (nobody else may connect). The same socket tells the other commands that Trame is running.
 */
export function backupSocketPath(dataDir: string) {
  const folder = path.resolve(dataDir)
  return path.join(path.dirname(folder), `.${path.basename(folder)}.trame.sock`)
}

/** Whether a Trame answers on `socketPath`; a socket left by a stopped one does not. */
export function answers(socketPath: string): Promise<boolean> {
  if (!existsSync(socketPath)) return Promise.resolve(false)
  return new Promise((resolve) => {
    const socket = connect(socketPath)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

export class DataDirInUse extends Error {}

/** Serves the dump of the running database to whoever connects (the owner of the data folder). */
export async function serveLiveBackups(socketPath: string, dump: () => Promise<Blob>) {
  if (await answers(socketPath)) {
    throw new DataDirInUse(
      'un autre processus Trame utilise déjà ce dossier de données (la base embarquée ne s’ouvre que dans un processus à la fois)',
    )
  }
  if (existsSync(socketPath)) unlinkSync(socketPath)
  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy())
    dump()
      .then(async (blob) => socket.end(Buffer.from(await blob.arrayBuffer())))
      .catch(() => socket.destroy())
  })
  // Created for its owner only from the start: no moment when another user could connect.
  const umask = process.umask(0o077)
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(socketPath, () => resolve())
    })
  } finally {
    process.umask(umask)
  }
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
      }),
  }
}

/** The running Trame's dump, or null when no Trame runs on that folder. */
export async function requestLiveBackup(socketPath: string): Promise<Buffer | null> {
  if (!(await answers(socketPath))) return null
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const socket = connect(socketPath)
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.once('error', reject)
    socket.once('close', (hadError) => {
      const dump = Buffer.concat(chunks)
      if (hadError || dump.length === 0) reject(new Error('Trame n’a pas pu fournir la copie de sa base.'))
      else resolve(dump)
    })
  })
}
