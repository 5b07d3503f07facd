import type { FastifyError, FastifyInstance } from 'fastify'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'
import { ERROR_MESSAGES, type ErrorCode, type ProblemDetails } from '../../shared/errors.ts'
import { loggablePath } from './logger.ts'

const TITLES: Record<number, string> = {
  400: 'Requête invalide',
  401: 'Authentification requise',
  403: 'Accès refusé',
  404: 'Introuvable',
  409: 'Conflit',
  413: 'Requête trop volumineuse',
  414: 'Adresse trop longue',
  429: 'Trop de requêtes',
  431: 'En-têtes trop volumineux',
  500: 'Erreur interne',
  503: 'Service indisponible',
}

/** The one error type of Trame: a stable code, an HTTP status and a French message. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly detail: string = ERROR_MESSAGES[code],
    readonly extra: Pick<ProblemDetails, 'errors' | 'retryAfter'> = {},
  ) {
    super(code)
  }
}

export const notFound = () => new AppError('NOT_FOUND', 404)
export const forbidden = () => new AppError('FORBIDDEN', 403)
export const validationError = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', 400, ERROR_MESSAGES.VALIDATION_FAILED, { errors: [{ path, message }] })

/** A device's clock may run a little ahead of the server's: a few minutes "in the future" are now. */
const CLOCK_SKEW_MS = 5 * 60_000

/** Refuses a moment in the future (a contact, a visit, a report), as a field error with its message. */
export function notInFuture(
  at: Date | string | null | undefined,
  path: string,
  message = 'La date ne peut pas être dans le futur.',
) {
  if (at && new Date(at).getTime() > Date.now() + CLOCK_SKEW_MS) throw validationError(path, message)
}

/**
 * Errors that say the database is out of reach (a restart, a terminated connection, a database closed
 * to connections), not that the request was wrong: answered 503 until it comes back.
 */
const UNAVAILABLE_CODES = new Set([
  '57P01', // admin_shutdown: the connection was terminated
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up
  '53300', // too_many_connections
  '55000', // object_not_in_prerequisite_state: the database does not accept connections
  '3D000', // the database does not exist (dropped, renamed)
  '25006', // read_only_sql_transaction: a primary demoted to standby under this connection (failover)
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
])
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed)/

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true
  return UNAVAILABLE_MESSAGES.test(error.message)
}

/**
 * A background task's failure (a periodic job, the outbox sweep): the database away during a failover is
 * expected and said by its code only, as the next run resumes; anything else is logged as an error.
 */
export function logBackgroundFailure(
  logger: {
    warn: (fields: object, message: string) => void
    error: (fields: object, message: string) => void
  },
  error: unknown,
  task: string,
  fields: Record<string, unknown> = {},
) {
  if (isDatabaseUnavailable(error))
    logger.warn(
      { ...fields, dbCode: (error as { code?: string }).code ?? null },
      `${task} postponed: database unavailable`,
    )
  else logger.error({ ...fields, err: error }, `${task} failed`)
}

/** Seconds a client is told to wait before trying again while the database is away. */
const DATABASE_RETRY_AFTER = 5

export function problem(code: ErrorCode, status: number, detail: string, instance?: string): ProblemDetails {
  return {
    type: `https://trame.app/problems/${code.toLowerCase()}`,
    title: TITLES[status] ?? 'Erreur',
    status,
    code,
    detail,
    instance,
  }
}

/** Maps every error to RFC 9457 problem details. 5xx details are logged with the request id, never returned. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const send = (body: ProblemDetails) => {
      if (body.retryAfter) reply.header('retry-after', String(body.retryAfter))
      return reply.status(body.status).type('application/problem+json').send(body)
    }
    if (error instanceof AppError) {
      return send({
        ...problem(error.code, error.status, error.detail, loggablePath(request.url)),
        ...error.extra,
      })
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((issue) => ({
        path:
          issue.instancePath.replace(/^\//, '').replaceAll('/', '.') ||
          ((issue.params.issue as { path?: PropertyKey[] } | undefined)?.path ?? []).map(String).join('.'),
        message: issue.message ?? 'Valeur invalide.',
      }))
      return send({ ...problem('VALIDATION_FAILED', 400, ERROR_MESSAGES.VALIDATION_FAILED), errors })
    }
    if (isResponseSerializationError(error)) {
      request.log.error({
        err: { message: 'response does not match its schema', issues: error.cause.issues.length },
      })
      return send(problem('INTERNAL_ERROR', 500, ERROR_MESSAGES.INTERNAL_ERROR))
    }
    if (isDatabaseUnavailable(error)) {
      // Only the error's code: the request carries personal data, the message may quote it.
      request.log.warn({ dbCode: (error as { code?: string }).code ?? null }, 'database unavailable')
      return send({
        ...problem('DATABASE_UNAVAILABLE', 503, ERROR_MESSAGES.DATABASE_UNAVAILABLE),
        retryAfter: DATABASE_RETRY_AFTER,
      })
    }
    const status = error.statusCode ?? 500
    if (status === 429) return send(problem('RATE_LIMITED', 429, ERROR_MESSAGES.RATE_LIMITED))
    if (status >= 400 && status < 500) {
      // Malformed JSON, too large a body, unsupported media type…
      return send(problem('VALIDATION_FAILED', status, ERROR_MESSAGES.VALIDATION_FAILED))
    }
    request.log.error({ err: error }, 'unhandled error')
    return send(problem('INTERNAL_ERROR', 500, ERROR_MESSAGES.INTERNAL_ERROR))
  })
}
