import path from 'node:path'
import type { FastifyStaticOptions } from '@fastify/static'

/** Vite names these files after their content: a new version is a new name, so they never go stale. */
const HASHED = 'public, max-age=31536000, immutable'
/** The DSFR's files keep their names across its versions (its stylesheet link carries the version). */
const DESIGN_SYSTEM = 'public, max-age=604800'
/** index.html, sw.js, the manifest: asked again each time, so that a new version is seen at once. */
const ALWAYS_CHECK = 'no-cache'
/** Sent as a brotli or gzip twin made at build (scripts/vite-web-build.ts). */
const COMPRESSED_AT_BUILD = /\.(js|css|html|svg|json|webmanifest|txt|ico)(\.br|\.gz)?$/

/**
 * How the built web app is served: compressed once at build rather than at each request, hashed files
 * kept a year by browsers, the rest checked at each visit.
 */
export function webFilesOptions(root: string): FastifyStaticOptions {
  return {
    root,
    wildcard: false,
    preCompressed: true,
    // The policy below replaces @fastify/send's "max-age=0" for every file.
    cacheControl: false,
    setHeaders(response, filePath) {
      const relative = path.relative(root, filePath).split(path.sep).join('/')
      response.setHeader(
        'cache-control',
        relative.startsWith('assets/') ? HASHED : relative.startsWith('dsfr/') ? DESIGN_SYSTEM : ALWAYS_CHECK,
      )
      if (COMPRESSED_AT_BUILD.test(relative)) response.setHeader('vary', 'accept-encoding')
    },
  }
}
