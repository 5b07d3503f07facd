import type { FastifyServerOptions } from 'fastify'
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

export const LOG_REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  ...REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
]

export function loggerOptions(level: string, stream?: DestinationStream): FastifyServerOptions['logger'] {
  return {
    level,
    stream,
    redact: { paths: LOG_REDACT_PATHS, censor: '[caviardé]' },
    serializers: {
      req: (req: { id: string; method: string; url: string; ip?: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url.split('?')[0],
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
