import { z } from 'zod'
import { uuidSchema } from './validation.ts'

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'person.read': 'Consultation d’un dossier',
  'person.list': 'Recherche de personnes',
  'person.create': 'Création d’un dossier',
  'person.update': 'Modification d’un dossier',
  'person.merge': 'Fusion de deux dossiers',
  'person.unmerge': 'Annulation d’une fusion de dossiers',
  'person.export': 'Export des données d’une personne (demande d’accès)',
  'household.read': 'Consultation d’un foyer',
  'household.create': 'Création d’un foyer',
  'household.update': 'Modification d’un foyer',
  'consent.record': 'Enregistrement d’un consentement',
  'contact.create': 'Enregistrement d’un contact à l’accueil',
  'contact.list': 'Consultation des contacts',
  'contact.read': 'Consultation d’un contact',
  'contact.update': 'Modification ou suivi d’un contact',
  'frontdesk.reasons_update': 'Modification des motifs de contact',
  'user.invite': 'Invitation d’un utilisateur',
  'user.update': 'Modification des rôles ou équipes',
  'user.deactivate': 'Désactivation d’un compte',
  'user.reactivate': 'Réactivation d’un compte',
  'auth.login': 'Connexion',
  'auth.logout': 'Déconnexion',
  'auth.password_reset': 'Réinitialisation du mot de passe',
  'auth.totp_enabled': 'Double authentification activée',
  'auth.totp_disabled': 'Double authentification désactivée',
  'organisation.setup': 'Installation de l’organisation',
  'audit.search': 'Consultation du journal d’audit',
  'partner.create': 'Ajout d’un partenaire',
  'partner.update': 'Modification d’un partenaire',
  'partner.delete': 'Suppression d’un partenaire',
  'partner.import': 'Import CSV de partenaires',
  'partner.export': 'Export CSV des partenaires',
  'partner_service.create': 'Ajout d’un service partenaire',
  'partner_service.update': 'Modification d’un service partenaire',
  'partner_service.delete': 'Suppression d’un service partenaire',
  'pricing.settings_update': 'Modification de la tarification sociale (parts et tranches)',
  'pricing.household_quotient': 'Calcul du quotient familial d’un foyer',
}

export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  person: 'Personne',
  household: 'Foyer',
  contact: 'Contact',
  contact_reason: 'Motif de contact',
  consent: 'Consentement',
  person_merge: 'Fusion de dossiers',
  user: 'Utilisateur',
  organisation: 'Organisation',
  audit_log: "Journal d'audit",
  partner: 'Partenaire',
  partner_service: 'Service partenaire',
  pricing_settings: 'Tarification sociale',
}

export const auditQuerySchema = z.object({
  userId: uuidSchema.optional(),
  personId: uuidSchema.optional(),
  from: z.iso.date({ error: 'Date de début invalide.' }).optional(),
  to: z.iso.date({ error: 'Date de fin invalide.' }).optional(),
  page: z.coerce.number().int().min(1).default(1),
})

export const auditEntrySchema = z.object({
  id: z.uuid(),
  at: z.iso.datetime({ offset: true }),
  userId: z.uuid().nullable(),
  userName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.uuid().nullable(),
  personId: z.uuid().nullable(),
  ip: z.string().nullable(),
})
export const auditPageSchema = z.object({
  items: z.array(auditEntrySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
})
