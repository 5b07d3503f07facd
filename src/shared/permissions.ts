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
  /** The social security number, kept in a restricted field of the person's file. */
  'person.read_restricted',
  /** Merging two files of one person, and undoing it. */
  'person.merge',
  /** Everything Trame holds about a person, for an access request (RGPD art. 15). */
  'person.export',
  /** Front desk contacts (passages, calls…) and the teams' follow-up queues. */
  'contact.read',
  'contact.write',
  /** The organisation's list of contact reasons. */
  'frontdesk.configure',
  'partner.read',
  'partner.manage',
  /** Shares rule and tariff brackets of the social pricing. */
  'pricing.manage',
] as const
export type Action = (typeof ACTIONS)[number]

const PERMISSIONS: Record<Role, readonly Action[]> = {
  administrator: [
    'organisation.manage',
    'user.manage',
    'audit.read',
    'indicators.read',
    'frontdesk.configure',
    'partner.read',
    'partner.manage',
    'pricing.manage',
  ],
  director: [
    'person.read',
    'person.write',
    'contact.read',
    'contact.write',
    'indicators.read',
    'audit.read',
    'person.read_restricted',
    'person.merge',
    'person.export',
    'frontdesk.configure',
    'partner.read',
    'partner.manage',
    'pricing.manage',
  ],
  social_worker: [
    'person.read',
    'person.write',
    'contact.read',
    'contact.write',
    'indicators.read',
    'person.read_restricted',
    'person.merge',
    'person.export',
    'partner.read',
    'partner.manage',
  ],
  front_desk_agent: ['person.read', 'person.write', 'contact.read', 'contact.write', 'partner.read'],
  outreach_agent: ['person.read', 'person.write', 'contact.read', 'contact.write', 'partner.read'],
  commission_member: ['person.read', 'partner.read'],
  volunteer_coordinator: ['person.read', 'person.write', 'contact.read', 'contact.write', 'partner.read'],
  // Elected officials and analysts see aggregates, never a name.
  analyst: ['indicators.read', 'partner.read'],
}

export function roleAllows(roles: readonly Role[], action: Action): boolean {
  return roles.some((role) => PERMISSIONS[role].includes(action))
}
