import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/server/config.ts'
import type { Db } from '../../src/server/db/database.ts'
import { SessionStore } from '../../src/server/platform/sessions.ts'

type Json = ReturnType<typeof JSON.parse>
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT'

/** A demo user talking to the API, as the web app would; a refusal stops the demo with the API's message. */
export interface DemoClient {
  get(url: string): Promise<Json>
  post(url: string, body?: unknown): Promise<Json>
  put(url: string, body: unknown): Promise<Json>
  patch(url: string, body: unknown): Promise<Json>
  /** A form with a file (multipart), as the browser sends an upload. */
  upload(url: string, form: FormData): Promise<Json>
}

async function call(
  app: FastifyInstance,
  cookie: string,
  csrfToken: string | undefined,
  method: Method,
  url: string,
  body?: unknown,
): Promise<Json> {
  // A form is encoded as the browser would (multipart with its boundary), through the Fetch API.
  const form = body instanceof FormData ? new Response(body) : undefined
  const response = await app.inject({
    method,
    url,
    payload: form ? Buffer.from(await form.arrayBuffer()) : body === undefined ? undefined : (body as object),
    headers: {
      cookie,
      ...(csrfToken && method !== 'GET' ? { 'x-csrf-token': csrfToken } : {}),
      ...(form ? { 'content-type': form.headers.get('content-type')! } : {}),
    },
  })
  if (response.statusCode >= 400) {
    throw new Error(`démo : ${method} ${url} a répondu ${response.statusCode} ${response.body}`)
  }
  return response.body ? response.json() : undefined
}

const clientOf = (app: FastifyInstance, cookie: string, csrfToken: string | undefined): DemoClient => ({
  get: (url) => call(app, cookie, csrfToken, 'GET', url),
  post: (url, body = {}) => call(app, cookie, csrfToken, 'POST', url, body),
  put: (url, body) => call(app, cookie, csrfToken, 'PUT', url, body),
  patch: (url, body) => call(app, cookie, csrfToken, 'PATCH', url, body),
  upload: (url, form) => call(app, cookie, csrfToken, 'POST', url, form),
})

/** A signed-in staff user: the session is opened directly (the demo knows who it acts as, no 2FA round trip). */
export async function staffClient(
  app: FastifyInstance,
  db: Db,
  config: Config,
  user: { id: string; organisationId: string },
): Promise<DemoClient> {
  const session = await new SessionStore(db, config.session).create(db, {
    userId: user.id,
    organisationId: user.organisationId,
    state: 'active',
    ip: '127.0.0.1',
    userAgent: 'trame-demo',
  })
  return clientOf(app, `trame_session=${session.token}`, session.csrfToken)
}

/** Signs in to a public portal (the volunteers', the partners') with its own cookie and CSRF token. */
async function portalClient(
  app: FastifyInstance,
  url: string,
  who: string,
  login: object,
): Promise<DemoClient> {
  const response = await app.inject({ method: 'POST', url, payload: login })
  if (response.statusCode !== 200) {
    throw new Error(`démo : connexion ${who} refusée (${response.statusCode} ${response.body})`)
  }
  const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
  return clientOf(app, cookie, response.json().csrfToken)
}

/** A neighbour signed in to the volunteer portal with their own password, as on their phone. */
export const volunteerClient = (
  app: FastifyInstance,
  login: { organisationId: string; email: string; password: string },
) => portalClient(app, '/api/public/network/login', 'du bénévole', login)

/** A partner's contact signed in to the partner page with their own password. */
export const partnerContactClient = (
  app: FastifyInstance,
  login: { organisationId: string; email: string; password: string },
) => portalClient(app, '/api/public/partners/login', 'du contact partenaire', login)

/** The public forms (report, volunteer sign-up): no account. */
export function publicClient(app: FastifyInstance): DemoClient {
  return clientOf(app, '', undefined)
}
