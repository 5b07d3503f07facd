/**
 * Two build steps of the web app (vite.config.ts):
 * - `serviceWorker`: writes /sw.js, the offline worker of the outreach pages, with the list of files it
 *   keeps (the shell and the outreach pages' chunks) and a version that changes with them;
 * - `precompress`: writes a brotli and a gzip twin of every text file, which the server sends as they
 *   are (@fastify/static `preCompressed`) instead of compressing at each request.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import { type Plugin, transformWithEsbuild } from 'vite'

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/** What the outreach agent needs on a phone without network: the pages under this folder (the map aside). */
const OFFLINE_MODULES = /\/src\/web\/modules\/outreach\/(?!MapPage)/
/** The DSFR fonts every page uses; the rarer ones (italics, Spectral) are kept once used. */
const OFFLINE_FONTS = ['Marianne-Regular', 'Marianne-Medium', 'Marianne-Bold'].map(
  (name) => `/dsfr/fonts/${name}.woff2`,
)

export function serviceWorker(source: string): Plugin {
  return {
    name: 'trame-service-worker',
    apply: 'build',
    enforce: 'post',
    async generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((file) => (file.type === 'chunk' ? [file] : []))
      const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]))
      const files = new Set<string>()
      // A chunk, what it imports statically (loaded with it) and its styles.
      const add = (fileName: string) => {
        if (files.has(fileName)) return
        files.add(fileName)
        const chunk = byName.get(fileName)
        if (!chunk) return
        for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css)
        for (const imported of chunk.imports) add(imported)
      }
      for (const chunk of chunks) {
        const id = chunk.facadeModuleId ?? ''
        if (chunk.isEntry || OFFLINE_MODULES.test(id)) add(chunk.fileName)
      }
      const html = bundle['index.html']
      const htmlText = html?.type === 'asset' ? String(html.source) : ''
      // The stylesheets index.html links (the DSFR's, with their version query).
      const linked = [...htmlText.matchAll(/<link rel="stylesheet"[^>]* href="([^"]+)"/g)].map((m) => m[1]!)
      // Once each: Cache.addAll refuses a list that names a file twice (index.html links the entry's styles too).
      const precache = [
        ...new Set(['/index.html', ...linked, ...OFFLINE_FONTS, ...[...files].map((f) => `/${f}`)]),
      ].sort()
      const version = createHash('sha256').update(precache.join('\n')).update(htmlText).digest('hex')
      const { code } = await transformWithEsbuild(readFileSync(source, 'utf8'), source, {
        loader: 'ts',
        minify: true,
        target: 'es2022',
      })
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: `const PRECACHE=${JSON.stringify(precache)};const VERSION=${JSON.stringify(version.slice(0, 16))};\n${code}`,
      })
    },
  }
}

const COMPRESSIBLE = /\.(js|css|html|svg|json|webmanifest|txt|ico)$/

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* filesUnder(path)
    else yield path
  }
}

export function precompress(outDir: string): Plugin {
  return {
    name: 'trame-precompress',
    apply: 'build',
    // After every file, the public folder's (the DSFR) included, is written.
    async closeBundle() {
      const work: Promise<void>[] = []
      for (const path of filesUnder(outDir)) {
        if (!COMPRESSIBLE.test(path) || statSync(path).size < 1024) continue
        const content = readFileSync(path)
        work.push(
          brotli(content, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
            },
          }).then((compressed) => writeFileSync(`${path}.br`, compressed)),
          gzipAsync(content, { level: 9 }).then((compressed) => writeFileSync(`${path}.gz`, compressed)),
        )
      }
      await Promise.all(work)
    },
  }
}
