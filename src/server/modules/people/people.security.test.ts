import {
  allow,
  CALLERS,
  type Caller,
  describeRouteSecurity,
  type Expected,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { ROLES } from '../../../shared/roles.ts'

const world = setUpSecurityWorld(async (w) => {
  const worker = w.clients.social_worker
  const created = async (body: object) => (await worker.post('/api/people', body)).json().id as string
  const household = await worker.post('/api/households', {
    members: [{ personId: w.people.a, relationship: 'head' }],
  })
  // One merge per caller, so that each allowed caller has one of its own to undo.
  const mergeIds = {} as Record<Caller, string>
  for (const caller of CALLERS) {
    const kept = await created({ lastName: 'Fusionné', firstNames: caller })
    const duplicate = await created({ lastName: 'Fusione', firstNames: caller })
    const merged = await worker.post(`/api/people/${kept}/merge`, { mergedPersonId: duplicate })
    mergeIds[caller] = merged.json().items[0].id
  }
  // Likely duplicates: an ordinary pair, and a pair of the confidential PAEJ team.
  for (let i = 0; i < 2; i++) {
    await created({ lastName: 'Doublonnette', firstNames: 'Anne', birthDate: '1971-02-03' })
    await w.clients.director.post('/api/people', {
      lastName: 'Paejiennette',
      firstNames: 'Lou',
      birthDate: '2008-04-05',
      teamId: w.orgA.confidentialTeamId,
    })
  }
  // A pair set aside as « not the same people » for each caller who may undo one (the others are refused
  // before any lookup); its files archived, out of the recent files other rows read.
  const dismissalIds = {} as Record<Caller, string>
  const setAside: string[] = []
  for (const caller of ['director', 'social_worker'] as const) {
    const pair = [
      await created({ lastName: 'Écartée', firstNames: caller, birthDate: '1970-01-01' }),
      await created({ lastName: 'Ecartee', firstNames: caller, birthDate: '1970-01-01' }),
    ]
    setAside.push(...pair)
    dismissalIds[caller] = (
      await worker.post('/api/people/duplicates/dismissals', { personIds: pair })
    ).json().id
  }
  for (const caller of CALLERS) dismissalIds[caller] ??= dismissalIds.social_worker
  // An archived file (the retention sweeper's archive) per caller, so each reactivation finds one.
  const archived = {} as Record<Caller, string>
  for (const caller of CALLERS) {
    archived[caller] = await created({ lastName: 'Archivée', firstNames: caller })
  }
  await w.ctx.db
    .updateTable('people')
    .set({ status: 'archived' })
    .where('id', 'in', [...Object.values(archived), ...setAside])
    .execute()
  return { householdId: household.json().id as string, mergeIds, archived, dismissalIds }
})

/** Who may find archived files and bring one back: the desk where the person returns, the caseworkers. */
const reactivators = ['director', 'social_worker', 'front_desk_agent'] as const

const readers = [
  'director',
  'social_worker',
  'educator',
  'psychologist',
  'front_desk_agent',
  'outreach_agent',
  'nurse',
  'doctor',
  'volunteer_coordinator',
] as const
const caseworkers = ['director', 'social_worker'] as const
const writers = [
  'director',
  'social_worker',
  'educator',
  'front_desk_agent',
  'outreach_agent',
  'nurse',
  'volunteer_coordinator',
] as const

/** A file of the confidential PAEJ team: only the director among A's callers belongs to who may see it. */
function confidential(allowed: readonly Caller[], ok: number): Expected {
  const expected = allow(allowed as typeof readers, ok, 404)
  for (const role of ROLES) if (expected[role] === ok && role !== 'director') expected[role] = 404
  return expected
}
/** A's readers find A's ordinary file; the director also finds the confidential one. */
const showsOwn = (caller: Caller) =>
  caller === 'otherOrganisation'
    ? ['Zéphyrin']
    : ['Aubertin', ...(caller === 'director' ? ['Paejienne'] : [])]
/** Outside the PAEJ team and not director: the confidential file must not show, not even its name. */
const hidesConfidential = (caller: Caller) =>
  caller === 'director' ? [] : [world.people.aConfidential, 'Paejienne']

describeRouteSecurity(
  'people',
  world,
  ['/api/people', '/api/households$', '/api/households/:id$'],
  [
    {
      method: 'GET',
      route: '/api/people',
      url: () => '/api/people',
      expected: allow(readers, 200, 200),
      hides: hidesConfidential,
      shows: showsOwn,
    },
    {
      method: 'GET',
      route: '/api/people',
      label: 'searched by name',
      url: () => '/api/people?q=Paejienne',
      expected: allow(readers, 200, 200),
      hides: hidesConfidential,
      shows: (caller) => (caller === 'director' ? ['Paejienne'] : []),
    },
    {
      method: 'GET',
      route: '/api/people',
      label: 'archived files out of a search',
      url: () => '/api/people?q=Archivée',
      expected: allow(readers, 200, 200),
      hides: () => ['Archivée'],
    },
    {
      method: 'GET',
      route: '/api/people',
      label: 'archived files asked for',
      url: () => '/api/people?q=Archivée&includeArchived=true',
      expected: allow(reactivators, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Archivée']),
    },
    {
      method: 'POST',
      route: '/api/people/:id/reactivate',
      url: (caller) => `/api/people/${world.archived[caller]}/reactivate`,
      expected: allow(reactivators, 200, 404),
    },
    {
      method: 'PATCH',
      route: '/api/people/:id',
      label: 'archived file',
      url: () => `/api/people/${world.archived.anonymous}`,
      body: () => ({ usageName: 'Réécrite' }),
      expected: allow(writers, 409, 404),
    },
    {
      method: 'GET',
      route: '/api/people/likely-duplicates',
      url: () => '/api/people/likely-duplicates?lastName=Aubertin',
      expected: allow(readers, 200, 200),
      hides: hidesConfidential,
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Aubertin']),
    },
    {
      method: 'GET',
      route: '/api/people/likely-duplicates',
      label: 'confidential name',
      url: () => '/api/people/likely-duplicates?lastName=Paejienne',
      expected: allow(readers, 200, 200),
      hides: hidesConfidential,
      shows: (caller) => (caller === 'director' ? ['Paejienne'] : []),
    },
    {
      method: 'GET',
      route: '/api/people/likely-duplicates',
      label: "organisation B's name",
      url: () => '/api/people/likely-duplicates?lastName=Zephyrin',
      expected: allow(readers, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? ['Zéphyrin'] : []),
    },
    {
      method: 'POST',
      route: '/api/people',
      url: () => '/api/people',
      body: (caller) => ({ lastName: `Créé par ${caller}` }),
      expected: allow(writers, 201, 201),
    },
    {
      method: 'GET',
      route: '/api/people/:id',
      url: () => `/api/people/${world.people.a}`,
      expected: allow(readers, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/people/:id',
      label: 'confidential team',
      url: () => `/api/people/${world.people.aConfidential}`,
      expected: confidential(readers, 200),
      hides: hidesConfidential,
    },
    {
      method: 'PATCH',
      route: '/api/people/:id',
      url: () => `/api/people/${world.people.a}`,
      body: () => ({ usageName: 'Aubertin-Martin' }),
      expected: allow(writers, 200, 404),
    },
    {
      method: 'PATCH',
      route: '/api/people/:id',
      label: 'confidential team',
      url: () => `/api/people/${world.people.aConfidential}`,
      body: () => ({ firstNames: 'Camille' }),
      expected: confidential(writers, 200),
      hides: hidesConfidential,
    },
    {
      method: 'GET',
      route: '/api/people/:id/timeline',
      url: () => `/api/people/${world.people.a}/timeline`,
      expected: allow(readers, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/people/:id/timeline',
      label: 'confidential team',
      url: () => `/api/people/${world.people.aConfidential}/timeline`,
      expected: confidential(readers, 200),
      hides: hidesConfidential,
    },
    {
      method: 'GET',
      route: '/api/people/:id/consents',
      url: () => `/api/people/${world.people.a}/consents`,
      expected: allow(readers, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/people/:id/consents',
      url: () => `/api/people/${world.people.a}/consents`,
      body: () => ({ scope: 'data_processing', given: true, givenOn: '2026-11-02' }),
      expected: allow(writers, 201, 404),
    },
    {
      method: 'POST',
      route: '/api/people/:id/consents',
      label: 'confidential team',
      url: () => `/api/people/${world.people.aConfidential}/consents`,
      body: () => ({ scope: 'data_processing', given: true, givenOn: '2026-11-02' }),
      expected: confidential(writers, 201),
      hides: hidesConfidential,
    },
    {
      method: 'GET',
      route: '/api/people/duplicates',
      url: () => '/api/people/duplicates',
      expected: allow(caseworkers, 200, 200),
      hides: (caller) =>
        caller === 'otherOrganisation'
          ? ['Doublonnette', 'Paejiennette']
          : caller === 'director'
            ? []
            : ['Paejiennette'],
      shows: (caller) =>
        caller === 'otherOrganisation'
          ? []
          : ['Doublonnette', ...(caller === 'director' ? ['Paejiennette'] : [])],
    },
    {
      method: 'GET',
      route: '/api/people/:id/merges',
      url: () => `/api/people/${world.people.a}/merges`,
      expected: allow(readers, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/people/duplicates/dismissals',
      url: () => '/api/people/duplicates/dismissals',
      expected: allow(caseworkers, 200, 200),
      hides: (caller) => (caller === 'otherOrganisation' ? ['Écartée'] : []),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Écartée']),
    },
    {
      method: 'POST',
      route: '/api/people/duplicates/dismissals',
      url: () => '/api/people/duplicates/dismissals',
      body: async (caller) => {
        const file = async (lastName: string) =>
          (
            await world.clients.social_worker.post('/api/people', {
              lastName,
              firstNames: caller,
              birthDate: '1971-01-01',
            })
          ).json().id
        return { personIds: [await file('Distincte'), await file('Distincté')] }
      },
      expected: allow(caseworkers, 201, 404),
    },
    {
      method: 'POST',
      route: '/api/people/duplicates/dismissals',
      label: 'confidential file',
      url: () => '/api/people/duplicates/dismissals',
      body: () => ({ personIds: [world.people.a, world.people.aConfidential] }),
      // Only the director may see the PAEJ file; for anyone else it does not exist.
      expected: { ...allow(caseworkers, 404, 404), director: 201 },
      hides: hidesConfidential,
    },
    {
      method: 'POST',
      route: '/api/people/duplicates/dismissals/:id/undo',
      url: (caller) => `/api/people/duplicates/dismissals/${world.dismissalIds[caller]}/undo`,
      expected: allow(caseworkers, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/people/:id/merge',
      url: () => `/api/people/${world.people.a}/merge`,
      body: async (caller) => ({
        mergedPersonId: (
          await world.clients.social_worker.post('/api/people', { lastName: 'Aubertain', firstNames: caller })
        ).json().id,
      }),
      expected: allow(caseworkers, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/people/:id/merge',
      label: 'confidential duplicate',
      url: () => `/api/people/${world.people.a}/merge`,
      body: () => ({ mergedPersonId: world.people.aConfidential }),
      // Only the director may see the PAEJ file; for anyone else it does not exist.
      expected: { ...allow(caseworkers, 400, 404), director: 200 },
      hides: hidesConfidential,
    },
    {
      method: 'POST',
      route: '/api/people/merges/:id/undo',
      url: (caller) => `/api/people/merges/${world.mergeIds[caller]}/undo`,
      expected: allow(caseworkers, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/people/:id/export.json',
      url: () => `/api/people/${world.people.a}/export.json`,
      expected: allow(caseworkers, 200, 404),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Aubertin']),
    },
    {
      method: 'GET',
      route: '/api/people/:id/export.json',
      label: 'confidential team',
      url: () => `/api/people/${world.people.aConfidential}/export.json`,
      expected: confidential(caseworkers, 200),
      hides: hidesConfidential,
    },
    {
      method: 'GET',
      route: '/api/people/:id/export.pdf',
      url: () => `/api/people/${world.people.a}/export.pdf`,
      expected: allow(caseworkers, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/households',
      url: () => '/api/households',
      body: async (caller) => {
        const client =
          caller === 'otherOrganisation' ? world.clients.otherOrganisation : world.clients.social_worker
        const person = await client.post('/api/people', { lastName: 'Foyer', firstNames: caller })
        return { members: [{ personId: person.json().id, relationship: 'head' }] }
      },
      expected: allow(writers, 201, 201),
    },
    {
      method: 'POST',
      route: '/api/households',
      label: "another organisation's person",
      url: () => '/api/households',
      body: (caller) => ({
        members: [
          {
            personId: caller === 'otherOrganisation' ? world.people.a : world.people.b,
            relationship: 'head',
          },
        ],
      }),
      expected: allow(writers, 400, 400),
    },
    {
      method: 'GET',
      route: '/api/households/:id',
      url: () => `/api/households/${world.householdId}`,
      expected: allow(readers, 200, 404),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['AUBERTIN']),
    },
    {
      method: 'PUT',
      route: '/api/households/:id',
      url: () => `/api/households/${world.householdId}`,
      body: () => ({ city: 'Saint-Étienne', members: [{ personId: world.people.a, relationship: 'head' }] }),
      expected: allow(writers, 200, 404),
    },
  ],
)
