import { describe, expect, it } from 'vitest'
import { ApiClient, TEST_PASSWORD } from '../../../../tests/support/factories.ts'
import { setUpSecurityWorld } from '../../../../tests/support/route-security.ts'
import { invitationToken, signedInContact } from './partners.portal.test-factories.ts'

/**
 * The partner page answers its own contacts only: nobody signed in, a staff user's cookie, a contact of
 * another partner of the same organisation, a contact of another organisation's partner and a disabled
 * contact are all refused, or see nothing of the referrals addressed to another partner.
 */
type PortalCaller = 'contact' | 'anonymous' | 'staff' | 'otherPartner' | 'otherOrganisation' | 'disabled'
const CALLERS: PortalCaller[] = [
  'contact',
  'anonymous',
  'staff',
  'otherPartner',
  'otherOrganisation',
  'disabled',
]

const world = setUpSecurityWorld(async ({ ctx, clients, people, partners }) => {
  const referred = await clients.social_worker.post('/api/partner-referrals', {
    personId: people.a,
    partnerServiceId: partners.a.serviceId,
    origin: 'followup',
    referredOn: '2026-11-30',
    note: 'Détail réservé au partenaire Aubépine',
  })
  if (referred.statusCode !== 201) throw new Error(referred.body)
  // The person consents to sharing with partners: their name is on the page of the partner addressed.
  await clients.social_worker.post(`/api/people/${people.a}/consents`, {
    scope: 'partner_sharing',
    given: true,
    givenOn: '2026-11-29',
  })
  const other = await clients.social_worker.post('/api/partners', { name: 'Autre partenaire Orme' })
  const portal: Record<PortalCaller, ApiClient> = {
    contact: await signedInContact(
      ctx,
      clients.social_worker,
      partners.a.id,
      { name: 'Contact A', email: 'contact-a@aubepine.test' },
      '10.2.0.1',
    ),
    anonymous: new ApiClient(ctx, '10.2.0.2'),
    staff: clients.social_worker,
    otherPartner: await signedInContact(
      ctx,
      clients.social_worker,
      other.json().id,
      { name: 'Contact Orme', email: 'contact@orme.test' },
      '10.2.0.3',
    ),
    otherOrganisation: await signedInContact(
      ctx,
      clients.otherOrganisation,
      partners.b.id,
      { name: 'Contact Zinnia', email: 'contact@zinnia.test' },
      '10.2.0.4',
    ),
    disabled: await signedInContact(
      ctx,
      clients.social_worker,
      partners.a.id,
      { name: 'Contact désactivé', email: 'parti@aubepine.test' },
      '10.2.0.5',
    ),
  }
  const disabledId = (portal.disabled as ApiClient & { contactId: string }).contactId
  const disabled = await clients.social_worker.post(
    `/api/partners/${partners.a.id}/contacts/${disabledId}/disable`,
  )
  if (disabled.statusCode !== 200) throw new Error(disabled.body)
  // A live invitation, for the rows that read or use one.
  await clients.social_worker.post(`/api/partners/${partners.a.id}/contacts`, {
    name: 'Invitée',
    email: 'invitee@aubepine.test',
  })
  const token = await invitationToken(ctx, 'invitee@aubepine.test')
  return { portal, referralId: referred.json().id as string, token }
})

interface Row {
  method: 'GET' | 'POST'
  route: string
  url: () => string
  body?: (caller: PortalCaller) => unknown
  expected: Record<PortalCaller, number>
}

const only = (ok: number, others: Partial<Record<PortalCaller, number>> = {}) =>
  Object.fromEntries(CALLERS.map((c) => [c, c === 'contact' ? ok : (others[c] ?? 401)])) as Record<
    PortalCaller,
    number
  >
const everyone = (status: number) =>
  Object.fromEntries(CALLERS.map((c) => [c, status])) as Record<PortalCaller, number>

