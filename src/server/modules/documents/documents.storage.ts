import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { type Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileTypeFromFile } from 'file-type'
import { DOCUMENT_FORMATS, type DocumentFormat } from '../../../shared/documents.ts'

/** A file received into the incoming folder, not yet a document. */
export interface IncomingFile {
  tempPath: string
  sizeBytes: number
  sha256: string
  /** The file went past the size limit: the rest was discarded. */
  truncated: boolean
}

/**
 * The documents' contents on disk: one file per document, named by its id, under a folder per
 * organisation. Files arrive in an incoming folder of the same disk, then are renamed into place, so
 * a document is either whole where it belongs or absent.
 */
export class DocumentStorage {
  constructor(private readonly dir: string) {}

  private get incomingDir() {
    return path.join(this.dir, '.incoming')
  }

  pathOf(organisationId: string, documentId: string) {
    // Ids are UUIDs checked by the routes and the database: no path separator can slip in.
    return path.join(this.dir, organisationId, documentId.slice(0, 2), documentId)
  }

  /** Streams `source` to the incoming folder, counting and hashing on the way; nothing held in memory. */
  async receive(source: Readable & { truncated?: boolean }): Promise<IncomingFile> {
    await mkdir(this.incomingDir, { recursive: true })
    const tempPath = path.join(this.incomingDir, randomUUID())
    const hash = createHash('sha256')
    let sizeBytes = 0
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk)
        sizeBytes += chunk.length
        done(null, chunk)
      },
    })
    try {
      await pipeline(source, measure, createWriteStream(tempPath, { flags: 'wx' }))
    } catch (error) {
      await rm(tempPath, { force: true })
      throw error
    }
    return { tempPath, sizeBytes, sha256: hash.digest('hex'), truncated: source.truncated === true }
  }

  /** The accepted format the content is, read from its first bytes (and a zip's entries for office files). */
  async formatOf(filePath: string): Promise<{ format: DocumentFormat; mime: string } | null> {
    const detected = await fileTypeFromFile(filePath)
    if (!detected || !(detected.ext in DOCUMENT_FORMATS)) return null
    return { format: detected.ext as DocumentFormat, mime: detected.mime }
  }

  /** Puts a received file in its place; the caller commits the document's row right after. */
  async keep(incoming: IncomingFile, organisationId: string, documentId: string) {
    const target = this.pathOf(organisationId, documentId)
    await mkdir(path.dirname(target), { recursive: true })
    await rename(incoming.tempPath, target)
    return target
  }

  async discard(filePath: string) {
    await rm(filePath, { force: true })
  }

  /** Opens the content for reading; null when the file is gone from the disk. */
  async openForReading(organisationId: string, documentId: string) {
    try {
      const handle = await open(this.pathOf(organisationId, documentId), 'r')
      return handle.createReadStream()
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
  }
}

/** The extension a file name ends with, in lower case ('' when none). */
export function extensionOf(fileName: string) {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(fileName)
  return match ? match[1]!.toLowerCase() : ''
}

/** The format a name claims by its extension, if it is an accepted one. */
export function formatClaimedBy(fileName: string): DocumentFormat | null {
  const ext = extensionOf(fileName)
  const entry = Object.entries(DOCUMENT_FORMATS).find(([, f]) =>
    (f.extensions as readonly string[]).includes(ext),
  )
  return entry ? (entry[0] as DocumentFormat) : null
}

/** The name kept for a file: no folder, no control character, bounded; one of ours when nothing is left. */
export function cleanFileName(raw: string | undefined, format: DocumentFormat) {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? ''
  let name = base
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(-200)
  if (!name || name.startsWith('.')) name = `document${name}`
  if (!extensionOf(name)) name = `${name}.${DOCUMENT_FORMATS[format].extensions[0]}`
  return name
}

/** Content-Disposition for a download: an ASCII name for old clients, the real one in UTF-8 (RFC 6266). */
export function attachmentHeader(fileName: string) {
  const ascii = fileName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._ -]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}
