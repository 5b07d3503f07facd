import type { FastifyError, FastifyInstance } from 'fastify'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'
import { ERROR_MESSAGES, type ErrorCode, type ProblemDetails } from '../../shared/errors.ts'

const TITLES: Record<number, string> = {
  400: 'Requête invalide',
  401: 'Authentification requise',
  403: 'Accès refusé',
  404: 'Introuvable',
  409: 'Conflit',
  413: 'Requête trop volumineuse',
  429: 'Trop de requêtes',
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
        ...problem(error.code, error.status, error.detail, request.url.split('?')[0]),
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
