import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from './errors.ts'
import type { Actor } from './permissions.ts'
import { type ResolvedSession, SESSION_COOKIE, type SessionStore } from './sessions.ts'
import { safeEqual } from './tokens.ts'

declare module 'fastify' {
  interface FastifyRequest {
    session: ResolvedSession | null
  }
}

/**
 * The platform operator's routes: they act with the operator's own session (operator module), never
 * with an organisation's, which is not even looked up there.
 */
export const OPERATOR_PREFIX = '/api/operator/'
/** Paths that answer without a session (the web app's files are outside /api and public too). */
const PUBLIC_PREFIXES = ['/api/auth/', '/api/public/', '/api/docs', OPERATOR_PREFIX]
/** Public paths that never use one; the auth routes do (sign-out, the signed-in user). */
const SESSIONLESS_PREFIXES = ['/api/public/', '/api/docs', OPERATOR_PREFIX]
/**
 * Auth routes that start a new session rather than act with one: no CSRF token exists yet; and the two
 * reads that carry a link's token in their body (setup status, invitation details), which change nothing.
 */
const NO_CSRF_PATHS = new Set([
  '/api/auth/login',
  '/api/auth/setup',
  '/api/auth/setup/status',
  '/api/auth/invitations/info',
  '/api/auth/password-reset/request',
  '/api/auth/password-reset/complete',
  '/api/auth/invitations/accept',
])
/** What a half-signed-in session (2FA pending or enrolment required) may still call. */
const TOTP_ENROLMENT_PATHS = new Set(['/api/account/totp/setup', '/api/account/totp/confirm'])
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** A write must carry the token of the session it acts with (the staff one, or a volunteer's). */
export function assertCsrf(request: FastifyRequest, expected: string) {
  if (SAFE_METHODS.has(request.method)) return
  const sent = request.headers['x-csrf-token']
  if (typeof sent !== 'string' || !safeEqual(sent, expected)) throw new AppError('CSRF_INVALID', 403)
}

export function isPublicPath(path: string) {
  return !path.startsWith('/api/') || PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix))
}

export function registerRequestAuth(app: FastifyInstance, sessions: SessionStore) {
  app.decorateRequest('session', null)
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? ''
    // The web app's files, public routes and the API docs never act with the staff session: it is not
    // even looked up, nor its CSRF token asked for (the volunteer portal checks its own).
    if (!path.startsWith('/api/') || SESSIONLESS_PREFIXES.some((prefix) => path.startsWith(prefix))) return
    const token = request.cookies[SESSION_COOKIE]
    request.session = token ? ((await sessions.resolve(token)) ?? null) : null
    const session = request.session

    if (session && !NO_CSRF_PATHS.has(path)) assertCsrf(request, session.csrfToken)
    // A suspended organisation's users read why, on every route but signing out.
    if (session?.suspended && path !== '/api/auth/logout') {
      throw new AppError('ORGANISATION_SUSPENDED', 403)
    }
    if (isPublicPath(path)) return
    if (!session) throw new AppError(token ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED', 401)
    if (session.state === 'totp_pending') throw new AppError('TOTP_REQUIRED', 401)
    if (session.state === 'totp_enrolment_required' && !TOTP_ENROLMENT_PATHS.has(path)) {
      throw new AppError('TOTP_ENROLMENT_REQUIRED', 403)
    }
  })
}

/** The acting user of a request that passed the session check. */
export function actorOf(request: FastifyRequest): Actor {
  const session = request.session
  if (!session) throw new AppError('UNAUTHENTICATED', 401)
  return {
    userId: session.userId,
    organisationId: session.organisationId,
    sessionId: session.id,
    roles: session.roles,
    teamIds: session.teamIds,
    ip: request.ip ?? null,
  }
}
