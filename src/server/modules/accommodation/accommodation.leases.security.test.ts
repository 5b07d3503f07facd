import { createBarePerson } from '../../../../tests/support/factories.ts'
import {
  allow,
  type Caller,
  describeRouteSecurity,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import type { Role } from '../../../shared/roles.ts'
import { createStay, createStructure } from './accommodation.test-factories.ts'

/** Those who manage leases and rents (`accommodation.leases`). */
const MANAGE: Role[] = ['director', 'social_worker']
const today = todayInFrance()
const thisMonth = today.slice(0, 7)

const world = setUpSecurityWorld(async (w) => {
  const db = w.ctx.db
  const org = w.orgA.id
  // A sliding-lease structure with a dwelling for each thing a caller does once.
  const structure = await createStructure(db, org, {
    kind: 'sliding_lease',
    name: 'Baux glissants du Centre',
    unitKind: 'dwelling',
    units: Array.from({ length: 9 }, (_, i) => [`L${i}`]),
  })
  const stay = async (unit: number) =>
    createStay(db, org, {
      structureId: structure.id,
      personId: await createBarePerson(db, org, { lastName: 'Occupantin', teamId: w.orgA.teamId }),
      placeId: structure.placeIds[unit]!,
      startedOn: `${thisMonth}-01`,
    })
  const lease = async (unit: number) =>
    (
      await db
        .insertInto('accommodation_leases')
        .values({
          organisation_id: org,
          unit_id: structure.unitIds[unit]!,
          landlord_kind: 'private',
          landlord_name: 'M. Propriétaire',
          starts_on: `${thisMonth}-01`,
          rent_cents: 500_00,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  const sublease = async (leaseId: string, stayId: string) =>
    (
      await db
        .insertInto('accommodation_subleases')
        .values({
          organisation_id: org,
          lease_id: leaseId,
          stay_id: stayId,
          starts_on: `${thisMonth}-01`,
          rent_share_cents: 300_00,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  // The lease everyone reads and pays on.
  const mainLease = await lease(0)
  const mainSublease = await sublease(mainLease, await stay(0))
  // Per manager: a dwelling to lease, a lease with a stay to sublet to, a sublease to slide.
  const own = {} as Record<string, { unitId: string; leaseId: string; stayId: string; slideId: string }>
  for (const [i, role] of MANAGE.entries()) {
    const leaseId = await lease(2 + i)
    const slideLease = await lease(4 + i)
    own[role] = {
      unitId: structure.unitIds[6 + i]!,
      leaseId,
      stayId: await stay(2 + i),
      slideId: await sublease(slideLease, await stay(4 + i)),
    }
  }
  return { mainLease, mainSublease, own }
})

const mine = (caller: Caller) => world.own[caller] ?? world.own.director!
const names = () => ['Occupantin', 'OCCUPANTIN']

describeRouteSecurity(
  'accommodation leases',
  world,
  ['/api/accommodation-leases'],
  [
    {
      method: 'GET',
      route: '/api/accommodation-leases',
      url: () => '/api/accommodation-leases',
      // Another organisation lists its own leases: none of A's.
      expected: allow(MANAGE, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['OCCUPANTIN', 'M. Propriétaire']),
    },
    {
      method: 'POST',
      route: '/api/accommodation-leases',
      url: () => '/api/accommodation-leases',
      body: (caller) => ({
        unitId: mine(caller).unitId,
        landlordKind: 'public',
        landlordName: 'Office public',
        startsOn: today,
        rentCents: 400_00,
      }),
      // A's dwelling is unknown to another organisation: a field error, nothing written.
      expected: allow(MANAGE, 201, 400),
      codes: { 400: 'VALIDATION_FAILED' },
    },
    {
      method: 'GET',
      route: '/api/accommodation-leases/dwellings',
      url: () => '/api/accommodation-leases/dwellings',
      expected: allow(MANAGE, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Baux glissants du Centre']),
    },
    {
      method: 'GET',
      route: '/api/accommodation-leases/arrears',
      url: () => '/api/accommodation-leases/arrears',
      expected: allow(MANAGE, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Baux glissants du Centre']),
      hides: names,
    },
    {
      method: 'GET',
      route: '/api/accommodation-leases/:id',
      url: () => `/api/accommodation-leases/${world.mainLease}`,
      expected: allow(MANAGE, 200, 404),
      shows: () => ['OCCUPANTIN'],
    },
    {
      method: 'POST',
      route: '/api/accommodation-leases/:id/subleases',
      url: (caller) => `/api/accommodation-leases/${mine(caller).leaseId}/subleases`,
      body: (caller) => ({ stayId: mine(caller).stayId, startsOn: today, rentShareCents: 250_00 }),
      expected: allow(MANAGE, 201, 404),
    },
    {
      method: 'POST',
      route: '/api/accommodation-leases/subleases/:id/payments',
      url: () => `/api/accommodation-leases/subleases/${world.mainSublease}/payments`,
      body: () => ({ month: thisMonth, amountCents: 10_00, paidOn: today }),
      expected: allow(MANAGE, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/accommodation-leases/subleases/:id/slide',
      url: (caller) => `/api/accommodation-leases/subleases/${mine(caller).slideId}/slide`,
      body: () => ({ slidOn: today }),
      expected: allow(MANAGE, 200, 404),
    },
  ],
)
