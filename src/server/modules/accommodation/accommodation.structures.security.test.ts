import {
  allow,
  CALLERS,
  type Caller,
  describeRouteSecurity,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import { type Action, roleAllows } from '../../../shared/permissions.ts'
import { ROLES, type Role } from '../../../shared/roles.ts'
import { createStay, createStructure } from './accommodation.test-factories.ts'

// Structures, units, places, closures, the occupancy board, the settings and partners' agreements:
// every route × every role (the doctor included), another organisation, anonymous.
const today = todayInFrance()
const rolesWith = (...actions: Action[]): Role[] =>
  ROLES.filter((role) => actions.some((action) => roleAllows([role], action)))

const structureBody = (caller: Caller) => ({
  kind: 'lhss',
  name: `LHSS ${caller}`,
  capacity: 6,
  openedOn: '2017-04-01',
})
const unitBody = (caller: Caller) => ({
  label: `Chambre ${caller}`,
  kind: 'room',
  occupancy: 'single',
  accessible: true,
  placeLabels: ['lit'],
})

const world = setUpSecurityWorld(async (w) => {
  const orgA = w.orgA.id
  const structure = await createStructure(w.ctx.db, orgA, {
    kind: 'lhss',
    name: 'LHSS Aubade',
    units: [['1'], ['2'], ['3']],
  })
  const [p1, p2, p3] = structure.placeIds as [string, string, string]
  // Two residents: one of the worker's team, one of the confidential team (named to the director only).
  await createStay(w.ctx.db, orgA, {
    structureId: structure.id,
    personId: w.people.a,
    placeId: p1,
    startedOn: addDays(today, -3),
  })
  await createStay(w.ctx.db, orgA, {
    structureId: structure.id,
    personId: w.people.aConfidential,
    placeId: p2,
    startedOn: addDays(today, -3),
  })
  const closure = await w.ctx.db
    .insertInto('accommodation_place_closures')
    .values({
      organisation_id: orgA,
      place_id: p3,
      reason: 'Travaux',
      starts_on: addDays(today, -1),
      ends_on: today,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const agreement = (partnerId: string, subject: string) =>
    w.ctx.db
      .insertInto('partner_agreements')
      .values({
        organisation_id: orgA,
        partner_id: partnerId,
        subject,
        structure_id: structure.id,
        starts_on: '2020-01-01',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  const toUpdate = (await agreement(w.partners.a.id, 'Convention Aubépine')).id
  const toDelete = {} as Record<Caller, string>
  for (const caller of CALLERS)
    toDelete[caller] = (await agreement(w.partners.a.id, `À supprimer ${caller}`)).id
  return {
    structureId: structure.id,
    unitId: structure.unitIds[0] as string,
    placeId: p1,
    closureId: closure.id,
    agreements: { toUpdate, toDelete },
  }
})

const READ_STRUCTURES = rolesWith('accommodation.read', 'accommodation.configure', 'indicators.read')
const CONFIGURE = rolesWith('accommodation.configure')
const CLOSE_PLACES = rolesWith('accommodation.configure', 'accommodation.manage')
const BOARD = rolesWith('accommodation.read', 'accommodation.configure')
const NAMES = ROLES.filter(
  (role) => roleAllows([role], 'accommodation.read') && roleAllows([role], 'person.read'),
)
const PARTNER_READ = rolesWith('partner.read')
const PARTNER_MANAGE = rolesWith('partner.manage')

const closureBody = (caller: Caller) => {
  const day = addDays(today, 10 + CALLERS.indexOf(caller) * 2)
  return { reason: 'Peinture', startsOn: day, endsOn: day }
}
const agreementBody = () => ({
  partnerId: world.partners.a.id,
  subject: 'Convention Aubépine',
  structureId: world.structureId,
  startsOn: '2020-01-01',
  endsOn: addDays(today, 30),
})

describeRouteSecurity(
  'accommodation structures, places, board, settings and agreements',
  world,
  [
    '/api/accommodation-structures',
    '/api/accommodation-places',
    '/api/accommodation-board',
    '/api/accommodation-settings',
    '/api/partner-agreements',
  ],
  [
    {
      method: 'GET',
      route: '/api/accommodation-structures',
      url: () => '/api/accommodation-structures',
      expected: allow(READ_STRUCTURES, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['LHSS Aubade']),
      hides: () => ['AUBERTIN', 'PAEJIENNE'],
    },
    {
      method: 'POST',
      route: '/api/accommodation-structures',
      url: () => '/api/accommodation-structures',
      body: structureBody,
      expected: allow(CONFIGURE, 201, 201),
    },
    {
      method: 'GET',
      route: '/api/accommodation-structures/:id',
      url: () => `/api/accommodation-structures/${world.structureId}`,
      expected: allow(READ_STRUCTURES, 200, 404),
      shows: () => ['LHSS Aubade', 'Convention Aubépine'],
      hides: () => ['AUBERTIN', 'PAEJIENNE'],
    },
    {
      method: 'PUT',
      route: '/api/accommodation-structures/:id',
      url: () => `/api/accommodation-structures/${world.structureId}`,
      body: () => ({ ...structureBody('administrator'), name: 'LHSS Aubade' }),
      expected: allow(CONFIGURE, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/accommodation-structures/:id/units',
      url: () => `/api/accommodation-structures/${world.structureId}/units`,
      body: unitBody,
      expected: allow(CONFIGURE, 201, 404),
    },
    {
      method: 'PUT',
      route: '/api/accommodation-places/units/:id',
      url: () => `/api/accommodation-places/units/${world.unitId}`,
      body: () => ({ label: 'Unité 1', kind: 'room', occupancy: 'single', accessible: true }),
      expected: allow(CONFIGURE, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/accommodation-places',
      url: () => '/api/accommodation-places',
      body: (caller) => ({ unitId: world.unitId, label: `Lit ${caller}` }),
      // Another organisation's unit is unknown to them: a field error, as for any unknown unit.
      expected: allow(CONFIGURE, 201, 400),
      codes: { 400: 'VALIDATION_FAILED' },
    },
    {
      method: 'PUT',
      route: '/api/accommodation-places/:id',
      url: () => `/api/accommodation-places/${world.placeId}`,
      body: () => ({ label: '1', active: true }),
      expected: allow(CONFIGURE, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/accommodation-places/:id/closures',
      url: () => `/api/accommodation-places/${world.placeId}/closures`,
      body: closureBody,
      expected: allow(CLOSE_PLACES, 201, 404),
    },
    {
      method: 'PUT',
      route: '/api/accommodation-places/closures/:id',
      url: () => `/api/accommodation-places/closures/${world.closureId}`,
      body: () => ({ reason: 'Travaux', startsOn: addDays(today, -1), endsOn: today }),
      expected: allow(CLOSE_PLACES, 200, 404),
    },
    {
      method: 'GET',
      route: '/api/accommodation-board',
      url: () => `/api/accommodation-board?structureId=${world.structureId}`,
      expected: allow(BOARD, 200, 404),
      // Names only for roles reading files, and the confidential team's resident to the director only.
      shows: (caller) => (NAMES.includes(caller as Role) ? ['AUBERTIN'] : ['"occupied"']),
      hides: (caller) => [
        ...(NAMES.includes(caller as Role) ? [] : ['AUBERTIN']),
        ...(caller === 'director' ? [] : ['PAEJIENNE']),
      ],
    },
    {
      method: 'GET',
      route: '/api/accommodation-board',
      label: 'every structure',
      url: () => '/api/accommodation-board',
      expected: allow(BOARD, 200, 200),
      hides: () => ['AUBERTIN', 'PAEJIENNE'],
    },
    {
      method: 'GET',
      route: '/api/accommodation-board/occupancy',
      url: () =>
        `/api/accommodation-board/occupancy?from=${addDays(today, -30)}&to=${today}&structureId=${world.structureId}`,
      expected: allow(READ_STRUCTURES, 200, 404),
      hides: () => ['AUBERTIN', 'PAEJIENNE'],
    },
    {
      method: 'GET',
      route: '/api/accommodation-board/free-places.csv',
      url: () => '/api/accommodation-board/free-places.csv',
      expected: allow(BOARD, 200, 200),
      hides: () => ['AUBERTIN', 'PAEJIENNE'],
    },
    {
      method: 'GET',
      route: '/api/accommodation-settings',
      url: () => '/api/accommodation-settings',
      expected: allow(CONFIGURE, 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/accommodation-settings',
      url: () => '/api/accommodation-settings',
      body: () => ({ medicalExtraRoles: [] }),
      expected: allow(CONFIGURE, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/partner-agreements',
      url: () => '/api/partner-agreements',
      expected: allow(PARTNER_READ, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Convention Aubépine']),
    },
    {
      method: 'POST',
      route: '/api/partner-agreements',
      url: () => '/api/partner-agreements',
      body: agreementBody,
      // Another organisation's partner is unknown to them.
      expected: allow(PARTNER_MANAGE, 201, 400),
      codes: { 400: 'VALIDATION_FAILED' },
    },
    {
      method: 'PUT',
      route: '/api/partner-agreements/:id',
      url: () => `/api/partner-agreements/${world.agreements.toUpdate}`,
      body: agreementBody,
      expected: allow(PARTNER_MANAGE, 200, 404),
    },
    {
      method: 'DELETE',
      route: '/api/partner-agreements/:id',
      url: (caller) => `/api/partner-agreements/${world.agreements.toDelete[caller]}`,
      expected: allow(PARTNER_MANAGE, 200, 404),
    },
  ],
)
