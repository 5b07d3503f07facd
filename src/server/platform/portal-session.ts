import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from './errors.ts'
import { assertCsrf } from './request-auth.ts'

/**
 * The public portals (the neighbour network's volunteers, the partners' contacts) sign in with a cookie
 * of their own: a staff session never opens a portal, nor a portal's session the staff routes (they
 * live under /api/public, where the staff session is not even looked up).
 */
export function portalCookie(name: string, options: { secureCookies: boolean }) {
  return {
    set: (reply: FastifyReply, token: string) =>
      reply.setCookie(name, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: options.secureCookies,
        path: '/',
      }),
    clear: (reply: FastifyReply) => reply.clearCookie(name, { path: '/' }),
    /** The signed-in account behind the cookie, with the address it acts from; writes carry its CSRF token. */
    async caller<Session extends { csrf_token: string }>(
      request: FastifyRequest,
      resolve: (token: string | undefined) => Promise<Session | undefined>,
    ): Promise<Session & { ip: string }> {
      const token = request.cookies[name]
      const session = await resolve(token)
      if (!session) throw new AppError(token ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED', 401)
      assertCsrf(request, session.csrf_token)
      // The address goes with the account into the audit trail, as a staff user's does.
      return { ...session, ip: request.ip }
    },
  }
}

/** Per IP: signing in is rare, a script trying more is slowed down; a portal's pages are read often. */
export const PORTAL_LOGIN_LIMIT = { rateLimit: { max: 20, timeWindow: '15 minutes' } }
export const PORTAL_LIMIT = { rateLimit: { max: 120, timeWindow: '1 minute' } }
