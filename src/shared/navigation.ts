import type { Action } from './permissions.ts'

/** The modules shown in the navigation, with the permission that reveals each. */
export const NAV_MODULES: { path: string; label: string; requires: Action }[] = [
  { path: '/personnes', label: 'Personnes', requires: 'person.read' },
  { path: '/accueil/suivi', label: 'File de suivi', requires: 'contact.read' },
  { path: '/indicateurs/frequentation', label: 'Fréquentation', requires: 'indicators.read' },
  { path: '/indicateurs/recensement', label: 'Recensement', requires: 'indicators.read' },
  { path: '/partenaires', label: 'Partenaires', requires: 'partner.read' },
  // A non-breaking hyphen: the menu never splits « Aller-vers » over two lines.
  { path: '/aller-vers', label: 'Aller‑vers', requires: 'outreach.read' },
  { path: '/signalements', label: 'Signalements', requires: 'report.create' },
  { path: '/admin/utilisateurs', label: 'Utilisateurs', requires: 'user.manage' },
  { path: '/admin/organisation', label: 'Organisation', requires: 'organisation.manage' },
  { path: '/admin/motifs', label: 'Motifs de contact', requires: 'frontdesk.configure' },
  { path: '/admin/tarification', label: 'Tarification', requires: 'pricing.manage' },
  { path: '/admin/signalements', label: 'Délai des signalements', requires: 'outreach.configure' },
  { path: '/admin/audit', label: "Journal d'audit", requires: 'audit.read' },
]
