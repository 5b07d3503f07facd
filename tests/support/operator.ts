import type { LightMyRequestResponse } from 'fastify'
import { OperatorRepository } from '../../src/server/modules/operator/operator.repository.ts'
import { createOperatorAccount } from '../../src/server/modules/operator/operator.service.ts'
import { totpCode } from '../../src/server/platform/totp.ts'
import { TEST_PASSWORD } from './factories.ts'
import type { TestContext } from './test-app.ts'

/** The platform operator's client: their own cookie and CSRF token, as the /exploitation pages use them. */
export class OperatorClient {
  cookie: string | undefined
  csrfToken: string | undefined

  constructor(private readonly ctx: TestContext) {}

  async request(method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) {
    const response: LightMyRequestResponse = await this.ctx.app.inject({
      method,
      url,
      payload: body as object | undefined,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
        ...headers,
      },
    })
    const set = response.cookies.find((c) => c.name === 'trame_operator')
    if (set) this.cookie = set.value ? `trame_operator=${set.value}` : undefined
    return response
  }

  get = (url: string) => this.request('GET', url)
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {})
}

let accounts = 0

/** A new operator account (as `npm run operator -- create` makes it), signed in with password and code. */
export async function signedInOperator(ctx: TestContext) {
  accounts += 1
  const email = `exploitant${accounts}@hebergeur.test`
  const account = await createOperatorAccount(new OperatorRepository(ctx.db), {
    email,
    name: `Exploitant ${accounts}`,
    password: TEST_PASSWORD,
  })
  const client = new OperatorClient(ctx)
  const login = await client.post('/api/operator/login', { email, password: TEST_PASSWORD })
  if (login.statusCode !== 200) throw new Error(login.body)
  const me = await client.get('/api/operator/me')
  client.csrfToken = me.json().csrfToken
  const code = await client.post('/api/operator/login/totp', { code: totpCode(account.totp.secret) })
  if (code.statusCode !== 200) throw new Error(code.body)
  return { client, account, email }
}
