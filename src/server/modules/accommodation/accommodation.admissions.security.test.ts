import { describe, expect, it } from 'vitest'
import { createBarePerson } from '../../../../tests/support/factories.ts'
import {
  allow,
  CALLERS,
  type Caller,
  describeRouteSecurity,
  type Expected,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { ROLES, type Role } from '../../../shared/roles.ts'
import { createAdmissionRequest, createStructure } from './accommodation.test-factories.ts'

// Admission requests: who reads them (names: accommodation and person files), who enters them, who
// alone reads and writes the medical part (nurses and doctors, not the director unless granted), who
// gives the opinion, who alone validates (the director), and nobody of another organisation.

const READERS: Role[] = ['director', 'social_worker', 'educator', 'nurse', 'doctor']
const REQUESTERS: Role[] = ['director', 'social_worker', 'educator', 'nurse']
const MEDICAL: Role[] = ['nurse', 'doctor']
/** Decide where the structure requires the director's validation: the director alone. */
const DIRECTOR: Role[] = ['director']
/** Free places are offered to whoever may decide somewhere (directors, and those managing stays). */
const PLACE_READERS: Role[] = ['director', 'social_worker', 'educator']
/** Admitting to a place: those who manage stays. */
const MANAGERS: Role[] = ['director', 'social_worker', 'educator']
const SECRET = 'Contenu médical confidentiel'
const record = (roles: Role[], ok: number): Expected => allow(roles, ok, 404)

const world = setUpSecurityWorld(async (w) => {
  const org = w.orgA.id
  const lhss = await createStructure(w.ctx.db, org, { kind: 'lhss', units: [['1'], ['2']] })
  const chrs = await createStructure(w.ctx.db, org, { kind: 'chrs_reintegration', units: [['1'], ['2']] })
  const request = (
    structureId: string,
    status: 'medical_review' | 'awaiting_validation' = 'medical_review',
  ) =>
    createAdmissionRequest(w.ctx.db, org, {
      structureId,
      personId: w.people.a,
      status,
      medicalPart: SECRET,
    })
  const perCaller = async (structureId: string, status?: 'medical_review' | 'awaiting_validation') => {
    const ids = {} as Record<Caller, string>
    for (const caller of CALLERS) ids[caller] = await request(structureId, status)
    return ids
  }
  // Each caller admits a person of their own to a place of their own (one open stay per person).
  const beds = await createStructure(w.ctx.db, org, {
    kind: 'chrs_emergency',
    units: CALLERS.map((caller) => [caller]),
  })
  const toAdmit = {} as Record<Caller, string>
  for (const [index, caller] of CALLERS.entries()) {
    toAdmit[caller] = await createAdmissionRequest(w.ctx.db, org, {
      structureId: beds.id,
      personId: await createBarePerson(w.ctx.db, org, { lastName: 'Aubertin', teamId: w.orgA.teamId }),
      status: 'validated',
      reservedPlaceId: beds.placeIds[index] as string,
    })
  }
  return {
    lhss,
    chrs,
    toAdmit,
    requestA: await request(lhss.id),
    toWithdraw: await perCaller(lhss.id),
    toOpine: await perCaller(lhss.id),
    toValidate: await perCaller(chrs.id, 'awaiting_validation'),
    toRefuse: await perCaller(chrs.id, 'awaiting_validation'),
  }
})

const requestBody = () => ({
  structureId: world.lhss.id,
  personId: world.people.a,
  receivedOn: todayInFrance(),
  orientationSource: 'hospital',
  priority: 'high',
  socialPart: 'Sortie d’hospitalisation, sans domicile.',
})

describeRouteSecurity(
  'accommodation admissions',
  world,
  ['/api/accommodation-requests'],
  [
    {
      method: 'GET',
      route: '/api/accommodation-requests',
      url: () => '/api/accommodation-requests?waiting=true&pageSize=200',
      expected: allow(READERS, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : [world.requestA, 'AUBERTIN']),
      hides: () => [SECRET],
    },
    {
      method: 'POST',
      route: '/api/accommodation-requests',
      url: () => '/api/accommodation-requests',
      body: requestBody,
      // Another organisation does not know A's structure: a field error, as for any unknown one.
      expected: allow(REQUESTERS, 201, 400),
      codes: { 400: 'VALIDATION_FAILED' },
    },
    {
      method: 'GET',
      route: '/api/accommodation-requests/:id',
      url: () => `/api/accommodation-requests/${world.requestA}`,
      expected: record(READERS, 200),
      shows: () => [world.requestA, 'AUBERTIN'],
      // The medical part never travels with the request, whoever reads it.
      hides: () => [SECRET],
    },
    {
      method: 'PUT',
      route: '/api/accommodation-requests/:id',
      url: () => `/api/accommodation-requests/${world.requestA}`,
      body: () => {
        const { structureId: _s, personId: _p, ...rest } = requestBody()
        return rest
      },
      expected: record(REQUESTERS, 200),
    },
    {
      method: 'POST',
      route: '/api/accommodation-requests/:id/withdraw',
      url: (caller) => `/api/accommodation-requests/${world.toWithdraw[caller]}/withdraw`,
      body: () => ({ note: 'Hébergée par sa sœur' }),
      expected: record(REQUESTERS, 200),
    },
    {
      method: 'GET',
      route: '/api/accommodation-requests/:id/medical-part',
      url: () => `/api/accommodation-requests/${world.requestA}/medical-part`,
      expected: record(MEDICAL, 200),
      shows: () => [SECRET],
    },
    {
      method: 'PUT',
      route: '/api/accommodation-requests/:id/medical-part',
      url: () => `/api/accommodation-requests/${world.requestA}/medical-part`,
      body: () => ({ content: SECRET }),
      expected: record(MEDICAL, 200),
    },
    {
      method: 'POST',
      route: '/api/accommodation-requests/:id/medical-opinions',
      url: (caller) => `/api/accommodation-requests/${world.toOpine[caller]}/medical-opinions`,
      body: () => ({ opinion: 'favourable', givenOn: todayInFrance(), medicalNote: SECRET }),
      expected: record(MEDICAL, 200),
      hides: () => [SECRET],
    },
    {
      method: 'GET',
      route: '/api/accommodation-requests/:id/free-places',
      url: () => `/api/accommodation-requests/${world.requestA}/free-places?on=${todayInFrance()}`,
      expected: record(PLACE_READERS, 200),
    },
    {
      method: 'POST',
      route: '/api/accommodation-requests/:id/validate',
      url: (caller) => `/api/accommodation-requests/${world.toValidate[caller]}/validate`,
      body: () => ({ placeId: world.chrs.placeIds[0], expectedArrivalOn: todayInFrance() }),
      expected: record(DIRECTOR, 200),
    },
    {
      method: 'POST',
      route: '/api/accommodation-requests/:id/refuse',
      url: (caller) => `/api/accommodation-requests/${world.toRefuse[caller]}/refuse`,
      body: () => ({ motif: 'no_place', refusedOn: todayInFrance() }),
      expected: record(DIRECTOR, 200),
    },
    {
      method: 'POST',
      route: '/api/accommodation-requests/:id/admit',
      url: (caller) => `/api/accommodation-requests/${world.toAdmit[caller]}/admit`,
      body: () => ({ startedOn: todayInFrance() }),
      expected: record(MANAGERS, 200),
    },
  ],
)

describe('the medical part, role by role, with and without the organisation’s grant', () => {
  const read = (caller: Caller) =>
    world.clients[caller].get(`/api/accommodation-requests/${world.requestA}/medical-part`)
  const grant = (roles: Role[]) =>
    world.ctx.db
      .insertInto('accommodation_settings')
      .values({ organisation_id: world.orgA.id, medical_extra_roles: roles })
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ medical_extra_roles: roles }))
      .execute()

  it('is refused to every non-medical role, the director included, when nothing is granted', async () => {
    await grant([])
    for (const role of ROLES) {
      const response = await read(role)
      expect(response.statusCode, `${role}: ${response.body}`).toBe(MEDICAL.includes(role) ? 200 : 403)
      if (response.statusCode !== 200) expect(response.body).not.toContain(SECRET)
    }
  })

  it('is read by the director once the organisation grants it, and by no other role', async () => {
    await grant(['director'])
    for (const role of ROLES) {
      const response = await read(role)
      const allowed = [...MEDICAL, 'director'].includes(role)
      expect(response.statusCode, `${role}: ${response.body}`).toBe(allowed ? 200 : 403)
    }
    // Granted reading, not the opinion: only a medical role gives one.
    const opinion = await world.clients.director.post(
      `/api/accommodation-requests/${world.requestA}/medical-opinions`,
      { opinion: 'favourable', givenOn: todayInFrance() },
    )
    expect(opinion.statusCode).toBe(403)
    await grant([])
    expect((await read('director')).statusCode).toBe(403)
  })

  it('leaves an audit row for each reading, with the person', async () => {
    const before = await world.ctx.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'accommodation_request.medical_read')
      .where('entity_id', '=', world.requestA)
      .executeTakeFirstOrThrow()
    expect((await read('doctor')).statusCode).toBe(200)
    const rows = await world.ctx.db
      .selectFrom('audit_log')
      .select(['person_id', 'user_id'])
      .where('action', '=', 'accommodation_request.medical_read')
      .where('entity_id', '=', world.requestA)
      .execute()
    expect(rows.length).toBe(Number(before.n) + 1)
    expect(rows.every((row) => row.person_id === world.people.a)).toBe(true)
  })
})
