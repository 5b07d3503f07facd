import { createBarePerson } from '../../../../tests/support/factories.ts'
import {
  allow,
  CALLERS,
  type Caller,
  describeRouteSecurity,
  type Expected,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import { ROLES, type Role } from '../../../shared/roles.ts'
import { createStay, createStructure } from './accommodation.test-factories.ts'

// Stays: who reads them (accommodation and the person's file: never the administrator nor the
// analyst), who enters, renews, moves and ends them, who gives the medical opinion of a renewal
// (nurse and doctor only, not the director), and nobody of another organisation.

const rolesWith = (...actions: Parameters<typeof roleAllows>[1][]) =>
  ROLES.filter((role) => actions.every((action) => roleAllows([role], action)))
const READERS: Role[] = rolesWith('accommodation.read', 'person.read')
const MANAGERS: Role[] = rolesWith('accommodation.manage', 'person.read')
const MEDICAL: Role[] = rolesWith('accommodation.medical', 'accommodation.read', 'person.read')
/** A stay of A: its callers get `ok`, the other organisation 404, as if absent. */
const record = (roles: Role[], ok: number): Expected => allow(roles, ok, 404)
const today = todayInFrance()

const world = setUpSecurityWorld(async (w) => {
  const db = w.ctx.db
  const org = w.orgA.id
  // One place per caller and purpose, so that each allowed call really succeeds.
  const places = CALLERS.map((caller) => ['a', 'b', 'c', 'd', 'e'].map((suffix) => `${caller}-${suffix}`))
  const emergency = await createStructure(db, org, {
    kind: 'chrs_emergency',
    name: 'Urgence A',
    units: places,
  })
  const lhss = await createStructure(db, org, { kind: 'lhss', units: [['L1'], ['L2']] })
  const placeOf = (caller: Caller, index: number) => emergency.placeIds[CALLERS.indexOf(caller) * 5 + index]!
  const stayA = await createStay(db, org, {
    structureId: lhss.id,
    personId: w.people.a,
    placeId: lhss.placeIds[0]!,
    startedOn: addDays(today, -30),
    plannedEndOn: addDays(today, 30),
  })
  const confidentialStay = await createStay(db, org, {
    structureId: lhss.id,
    personId: w.people.aConfidential,
    placeId: lhss.placeIds[1]!,
    startedOn: addDays(today, -30),
  })
  const perCaller = async (make: (caller: Caller, personId: string) => Promise<string>) => {
    const ids = {} as Record<Caller, string>
    for (const caller of CALLERS) {
      ids[caller] = await make(caller, await createBarePerson(db, org, { teamId: w.orgA.teamId }))
    }
    return ids
  }
  const stayOf = (index: number) => (caller: Caller, personId: string) =>
    createStay(db, org, {
      structureId: emergency.id,
      personId,
      placeId: placeOf(caller, index),
      startedOn: addDays(today, -10),
      plannedEndOn: addDays(today, 10),
    })
  return {
    emergency,
    lhss,
    placeOf,
    stayA,
    confidentialStay,
    newcomers: await perCaller(async (_caller, personId) => personId),
    toRenew: await perCaller(stayOf(0)),
    toMove: await perCaller(stayOf(1)),
    toEnd: await perCaller(stayOf(2)),
  }
})

describeRouteSecurity(
  'accommodation stays',
  world,
  ['/api/accommodation-stays'],
  [
    {
      method: 'GET',
      route: '/api/accommodation-stays',
      url: () => `/api/accommodation-stays?structureId=${world.lhss.id}`,
      // Another organisation asks about a structure it does not have: an empty list.
      expected: allow(READERS, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : [world.stayA, 'AUBERTIN']),
      hides: (caller) => (caller === 'director' ? [] : ['PAEJIENNE', world.confidentialStay]),
    },
    {
      method: 'GET',
      route: '/api/accommodation-stays/entry-options',
      url: () => '/api/accommodation-stays/entry-options',
      expected: allow(READERS, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Urgence A']),
    },
    {
      method: 'GET',
      route: '/api/accommodation-stays/of-person/:personId',
      url: () => `/api/accommodation-stays/of-person/${world.people.a}`,
      expected: record(READERS, 200),
      shows: () => [world.stayA],
    },
    {
      method: 'GET',
      route: '/api/accommodation-stays/of-person/:personId',
      label: 'a confidential team’s file',
      url: () => `/api/accommodation-stays/of-person/${world.people.aConfidential}`,
      expected: { ...record(READERS, 404), director: 200 },
    },
    {
      method: 'POST',
      route: '/api/accommodation-stays',
      url: () => '/api/accommodation-stays',
      body: (caller) => ({
        structureId: world.emergency.id,
        personId: world.newcomers[caller],
        placeId: world.placeOf(caller, 3),
        startedOn: today,
      }),
      // The other organisation does not know A's person: a field error, as for any unknown person.
      expected: allow(MANAGERS, 201, 400),
      codes: { 400: 'VALIDATION_FAILED' },
    },
    {
      method: 'GET',
      route: '/api/accommodation-stays/:id',
      url: () => `/api/accommodation-stays/${world.stayA}`,
      expected: record(READERS, 200),
      shows: () => [world.stayA, 'AUBERTIN'],
    },
    {
      method: 'GET',
      route: '/api/accommodation-stays/:id',
      label: 'a confidential team’s file',
      url: () => `/api/accommodation-stays/${world.confidentialStay}`,
      expected: { ...record(READERS, 404), director: 200 },
    },
    {
      method: 'POST',
      route: '/api/accommodation-stays/:id/medical-opinions',
      url: () => `/api/accommodation-stays/${world.stayA}/medical-opinions`,
      body: () => ({ opinion: 'favourable', givenOn: today, medicalNote: 'Note médicale' }),
      // The director is refused too: the organisation has not granted it the medical part.
      expected: { ...record(MEDICAL, 200), ...forbiddenReaders() },
      hides: (caller) => (MEDICAL.includes(caller as Role) ? [] : ['Note médicale']),
    },
    {
      method: 'POST',
      route: '/api/accommodation-stays/:id/renewals',
      url: (caller) => `/api/accommodation-stays/${world.toRenew[caller]}/renewals`,
      body: () => ({
        renewedOn: today,
        newEndOn: addDays(today, 60),
        justification: 'Recherche de logement',
      }),
      expected: record(MANAGERS, 200),
    },
    {
      method: 'POST',
      route: '/api/accommodation-stays/:id/moves',
      url: (caller) => `/api/accommodation-stays/${world.toMove[caller]}/moves`,
      body: (caller) => ({ placeId: world.placeOf(caller, 4), movedOn: today }),
      expected: record(MANAGERS, 200),
    },
    {
      method: 'POST',
      route: '/api/accommodation-stays/:id/exit',
      url: (caller) => `/api/accommodation-stays/${world.toEnd[caller]}/exit`,
      body: () => ({ endedOn: today, reason: 'rehoused', destination: 'own_housing' }),
      expected: record(MANAGERS, 200),
    },
    {
      method: 'PUT',
      route: '/api/accommodation-stays/:id/support-record',
      url: (caller) => `/api/accommodation-stays/${world.toRenew[caller]}/support-record`,
      body: () => ({ supportRecordId: null }),
      expected: record(MANAGERS, 200),
    },
  ],
)

/** Readers who are not medical are refused the opinion (403), like everyone without the right. */
function forbiddenReaders(): Partial<Expected> {
  return Object.fromEntries(READERS.filter((role) => !MEDICAL.includes(role)).map((role) => [role, 403]))
}