const rows: Row[] = [
  {
    method: 'GET',
    route: '/api/public/partners/portal',
    url: () => `/api/public/partners/portal?organisation=${world.orgA.id}`,
    expected: everyone(200),
  },
  {
    method: 'POST',
    route: '/api/public/partners/invitation',
    url: () => '/api/public/partners/invitation',
    body: () => ({ token: 'pas-un-jeton' }),
    expected: everyone(404),
  },
  {
    method: 'POST',
    route: '/api/public/partners/password',
    url: () => '/api/public/partners/password',
    body: () => ({ token: 'pas-un-jeton', password: TEST_PASSWORD }),
    expected: everyone(404),
  },
  {
    method: 'POST',
    route: '/api/public/partners/password-reset',
    url: () => '/api/public/partners/password-reset',
    body: () => ({ organisationId: world.orgA.id, email: 'contact-a@aubepine.test' }),
    // The same answer for everyone, whether the address has an account or not.
    expected: everyone(202),
  },
  {
    method: 'POST',
    route: '/api/public/partners/login',
    url: () => '/api/public/partners/login',
    // The disabled contact's right password; everyone else a wrong one (each their own account, unthrottled).
    body: (caller) => ({
      organisationId: world.orgA.id,
      email: caller === 'disabled' ? 'parti@aubepine.test' : 'contact-a@aubepine.test',
      password: caller === 'disabled' ? TEST_PASSWORD : `faux ${caller}`,
    }),
    expected: everyone(401),
  },
  {
    method: 'GET',
    route: '/api/public/partners/me',
    url: () => '/api/public/partners/me',
    expected: only(200, { otherPartner: 200, otherOrganisation: 200 }),
  },
  {
    method: 'GET',
    route: '/api/public/partners/referrals',
    url: () => '/api/public/partners/referrals',
    expected: only(200, { otherPartner: 200, otherOrganisation: 200 }),
  },
  {
    method: 'POST',
    route: '/api/public/partners/referrals/:id/answer',
    url: () => `/api/public/partners/referrals/${world.referralId}/answer`,
    body: () => ({ answer: 'needs_more', note: 'Quelle est la composition du foyer ?' }),
    expected: only(200, { otherPartner: 404, otherOrganisation: 404 }),
  },
  {
    method: 'POST',
    route: '/api/public/partners/logout',
    url: () => '/api/public/partners/logout',
    expected: only(200, { otherPartner: 200, otherOrganisation: 200 }),
  },
]

/** What only the contact of A's partner may read: the referral, the person who consented, the worker's note. */
const secrets = () => [world.referralId, world.people.a, 'Aubertin', 'Détail réservé au partenaire Aubépine']

describe('partner page: every route × every caller', () => {
  for (const row of rows) {
    // In this order: the contact signs out last.
    it.each(CALLERS)(`${row.method} ${row.route} as %s`, async (caller) => {
      const client = world.portal[caller]
      const response = await client.request(
        row.method,
        row.url(),
        row.method === 'GET' ? undefined : (row.body?.(caller) ?? {}),
      )
      expect(response.statusCode, response.body).toBe(row.expected[caller])
      if (response.statusCode >= 400)
        expect(response.headers['content-type']).toContain('application/problem+json')
      if (caller !== 'contact') {
        const { instance: _instance, ...answer } = response.statusCode >= 400 ? response.json() : {}
        const text = response.statusCode >= 400 ? JSON.stringify(answer) : response.body
        expect(secrets().filter((secret) => text.includes(secret))).toEqual([])
      }
      if (caller === 'contact' && row.route === '/api/public/partners/referrals') {
        for (const shown of [world.referralId, 'AUBERTIN', 'Détail réservé au partenaire Aubépine']) {
          expect(response.body).toContain(shown)
        }
      }
    })
  }

  it('has a row for every route of the partner page, and no row for a route that does not exist', () => {
    const routes = world.ctx.routes
      .filter((r) => r.url.startsWith('/api/public/partners'))
      .map((r) => `${r.method} ${r.url}`)
    const covered = new Set(rows.map((r) => `${r.method} ${r.route}`))
    expect(routes.filter((r) => !covered.has(r))).toEqual([])
    expect([...covered].filter((r) => !routes.includes(r))).toEqual([])
  })
})
