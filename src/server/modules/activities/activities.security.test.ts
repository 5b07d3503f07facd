import {
  allow,
  CALLERS,
  type Caller,
  describeRouteSecurity,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import type { Role } from '../../../shared/roles.ts'

async function created(response: { statusCode: number; body: string; json: () => { id: string } }) {
  if (response.statusCode !== 201) throw new Error(response.body)
  return response.json().id
}

const world = setUpSecurityWorld(async (w) => {
  const kindA = await created(
    await w.clients.administrator.post('/api/activity-kinds', { label: 'Action intergénérationnelle' }),
  )
  const kindB = await created(
    await w.clients.otherOrganisation.post('/api/activity-kinds', { label: 'Groupe de pères' }),
  )
  const activityA = await created(
    await w.clients.director.post('/api/activities', {
      kindId: kindA,
      title: 'Goûters Tilleuls',
      teamId: w.orgA.teamId,
      audience: 'seniors',
      placeKind: 'care_home',
    }),
  )
  // A session held with a person of the social team and one of the confidential PAEJ team.
  const sessionA = await created(
    await w.clients.director.post(`/api/activities/${activityA}/sessions`, { heldOn: '2026-01-10' }),
  )
  for (const personId of [w.people.a, w.people.aConfidential]) {
    await created(
      await w.clients.director.post(`/api/activity-sessions/${sessionA}/participants`, {
        personId,
        status: 'present',
      }),
    )
  }
  // Each caller writes to a session of their own, so that one caller's change does not meet another's.
  const sessions = {} as Record<Caller, string>
  for (const caller of CALLERS) {
    sessions[caller] = await created(
      await w.clients.director.post(`/api/activities/${activityA}/sessions`, { heldOn: '2026-02-03' }),
    )
  }
  return { kindA, kindB, activityA, sessionA, sessions }
})

/** Those who run activities read them; the front desk reads them to tell people. */
const READ: Role[] = [
  'director',
  'social_worker',
  'educator',
  'psychologist',
  'front_desk_agent',
  'volunteer_coordinator',
]
const MANAGE: Role[] = ['director', 'social_worker', 'educator', 'psychologist', 'volunteer_coordinator']
const CONFIGURE: Role[] = ['administrator', 'director']
/** The figure names no one: indicators' readers (administrator, analysts) read it too. */
const FIGURES: Role[] = [...READ, 'administrator', 'analyst']

const activityBody = (caller: Caller) => ({
  kindId: caller === 'otherOrganisation' ? world.kindB : world.kindA,
  title: 'Atelier mémoire',
  audience: 'seniors',
  placeKind: 'club',
})
/** The confidential file's name: only the director, of A's callers, may read it. */
const confidentialName = (caller: Caller) => (caller === 'director' ? [] : ['PAEJIENNE'])

describeRouteSecurity(
  'activities',
  world,
  ['/api/activity-kinds', '/api/activities', '/api/activity-sessions', '/api/activity-statistics'],
  [
    {
      method: 'GET',
      route: '/api/activity-kinds',
      url: () => '/api/activity-kinds',
      expected: allow(FIGURES, 200, 200),
    },
    {
      method: 'POST',
      route: '/api/activity-kinds',
      url: () => '/api/activity-kinds',
      body: (caller) => ({ label: `Type de ${caller}` }),
      expected: allow(CONFIGURE, 201, 201),
    },
    {
      method: 'PUT',
      route: '/api/activity-kinds/:id',
      url: () => `/api/activity-kinds/${world.kindA}`,
      body: () => ({ label: 'Action intergénérationnelle', active: true }),
      expected: allow(CONFIGURE, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/activities',
      url: () => '/api/activities',
      expected: allow(READ, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Goûters Tilleuls']),
    },
    {
      method: 'POST',
      route: '/api/activities',
      url: () => '/api/activities',
      body: activityBody,
      expected: allow(MANAGE, 201, 201),
    },
    {
      method: 'GET',
      route: '/api/activities/:id',
      url: () => `/api/activities/${world.activityA}`,
      expected: allow(READ, 200, 404),
    },
    {
      method: 'PUT',
      route: '/api/activities/:id',
      url: () => `/api/activities/${world.activityA}`,
      body: () => ({ ...activityBody('director'), title: 'Goûters Tilleuls', teamId: world.orgA.teamId }),
      expected: allow(MANAGE, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/activities/:id/sessions',
      url: () => `/api/activities/${world.activityA}/sessions`,
      expected: allow(READ, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/activities/:id/sessions',
      url: () => `/api/activities/${world.activityA}/sessions`,
      body: () => ({ heldOn: '2015-06-01', facilitators: ['Animatrice'] }),
      expected: allow(MANAGE, 201, 404),
    },
    {
      method: 'GET',
      route: '/api/activity-sessions/:id',
      url: () => `/api/activity-sessions/${world.sessionA}`,
      expected: allow(READ, 200, 404),
      shows: () => ['AUBERTIN'],
      hides: confidentialName,
    },
    {
      method: 'PUT',
      route: '/api/activity-sessions/:id',
      url: (caller) => `/api/activity-sessions/${world.sessions[caller]}`,
      body: () => ({ heldOn: '2026-02-04', startsAt: '14:00', endsAt: '16:00' }),
      expected: allow(MANAGE, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/activity-sessions/:id/participants',
      url: (caller) => `/api/activity-sessions/${world.sessions[caller]}/participants`,
      body: () => ({ personId: world.people.a }),
      expected: allow(MANAGE, 201, 404),
    },
    {
      method: 'PUT',
      route: '/api/activity-sessions/:id/participants/:personId',
      url: (caller) => `/api/activity-sessions/${world.sessions[caller]}/participants/${world.people.a}`,
      body: () => ({ status: 'present' }),
      expected: allow(MANAGE, 200, 404),
    },
    {
      method: 'DELETE',
      route: '/api/activity-sessions/:id/participants/:personId',
      url: (caller) => `/api/activity-sessions/${world.sessions[caller]}/participants/${world.people.a}`,
      expected: allow(MANAGE, 200, 404),
    },
    {
      method: 'PUT',
      route: '/api/activity-sessions/:id/counts',
      url: (caller) => `/api/activity-sessions/${world.sessions[caller]}/counts`,
      body: () => ({ counts: [{ category: 'seniors_care_home', count: 12 }] }),
      expected: allow(MANAGE, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/activity-statistics/participants',
      url: () => '/api/activity-statistics/participants?from=2026-01-01&to=2026-12-31',
      expected: allow(FIGURES, 200, 200),
      hides: () => ['AUBERTIN', 'PAEJIENNE'],
    },
  ],
)
