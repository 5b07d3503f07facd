import type { Role } from './roles.ts'

/**
 * The one permission table of Trame. The server checks it in services (with the organisation and
 * confidentiality rules on top, see server/platform/permissions.ts); the web app reads it only to
 * hide what a role cannot do.
 */
export const ACTIONS = [
  'organisation.manage',
  'user.manage',
  'audit.read',
  'person.read',
  'person.write',
  'indicators.read',
] as const
export type Action = (typeof ACTIONS)[number]

const PERMISSIONS: Record<Role, readonly Action[]> = {
  administrator: ['organisation.manage', 'user.manage', 'audit.read', 'indicators.read'],
  director: ['person.read', 'person.write', 'indicators.read', 'audit.read'],
  social_worker: ['person.read', 'person.write', 'indicators.read'],
  front_desk_agent: ['person.read', 'person.write'],
  outreach_agent: ['person.read', 'person.write'],
  commission_member: ['person.read'],
  volunteer_coordinator: ['person.read', 'person.write'],
  // Elected officials and analysts see aggregates, never a name.
  analyst: ['indicators.read'],
}

export function roleAllows(roles: readonly Role[], action: Action): boolean {
  return roles.some((role) => PERMISSIONS[role].includes(action))
}
