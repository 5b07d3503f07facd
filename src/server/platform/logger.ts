import { type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify'
import type { DestinationStream } from 'pino'

/**
 * Personal data never reaches the logs: request bodies are not logged, query strings are dropped
 * from URLs, and fields that could carry personal data are redacted wherever they appear.
 */
const REDACTED_FIELDS = [
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'code',
  'email',
  'name',
  'lastName',
  'firstNames',
  'usageName',
  'birthDate',
  'address',
  'phone',
  'description',
  'note',
  'detail',
  'secret',
]

const REDACTED_KEYS = new Set(REDACTED_FIELDS)
const CENSOR = '[caviardé]'

export const LOG_REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
]

/**
 * A copy of a log line's object with every field named like personal data masked, at any depth. One walk
 * of the (small) object: pino's wildcard redaction paths cost ten times more on every request's line.
 */
export function redactPersonalFields(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 6) return value
  if (Array.isArray(value)) return value.map((item) => redactPersonalFields(item, depth + 1))
  // Requests, responses and errors are class instances: their serializers below keep only safe fields.
  const prototype = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null) return value
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) {
    out[key] = REDACTED_KEYS.has(key) ? CENSOR : redactPersonalFields(field, depth + 1)
  }
  return out
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** A link token's shape (base64url, see tokens.ts), as opposed to a route's word or a record's id. */
const TOKEN_LIKE = /^[A-Za-z0-9_-]{20,}$/

/**
 * A request's path as it may be logged or echoed: without its query string, and with every segment
 * that could be a secret (a one-time link's token sent in a path by mistake or by an old link) masked.
 */
export function loggablePath(url: string): string {
  const path = url.split('?')[0] ?? ''
  return path
    .split('/')
    .map((segment) => {
      const decoded = segment.replace(/%[0-9A-F]{2}/gi, '_')
      return TOKEN_LIKE.test(decoded) && !UUID.test(decoded) && !/^[a-z-]+$/.test(decoded) ? CENSOR : segment
    })
    .join('/')
}

export function loggerOptions(level: string, stream?: DestinationStream): FastifyServerOptions['logger'] {
  return {
    level,
    stream,
    redact: { paths: LOG_REDACT_PATHS, censor: CENSOR },
    formatters: { log: (object) => redactPersonalFields(object) as Record<string, unknown> },
    serializers: {
      req: (req: { id: string; method: string; url: string; ip?: string }) => ({
        id: req.id,
        method: req.method,
        url: loggablePath(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: (err: Error & { code?: string; statusCode?: number }) => ({
        type: err.name,
        code: err.code,
        statusCode: err.statusCode,
        // Database messages can quote values (a duplicate key shows it): only the first line, values masked.
        message: (String(err.message ?? '').split('\n')[0] ?? '').replace(
          /\(([^)]*)\)=\(([^)]*)\)/g,
          '($1)=([caviardé])',
        ),
        stack: err.stack?.split('\n').slice(1, 6).join('\n') ?? '',
      }),
    },
  }
}

/**
 * One line per request, written when it is answered, with the request's method and path (Fastify's own
 * default writes two: on arrival and on answer).
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest() {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (this.isLogDisabled(request)) return
    const line = { req: request, res: reply, responseTime: reply.elapsedTime }
    if (error) reply.log.error({ ...line, err: error }, 'request errored')
    else reply.log.info(line, 'request completed')
  }
}
