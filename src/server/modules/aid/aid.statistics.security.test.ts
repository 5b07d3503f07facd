import { allow, describeRouteSecurity, setUpSecurityWorld } from '../../../../tests/support/route-security.ts'
import type { Role } from '../../../shared/roles.ts'
import { createAidPerson, createAidRequest, createAidType } from './aid.test-factories.ts'

const world = setUpSecurityWorld(async (w) => {
  // A granted aid in organisation A: its figures count, its applicant's name never shows.
  const aid = await createAidType(w.ctx.db, w.orgA.id, { label: 'Secours d’urgence' })
  await createAidRequest(w.ctx.db, w.orgA.id, {
    personId: await createAidPerson(w.ctx.db, w.orgA.id, { lastName: 'Aubertin' }),
    aidTypeId: aid.id,
    status: 'granted',
    requestedOn: '2026-03-02',
    teamId: w.orgA.teamId,
  })
  return {}
})

/** Aggregates: the indicators' readers, the commission's secretary and the payers (the director). */
const READ: Role[] = ['administrator', 'director', 'social_worker', 'analyst']
const period = 'from=2026-01-01&to=2026-12-31'

describeRouteSecurity(
  'aid statistics',
  world,
  ['/api/aid-statistics'],
  [
    {
      method: 'GET',
      route: '/api/aid-statistics',
      url: () => `/api/aid-statistics?${period}`,
      // Another organisation reads its own figures: none of A's.
      expected: allow(READ, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Secours d’urgence']),
      hides: () => ['AUBERTIN', 'Aubertin'],
    },
    {
      method: 'GET',
      route: '/api/aid-statistics/file',
      url: () => `/api/aid-statistics/file?${period}&format=csv`,
      expected: allow(READ, 200, 200),
      hides: () => ['AUBERTIN', 'Aubertin'],
    },
  ],
)
