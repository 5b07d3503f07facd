import {
  allow,
  CALLERS,
  type Caller,
  describeRouteSecurity,
  type Expected,
  same,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import type { Role } from '../../../shared/roles.ts'

const HOUR = 3600_000
const DAY = 24 * HOUR
/**
 * A distinct hour for each caller and purpose, so that no booking clashes with another: each purpose
 * has two days of its own, room for 24 callers of two hours each.
 */
const at = (day: number, caller: Caller, extra = 0) =>
  new Date(
    Math.floor(Date.now() / HOUR) * HOUR + day * 2 * DAY + (CALLERS.indexOf(caller) * 2 + extra) * HOUR,
  ).toISOString()

const world = setUpSecurityWorld(async (w) => {
  const ok = async (response: { statusCode: number; body: string; json: () => Record<string, string> }) => {
    if (response.statusCode >= 300) throw new Error(response.body)
    return response.json()
  }
  const worker = w.users.social_worker.id
  const director = w.clients.director
  const booking = async (caller: Caller, day: number, extra: object = {}) =>
    (
      await ok(
        await director.post('/api/appointments', {
          personId: w.people.a,
          professionalId: worker,
          teamId: w.orgA.teamId,
          startsAt: at(day, caller),
          endsAt: at(day, caller, 1),
          ...extra,
        }),
      )
    ).id!
  const appointments = {} as Record<Caller, string>
  const slots = {} as Record<Caller, string>
  for (const caller of CALLERS) {
    appointments[caller] = await booking(caller, 20)
    slots[caller] = (
      await ok(
        await w.clients.social_worker.post('/api/appointments/slots', {
          startsAt: at(30, caller),
          endsAt: at(30, caller, 1),
        }),
      )
    ).id!
  }
  const confidential = (
    await ok(
      await director.post('/api/appointments', {
        personId: w.people.aConfidential,
        professionalId: worker,
        teamId: w.orgA.confidentialTeamId,
        startsAt: at(21, 'director'),
        endsAt: at(21, 'director', 1),
      }),
    )
  ).id!
  const feed = await ok(await w.clients.social_worker.post('/api/appointments/feed'))
  return {
    appointments,
    slots,
    confidential,
    feedPath: feed.url!.replace(/^https?:\/\/[^/]+/, ''),
    professionalOfB: w.users.otherOrganisation.id,
  }
})

const READERS: Role[] = ['director', 'social_worker', 'educator', 'psychologist', 'front_desk_agent', 'nurse']
const WRITERS = READERS
const confidential = (roles: Role[], ok: number, others: number): Expected => {
  const expected = allow(roles, ok, 404)
  for (const role of roles) if (role !== 'director') expected[role] = others
  return expected
}
const bookingBody = (caller: Caller) =>
  caller === 'otherOrganisation'
    ? {
        personId: world.people.b,
        professionalId: world.professionalOfB,
        startsAt: at(40, caller),
        endsAt: at(40, caller, 1),
      }
    : {
        personId: world.people.a,
        professionalId: world.users.social_worker.id,
        startsAt: at(40, caller),
        endsAt: at(40, caller, 1),
        bookedFrom: 'front_desk',
      }

describeRouteSecurity(
  'appointments',
  world,
  ['/api/appointments', '/api/public/calendar'],
  [
    {
      method: 'POST',
      route: '/api/appointments',
      url: () => '/api/appointments',
      body: bookingBody,
      expected: allow(WRITERS, 201, 201),
    },
    {
      method: 'POST',
      route: '/api/appointments',
      label: 'person of a confidential team',
      url: () => '/api/appointments',
      body: (caller) => ({
        ...bookingBody(caller),
        personId: world.people.aConfidential,
        startsAt: at(50, caller),
        endsAt: at(50, caller, 1),
      }),
      // Another organisation's person is an unknown one, a field error like any other.
      expected: { ...confidential(WRITERS, 201, 400), otherOrganisation: 400 },
      codes: { 400: 'VALIDATION_FAILED' },
    },
    {
      method: 'GET',
      route: '/api/appointments',
      url: () => `/api/appointments?personId=${world.people.a}`,
      expected: allow(READERS, 200, 404),
      shows: () => ['Aubertin'.toUpperCase()],
    },
    {
      method: 'GET',
      route: '/api/appointments',
      label: 'person of a confidential team',
      url: () => `/api/appointments?personId=${world.people.aConfidential}`,
      expected: confidential(READERS, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/appointments/week',
      url: () =>
        `/api/appointments/week?professionalId=${world.users.social_worker.id}&day=${at(20, 'director').slice(0, 10)}`,
      expected: allow(READERS, 200, 404),
      hides: (caller) => (caller === 'director' ? [] : ['PAEJIENNE']),
    },
    {
      method: 'GET',
      route: '/api/appointments/professionals',
      url: () => '/api/appointments/professionals',
      expected: allow(READERS, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/appointments/counts',
      url: () => '/api/appointments/counts?from=2026-01-01&to=2030-12-31',
      expected: allow(['administrator', 'director', 'social_worker', 'analyst'], 200, 200),
      hides: () => ['AUBERTIN', 'Aubertin'],
    },
    {
      method: 'POST',
      route: '/api/appointments/slots',
      url: () => '/api/appointments/slots',
      body: (caller) => ({ startsAt: at(60, caller), endsAt: at(60, caller, 1) }),
      // The front desk receives nobody by appointment: it opens no slot of its own.
      expected: { ...allow(WRITERS, 201, 201), front_desk_agent: 400 },
      codes: { 400: 'VALIDATION_FAILED' },
    },
    {
      method: 'DELETE',
      route: '/api/appointments/slots/:id',
      url: (caller) => `/api/appointments/slots/${world.slots[caller]}`,
      expected: { ...allow(WRITERS, 404, 404), director: 200, social_worker: 200 },
    },
    // The secret link, before the rows below renew and revoke it.
    {
      method: 'GET',
      route: '/api/public/calendar.ics',
      label: 'the secret link: times and places, no name',
      url: () => world.feedPath,
      expected: same(200),
      hides: () => ['AUBERTIN', 'Aubertin', 'PAEJIENNE', 'Paejienne'],
      shows: () => ['BEGIN:VEVENT'],
    },
    {
      method: 'GET',
      route: '/api/public/calendar.ics',
      label: 'an unknown link',
      url: () => '/api/public/calendar.ics?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      expected: same(404),
    },
    {
      method: 'GET',
      route: '/api/appointments/feed',
      url: () => '/api/appointments/feed',
      expected: allow(READERS, 200, 200),
    },
    {
      method: 'POST',
      route: '/api/appointments/feed',
      label: 'renewed by each caller for themselves',
      url: () => '/api/appointments/feed',
      expected: allow(READERS, 200, 200),
    },
    {
      method: 'DELETE',
      route: '/api/appointments/feed',
      url: () => '/api/appointments/feed',
      expected: allow(READERS, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/appointments/:id',
      url: (caller) => `/api/appointments/${world.appointments[caller]}`,
      expected: allow(READERS, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/appointments/:id',
      label: 'confidential team',
      url: () => `/api/appointments/${world.confidential}`,
      expected: confidential(READERS, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/appointments/:id/status',
      url: (caller) => `/api/appointments/${world.appointments[caller]}/status`,
      body: () => ({ status: 'excused' }),
      expected: allow(WRITERS, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/appointments/:id/status',
      label: 'confidential team',
      url: () => `/api/appointments/${world.confidential}/status`,
      body: () => ({ status: 'cancelled' }),
      expected: confidential(WRITERS, 200, 404),
    },
  ],
)
