import {
  allow,
  type Caller,
  describeRouteSecurity,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'

const world = setUpSecurityWorld(async (w) => {
  const types = (await w.clients.director.get('/api/followup/types')).json().items as {
    id: string
    label: string
    legal: boolean
  }[]
  const open = async (body: object, client = w.clients.social_worker) => {
    const response = await client.post('/api/followup/records', body)
    if (response.statusCode !== 201) throw new Error(response.body)
    return response.json() as { id: string; goals: { id: string }[] }
  }
  const a = await open({
    personId: w.people.a,
    typeId: types[0]!.id,
    teamId: w.orgA.teamId,
    goals: [{ label: 'Ouvrir les droits' }],
  })
  // Of the confidential PAEJ team, on its confidential file: only the director among A's callers reaches it.
  const aConfidential = await open(
    { personId: w.people.aConfidential, typeId: types[2]!.id, teamId: w.orgA.confidentialTeamId },
    w.clients.director,
  )
  // The social worker's interview: only its author corrects it.
  const written = await w.clients.social_worker.post(`/api/followup/records/${a.id}/interviews`, {
    occurredAt: '2026-11-30T10:00:00+01:00',
    medium: 'office',
    note: 'Entretien au bureau',
  })
  if (written.statusCode !== 201) throw new Error(written.body)
  return {
    types: types.map(({ id, label, legal }) => ({ id, label, legal })),
    records: { a: a.id, aGoal: a.goals[0]!.id, aConfidential: aConfidential.id },
    interviews: { a: written.json().id as string },
  }
})

const readers = ['director', 'social_worker', 'educator', 'psychologist'] as const
const writers = readers
const configurers = ['administrator', 'director'] as const
const indicatorReaders = ['administrator', 'director', 'social_worker', 'analyst'] as const
const interview = { occurredAt: '2026-11-30T10:00:00+01:00', medium: 'office', note: 'Entretien au bureau' }
const hidesConfidential = (caller: Caller) =>
  caller === 'director' ? [] : [world.records.aConfidential, world.people.aConfidential, 'Paejienne']
/** Each writer needs a record of its own where a change can succeed only once (a status, a type). */
const typeFor = (caller: Caller) => world.types[writers.indexOf(caller as (typeof writers)[number]) + 1]!.id

describeRouteSecurity(
  'followup',
  world,
  ['/api/followup/types', '/api/followup/records', '/api/followup/worklist', '/api/followup/counts'],
  [
    {
      method: 'GET',
      route: '/api/followup/types',
      url: () => '/api/followup/types',
      expected: allow([...readers, 'administrator', 'analyst'], 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/followup/types',
      url: () => '/api/followup/types',
      body: (caller) =>
        caller === 'otherOrganisation'
          ? { items: [{ label: 'Type de B' }] }
          : { items: [...world.types, { label: `Ajouté par ${caller}` }] },
      expected: allow(configurers, 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/followup/types',
      label: "another organisation's type id",
      url: () => '/api/followup/types',
      // For A's callers the whole list, its first type renamed; for B, an id it does not hold.
      body: () => ({
        items: world.types.map((type, i) => (i === 0 ? { ...type, label: 'Détourné' } : type)),
      }),
      expected: allow(configurers, 200, 400),
    },
    {
      method: 'GET',
      route: '/api/followup/records',
      url: () => '/api/followup/records',
      expected: allow(readers, 200, 200),
      hides: hidesConfidential,
      shows: (caller) => (caller === 'otherOrganisation' ? [] : [world.records.a]),
    },
    {
      method: 'GET',
      route: '/api/followup/records',
      label: "a person's records",
      url: () => `/api/followup/records?personId=${world.people.a}`,
      expected: allow(readers, 200, 404),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['AUBERTIN']),
    },
    {
      method: 'GET',
      route: '/api/followup/records',
      label: 'confidential person',
      url: () => `/api/followup/records?personId=${world.people.aConfidential}`,
      expected: { ...allow(readers, 404, 404), director: 200 },
      hides: hidesConfidential,
    },
    {
      method: 'POST',
      route: '/api/followup/records',
      url: () => '/api/followup/records',
      body: (caller) => ({ personId: world.people.a, typeId: typeFor(caller) }),
      // B's user cannot name A's person or A's type: a field error, telling nothing more.
      expected: allow(writers, 201, 400),
    },
    {
      method: 'POST',
      route: '/api/followup/records',
      label: 'confidential person',
      url: () => '/api/followup/records',
      body: () => ({ personId: world.people.aConfidential, typeId: world.types[1]!.id }),
      expected: { ...allow(writers, 400, 400), director: 201 },
      hides: hidesConfidential,
    },
    {
      method: 'GET',
      route: '/api/followup/records/:id',
      url: () => `/api/followup/records/${world.records.a}`,
      expected: allow(readers, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/followup/records/:id',
      label: 'confidential team',
      url: () => `/api/followup/records/${world.records.aConfidential}`,
      expected: { ...allow(readers, 404, 404), director: 200 },
      hides: hidesConfidential,
    },
    {
      method: 'PATCH',
      route: '/api/followup/records/:id',
      url: () => `/api/followup/records/${world.records.a}`,
      body: (caller) => ({ exitPlan: `Projet revu par ${caller}` }),
      expected: allow(writers, 200, 404),
    },
    {
      method: 'PATCH',
      route: '/api/followup/records/:id',
      label: 'confidential team',
      url: () => `/api/followup/records/${world.records.aConfidential}`,
      body: () => ({ exitPlan: 'Modifié' }),
      expected: { ...allow(writers, 404, 404), director: 200 },
      hides: hidesConfidential,
    },
    {
      method: 'POST',
      route: '/api/followup/records/:id/status',
      url: () => `/api/followup/records/${world.records.a}`.concat('/status'),
      // Suspended by one writer, resumed by the next: each call is a real change.
      body: (caller) => ({
        status: writers.indexOf(caller as (typeof writers)[number]) % 2 === 0 ? 'suspended' : 'open',
      }),
      expected: allow(writers, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/followup/records/:id/status',
      label: 'confidential team',
      url: () => `/api/followup/records/${world.records.aConfidential}/status`,
      body: () => ({ status: 'suspended' }),
      expected: { ...allow(writers, 404, 404), director: 200 },
      hides: hidesConfidential,
    },
    {
      method: 'PUT',
      route: '/api/followup/records/:id/referents',
      url: () => `/api/followup/records/${world.records.a}/referents`,
      body: () => ({ userIds: [world.users.social_worker.id] }),
      expected: allow(writers, 200, 404),
    },
    {
      method: 'PUT',
      route: '/api/followup/records/:id/referents',
      label: "another organisation's user as referent",
      url: () => `/api/followup/records/${world.records.a}/referents`,
      body: () => ({ userIds: [world.users.otherOrganisation.id] }),
      expected: allow(writers, 400, 404),
    },
    {
      method: 'POST',
      route: '/api/followup/records/:id/goals',
      url: () => `/api/followup/records/${world.records.a}/goals`,
      body: (caller) => ({ label: `Objectif de ${caller}` }),
      expected: allow(writers, 201, 404),
    },
    {
      method: 'PATCH',
      route: '/api/followup/records/:id/goals/:goalId',
      url: () => `/api/followup/records/${world.records.a}/goals/${world.records.aGoal}`,
      body: () => ({ status: 'in_progress' }),
      expected: allow(writers, 200, 404),
    },
    {
      method: 'PATCH',
      route: '/api/followup/records/:id/goals/:goalId',
      label: 'confidential team',
      url: () => `/api/followup/records/${world.records.aConfidential}/goals/${world.records.aGoal}`,
      body: () => ({ status: 'in_progress' }),
      // The goal is not of that record: the director gets "not found" too.
      expected: allow(writers, 404, 404),
      hides: hidesConfidential,
    },
    {
      method: 'GET',
      route: '/api/followup/records/:id/interviews',
      url: () => `/api/followup/records/${world.records.a}/interviews`,
      expected: allow(readers, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/followup/records/:id/interviews',
      label: 'confidential team',
      url: () => `/api/followup/records/${world.records.aConfidential}/interviews`,
      expected: { ...allow(readers, 404, 404), director: 200 },
      hides: hidesConfidential,
    },
    {
      method: 'POST',
      route: '/api/followup/records/:id/interviews',
      url: () => `/api/followup/records/${world.records.a}/interviews`,
      body: () => interview,
      expected: allow(writers, 201, 404),
    },
    {
      method: 'POST',
      route: '/api/followup/records/:id/interviews',
      label: 'confidential team',
      url: () => `/api/followup/records/${world.records.aConfidential}/interviews`,
      body: () => interview,
      expected: { ...allow(writers, 404, 404), director: 201 },
      hides: hidesConfidential,
    },
    {
      method: 'PUT',
      route: '/api/followup/records/:id/interviews/:interviewId',
      url: () => `/api/followup/records/${world.records.a}/interviews/${world.interviews.a}`,
      body: () => ({ ...interview, note: 'Entretien au bureau, corrigé' }),
      // Its author alone: the director and the colleagues who read it are refused.
      expected: allow(['social_worker'], 200, 404),
    },
    {
      method: 'GET',
      route: '/api/followup/worklist',
      url: () => '/api/followup/worklist',
      // One's own worklist: B's user gets theirs, empty of A's records (checked by the markers).
      expected: allow(readers, 200, 200),
      hides: hidesConfidential,
    },
    {
      method: 'GET',
      route: '/api/followup/counts',
      url: () => '/api/followup/counts?from=2026-01-01&to=2026-12-31&groupBy=type,team',
      expected: allow(indicatorReaders, 200, 200),
      // Counts never carry a name or a file.
      hides: () => ['Aubertin', 'AUBERTIN', world.people.a],
    },
  ],
)
