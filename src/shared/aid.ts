import { labelled } from './labelled.ts'

// Aid (aides facultatives): the words of the règlement, of a request's life, of the commission, of
// payments, vouchers and seasonal campaigns. Money is integer cents everywhere.

export const AID_REQUEST_STATUS = labelled({
  draft: 'Brouillon',
  submitted: 'Déposée',
  on_agenda: 'Inscrite en commission',
  granted: 'Accordée',
  refused: 'Refusée',
  adjourned: 'Ajournée',
  withdrawn: 'Retirée par la personne',
  dismissed: 'Classée sans suite',
})
export type AidRequestStatus = keyof typeof AID_REQUEST_STATUS.labels

/** How a request was decided: alone in urgency within a ceiling, or by the commission. */
export const AID_DECISION_CHANNEL = labelled({ urgent: 'Décision d’urgence', commission: 'Commission' })
export type AidDecisionChannel = keyof typeof AID_DECISION_CHANNEL.labels

export const AID_DECISION = labelled({
  granted: 'Accord',
  refused: 'Refus',
  adjourned: 'Ajournement',
  dismissed: 'Classement sans suite',
})
export type AidDecisionKind = keyof typeof AID_DECISION.labels
export type AidAgendaOutcome = AidDecisionKind

export const AID_REFUSAL_MOTIF = labelled({
  over_ceiling: 'Plafond de ressources dépassé',
  sufficient_remaining: 'Reste à vivre suffisant',
  not_eligible: 'Hors des conditions du règlement',
  incomplete: 'Dossier incomplet',
  other_help: 'Relève d’un autre dispositif',
  repeated: 'Aide déjà accordée récemment',
  other: 'Autre motif',
})
export type AidRefusalMotif = keyof typeof AID_REFUSAL_MOTIF.labels

export const PAYMENT_FORM = labelled({
  transfer: 'Virement à la personne',
  creditor: 'Paiement au créancier',
  voucher: 'Bons ou tickets',
  in_kind: 'En nature',
})
export type PaymentForm = keyof typeof PAYMENT_FORM.labels

export const COMMISSION_SESSION_STATUS = labelled({
  planned: 'Prévue',
  open: 'En cours',
  closed: 'Close',
})
export type CommissionSessionStatus = keyof typeof COMMISSION_SESSION_STATUS.labels

/** The household budget's lines, monthly. */
export const BUDGET_RESOURCE_KIND = labelled({
  salary: 'Salaires',
  unemployment: 'Allocations chômage',
  rsa: 'RSA',
  prime_activite: 'Prime d’activité',
  family_benefits: 'Prestations familiales',
  housing_benefit: 'Aide au logement',
  aah: 'AAH',
  pension: 'Retraite',
  aspa: 'ASPA',
  daily_allowances: 'Indemnités journalières',
  alimony: 'Pension alimentaire reçue',
  other: 'Autres ressources',
})
export const BUDGET_CHARGE_KIND = labelled({
  rent: 'Loyer ou mensualité',
  energy: 'Énergie (électricité, gaz)',
  water: 'Eau',
  insurance: 'Assurances',
  mutual: 'Mutuelle',
  phone_internet: 'Téléphone, internet',
  transport: 'Transport',
  school: 'Cantine, frais de scolarité',
  childcare: 'Garde d’enfants',
  debt: 'Remboursement de dettes',
  alimony_paid: 'Pension alimentaire versée',
  taxes: 'Impôts et taxes',
  other: 'Autres charges',
})

export const VOUCHER_STATUS = labelled({
  in_stock: 'En stock',
  issued: 'Remis',
  returned: 'Rendu',
  cancelled: 'Annulé',
})
export type VoucherStatus = keyof typeof VOUCHER_STATUS.labels

/** Where a seasonal registration came from: the seniors line's calls are counted apart (seed 004). */
export const CAMPAIGN_CHANNEL = labelled({
  front_desk: 'Accueil',
  seniors_line: 'Ligne seniors',
  outreach: 'Aller-vers',
  other: 'Autre',
})
export type CampaignChannel = keyof typeof CAMPAIGN_CHANNEL.labels

export const CAMPAIGN_REGISTRATION_STATUS = labelled({
  registered: 'Inscrit·e',
  received: 'Reçu',
  cancelled: 'Annulé',
})
export type CampaignRegistrationStatus = keyof typeof CAMPAIGN_REGISTRATION_STATUS.labels

/**
 * Consumption units of a household (the OECD's modified scale, as INSEE counts them): 1 for the
 * first adult, 0.5 for each other person aged 14 or more, 0.3 for each child under 14.
 */
export function consumptionUnits(adults: number, children: number): number {
  if (adults + children === 0) return 0
  const firstAdult = adults > 0 ? 1 : 0
  const otherAdults = Math.max(adults - 1, 0) * 0.5
  const childrenUnits = (adults > 0 ? children : Math.max(children - 1, 0)) * 0.3
  return Math.round((firstAdult + otherAdults + childrenUnits + (adults > 0 ? 0 : 1)) * 100) / 100
}
