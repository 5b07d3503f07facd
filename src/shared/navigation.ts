import { DOMICILIATION_REPORT_READERS } from './domiciliation-domifa.ts'
import type { Action } from './permissions.ts'

/** Entries of one group share a drop-down menu of the navigation (when a reader sees more than one). */
export const NAV_GROUPS = {
  followup: 'Suivi',
  domiciliation: 'Domiciliation',
  aid: 'Aides',
  accommodation: 'Hébergement',
  indicators: 'Indicateurs',
  outreach: 'Aller‑vers',
  solidarity: 'Solidarités',
  settings: 'Administration',
} as const
export type NavGroup = keyof typeof NAV_GROUPS

/** The modules shown in the navigation, with the permission (or any of the permissions) that reveals each. */
export const NAV_MODULES: {
  path: string
  label: string
  requires: Action | readonly Action[]
  group?: NavGroup
}[] = [
  { path: '/personnes', label: 'Personnes', requires: 'person.read' },
  // Grouped so that the menu of a role that sees every module (the director) fits one line at 1280 px.
  { path: '/accueil/suivi', label: 'File de suivi', requires: 'contact.read', group: 'followup' },
  { path: '/accompagnement', label: 'Accompagnement', requires: 'followup.read', group: 'followup' },
  { path: '/rendez-vous', label: 'Rendez-vous', requires: 'appointment.read', group: 'followup' },
  {
    path: '/documents/a-renouveler',
    label: 'Documents à renouveler',
    requires: 'document.read',
    group: 'followup',
  },
  { path: '/courrier', label: 'Courrier', requires: 'domiciliation.mail', group: 'domiciliation' },
  {
    path: '/indicateurs/tableau-de-bord',
    label: 'Mon tableau de bord',
    requires: 'indicators.read',
    group: 'indicators',
  },
  {
    path: '/indicateurs',
    label: 'Catalogue des indicateurs',
    requires: 'indicators.read',
    group: 'indicators',
  },
  {
    path: '/indicateurs/frequentation',
    label: 'Fréquentation',
    requires: 'indicators.read',
    group: 'indicators',
  },
  {
    path: '/indicateurs/recensement',
    label: 'Recensement',
    requires: 'indicators.read',
    group: 'indicators',
  },
  {
    path: '/activites/participants',
    label: 'Participants aux activités',
    requires: ['activities.read', 'indicators.read'],
    group: 'indicators',
  },
  {
    path: '/hebergement/statistiques',
    label: 'Hébergement',
    requires: 'indicators.read',
    group: 'indicators',
  },
  { path: '/partenaires', label: 'Partenaires', requires: 'partner.read' },
  // A non-breaking hyphen: the menu never splits « Aller-vers » over two lines.
  { path: '/aller-vers', label: 'Aller‑vers', requires: 'outreach.read', group: 'outreach' },
  { path: '/signalements', label: 'Signalements', requires: 'report.create', group: 'outreach' },
  { path: '/registre', label: 'Registre', requires: 'register.read', group: 'solidarity' },
  {
    path: '/activites',
    label: 'Activités collectives',
    requires: 'activities.read',
    group: 'solidarity',
  },
  {
    path: '/reseau/besoins',
    label: 'Voisins solidaires',
    requires: 'network.coordinate',
    group: 'solidarity',
  },
  {
    path: '/domiciliation/radiations',
    label: 'Radiations à examiner',
    requires: 'domiciliation.read',
    group: 'domiciliation',
  },
  {
    path: '/domiciliation/import-domifa',
    label: 'Importer depuis DomiFa',
    requires: 'domiciliation.import',
    group: 'domiciliation',
  },
  {
    path: '/domiciliation/rapport-annuel',
    label: 'Rapport annuel de domiciliation',
    requires: DOMICILIATION_REPORT_READERS,
    group: 'domiciliation',
  },
  {
    path: '/hebergement/sejours',
    label: 'Séjours',
    requires: 'accommodation.read',
    group: 'accommodation',
  },
  {
    path: '/hebergement/baux',
    label: 'Baux et sous-locations',
    requires: 'accommodation.leases',
    group: 'accommodation',
  },
  { path: '/aides/demandes', label: 'Demandes d’aide', requires: 'aid.read', group: 'aid' },
  { path: '/commission', label: 'Commission des aides', requires: 'aid.sessions', group: 'aid' },
  {
    path: '/commission/mes-seances',
    label: 'Mes séances de commission',
    requires: 'aid.commission',
    group: 'aid',
  },
  {
    path: '/aides/budgets',
    label: 'Budgets des aides',
    requires: ['aid.pay', 'aid.configure'],
    group: 'aid',
  },
  {
    path: '/aides/bons',
    label: 'Bons et tickets',
    requires: ['aid.vouchers', 'aid.configure'],
    group: 'aid',
  },
  { path: '/aides/douches', label: 'Douches', requires: 'aid.vouchers', group: 'aid' },
  {
    path: '/aides/campagnes',
    label: 'Campagnes saisonnières',
    requires: ['aid.campaign', 'aid.configure'],
    group: 'aid',
  },
  {
    path: '/aides/statistiques',
    label: 'Statistiques des aides',
    requires: ['indicators.read', 'aid.sessions', 'aid.pay'],
    group: 'aid',
  },
  {
    path: '/hebergement/occupation',
    label: 'Tableau d’occupation',
    requires: ['accommodation.read', 'accommodation.configure'],
    group: 'accommodation',
  },
  {
    path: '/hebergement/structures',
    label: 'Structures d’hébergement',
    requires: ['accommodation.read', 'accommodation.configure'],
    group: 'accommodation',
  },
  {
    path: '/hebergement/conventions',
    label: 'Conventions',
    requires: ['accommodation.read', 'accommodation.configure'],
    group: 'accommodation',
  },
  {
    path: '/hebergement/admissions',
    label: 'Demandes d’admission',
    requires: 'accommodation.read',
    group: 'accommodation',
  },
  { path: '/admin/utilisateurs', label: 'Utilisateurs', requires: 'user.manage', group: 'settings' },
  {
    path: '/admin/roles-a-confirmer',
    label: 'Rôles à confirmer',
    requires: 'user.role_grant.confirm',
    group: 'settings',
  },
  { path: '/admin/organisation', label: 'Organisation', requires: 'organisation.manage', group: 'settings' },
  { path: '/admin/motifs', label: 'Motifs de contact', requires: 'frontdesk.configure', group: 'settings' },
  {
    path: '/admin/hebergement',
    label: 'Hébergement',
    requires: 'accommodation.configure',
    group: 'settings',
  },
  { path: '/admin/tarification', label: 'Tarification', requires: 'pricing.manage', group: 'settings' },
  {
    path: '/admin/signalements',
    label: 'Délai des signalements',
    requires: 'outreach.configure',
    group: 'settings',
  },
  {
    path: '/admin/registre',
    label: 'Registre des personnes vulnérables',
    requires: 'register.configure',
    group: 'settings',
  },
  { path: '/admin/droits', label: 'Droits', requires: 'rights.configure', group: 'settings' },
  {
    path: '/admin/types-accompagnement',
    label: 'Types d’accompagnement',
    requires: 'followup.configure',
    group: 'settings',
  },
  {
    path: '/admin/types-documents',
    label: 'Types de documents',
    requires: 'document.configure',
    group: 'settings',
  },
  {
    path: '/admin/domiciliation',
    label: 'Domiciliation',
    requires: 'domiciliation.configure',
    group: 'settings',
  },
  {
    path: '/admin/types-activites',
    label: 'Types d’activités',
    requires: 'activities.configure',
    group: 'settings',
  },
  { path: '/admin/aides', label: 'Réglages des aides', requires: 'aid.configure', group: 'settings' },
  {
    path: '/admin/reglement-aides',
    label: 'Règlement des aides',
    requires: 'aid.configure',
    group: 'settings',
  },
  { path: '/admin/audit', label: "Journal d'audit", requires: 'audit.read', group: 'settings' },
  {
    path: '/protection-des-donnees',
    label: 'Protection des données',
    requires: 'privacy.read',
    group: 'settings',
  },
]
