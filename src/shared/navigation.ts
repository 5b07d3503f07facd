import type { Action } from './permissions.ts'

/** The modules shown in the navigation, with the permission that reveals each. */
export const NAV_MODULES: { path: string; label: string; requires: Action }[] = [
  { path: '/personnes', label: 'Personnes', requires: 'person.read' },
  { path: '/admin/utilisateurs', label: 'Utilisateurs', requires: 'user.manage' },
  { path: '/admin/organisation', label: 'Organisation', requires: 'organisation.manage' },
  { path: '/admin/audit', label: "Journal d'audit", requires: 'audit.read' },
]
