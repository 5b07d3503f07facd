import {
  allow,
  type Caller,
  describeRouteSecurity,
  type Expected,
  type SecurityWorld,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'

/** Who reads domiciliations, who instructs them, who decides (the director by default), who sets them up. */
const READERS = ['director', 'social_worker', 'educator'] as const
const INSTRUCTORS = ['director', 'social_worker'] as const
const DECIDERS = ['director'] as const
const CONFIGURERS = ['administrator', 'director'] as const
const today = todayInFrance()

/** A period of A: its callers get `ok`, the other organisation 404, as if absent. */
const record = (roles: readonly Caller[], ok: number): Expected => allow(roles as never, ok, 404)

const world = setUpSecurityWorld(async (w: SecurityWorld) => {
  const { director, social_worker: worker } = w.clients
  const person = async (lastName: string, teamId = w.orgA.teamId) => {
    const response = await director.post('/api/people', { lastName, teamId })
    if (response.statusCode !== 201) throw new Error(response.body)
    return response.json().id as string
  }
  const check = async (response: { statusCode: number; body: string; json: () => { id: string } }) => {
    if (response.statusCode >= 300) throw new Error(response.body)
    return response.json()
  }
  /** A period of a new person of A, taken to `stage`. */
  const period = async (stage: 'instruction' | 'awaiting' | 'granted', teamId?: string) => {
    const personId = await person('Domicilie', teamId)
    const { id } = await check(
      await director.post('/api/domiciliations', { personId, requestedOn: addDays(today, -3) }),
    )
    if (stage === 'instruction') return id
    await check(
      await director.put(`/api/domiciliations/${id}/instruction`, {
        interviewOn: addDays(today, -2),
        communeLink: 'residence',
      }),
    )
    await check(await director.post(`/api/domiciliations/${id}/submit`))
    if (stage === 'awaiting') return id
    await check(
      await director.post(`/api/domiciliations/${id}/decisions`, { decision: 'granted', startOn: today }),
    )
    return id
  }
  const { id: periodA } = await check(
    await worker.post('/api/domiciliations', { personId: w.people.a, requestedOn: addDays(today, -3) }),
  )
  const confidential = await period('instruction', w.orgA.confidentialTeamId)
  const toSubmit = {} as Record<Caller, string>
  for (const caller of INSTRUCTORS) toSubmit[caller] = await period('instruction')
  const newPerson = {} as Record<Caller, string>
  for (const caller of INSTRUCTORS) newPerson[caller] = await person('Nouvelle')
  const toDecide = await period('awaiting')
  const toUndo = await period('granted')
  const undoDecision = (await director.get(`/api/domiciliations/${toUndo}`)).json().decisions[0].id as string
  const toRadiate = await period('granted')
  return { periodA, confidential, toSubmit, newPerson, toDecide, toUndo, undoDecision, toRadiate }
})

describeRouteSecurity(
  'domiciliation workflow',
  world,
  ['/api/domiciliations', '/api/domiciliation-settings'],
  [
    {
      method: 'GET',
      route: '/api/domiciliations',
      url: () => `/api/domiciliations?personId=${world.people.a}`,
      expected: record(READERS, 200),
      shows: () => [world.periodA],
    },
    {
      method: 'GET',
      route: '/api/domiciliations',
      label: 'a person of a confidential team',
      url: () => `/api/domiciliations?personId=${world.people.aConfidential}`,
      expected: { ...record(READERS, 404), director: 200 },
    },
    {
      method: 'POST',
      route: '/api/domiciliations',
      url: () => '/api/domiciliations',
      body: (caller) => ({
        personId:
          caller === 'otherOrganisation' ? world.people.b : (world.newPerson[caller] ?? world.people.a),
        requestedOn: today,
      }),
      expected: allow(INSTRUCTORS, 201, 201),
    },
    {
      method: 'POST',
      route: '/api/domiciliations',
      label: 'for a person of another organisation',
      url: () => '/api/domiciliations',
      body: () => ({ personId: world.people.a, requestedOn: today }),
      // A's instructors are told a request is already open; B's that the person is unknown.
      expected: allow(INSTRUCTORS, 400, 400),
      codes: { 400: 'VALIDATION_FAILED' },
    },
    {
      method: 'GET',
      route: '/api/domiciliations/radiation-candidates',
      url: () => '/api/domiciliations/radiation-candidates',
      expected: allow(READERS, 200, 200),
    },
    {
      method: 'POST',
      route: '/api/domiciliations/radiations',
      url: () => '/api/domiciliations/radiations',
      body: () => ({ ids: [world.toRadiate], motif: 'own_request', radiatedOn: today }),
      // B's decider is told A's period is unknown, as if absent.
      expected: allow(DECIDERS, 200, 400),
      codes: { 400: 'VALIDATION_FAILED' },
    },
    {
      method: 'GET',
      route: '/api/domiciliations/:id',
      url: () => `/api/domiciliations/${world.periodA}`,
      expected: record(READERS, 200),
    },
    {
      method: 'GET',
      route: '/api/domiciliations/:id',
      label: 'of a confidential team',
      url: () => `/api/domiciliations/${world.confidential}`,
      expected: { ...record(READERS, 404), director: 200 },
    },
    {
      method: 'PUT',
      route: '/api/domiciliations/:id/instruction',
      url: () => `/api/domiciliations/${world.periodA}/instruction`,
      body: () => ({ interviewOn: today, communeLink: 'family' }),
      expected: record(INSTRUCTORS, 200),
    },
    {
      method: 'POST',
      route: '/api/domiciliations/:id/submit',
      url: (caller) => `/api/domiciliations/${world.toSubmit[caller] ?? world.periodA}/submit`,
      // Submitted without its interview: the allowed callers are told what is missing.
      expected: record(INSTRUCTORS, 400),
      codes: { 400: 'VALIDATION_FAILED' },
    },
    {
      method: 'PUT',
      route: '/api/domiciliations/:id/beneficiaries',
      url: () => `/api/domiciliations/${world.periodA}/beneficiaries`,
      body: () => ({ personIds: [] }),
      expected: record(INSTRUCTORS, 200),
    },
    {
      method: 'POST',
      route: '/api/domiciliations/:id/decisions',
      url: () => `/api/domiciliations/${world.toDecide}/decisions`,
      body: () => ({ decision: 'granted', startOn: today }),
      expected: record(DECIDERS, 200),
    },
    {
      method: 'POST',
      route: '/api/domiciliations/:id/decisions/:decisionId/undo',
      url: () => `/api/domiciliations/${world.toUndo}/decisions/${world.undoDecision}/undo`,
      body: () => ({ reason: 'Décision prise par erreur' }),
      expected: record(DECIDERS, 200),
    },
    {
      method: 'GET',
      route: '/api/domiciliations/:id/documents/:document',
      url: () => `/api/domiciliations/${world.periodA}/documents/request`,
      expected: record(READERS, 200),
    },
    {
      method: 'GET',
      route: '/api/domiciliation-settings',
      url: () => '/api/domiciliation-settings',
      expected: allow([...READERS, ...CONFIGURERS], 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/domiciliation-settings',
      url: () => '/api/domiciliation-settings',
      body: () => ({ decisionRoles: ['director'], noContactMonths: 3, renewalReminderDays: 61 }),
      expected: allow(CONFIGURERS, 200, 200),
    },
  ],
)
