import { labelled } from './labelled.ts'

// Domiciliation (élection de domicile, CASF L264-1 and following): the words of the workflow, the
// motifs of the official forms and DomiFa's codes for them (for imports from DomiFa).

export const DOMICILIATION_KIND = labelled({ first: 'Première demande', renewal: 'Renouvellement' })
export type DomiciliationKind = keyof typeof DOMICILIATION_KIND.labels

export const DOMICILIATION_STATUS = labelled({
  instruction: 'En instruction',
  awaiting_decision: 'En attente de décision',
  granted: 'Accordée',
  refused: 'Refusée',
  radiated: 'Radiée',
})
export type DomiciliationStatus = keyof typeof DOMICILIATION_STATUS.labels

export const REFUSAL_MOTIF = labelled({
  outside_scope: 'Hors du champ de l’agrément',
  no_link_with_commune: 'Absence de lien avec la commune',
  saturation: 'Saturation du service',
  other: 'Autre motif',
})
export type RefusalMotif = keyof typeof REFUSAL_MOTIF.labels

export const RADIATION_MOTIF = labelled({
  own_request: 'À la demande de la personne',
  no_longer_linked: 'N’a plus de lien avec la commune',
  end_without_renewal: 'Fin de validité sans renouvellement',
  no_contact: 'Absence de contact pendant trois mois consécutifs',
  breach_of_rules: 'Non-respect du règlement',
  housed: 'Accès à un logement',
  other: 'Autre motif',
})
export type RadiationMotif = keyof typeof RADIATION_MOTIF.labels

export const MAIL_KIND = labelled({
  letter: 'Courrier',
  registered_notice: 'Avis de passage (recommandé)',
  parcel: 'Colis',
  official: 'Courrier administratif',
})
export type MailKind = keyof typeof MAIL_KIND.labels

export const MAIL_STATUS = labelled({
  waiting: 'En attente',
  handed_over: 'Remis',
  forwarded: 'Réexpédié',
  returned: 'Retourné à l’expéditeur (NPAI)',
})
export type MailStatus = keyof typeof MAIL_STATUS.labels

/** DomiFa's codes in its exports and import layout. */
export const DOMIFA_STATUS: Record<string, DomiciliationStatus> = {
  INSTRUCTION: 'instruction',
  ATTENTE_DECISION: 'awaiting_decision',
  VALIDE: 'granted',
  REFUS: 'refused',
  RADIE: 'radiated',
}
export const DOMIFA_KIND: Record<string, DomiciliationKind> = {
  PREMIERE: 'first',
  PREMIERE_DOM: 'first',
  RENOUVELLEMENT: 'renewal',
}
export const DOMIFA_REFUSAL_MOTIF: Record<string, RefusalMotif> = {
  HORS_AGREMENT: 'outside_scope',
  LIEN_COMMUNE: 'no_link_with_commune',
  SATURATION: 'saturation',
  AUTRE: 'other',
}
export const DOMIFA_RADIATION_MOTIF: Record<string, RadiationMotif> = {
  A_SA_DEMANDE: 'own_request',
  PLUS_DE_LIEN_COMMUNE: 'no_longer_linked',
  FIN_DE_DOMICILIATION: 'end_without_renewal',
  NON_MANIFESTATION_3_MOIS: 'no_contact',
  NON_RESPECT_REGLEMENT: 'breach_of_rules',
  ENTREE_LOGEMENT: 'housed',
  AUTRE: 'other',
}
