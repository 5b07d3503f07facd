import {
  allow,
  type Caller,
  describeRouteSecurity,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { HOME_TASKS, SETUP_STEPS } from '../../../shared/home.ts'
import { type Action, roleAllows } from '../../../shared/permissions.ts'
import { ROLES, type Role } from '../../../shared/roles.ts'

const world = setUpSecurityWorld()

/** Each key of the home page, and who may see it: the same permissions as the pages it leads to. */
const TASK_RULES: Record<string, (roles: Role[]) => boolean> = {
  'reports.': (roles) => roleAllows(roles, 'report.triage'),
  'outreach.': (roles) => roleAllows(roles, 'outreach.read'),
  'frontdesk.follow_ups': (roles) => roleAllows(roles, 'contact.read'),
  // The register also wants its designated team: none is designated here, so only the director.
  'register.': (roles) => roles.includes('director'),
  'network.': (roles) => roleAllows(roles, 'network.coordinate'),
  'aid.sessions_open': (roles) => roleAllows(roles, 'aid.commission'),
  'aid.awaiting_commission': (roles) => roleAllows(roles, 'aid.sessions'),
  'referrals.': (roles) => roleAllows(roles, 'referral.read') && roleAllows(roles, 'followup.read'),
  'partners.agreements_to_renew': (roles) =>
    roleAllows(roles, 'partner.manage') && roleAllows(roles, 'person.read'),
}
const SETUP_ACTION: Action = 'organisation.manage'

const rolesOf = (caller: Caller): Role[] =>
  caller === 'otherOrganisation' ? [...ROLES] : caller === 'anonymous' ? [] : [caller]

function keysFor(caller: Caller, visible: boolean) {
  const roles = rolesOf(caller)
  const tasks = Object.keys(HOME_TASKS).filter((key) => {
    const rule = Object.entries(TASK_RULES).find(([prefix]) => key.startsWith(prefix))
    if (!rule) throw new Error(`no rule for ${key}`)
    return rule[1](roles) === visible
  })
  const steps = roleAllows(roles, SETUP_ACTION) === visible ? Object.keys(SETUP_STEPS) : []
  return [...tasks, ...steps].map((key) => `"${key}"`)
}

describeRouteSecurity(
  'home',
  world,
  ['/api/home'],
  [
    {
      method: 'GET',
      route: '/api/home',
      url: () => '/api/home',
      // Everyone signed in has a home page: only what their roles allow is on it.
      expected: allow('everyone', 200, 200),
      hides: (caller) => keysFor(caller, false),
      shows: (caller) => keysFor(caller, true),
    },
  ],
)
