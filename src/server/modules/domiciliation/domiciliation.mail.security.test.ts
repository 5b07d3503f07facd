import {
  allow,
  CALLERS,
  type Caller,
  describeRouteSecurity,
  type Expected,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import type { Role } from '../../../shared/roles.ts'

const world = setUpSecurityWorld(async (w) => {
  const ok = async (response: { statusCode: number; body: string; json: () => Record<string, string> }) => {
    if (response.statusCode >= 300) throw new Error(response.body)
    return response.json()
  }
  // Each organisation domiciles its people (as the domiciliation's decisions leave a granted period).
  const start = addDays(todayInFrance(), -10)
  for (const [organisationId, personId] of [
    [w.orgA.id, w.people.a],
    [w.orgA.id, w.people.aConfidential],
    [w.orgB.id, w.people.b],
  ] as const) {
    await w.ctx.db
      .insertInto('domiciliations')
      .values({
        organisation_id: organisationId,
        person_id: personId,
        kind: 'first',
        status: 'granted',
        requested_on: start,
        start_on: start,
        end_on: addDays(start, 364),
      })
      .execute()
  }
  const director = w.clients.director
  const item = async () =>
    (await ok(await director.post('/api/mail-items', { personId: w.people.a, kind: 'letter' }))).id!
  const items = {} as Record<Caller, { handover: string; forward: string; return: string }>
  const proxies = {} as Record<Caller, string>
  for (const caller of CALLERS) {
    items[caller] = { handover: await item(), forward: await item(), return: await item() }
    proxies[caller] = (
      await ok(
        await director.post('/api/mail-proxies', {
          personId: w.people.a,
          lastName: 'Procureur',
          validFrom: todayInFrance(),
        }),
      )
    ).id!
  }
  return { items, proxies }
})

const MAIL: Role[] = ['director', 'social_worker', 'educator', 'front_desk_agent']
/** A file of the confidential team: the director only, among those who handle mail. */
const confidential = (ok: number): Expected => {
  const expected = allow(MAIL, ok, 404)
  for (const role of MAIL) if (role !== 'director') expected[role] = 404
  return expected
}
/** Another organisation's caller names a person of A: unknown to them, a field error. */
const onPersonOfA = (ok: number): Expected => allow(MAIL, ok, 400)
const codes = { 400: 'VALIDATION_FAILED' }
const personOf = (caller: Caller) => (caller === 'otherOrganisation' ? world.people.b : world.people.a)

describeRouteSecurity(
  'domiciliation mail',
  world,
  ['/api/mail-items', '/api/mail-proxies'],
  [
    {
      method: 'GET',
      route: '/api/mail-items/recipients',
      url: (caller) =>
        `/api/mail-items/recipients?q=${caller === 'otherOrganisation' ? 'zephyrin' : 'aubertin'}`,
      expected: allow(MAIL, 200, 200),
      shows: (caller) => [caller === 'otherOrganisation' ? 'ZÉPHYRIN' : 'AUBERTIN'],
    },
    {
      method: 'GET',
      route: '/api/mail-items/recipients',
      label: 'person of a confidential team',
      url: () => '/api/mail-items/recipients?q=paejienne',
      expected: allow(MAIL, 200, 200),
      hides: (caller) => (caller === 'director' ? [] : ['PAEJIENNE']),
    },
    {
      method: 'GET',
      route: '/api/mail-items/recipients/:id',
      url: () => `/api/mail-items/recipients/${world.people.a}`,
      expected: allow(MAIL, 200, 404),
      shows: () => ['AUBERTIN'],
    },
    {
      method: 'GET',
      route: '/api/mail-items/recipients/:id',
      label: 'person of a confidential team',
      url: () => `/api/mail-items/recipients/${world.people.aConfidential}`,
      expected: confidential(200),
    },
    {
      method: 'POST',
      route: '/api/mail-items',
      url: () => '/api/mail-items',
      body: (caller) => ({ personId: personOf(caller), kind: 'letter' }),
      expected: allow(MAIL, 201, 201),
    },
    {
      method: 'POST',
      route: '/api/mail-items',
      label: 'person of another organisation',
      url: () => '/api/mail-items',
      body: () => ({ personId: world.people.a, kind: 'letter' }),
      expected: onPersonOfA(201),
      codes,
    },
    {
      method: 'POST',
      route: '/api/mail-items/batch',
      url: () => '/api/mail-items/batch',
      body: (caller) => ({ items: [{ personId: personOf(caller), kind: 'parcel' }] }),
      expected: allow(MAIL, 201, 201),
    },
    {
      method: 'GET',
      route: '/api/mail-items',
      url: () => `/api/mail-items?personId=${world.people.a}`,
      expected: allow(MAIL, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/mail-items',
      label: 'person of a confidential team',
      url: () => `/api/mail-items?personId=${world.people.aConfidential}`,
      expected: confidential(200),
    },
    {
      method: 'POST',
      route: '/api/mail-items/handover',
      url: () => '/api/mail-items/handover',
      body: (caller) => ({
        personId: world.people.a,
        itemIds: [world.items[caller].handover],
        recipient: 'proxy',
        proxyId: world.proxies.director,
      }),
      expected: onPersonOfA(200),
      codes,
    },
    {
      method: 'POST',
      route: '/api/mail-items/forward',
      url: () => '/api/mail-items/forward',
      body: (caller) => ({
        personId: world.people.a,
        itemIds: [world.items[caller].forward],
        address: '3 place de l’Hôtel de Ville',
      }),
      expected: onPersonOfA(200),
      codes,
    },
    {
      method: 'POST',
      route: '/api/mail-items/return',
      url: () => '/api/mail-items/return',
      body: (caller) => ({ personId: world.people.a, itemIds: [world.items[caller].return] }),
      expected: onPersonOfA(200),
      codes,
    },
    {
      method: 'GET',
      route: '/api/mail-proxies',
      url: () => `/api/mail-proxies?personId=${world.people.a}`,
      expected: allow(MAIL, 200, 404),
      shows: () => ['Procureur'],
    },
    {
      method: 'POST',
      route: '/api/mail-proxies',
      url: () => '/api/mail-proxies',
      body: () => ({ personId: world.people.a, lastName: 'Délégué', validFrom: todayInFrance() }),
      expected: onPersonOfA(201),
      codes,
    },
    {
      method: 'POST',
      route: '/api/mail-proxies/:id/revoke',
      url: (caller) => `/api/mail-proxies/${world.proxies[caller]}/revoke`,
      expected: allow(MAIL, 200, 404),
    },
  ],
)
