import { z } from 'zod'
import { labelled } from './labelled.ts'
import {
  optionalText,
  pageOf,
  pageQuerySchema,
  pastDaySchema,
  plannedDaySchema,
  textSchema,
  uuidSchema,
} from './validation.ts'

// Referrals (orientations) of a person to a partner's service, from a follow-up or the front desk,
// with the partner's answer.

export const PARTNER_ANSWER = labelled({
  pending: 'En attente de réponse',
  accepted: 'Acceptée',
  refused: 'Refusée',
  no_answer: 'Sans réponse à la date attendue',
  needs_more: 'Besoin de plus d’informations',
  done: 'Réalisée',
})
export type PartnerAnswer = keyof typeof PARTNER_ANSWER.labels
/** A referral's reference the partner and the worker both read: its id's first eight characters. */
export const referralReference = (id: string) => `OR-${id.slice(0, 8).toUpperCase()}`
export const REFERRAL_ORIGIN = labelled({
  followup: 'Accompagnement',
  front_desk: 'Accueil',
  outreach: 'Aller-vers (famille)',
})
/** Where a referral is made from the generic form; outreach's come from the family's page. */
const DIRECT_ORIGIN = z.enum(['followup', 'front_desk'], { error: 'Choisissez une valeur de la liste.' })

export const partnerReferralInputSchema = z.object({
  personId: uuidSchema,
  partnerServiceId: uuidSchema,
  origin: DIRECT_ORIGIN,
  supportRecordId: uuidSchema.nullable().optional(),
  referredOn: pastDaySchema,
  /** The date an answer is expected by; past it, a referral still pending is listed as unanswered. */
  answerDueOn: plannedDaySchema.nullable().optional(),
  note: optionalText(1000),
})
export const partnerAnswerInputSchema = z.object({
  answer: z.enum(['accepted', 'refused', 'no_answer'], { error: 'Choisissez une valeur de la liste.' }),
  answeredOn: pastDaySchema,
  note: optionalText(1000),
})
/** The worker's reply to a partner that asked for more information; the referral waits for it again. */
export const partnerReferralReplyInputSchema = z.object({
  note: textSchema('Écrivez votre réponse au partenaire.')
    .trim()
    .min(1, { error: 'Écrivez votre réponse au partenaire.' })
    .max(1000, { error: '1000 caractères au plus.' }),
})
export const partnerReferralSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  partnerServiceId: z.uuid(),
  partnerServiceName: z.string(),
  origin: REFERRAL_ORIGIN.schema,
  supportRecordId: z.uuid().nullable(),
  /** The street outreach family referred, for a referral made from its page. */
  outreachFamilyId: z.uuid().nullable(),
  referredOn: z.string(),
  answerDueOn: z.string().nullable(),
  answer: PARTNER_ANSWER.schema,
  answeredOn: z.string().nullable(),
  note: z.string().nullable(),
  /** The partner's note with its answer, when it answered on the partner page. */
  partnerNote: z.string().nullable(),
  /** The answer was given by the partner itself on its page (not typed by staff). */
  answeredByPartner: z.boolean(),
  /** The worker's reply when the partner asked for more information, and its day. */
  workerReply: z.string().nullable(),
  workerRepliedOn: z.string().nullable(),
  /** The reference the partner reads on its page. */
  reference: z.string(),
})
export const partnerReferralListQuerySchema = pageQuerySchema.extend({ personId: uuidSchema })
export const partnerReferralPageSchema = pageOf(partnerReferralSchema)
/** Referrals still waiting for the partner's answer, oldest first, with the person's name. */
export const unansweredSchema = pageOf(
  partnerReferralSchema.extend({ displayName: z.string(), overdue: z.boolean() }),
)
