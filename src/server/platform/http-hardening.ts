import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ERROR_MESSAGES } from '../../shared/errors.ts'
import { problem } from './errors.ts'

/**
 * Headers on every answer: the browser runs only Trame's own scripts (no inline script: the built
 * index.html has none), shows no page of Trame inside another site's frame, never guesses a file's type,
 * and sends no address (which may carry a link's token) to another site.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { mapTileUrl: string }) {
  const tileOrigin = new URL(options.mapTileUrl.replace(/\{[a-z]+\}/g, '0')).origin
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    // DSFR components and the map set style attributes.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${tileOrigin}`,
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('content-security-policy', csp)
    reply.header('x-content-type-options', 'nosniff')
    reply.header('referrer-policy', 'no-referrer')
    reply.header('x-frame-options', 'DENY')
    // Every API answer may carry personal data (lists, files, exports): never kept by a browser or proxy.
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store')
    }
    return payload
  })
}

/** Errors Fastify meets before any route (a path parameter too long, a malformed URL): problem details. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const body =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? problem('URI_TOO_LONG', 414, ERROR_MESSAGES.URI_TOO_LONG)
      : problem('VALIDATION_FAILED', 400, ERROR_MESSAGES.VALIDATION_FAILED)
  reply.status(body.status).type('application/problem+json').send(body)
}

/** Requests Node's parser refuses (headers or address too large, malformed): problem details too. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return
  const body =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? problem('HEADERS_TOO_LARGE', 431, ERROR_MESSAGES.HEADERS_TOO_LARGE)
      : error.code === 'HPE_URI_TOO_LONG'
        ? problem('URI_TOO_LONG', 414, ERROR_MESSAGES.URI_TOO_LONG)
        : problem('VALIDATION_FAILED', 400, ERROR_MESSAGES.VALIDATION_FAILED)
  const text = JSON.stringify(body)
  const reason = { 400: 'Bad Request', 414: 'URI Too Long', 431: 'Request Header Fields Too Large' }[
    body.status
  ]
  socket.end(
    `HTTP/1.1 ${body.status} ${reason}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n` +
      `Connection: close\r\n\r\n${text}`,
  )
}
