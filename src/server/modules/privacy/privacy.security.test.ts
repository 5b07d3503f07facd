import {
  allow,
  type Caller,
  describeRouteSecurity,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'

// Privacy: the DPO (and the director, the administrator for the periods) reads the retention rules,
// the sweeper's preview and reports, and places holds; nobody of another organisation reaches A's.
const world = setUpSecurityWorld(async (w) => {
  const fileNumberOf = async (id: string) =>
    (await w.clients.director.get(`/api/people/${id}`)).json().fileNumber
  const fileNumbers = { a: await fileNumberOf(w.people.a) }
  // A hold of organisation A per caller allowed to release one, so each release finds one in force.
  const holds: Partial<Record<Caller, string>> = {}
  for (const caller of ['dpo', 'director', 'otherOrganisation', 'social_worker'] as const) {
    const placed = await w.clients.dpo.post('/api/privacy/holds', {
      fileNumber: fileNumbers.a,
      reason: `Contentieux ${caller}`,
      reviewOn: addDays(todayInFrance(), 60),
    })
    if (placed.statusCode !== 201) throw new Error(placed.body)
    holds[caller] = placed.json().id
  }
  // A request of organisation A per caller allowed to extend and answer one.
  const requests: Partial<Record<Caller, string>> = {}
  for (const caller of ['dpo', 'director', 'otherOrganisation', 'social_worker'] as const) {
    const created = await w.clients.dpo.post('/api/privacy/requests', {
      kind: 'access',
      receivedOn: todayInFrance(),
      requester: `Requérant ${caller}`,
      fileNumber: fileNumbers.a,
    })
    if (created.statusCode !== 201) throw new Error(created.body)
    requests[caller] = created.json().id
  }
  return { fileNumbers, holds, requests }
})

const readers = ['administrator', 'director', 'dpo'] as const
const holders = ['director', 'dpo'] as const
const configurers = ['administrator', 'dpo'] as const
const registrars = ['director', 'dpo'] as const
// The unusual-reading alerts go to the director and the DPO, like the requests register.
const requestOf = (caller: Caller) => world.requests[caller] ?? world.requests.social_worker

describeRouteSecurity(
  'privacy',
  world,
  ['/api/privacy'],
  [
    {
      method: 'GET',
      route: '/api/privacy/retention-rules',
      url: () => '/api/privacy/retention-rules',
      expected: allow(readers, 200, 200),
      shows: () => ['person_file'],
    },
    {
      method: 'PUT',
      route: '/api/privacy/retention-rules/:kind',
      url: () => '/api/privacy/retention-rules/report_reporter',
      body: () => ({ activeMonths: 3, archiveMonths: 0 }),
      expected: allow(configurers, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/privacy/preview',
      url: () => '/api/privacy/preview',
      expected: allow(readers, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/privacy/runs',
      url: () => '/api/privacy/runs',
      expected: allow(readers, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/privacy/holds',
      url: () => '/api/privacy/holds',
      expected: allow(readers, 200, 200),
      // A hold names the file by its number, never the person.
      hides: () => ['Aubertin'],
      shows: (caller) => (caller === 'otherOrganisation' ? [] : [world.fileNumbers.a]),
    },
    {
      method: 'POST',
      route: '/api/privacy/holds',
      url: () => '/api/privacy/holds',
      body: () => ({
        fileNumber: world.fileNumbers.a,
        reason: 'Demande d’accès en cours',
        reviewOn: addDays(todayInFrance(), 30),
      }),
      // File numbers count per organisation: B's user naming the same number holds B's own file.
      expected: allow(holders, 201, 201),
      shows: (caller) => (caller === 'otherOrganisation' ? [world.people.b] : [world.people.a]),
    },
    {
      method: 'POST',
      route: '/api/privacy/holds/:id/release',
      url: (caller) => `/api/privacy/holds/${world.holds[caller] ?? world.holds.social_worker}/release`,
      expected: allow(holders, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/privacy/requests',
      url: () => '/api/privacy/requests',
      expected: allow(registrars, 200, 200),
      // The register names who asked: A's requesters never reach B.
      hides: (caller) => (caller === 'otherOrganisation' ? ['Requérant'] : []),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Requérant dpo']),
    },
    {
      method: 'POST',
      route: '/api/privacy/requests',
      url: () => '/api/privacy/requests',
      body: () => ({ kind: 'objection', receivedOn: todayInFrance(), requester: 'Mme Opposante' }),
      expected: allow(registrars, 201, 201),
    },
    {
      method: 'POST',
      route: '/api/privacy/requests/:id/extend',
      url: (caller) => `/api/privacy/requests/${requestOf(caller)}/extend`,
      body: () => ({ reason: 'Demande complexe' }),
      expected: allow(registrars, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/privacy/requests/:id/answer',
      url: (caller) => `/api/privacy/requests/${requestOf(caller)}/answer`,
      body: () => ({ answeredOn: todayInFrance(), outcome: 'granted' }),
      expected: allow(registrars, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/privacy/reading-alerts',
      url: () => '/api/privacy/reading-alerts',
      expected: allow(registrars, 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/privacy/reading-alerts/settings',
      url: () => '/api/privacy/reading-alerts/settings',
      body: () => ({ filesPerHour: 40 }),
      expected: allow(configurers, 200, 200),
    },
  ],
)
