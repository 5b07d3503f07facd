import { createBarePerson } from '../../../../tests/support/factories.ts'
import { allow, describeRouteSecurity, setUpSecurityWorld } from '../../../../tests/support/route-security.ts'
import type { Role } from '../../../shared/roles.ts'
import { createStay, createStructure } from './accommodation.test-factories.ts'

const world = setUpSecurityWorld(async (w) => {
  // A stay in organisation A: its figures count, its person's name never shows.
  const structure = await createStructure(w.ctx.db, w.orgA.id, { kind: 'lhss', name: 'LHSS Les Capucines' })
  await createStay(w.ctx.db, w.orgA.id, {
    structureId: structure.id,
    personId: await createBarePerson(w.ctx.db, w.orgA.id, { lastName: 'Hébergeon' }),
    placeId: structure.placeIds[0]!,
    startedOn: '2026-02-01',
    endedOn: '2026-03-01',
  })
  return {}
})

/** Counts only: those who read indicators (the analyst too), never a name. */
const READ: Role[] = ['administrator', 'director', 'social_worker', 'analyst']
const period = 'from=2026-01-01&to=2026-12-31'
const names = () => ['Hébergeon', 'HÉBERGEON', 'Aubertin', 'Paejienne']

describeRouteSecurity(
  'accommodation statistics',
  world,
  ['/api/accommodation-statistics'],
  [
    {
      method: 'GET',
      route: '/api/accommodation-statistics',
      url: () => `/api/accommodation-statistics?${period}`,
      // Another organisation reads its own figures: none of A's.
      expected: allow(READ, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['LHSS Les Capucines']),
      hides: names,
    },
    {
      method: 'GET',
      route: '/api/accommodation-statistics/file',
      label: 'csv',
      url: () => `/api/accommodation-statistics/file?${period}&format=csv`,
      expected: allow(READ, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['LHSS Les Capucines']),
      hides: names,
    },
    {
      method: 'GET',
      route: '/api/accommodation-statistics/file',
      label: 'xlsx',
      url: () => `/api/accommodation-statistics/file?${period}&format=xlsx`,
      expected: allow(READ, 200, 200),
    },
  ],
)
