import { describe, expect, it } from 'vitest'
import { allow, describeRouteSecurity, setUpSecurityWorld } from '../../../../tests/support/route-security.ts'
import type { Role } from '../../../shared/roles.ts'

const world = setUpSecurityWorld(async (w) => {
  // A contact of A's named person at A's site: its count shows, the name never does.
  const contact = await w.clients.director.post('/api/contacts', {
    channel: 'walk_in',
    personId: w.people.a,
    siteId: w.orgA.siteId,
    teamId: w.orgA.teamId,
  })
  if (contact.statusCode !== 201) throw new Error(contact.body)
  return {}
})

/** Those who read indicators: counts, never a name. */
const READ: Role[] = ['administrator', 'director', 'social_worker', 'analyst']
const period = 'from=2026-01-01&to=2026-12-31'
const names = () => ['Aubertin', 'Paejienne']
const dashboard = {
  items: [{ indicatorId: 'frontdesk.passages-by-team', query: { from: '2026-01-01', to: '2026-12-31' } }],
}

describeRouteSecurity(
  'indicators',
  world,
  ['/api/indicators'],
  [
    {
      method: 'GET',
      route: '/api/indicators',
      url: () => '/api/indicators',
      // Another organisation reads its own catalogue: its own sites, none of A's.
      expected: allow(READ, 200, 200),
      shows: () => ['Passages par équipe'],
      hides: names,
    },
    {
      method: 'GET',
      route: '/api/indicators/:id',
      url: () => `/api/indicators/frontdesk.distinct-persons-by-site?${period}`,
      expected: allow(READ, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Site principal']),
      hides: names,
    },
    {
      method: 'GET',
      route: '/api/indicators/:id/file',
      label: 'csv',
      url: () => `/api/indicators/frontdesk.passages-by-team/file?${period}&format=csv`,
      expected: allow(READ, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? ['Nombre'] : ['Accueil social']),
      hides: names,
    },
    {
      method: 'GET',
      route: '/api/indicators/:id/file',
      label: 'xlsx',
      url: () => `/api/indicators/frontdesk.passages-by-team/file?${period}&format=xlsx`,
      expected: allow(READ, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/indicators/dashboard',
      url: () => '/api/indicators/dashboard',
      expected: allow(READ, 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/indicators/dashboard',
      url: () => '/api/indicators/dashboard',
      body: () => dashboard,
      expected: allow(READ, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/indicators/settings',
      url: () => '/api/indicators/settings',
      expected: allow(READ, 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/indicators/settings',
      url: () => '/api/indicators/settings',
      body: () => ({ smallCellThreshold: 5 }),
      // The organisation's setting: its administrator.
      expected: allow(['administrator'], 200, 200),
    },
  ],
)

describe('the analyst reads every indicator and never a name', () => {
  it('computes every indicator of the catalogue', async () => {
    const catalogue = (await world.clients.analyst.get('/api/indicators')).json() as {
      indicators: { id: string }[]
    }
    expect(catalogue.indicators.length).toBeGreaterThan(15)
    for (const { id } of catalogue.indicators) {
      const response = await world.clients.analyst.get(`/api/indicators/${id}?${period}`)
      expect(response.statusCode, `${id}: ${response.body}`).toBe(200)
      expect(names().filter((name) => response.body.includes(name))).toEqual([])
    }
  })

  it('is refused the routes that show people', async () => {
    const { people, clients } = world
    for (const url of [
      '/api/people?q=Aub',
      `/api/people/${people.a}`,
      `/api/people/${people.a}/timeline`,
      '/api/contacts',
      '/api/register/entries',
      '/api/network/needs',
      '/api/followup/records',
    ]) {
      const response = await clients.analyst.get(url)
      expect([403, 404], `${url}: ${response.statusCode}`).toContain(response.statusCode)
    }
  })

  it('finds no name in any GET route of Trame', async () => {
    const { people, clients, ctx } = world
    const routes = ctx.routes.filter(
      (r) => r.method === 'GET' && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
    )
    expect(routes.length).toBeGreaterThan(50)
    for (const route of routes) {
      // Each parameter points at A's named person: a route that showed them would tell.
      const url = route.url.replace(/:[A-Za-z]+/g, people.a)
      const response = await clients.analyst.get(`${url}?${period}`)
      expect(
        names().filter((name) => response.body.includes(name)),
        url,
      ).toEqual([])
    }
  })
})
