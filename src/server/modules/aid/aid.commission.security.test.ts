import {
  allow,
  type Caller,
  describeRouteSecurity,
  type Expected,
  type SecurityWorld,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import type { Role } from '../../../shared/roles.ts'
import { createAidRequest, createAidType } from './aid.test-factories.ts'

/** Who reads the settings, who changes them, who runs sessions, who sits in the commission. */
const SETTINGS_READERS = [
  'administrator',
  'director',
  'social_worker',
  'educator',
  'commission_member',
] as const
const CONFIGURERS = ['administrator', 'director'] as const
const SECRETARIES = ['director'] as const
const SITTING = ['director', 'commission_member'] as const
/** Who reads aid requests, and so prints their decision letters. */
const AID_READERS = ['director', 'social_worker', 'educator'] as const
const today = todayInFrance()

/** A session of A: its callers get `ok`, the other organisation 404, as if absent. */
const record = (roles: readonly Role[], ok: number): Expected => allow(roles, ok, 404)

const world = setUpSecurityWorld(async (w: SecurityWorld) => {
  const { director, administrator } = w.clients
  const check = async (response: { statusCode: number; body: string; json: () => { id: string } }) => {
    if (response.statusCode >= 300) throw new Error(response.body)
    return response.json()
  }
  // One member present is enough here: the quorum has its own tests.
  await check(
    await administrator.put('/api/aid-settings', {
      quorum: 1,
      showNamesToCommission: false,
      budgetWarningPercent: 80,
    }),
  )
  const { id: aidTypeId } = await createAidType(w.ctx.db, w.orgA.id)
  const submitted = () =>
    createAidRequest(w.ctx.db, w.orgA.id, { personId: w.people.a, aidTypeId, status: 'submitted' })
  const member = w.users.commission_member.id
  const session = async (stage: 'planned' | 'open', requests: string[] = []) => {
    const { id } = await check(await director.post('/api/aid-sessions', { heldOn: today }))
    await check(await director.put(`/api/aid-sessions/${id}/members`, { userIds: [member] }))
    await check(await director.put(`/api/aid-sessions/${id}/attendance`, { presentUserIds: [member] }))
    if (requests.length)
      await check(await director.post(`/api/aid-sessions/${id}/agenda`, { requestIds: requests }))
    if (stage === 'open') await check(await director.post(`/api/aid-sessions/${id}/open`))
    return id as string
  }
  const planned = await session('planned', [await submitted()])
  const notInvited = (await check(await director.post('/api/aid-sessions', { heldOn: addDays(today, 7) }))).id
  const toPlace = await submitted()
  const toRemove = await submitted()
  const withRemovable = await session('planned', [toRemove])
  const toOpen = await session('planned')
  const toDecide = { director: await submitted(), commission_member: await submitted() } as Record<
    Caller,
    string
  >
  const deciding = await session('open', Object.values(toDecide))
  const toClose = await session('open')
  const closed = await session('open')
  await check(await director.post(`/api/aid-sessions/${closed}/close`, {}))
  const decided = await createAidRequest(w.ctx.db, w.orgA.id, {
    personId: w.people.a,
    aidTypeId,
    status: 'granted',
    grantedCents: 5000,
    channel: 'urgent',
  })
  return {
    closed,
    decided,
    planned,
    notInvited,
    toPlace,
    toRemove,
    withRemovable,
    toOpen,
    toDecide,
    deciding,
    toClose,
  }
})

describeRouteSecurity(
  'aid commission',
  world,
  ['/api/aid-settings', '/api/aid-sessions', '/api/aid-letters'],
  [
    {
      method: 'GET',
      route: '/api/aid-settings',
      url: () => '/api/aid-settings',
      expected: allow(SETTINGS_READERS, 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/aid-settings',
      url: () => '/api/aid-settings',
      body: () => ({ quorum: 1, showNamesToCommission: false, budgetWarningPercent: 80 }),
      expected: allow(CONFIGURERS, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/aid-sessions',
      url: () => '/api/aid-sessions',
      expected: allow(SITTING, 200, 200),
      // A member lists the sessions they sit in, not the others.
      shows: (caller) => (caller === 'otherOrganisation' ? [] : [world.planned]),
      hides: (caller) => (caller === 'commission_member' ? [world.notInvited] : []),
    },
    {
      method: 'POST',
      route: '/api/aid-sessions',
      url: () => '/api/aid-sessions',
      body: () => ({ heldOn: addDays(today, 30), startsAt: '09:30', place: 'Mairie' }),
      expected: allow(SECRETARIES, 201, 201),
    },
    {
      method: 'GET',
      route: '/api/aid-sessions/invitable-users',
      url: () => '/api/aid-sessions/invitable-users',
      expected: allow(SECRETARIES, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/aid-sessions/:id',
      url: () => `/api/aid-sessions/${world.planned}`,
      expected: record(SITTING, 200),
    },
    {
      method: 'GET',
      route: '/api/aid-sessions/:id',
      label: 'a session the member is not invited to',
      url: () => `/api/aid-sessions/${world.notInvited}`,
      expected: { ...record(SITTING, 200), commission_member: 404 },
    },
    {
      method: 'GET',
      route: '/api/aid-sessions/:id',
      label: 'an open session: the agenda without the applicant’s name',
      url: () => `/api/aid-sessions/${world.deciding}`,
      expected: record(SITTING, 200),
      hides: (caller) => (caller === 'commission_member' ? ['Aubertin', 'AUBERTIN', world.people.a] : []),
    },
    {
      method: 'PUT',
      route: '/api/aid-sessions/:id',
      url: () => `/api/aid-sessions/${world.planned}`,
      body: () => ({ heldOn: addDays(today, 1), startsAt: '10:00', place: 'Salle B' }),
      expected: record(SECRETARIES, 200),
    },
    {
      method: 'PUT',
      route: '/api/aid-sessions/:id/members',
      url: () => `/api/aid-sessions/${world.planned}/members`,
      body: () => ({ userIds: [world.users.commission_member.id] }),
      expected: record(SECRETARIES, 200),
    },
    {
      method: 'PUT',
      route: '/api/aid-sessions/:id/attendance',
      url: () => `/api/aid-sessions/${world.planned}/attendance`,
      body: () => ({ presentUserIds: [world.users.commission_member.id] }),
      expected: record(SECRETARIES, 200),
    },
    {
      method: 'GET',
      route: '/api/aid-sessions/:id/candidates',
      url: () => `/api/aid-sessions/${world.planned}/candidates`,
      expected: record(SECRETARIES, 200),
    },
    {
      method: 'POST',
      route: '/api/aid-sessions/:id/agenda',
      url: () => `/api/aid-sessions/${world.planned}/agenda`,
      body: () => ({ requestIds: [world.toPlace] }),
      expected: record(SECRETARIES, 200),
    },
    {
      method: 'DELETE',
      route: '/api/aid-sessions/:id/agenda/:requestId',
      url: () => `/api/aid-sessions/${world.withRemovable}/agenda/${world.toRemove}`,
      expected: record(SECRETARIES, 200),
    },
    {
      method: 'POST',
      route: '/api/aid-sessions/:id/open',
      url: () => `/api/aid-sessions/${world.toOpen}/open`,
      expected: record(SECRETARIES, 200),
    },
    {
      method: 'POST',
      route: '/api/aid-sessions/:id/decisions',
      url: () => `/api/aid-sessions/${world.deciding}/decisions`,
      body: (caller) => ({
        requestId: world.toDecide[caller] ?? world.toDecide.director,
        decision: 'refused',
        refusalMotif: 'not_eligible',
      }),
      expected: record(SITTING, 200),
    },
    {
      method: 'POST',
      route: '/api/aid-sessions/:id/close',
      url: () => `/api/aid-sessions/${world.toClose}/close`,
      body: () => ({ minutesNote: 'Séance close sans demande.' }),
      expected: record(SECRETARIES, 200),
    },
    {
      method: 'GET',
      route: '/api/aid-letters/sessions/:id/minutes',
      url: () => `/api/aid-letters/sessions/${world.closed}/minutes`,
      expected: record(SECRETARIES, 200),
    },
    {
      method: 'GET',
      route: '/api/aid-letters/requests/:id/decision',
      url: () => `/api/aid-letters/requests/${world.decided}/decision`,
      expected: record(AID_READERS, 200),
    },
  ],
)
