import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type HttpOptions, startServer, stopServer } from './http.ts'
import { rssMb } from './machine.ts'

export interface UploadFigures {
  size_mb: number
  uploads: number
  /** The server's resident memory before the first upload (after a small one), and its peak after. */
  rss_before_mb: number | undefined
  rss_peak_upload_mb: number | undefined
  rss_peak_download_mb: number | undefined
  /** Peak minus before: what receiving (or sending) a large document costs the server in memory. */
  rss_growth_upload_mb: number | undefined
  rss_growth_download_mb: number | undefined
  upload_seconds: number
}

const BOUNDARY = '----trame-bench-upload'

/** Peak RSS of the server while `work` runs, sampled every 10 ms. */
async function peakRss<T>(pid: number, work: () => Promise<T>) {
  let peak = rssMb(pid)
  const timer = setInterval(() => {
    const now = rssMb(pid)
    if (now !== undefined && (peak === undefined || now > peak)) peak = now
  }, 10)
  try {
    return { result: await work(), peak }
  } finally {
    clearInterval(timer)
  }
}

/**
 * POSTs a multipart upload whose file is `sizeBytes` of a PDF, written to the socket in 64 kB chunks:
 * the client holds one chunk at a time, so the memory measured is the server's.
 */
function postDocument(
  port: number,
  auth: { cookie: string; csrfToken: string },
  fields: Record<string, string>,
  sizeBytes: number,
) {
  const head = Buffer.from(
    Object.entries(fields)
      .map(
        ([name, value]) =>
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      )
      .join('') +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bench.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  )
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`)
  const pdfHeader = Buffer.from('%PDF-1.4\n%bench\n')
  const hash = createHash('sha256')
  return new Promise<{ status: number; body: string; sha256: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/documents',
        headers: {
          cookie: auth.cookie,
          'x-csrf-token': auth.csrfToken,
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          'content-length': head.length + sizeBytes + tail.length,
        },
      },
      (response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk) => {
          body += chunk
        })
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body, sha256: hash.digest('hex') }),
        )
      },
    )
    req.on('error', reject)
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    let written = 0
    const writeMore = () => {
      while (written < sizeBytes) {
        let piece = written === 0 ? Buffer.concat([pdfHeader, chunk]).subarray(0, chunk.length) : chunk
        piece = piece.subarray(0, Math.min(piece.length, sizeBytes - written))
        hash.update(piece)
        written += piece.length
        if (!req.write(piece)) return void req.once('drain', writeMore)
      }
      req.end(tail)
    }
    req.write(head)
    writeMore()
  })
}

/** Downloads a document, counting its bytes without keeping them. */
function download(port: number, cookie: string, id: string) {
  return new Promise<number>((resolve, reject) => {
    request(
      { host: '127.0.0.1', port, path: `/api/documents/${id}/file`, headers: { cookie } },
      (response) => {
        let bytes = 0
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length
        })
        response.on('end', () => resolve(response.statusCode === 200 ? bytes : -1))
      },
    )
      .on('error', reject)
      .end()
  })
}

/** Issue 12: a 20 MB document uploaded then downloaded; the server's RSS growth (target < 30 MB). */
export async function uploadScenario(options: HttpOptions, sizeMb = 20, uploads = 3): Promise<UploadFigures> {
  const documentsDir = mkdtempSync(join(tmpdir(), 'trame-bench-documents-'))
  const { child, ready } = await startServer({ ...options, documentsDir })
  const pid = child.pid!
  try {
    const json = { cookie: ready.cookie, 'x-csrf-token': ready.csrfToken, 'content-type': 'application/json' }
    const base = `http://127.0.0.1:${ready.port}`
    const person = await fetch(`${base}/api/people`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ lastName: 'Banc-Dessai', firstNames: 'Document' }),
    })
    if (person.status !== 201) throw new Error(`POST /api/people answered ${person.status}`)
    const personId = ((await person.json()) as { id: string }).id
    const types = (await (await fetch(`${base}/api/document-types`, { headers: json })).json()) as {
      items: { id: string }[]
    }
    const fields = { personId, typeId: types.items[0]!.id }
    // A small one first: the route, the parser and the file-type detector are loaded and warm.
    const warm = await postDocument(ready.port, ready, fields, 64 * 1024)
    if (warm.status !== 201) throw new Error(`warm-up upload answered ${warm.status}: ${warm.body}`)
    const before = rssMb(pid)
    const sizeBytes = sizeMb * 1024 * 1024 - 4096
    const started = performance.now()
    const { result: ids, peak: uploadPeak } = await peakRss(pid, async () => {
      const made: string[] = []
      for (let i = 0; i < uploads; i++) {
        const answer = await postDocument(ready.port, ready, fields, sizeBytes)
        if (answer.status !== 201) throw new Error(`upload answered ${answer.status}: ${answer.body}`)
        const document = JSON.parse(answer.body) as { id: string; sha256: string }
        if (document.sha256 !== answer.sha256)
          throw new Error('the stored checksum differs from the sent one')
        made.push(document.id)
      }
      return made
    })
    const uploadSeconds = (performance.now() - started) / 1000
    const { peak: downloadPeak } = await peakRss(pid, async () => {
      for (const id of ids) {
        const bytes = await download(ready.port, ready.cookie, id)
        if (bytes !== sizeBytes) throw new Error(`download gave ${bytes} bytes, ${sizeBytes} expected`)
      }
    })
    const growth = (peak: number | undefined) =>
      peak !== undefined && before !== undefined ? peak - before : undefined
    return {
      size_mb: sizeMb,
      uploads,
      rss_before_mb: before,
      rss_peak_upload_mb: uploadPeak,
      rss_peak_download_mb: downloadPeak,
      rss_growth_upload_mb: growth(uploadPeak),
      rss_growth_download_mb: growth(downloadPeak),
      upload_seconds: Math.round((uploadSeconds / uploads) * 100) / 100,
    }
  } finally {
    await stopServer(child)
    rmSync(documentsDir, { recursive: true, force: true })
  }
}
