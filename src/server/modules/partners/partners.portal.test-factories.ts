import { ApiClient, TEST_PASSWORD } from '../../../../tests/support/factories.ts'
import type { TestContext } from '../../../../tests/support/test-app.ts'
import { PARTNER_COOKIE } from './partners.portal.routes.ts'

/** A client of the partner page: an ApiClient carrying the contact's own cookie and CSRF token. */
export function partnerClient(ctx: TestContext, ip = '127.0.0.1') {
  const client = new ApiClient(ctx, ip)
  const login = async (organisationId: string, email: string, password = TEST_PASSWORD) => {
    const response = await client.post('/api/public/partners/login', { organisationId, email, password })
    const cookie = response.cookies.find((c) => c.name === PARTNER_COOKIE)
    if (response.statusCode === 200 && cookie) {
      client.cookie = `${PARTNER_COOKIE}=${cookie.value}`
      client.csrfToken = response.json().csrfToken
    }
    return response
  }
  return Object.assign(client, { login })
}
export type PartnerClient = ReturnType<typeof partnerClient>

/** The token of the last invitation e-mailed to `email`, read from the test mailbox. */
export async function invitationToken(ctx: TestContext, email: string) {
  await ctx.deliverEmails()
  return new URL(ctx.mailbox.linkFor(email)).searchParams.get('token') as string
}

/** Staff invite a contact of `partnerId`; the contact chooses TEST_PASSWORD and signs in. */
export async function signedInContact(
  ctx: TestContext,
  staff: ApiClient,
  partnerId: string,
  contact: { name: string; email: string },
  ip?: string,
) {
  const invited = await staff.post(`/api/partners/${partnerId}/contacts`, contact)
  if (invited.statusCode !== 201) throw new Error(invited.body)
  const client = partnerClient(ctx, ip)
  const set = await client.post('/api/public/partners/password', {
    token: await invitationToken(ctx, contact.email),
    password: TEST_PASSWORD,
  })
  if (set.statusCode !== 200) throw new Error(set.body)
  const login = await client.login(set.json().organisationId, contact.email)
  if (login.statusCode !== 200) throw new Error(login.body)
  return Object.assign(client, { contactId: invited.json().id as string })
}
