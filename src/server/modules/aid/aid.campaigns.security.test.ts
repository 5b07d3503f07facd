import {
  allow,
  CALLERS,
  type Caller,
  describeRouteSecurity,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import type { Role } from '../../../shared/roles.ts'

const today = todayInFrance()
const campaign = {
  label: 'Colis de fin d’année',
  opensOn: addDays(today, -10),
  closesOn: addDays(today, 20),
  minAge: 65,
}

const world = setUpSecurityWorld(async (w) => {
  const ok = async (response: { statusCode: number; body: string; json: () => Record<string, string> }) => {
    if (response.statusCode >= 300) throw new Error(response.body)
    return response.json()
  }
  const director = w.clients.director
  const open = (await ok(await director.post('/api/aid-campaigns', campaign))).id!
  const toClose = (await ok(await director.post('/api/aid-campaigns', { ...campaign, label: 'Cadeaux' }))).id!
  // The confidential team's file is registered too: only the director sees it on the list.
  await ok(
    await director.post(`/api/aid-campaigns/${open}/registrations`, {
      personId: w.people.aConfidential,
      channel: 'front_desk',
    }),
  )
  await ok(
    await director.post(`/api/aid-campaigns/${open}/registrations`, {
      personId: w.people.a,
      channel: 'seniors_line',
    }),
  )
  const person = async (lastName: string) =>
    (await ok(await director.post('/api/people', { lastName, teamId: w.orgA.teamId }))).id!
  const perCaller = {} as Record<Caller, { newcomer: string; cancel: string; received: string }>
  for (const caller of CALLERS) {
    const registration = async (lastName: string) =>
      (
        await ok(
          await director.post(`/api/aid-campaigns/${open}/registrations`, {
            personId: await person(lastName),
            channel: 'front_desk',
          }),
        )
      ).id!
    perCaller[caller] = {
      newcomer: await person('Nouveau'),
      cancel: await registration('Annulé'),
      received: await registration('Servi'),
    }
  }
  return { campaigns: { open, toClose }, perCaller }
})

const READ: Role[] = ['administrator', 'director', 'social_worker', 'front_desk_agent']
const CONFIGURE: Role[] = ['administrator', 'director']
const REGISTER: Role[] = ['director', 'social_worker', 'front_desk_agent']

describeRouteSecurity(
  'aid campaigns',
  world,
  ['/api/aid-campaigns'],
  [
    {
      method: 'GET',
      route: '/api/aid-campaigns',
      url: () => '/api/aid-campaigns',
      expected: allow(READ, 200, 200),
    },
    {
      method: 'POST',
      route: '/api/aid-campaigns',
      url: () => '/api/aid-campaigns',
      body: () => campaign,
      expected: allow(CONFIGURE, 201, 201),
    },
    {
      method: 'GET',
      route: '/api/aid-campaigns/:id',
      url: () => `/api/aid-campaigns/${world.campaigns.open}`,
      expected: allow(READ, 200, 404),
      // Counts only: no name on the campaign itself.
      hides: () => ['AUBERTIN', 'PAEJIENNE'],
    },
    {
      method: 'PUT',
      route: '/api/aid-campaigns/:id',
      url: () => `/api/aid-campaigns/${world.campaigns.open}`,
      body: () => campaign,
      expected: allow(CONFIGURE, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/aid-campaigns/:id/close',
      url: () => `/api/aid-campaigns/${world.campaigns.toClose}/close`,
      expected: allow(CONFIGURE, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/aid-campaigns/:id/registrations',
      url: () => `/api/aid-campaigns/${world.campaigns.open}/registrations?pageSize=200`,
      expected: allow(REGISTER, 200, 404),
      shows: () => ['AUBERTIN'],
      hides: (caller) => (caller === 'director' ? [] : ['PAEJIENNE']),
    },
    {
      method: 'GET',
      route: '/api/aid-campaigns/:id/registrations/file',
      url: () => `/api/aid-campaigns/${world.campaigns.open}/registrations/file`,
      expected: allow(REGISTER, 200, 404),
      shows: () => ['AUBERTIN'],
      hides: (caller) => (caller === 'director' ? [] : ['PAEJIENNE']),
    },
    {
      method: 'GET',
      route: '/api/aid-campaigns/:id/registrations/pdf',
      url: () => `/api/aid-campaigns/${world.campaigns.open}/registrations/pdf?status=registered`,
      expected: allow(REGISTER, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/aid-campaigns/:id/registrations',
      url: () => `/api/aid-campaigns/${world.campaigns.open}/registrations`,
      body: (caller) => ({ personId: world.perCaller[caller].newcomer, channel: 'seniors_line' }),
      expected: allow(REGISTER, 201, 404),
    },
    {
      method: 'POST',
      route: '/api/aid-campaigns/:id/registrations',
      label: 'file of a confidential team',
      url: () => `/api/aid-campaigns/${world.campaigns.open}/registrations`,
      body: () => ({ personId: world.people.aConfidential, channel: 'front_desk' }),
      // The director finds them registered already; the others do not know the file.
      expected: { ...allow(REGISTER, 400, 404), director: 409 },
      codes: { 400: 'VALIDATION_FAILED', 409: 'ALREADY_REGISTERED' },
    },
    {
      method: 'POST',
      route: '/api/aid-campaigns/registrations/:id/cancel',
      url: (caller) => `/api/aid-campaigns/registrations/${world.perCaller[caller].cancel}/cancel`,
      expected: allow(REGISTER, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/aid-campaigns/registrations/:id/received',
      url: (caller) => `/api/aid-campaigns/registrations/${world.perCaller[caller].received}/received`,
      body: () => ({ delivery: 'collected' }),
      expected: allow(REGISTER, 200, 404),
    },
  ],
)
