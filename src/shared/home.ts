import { z } from 'zod'

/**
 * The home page: what to do now, per role, and the administrator's first steps. The server answers keys
 * and counts (never a name); the labels and links live here.
 */

/** A front-desk follow-up waiting longer than this is flagged late. */
export const FOLLOW_UP_LATE_DAYS = 3

export const HOME_TASKS = {
  'reports.to_triage': {
    title: 'Signalements nouveaux à trier',
    late: 'hors délai',
    href: '/signalements',
  },
  'reports.assigned_to_me': {
    title: 'Signalements qui vous sont attribués',
    late: 'hors délai',
    href: '/signalements',
  },
  'outreach.caseload_late': {
    title: 'Personnes suivies sans contact depuis trop longtemps',
    late: 'à revoir',
    href: '/aller-vers/file-active',
  },
  'frontdesk.follow_ups': {
    title: 'Suites à donner à des contacts de l’accueil',
    late: `en attente depuis plus de ${FOLLOW_UP_LATE_DAYS} jours`,
    href: '/accueil/suivi',
  },
  'register.calls_due': {
    title: 'Appels à passer pour le plan d’alerte en cours',
    late: 'rappels en retard',
    href: '/registre/plans',
  },
  'register.reviews_due': {
    title: 'Inscriptions au registre à revoir',
    late: 'échéance passée',
    href: '/registre?revisions=1',
  },
  'register.referrals': {
    title: 'Situations transmises au registre à examiner',
    late: '',
    href: '/registre',
  },
  'network.volunteers_to_vet': {
    title: 'Bénévoles inscrits à valider',
    late: 'en attente depuis plus de 7 jours',
    href: '/reseau/benevoles',
  },
  'network.needs_waiting': {
    title: 'Besoins qui attendent un bénévole',
    late: 'au-delà du délai de transmission',
    href: '/reseau/besoins',
  },
  'network.escalations_open': {
    title: 'Besoins transmis sans réponse enregistrée',
    late: '',
    href: '/reseau/besoins',
  },
  'network.member_reports': {
    title: 'Signalements de voisins à examiner',
    late: '',
    href: '/reseau/signalements',
  },
  'aid.sessions_open': {
    title: 'Séances de la commission des aides en cours',
    late: '',
    href: '/commission/mes-seances',
  },
  'aid.awaiting_commission': {
    title: 'Demandes d’aide en attente d’une séance de commission',
    late: '',
    href: '/commission',
  },
  'referrals.needs_more': {
    title: 'Orientations où le partenaire demande des informations',
    late: '',
    href: '/accompagnement',
  },
  'partners.agreements_to_renew': {
    title: 'Conventions avec des partenaires à renouveler',
    late: '',
    href: '/hebergement/conventions',
  },
} as const
export type HomeTaskKey = keyof typeof HOME_TASKS
const taskKeys = Object.keys(HOME_TASKS) as [HomeTaskKey, ...HomeTaskKey[]]

/** The first administrator's checklist, each step ticked from the organisation's own data. */
export const SETUP_STEPS = {
  'organisation.sites': {
    title: 'Vos sites',
    hint: 'Les lieux d’accueil (mairie, centres, antennes), avec leur adresse : les contacts sont comptés par site.',
    href: '/admin/organisation',
  },
  'organisation.teams': {
    title: 'Vos équipes',
    hint: 'Accueil social, aller-vers, PAEJ… Une équipe confidentielle ne montre ses dossiers qu’à ses membres et à la direction.',
    href: '/admin/organisation',
  },
  'organisation.users': {
    title: 'Les comptes de vos collègues',
    hint: 'Invitez-les avec le rôle qui correspond à leur travail : la page des utilisateurs dit ce que chaque rôle permet.',
    href: '/admin/utilisateurs',
  },
  'frontdesk.contact_reasons': {
    title: 'Les motifs de contact de l’accueil',
    hint: 'La liste proposée à chaque passage ou appel ; elle sert aux statistiques de fréquentation.',
    href: '/admin/motifs',
  },
  'pricing.brackets': {
    title: 'La tarification sociale',
    hint: 'Le calcul du quotient familial et les tranches de tarifs.',
    href: '/admin/tarification',
  },
  'reports.triage_delay': {
    title: 'Le délai de traitement des signalements',
    hint: 'Au-delà, un signalement non traité est signalé en retard à l’équipe d’aller-vers.',
    href: '/admin/signalements',
  },
  'register.team': {
    title: 'L’équipe du registre des personnes vulnérables',
    hint: 'Seuls ses membres et la direction consultent le registre et passent les appels des plans d’alerte.',
    href: '/admin/registre',
  },
} as const
export type SetupStepKey = keyof typeof SETUP_STEPS
const stepKeys = Object.keys(SETUP_STEPS) as [SetupStepKey, ...SetupStepKey[]]

export const homeTaskSchema = z.object({
  key: z.enum(taskKeys),
  count: z.number().int().nonnegative(),
  /** How many of them are late (past the delay the organisation set). */
  late: z.number().int().nonnegative(),
})
export type HomeTask = z.infer<typeof homeTaskSchema>

export const setupStepSchema = z.object({
  key: z.enum(stepKeys),
  done: z.boolean(),
  /** What is there already (sites, teams, other accounts, reasons, brackets), when it can be counted. */
  count: z.number().int().nonnegative().nullable(),
})
export type SetupStep = z.infer<typeof setupStepSchema>

export const homeSchema = z.object({
  tasks: z.array(homeTaskSchema),
  /** Empty for those who do not set the organisation up. */
  setup: z.array(setupStepSchema),
})
export type Home = z.infer<typeof homeSchema>
