import { z } from 'zod'

/** Staff roles. A user may hold several; their permissions add up. */
export const ROLES = [
  'administrator',
  'director',
  'social_worker',
  'front_desk_agent',
  'outreach_agent',
  'nurse',
  'commission_member',
  'volunteer_coordinator',
  'analyst',
] as const
export const roleSchema = z.enum(ROLES)
export type Role = z.infer<typeof roleSchema>

export const ROLE_LABELS: Record<Role, string> = {
  administrator: 'Administrateur·rice',
  director: 'Directeur·rice',
  social_worker: 'Travailleur·euse social·e',
  front_desk_agent: "Agent d'accueil",
  outreach_agent: "Agent d'aller-vers",
  nurse: 'Infirmier·ère',
  commission_member: 'Membre de commission',
  volunteer_coordinator: 'Coordinateur·rice des bénévoles',
  analyst: 'Analyste / élu·e',
}

/** Roles whose accounts must use two-factor authentication. */
export const ROLES_REQUIRING_TOTP: readonly Role[] = ['administrator', 'director']

export function totpRequiredFor(roles: readonly Role[]): boolean {
  return roles.some((role) => ROLES_REQUIRING_TOTP.includes(role))
}
