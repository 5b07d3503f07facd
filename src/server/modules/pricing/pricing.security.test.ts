import {
  allow,
  type Caller,
  describeRouteSecurity,
  type Expected,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { ROLES } from '../../../shared/roles.ts'
import { insertHousehold, settingsBody } from './pricing.test-factories.ts'

const world = setUpSecurityWorld(async (w) => {
  // Households are written straight into the database: pricing does not depend on the household API.
  await w.ctx.db
    .updateTable('people')
    .set({ resources: JSON.stringify([{ kind: 'salary', monthlyCents: 1234_00 }]) })
    .where('id', '=', w.people.a)
    .execute()
  return {
    household: await insertHousehold(w.ctx.db, w.orgA.id, {
      members: [{ personId: w.people.a, relationship: 'head' }],
    }),
    /** Holds a file of the confidential PAEJ team: its quotient would reveal that file's resources. */
    confidentialHousehold: await insertHousehold(w.ctx.db, w.orgA.id, {
      members: [{ personId: w.people.aConfidential, relationship: 'head' }],
    }),
  }
})

/** Roles that read people's files (and so price households). */
const readers = [
  'director',
  'social_worker',
  'educator',
  'psychologist',
  'front_desk_agent',
  'outreach_agent',
  'nurse',
  'doctor',
  'volunteer_coordinator',
] as const
const managers = ['administrator', 'director'] as const

/** A household holding a file of the confidential team: of A's callers only the director may see it. */
function confidential(allowed: readonly Caller[], ok: number): Expected {
  const expected = allow(allowed as typeof readers, ok, 404)
  for (const role of ROLES) if (expected[role] === ok && role !== 'director') expected[role] = 404
  return expected
}

describeRouteSecurity(
  'pricing',
  world,
  ['/api/pricing', '/api/households/:id/pricing'],
  [
    {
      method: 'GET',
      route: '/api/pricing/settings',
      url: () => '/api/pricing/settings',
      // Every caller reads their own organisation's settings.
      expected: allow([...readers, 'administrator'], 200, 200),
      shows: () => ['firstAdultShares'],
    },
    {
      method: 'PUT',
      route: '/api/pricing/settings',
      url: () => '/api/pricing/settings',
      body: () => settingsBody(),
      expected: allow(managers, 200, 200),
      shows: () => ['Tranche A'],
    },
    {
      method: 'GET',
      route: '/api/households/:id/pricing',
      url: () => `/api/households/${world.household}/pricing`,
      expected: allow(readers, 200, 404),
      hides: (caller) =>
        caller === 'director' ? [] : [world.people.aConfidential, 'PAEJIENNE', 'Paejienne'],
      shows: () => [world.household, world.people.a, 'AUBERTIN', '"monthlyResourcesCents":123400'],
    },
    {
      method: 'GET',
      route: '/api/households/:id/pricing',
      label: 'confidential team',
      url: () => `/api/households/${world.confidentialHousehold}/pricing`,
      expected: confidential(readers, 200),
      hides: (caller) =>
        caller === 'director' ? [] : [world.people.aConfidential, 'PAEJIENNE', 'Paejienne'],
      shows: () => [world.people.aConfidential, 'PAEJIENNE'],
    },
  ],
)
