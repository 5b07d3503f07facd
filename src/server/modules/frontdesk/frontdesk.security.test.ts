import {
  allow,
  type Caller,
  describeRouteSecurity,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'

const world = setUpSecurityWorld(async (w) => {
  const contact = async (body: object, client = w.clients.front_desk_agent) => {
    const response = await client.post('/api/contacts', body)
    if (response.statusCode !== 201) throw new Error(response.body)
    return response.json().id as string
  }
  return {
    contacts: {
      a: await contact({
        channel: 'walk_in',
        teamId: w.orgA.teamId,
        personId: w.people.a,
        note: 'Aubertin au guichet',
      }),
      // Of the confidential PAEJ team: only the director among A's callers may see it.
      aConfidential: await contact(
        { channel: 'phone', teamId: w.orgA.confidentialTeamId, personId: w.people.aConfidential },
        w.clients.director,
      ),
    },
    reasons: (
      (await w.clients.director.get('/api/contact-reasons')).json().items as { id: string; label: string }[]
    ).map(({ id, label }) => ({ id, label })),
  }
})

const contactRoles = [
  'director',
  'social_worker',
  'educator',
  'psychologist',
  'front_desk_agent',
  'outreach_agent',
  'volunteer_coordinator',
] as const
const configurers = ['administrator', 'director'] as const
const indicatorReaders = ['administrator', 'director', 'social_worker', 'analyst'] as const
const hidesConfidential = (caller: Caller) =>
  caller === 'director' ? [] : [world.contacts.aConfidential, world.people.aConfidential, 'Paejienne']

describeRouteSecurity(
  'frontdesk',
  world,
  ['/api/contact', '/api/contact-reasons', '/api/contact-counts'],
  [
    {
      method: 'GET',
      route: '/api/contact-reasons',
      url: () => '/api/contact-reasons',
      // Every organisation has its own list; B's user gets theirs.
      expected: allow([...contactRoles, 'administrator', 'analyst'], 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/contact-reasons',
      url: () => '/api/contact-reasons',
      body: (caller) =>
        caller === 'otherOrganisation'
          ? { items: [{ label: 'Motif de B' }] }
          : { items: [...world.reasons, { label: `Ajouté par ${caller}` }] },
      expected: allow(configurers, 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/contact-reasons',
      label: "another organisation's reason id",
      url: () => '/api/contact-reasons',
      body: () => ({ items: [{ id: world.reasons[0]!.id, label: 'Détourné' }] }),
      expected: { ...allow(configurers, 200, 400) },
    },
    {
      method: 'POST',
      route: '/api/contacts',
      url: () => '/api/contacts',
      body: (caller) => ({ channel: 'phone', anonymousDescription: `Appel reçu par ${caller}` }),
      expected: allow(contactRoles, 201, 201),
    },
    {
      method: 'POST',
      route: '/api/contacts',
      label: "organisation A's person",
      url: () => '/api/contacts',
      body: () => ({ channel: 'walk_in', personId: world.people.a }),
      expected: allow(contactRoles, 201, 400),
    },
    {
      method: 'POST',
      route: '/api/contacts',
      label: 'confidential person',
      url: () => '/api/contacts',
      body: () => ({ channel: 'walk_in', personId: world.people.aConfidential }),
      expected: { ...allow(contactRoles, 400, 400), director: 201 },
      hides: hidesConfidential,
    },
    {
      method: 'GET',
      route: '/api/contacts',
      url: () => '/api/contacts',
      expected: allow(contactRoles, 200, 200),
      hides: hidesConfidential,
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Aubertin au guichet']),
    },
    {
      method: 'GET',
      route: '/api/contacts',
      label: "a person's contacts",
      url: () => `/api/contacts?personId=${world.people.a}`,
      expected: allow(contactRoles, 200, 404),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['AUBERTIN']),
    },
    {
      method: 'GET',
      route: '/api/contacts/:id',
      url: () => `/api/contacts/${world.contacts.a}`,
      expected: allow(contactRoles, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/contacts/:id',
      label: 'confidential team',
      url: () => `/api/contacts/${world.contacts.aConfidential}`,
      expected: { ...allow(contactRoles, 404, 404), director: 200 },
      hides: hidesConfidential,
    },
    {
      method: 'PATCH',
      route: '/api/contacts/:id',
      url: () => `/api/contacts/${world.contacts.a}`,
      body: (caller) => ({ note: `Complété par ${caller}` }),
      expected: allow(contactRoles, 200, 404),
    },
    {
      method: 'PATCH',
      route: '/api/contacts/:id',
      label: 'confidential team',
      url: () => `/api/contacts/${world.contacts.aConfidential}`,
      body: () => ({ note: 'Modifié' }),
      expected: { ...allow(contactRoles, 404, 404), director: 200 },
      hides: hidesConfidential,
    },
    {
      method: 'GET',
      route: '/api/contact-counts',
      url: () => '/api/contact-counts?from=2026-01-01&to=2026-12-31&groupBy=team,channel',
      // Counts of their own organisation only: A's team ids never reach B (checked by the markers).
      expected: allow(indicatorReaders, 200, 200),
    },
  ],
)
