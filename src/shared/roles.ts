import { z } from 'zod'

/** Staff roles. A user may hold several; their permissions add up. */
export const ROLES = [
  'administrator',
  'director',
  'social_worker',
  'educator',
  'psychologist',
  'front_desk_agent',
  'outreach_agent',
  'nurse',
  'doctor',
  'commission_member',
  'volunteer_coordinator',
  'analyst',
  'dpo',
] as const
export const roleSchema = z.enum(ROLES)
export type Role = z.infer<typeof roleSchema>

export const ROLE_LABELS: Record<Role, string> = {
  administrator: 'Administrateur·rice',
  director: 'Directeur·rice',
  social_worker: 'Travailleur·euse social·e',
  educator: 'Éducateur·rice spécialisé·e',
  psychologist: 'Psychologue',
  front_desk_agent: "Agent d'accueil",
  outreach_agent: "Agent d'aller-vers",
  nurse: 'Infirmier·ère',
  doctor: 'Médecin',
  commission_member: 'Membre de commission',
  volunteer_coordinator: 'Coordinateur·rice des bénévoles',
  analyst: 'Analyste / élu·e',
  dpo: 'Délégué·e à la protection des données',
}

/** What each role can do, in the words the administrator reads when giving it. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  administrator:
    'Règle l’organisation : sites, équipes, comptes, motifs de contact, réglages des modules, journal d’audit. Ne voit aucun dossier de personne.',
  director:
    'Voit et modifie tous les dossiers, y compris des équipes confidentielles ; active les plans d’alerte, règle les modules, consulte le journal d’audit.',
  social_worker:
    'Suit les personnes de ses équipes : dossiers, contacts, aller-vers, signalements ; fusionne les doublons ; saisit les besoins des seniors.',
  educator:
    'Accompagne les personnes et les familles de ses équipes, y compris à la rue : dossiers, contacts, aller-vers, accompagnements et entretiens.',
  psychologist:
    'Reçoit en entretien les personnes de ses équipes (PAEJ…) : ses notes de séance ne sont lues que par les psychologues de l’équipe.',
  front_desk_agent:
    'Accueille et oriente : enregistre les contacts, crée et met à jour les dossiers, saisit les signalements et les besoins des seniors.',
  outreach_agent: 'Fait les maraudes : tournées, rencontres, lieux de vie, tri des signalements.',
  nurse:
    'Suit avec l’équipe d’aller-vers les familles aux droits incomplets ; lit la partie médicale des demandes d’hébergement et donne l’avis médical.',
  doctor:
    'Lit et rédige la partie médicale des demandes d’admission (LHSS…) et donne l’avis médical d’admission et de renouvellement.',
  commission_member:
    'Siège en commission des aides : ne voit que les demandes inscrites à l’ordre du jour de ses séances, pseudonymisées par défaut.',
  volunteer_coordinator:
    'Anime le réseau de voisins solidaires : vérifie les bénévoles, publie et attribue les besoins ; appelle le registre s’il est dans l’équipe désignée.',
  analyst: 'Consulte les statistiques et indicateurs, jamais un nom.',
  dpo: 'Veille à la protection des données : journal d’audit, durées de conservation, purge automatique et ses rapports, gels de dossiers. Ne voit aucun dossier de personne.',
}

/** Roles whose accounts must use two-factor authentication. */
export const ROLES_REQUIRING_TOTP: readonly Role[] = ['administrator', 'director']

export function totpRequiredFor(roles: readonly Role[]): boolean {
  return roles.some((role) => ROLES_REQUIRING_TOTP.includes(role))
}

/**
 * Roles that open wide access: given only once a second administrator (or the director) confirms,
 * and never by oneself.
 */
export const ROLES_GRANTED_WITH_CONFIRMATION: readonly Role[] = ['administrator', 'director']

export function grantsNeedConfirmation(before: readonly Role[], after: readonly Role[]): boolean {
  return after.some((role) => ROLES_GRANTED_WITH_CONFIRMATION.includes(role) && !before.includes(role))
}
