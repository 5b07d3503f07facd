import { labelled } from './labelled.ts'
import type { Role } from './roles.ts'

// Accommodation (hébergement et logement accompagné): the words of structures and places, admission
// requests and their medical opinion, stays and their exits, leases and sublets. Money is integer cents.

export const STRUCTURE_KIND = labelled({
  chrs_emergency: 'CHRS – hébergement d’urgence',
  chrs_reintegration: 'CHRS – réinsertion',
  lhss: 'Lits halte soins santé (LHSS)',
  maison_relais: 'Maison relais',
  parenting_apartment: 'Appartement parentalité',
  sliding_lease: 'Bail glissant',
  plats: 'Sous-location PLATS',
  private_sublet: 'Sous-location de logement privé',
  pst: 'Logement PST (programme social thématique)',
  other: 'Autre',
})
export type StructureKind = keyof typeof STRUCTURE_KIND.labels

/** Kinds whose dwellings the organisation rents and sublets: they carry a lease and monthly rents. */
export const LEASED_STRUCTURE_KINDS: readonly StructureKind[] = [
  'sliding_lease',
  'plats',
  'private_sublet',
  'pst',
]

/** What a new structure of a kind starts with; the organisation may change it per structure. */
export const STRUCTURE_KIND_DEFAULTS: Record<
  StructureKind,
  { defaultStayMonths: number | null; requiresMedicalOpinion: boolean; requiresDirectorValidation: boolean }
> = {
  chrs_emergency: {
    defaultStayMonths: null,
    requiresMedicalOpinion: false,
    requiresDirectorValidation: false,
  },
  chrs_reintegration: {
    defaultStayMonths: 6,
    requiresMedicalOpinion: false,
    requiresDirectorValidation: true,
  },
  lhss: { defaultStayMonths: 2, requiresMedicalOpinion: true, requiresDirectorValidation: true },
  maison_relais: { defaultStayMonths: null, requiresMedicalOpinion: false, requiresDirectorValidation: true },
  parenting_apartment: {
    defaultStayMonths: null,
    requiresMedicalOpinion: false,
    requiresDirectorValidation: true,
  },
  sliding_lease: { defaultStayMonths: null, requiresMedicalOpinion: false, requiresDirectorValidation: true },
  plats: { defaultStayMonths: null, requiresMedicalOpinion: false, requiresDirectorValidation: true },
  private_sublet: {
    defaultStayMonths: null,
    requiresMedicalOpinion: false,
    requiresDirectorValidation: true,
  },
  pst: { defaultStayMonths: null, requiresMedicalOpinion: false, requiresDirectorValidation: true },
  other: { defaultStayMonths: null, requiresMedicalOpinion: false, requiresDirectorValidation: true },
}

export const UNIT_KIND = labelled({
  room: 'Chambre',
  dwelling: 'Logement',
  dormitory: 'Dortoir',
  other: 'Autre',
})
export type UnitKind = keyof typeof UNIT_KIND.labels

export const UNIT_OCCUPANCY = labelled({ single: 'Individuelle', double: 'Double', family: 'Familiale' })
export type UnitOccupancy = keyof typeof UNIT_OCCUPANCY.labels

/** A place's state on a day, read from stays, validated requests and closures (never stored). */
export const PLACE_STATE = labelled({
  free: 'Libre',
  occupied: 'Occupée',
  reserved: 'Réservée',
  out_of_service: 'Hors service',
})
export type PlaceState = keyof typeof PLACE_STATE.labels

export const ORIENTATION_SOURCE = labelled({
  siao: 'SIAO',
  hospital: 'Hôpital',
  internal_team: 'Équipe du CCAS',
  partner: 'Partenaire',
  self: 'Demande de la personne',
  other: 'Autre',
})
export type OrientationSource = keyof typeof ORIENTATION_SOURCE.labels

/** Waiting lists are ordered by priority, then by the day the request was received. */
export const ADMISSION_PRIORITY = labelled({ urgent: 'Urgente', high: 'Haute', normal: 'Normale' })
export type AdmissionPriority = keyof typeof ADMISSION_PRIORITY.labels

export const ADMISSION_STATUS = labelled({
  received: 'Reçue',
  medical_review: 'En attente de l’avis médical',
  awaiting_validation: 'En attente de validation',
  validated: 'Validée – place réservée',
  admitted: 'Admise',
  refused: 'Refusée',
  withdrawn: 'Retirée',
})
export type AdmissionStatus = keyof typeof ADMISSION_STATUS.labels

export const ADMISSION_REFUSAL_MOTIF = labelled({
  no_place: 'Pas de place disponible',
  medical_unfavourable: 'Avis médical défavorable',
  not_eligible: 'Hors du public de la structure',
  needs_hospital: 'Relève d’une prise en charge hospitalière',
  other_solution: 'Autre solution trouvée',
  declined_by_person: 'Refus de la personne',
  no_show: 'Personne non présentée',
  incomplete: 'Demande incomplète',
  other: 'Autre motif',
})
export type AdmissionRefusalMotif = keyof typeof ADMISSION_REFUSAL_MOTIF.labels

export const MEDICAL_OPINION = labelled({ favourable: 'Favorable', unfavourable: 'Défavorable' })
export type MedicalOpinion = keyof typeof MEDICAL_OPINION.labels

/**
 * The roles that read and write medical parts and give medical opinions. The organisation may add
 * others (accommodation_settings.medical_extra_roles), the director included: never by default.
 */
export const MEDICAL_ROLES: readonly Role[] = ['nurse', 'doctor']

export const STAY_EXIT_REASON = labelled({
  end_of_stay: 'Fin de séjour prévue',
  own_initiative: 'Départ à l’initiative de la personne',
  rehoused: 'Relogement',
  exclusion: 'Exclusion',
  health: 'Raison de santé',
  lease_slid: 'Glissement du bail',
  deceased: 'Décès',
  other: 'Autre',
})
export type StayExitReason = keyof typeof STAY_EXIT_REASON.labels

export const STAY_EXIT_DESTINATION = labelled({
  own_housing: 'Logement autonome',
  supported_housing: 'Logement accompagné',
  other_shelter: 'Autre hébergement',
  hospital_or_care: 'Hôpital ou soins',
  family: 'Famille ou proches',
  street: 'Rue',
  unknown: 'Inconnue',
  deceased: 'Décès',
  lease_slid: 'Bail glissé à l’occupant',
})
export type StayExitDestination = keyof typeof STAY_EXIT_DESTINATION.labels

export const LANDLORD_KIND = labelled({ public: 'Bailleur public', private: 'Propriétaire privé' })
export type LandlordKind = keyof typeof LANDLORD_KIND.labels
