import { z } from 'zod'
import { labelled } from './labelled.ts'
import { PARTNER_ANSWER } from './referrals.ts'
import {
  emailSchema,
  nameSchema,
  optionalText,
  pageOf,
  pageQuerySchema,
  passwordSchema,
  textSchema,
  uuidSchema,
} from './validation.ts'

// The partner page: a partner's contacts sign in there with their own account, see the referrals
// addressed to their partner's services (only what the person consented to share) and answer them.

/** Staff invite a contact of a partner: the contact gets an e-mail with a link to choose a password. */
export const partnerContactInviteSchema = z.object({ name: nameSchema, email: emailSchema })
export const PARTNER_CONTACT_STATUS = labelled({
  invited: 'Invitation envoyée',
  active: 'Compte actif',
  disabled: 'Compte désactivé',
})
export const partnerContactSchema = z.object({
  id: z.uuid(),
  partnerId: z.uuid(),
  name: z.string(),
  email: z.string(),
  status: PARTNER_CONTACT_STATUS.schema,
})
export type PartnerContact = z.infer<typeof partnerContactSchema>
export const partnerContactListSchema = z.object({ items: z.array(partnerContactSchema) })
export const partnerContactParamsSchema = z.object({ id: uuidSchema, contactId: uuidSchema })

/** The invitation's link carries its token in the page's query; the page sends it in a body. */
export const partnerPasswordSetSchema = z.object({
  token: textSchema().min(1).max(200),
  password: passwordSchema,
})
export const partnerInvitationInfoInputSchema = z.object({ token: textSchema().min(1).max(200) })
export const partnerInvitationInfoSchema = z.object({
  name: z.string(),
  email: z.string(),
  partnerName: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
})
export const partnerLoginSchema = z.object({
  organisationId: uuidSchema,
  email: emailSchema,
  password: textSchema().min(1).max(200),
})
/** « Mot de passe oublié » on the partner page's sign-in. */
export const partnerPasswordResetRequestSchema = z.object({ organisationId: uuidSchema, email: emailSchema })
export const partnerPortalQuerySchema = z.object({ organisation: uuidSchema.optional() })
export const partnerPortalSchema = z.object({ organisationId: z.string(), organisationName: z.string() })
export const partnerMeSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  partnerName: z.string(),
  organisationName: z.string(),
  csrfToken: z.string(),
})
export type PartnerMe = z.infer<typeof partnerMeSchema>

/** What the partner may answer on its page. */
export const PARTNER_PORTAL_ANSWER = labelled({
  accepted: PARTNER_ANSWER.labels.accepted,
  refused: PARTNER_ANSWER.labels.refused,
  needs_more: PARTNER_ANSWER.labels.needs_more,
  done: PARTNER_ANSWER.labels.done,
})
export type PartnerPortalAnswer = keyof typeof PARTNER_PORTAL_ANSWER.labels
export const partnerPortalAnswerInputSchema = z.object({
  answer: PARTNER_PORTAL_ANSWER.schema,
  note: optionalText(1000),
})

/**
 * A referral as its partner sees it. Without the person's consent to share with partners, only its
 * reference and the service: `person` and `details` are null.
 */
export const partnerPortalReferralSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  serviceName: z.string(),
  referredOn: z.string(),
  answerDueOn: z.string().nullable(),
  answer: PARTNER_ANSWER.schema,
  answeredOn: z.string().nullable(),
  partnerNote: z.string().nullable(),
  /** The worker's reply to the partner's request for more information (only with the person's consent). */
  workerReply: z.string().nullable(),
  workerRepliedOn: z.string().nullable(),
  shared: z.boolean(),
  person: z
    .object({
      displayName: z.string(),
      birthDate: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
    })
    .nullable(),
  /** The worker's note with the referral. */
  details: z.string().nullable(),
})
export type PartnerPortalReferral = z.infer<typeof partnerPortalReferralSchema>
export const partnerPortalReferralPageSchema = pageOf(partnerPortalReferralSchema)
export const partnerPortalReferralQuerySchema = pageQuerySchema
