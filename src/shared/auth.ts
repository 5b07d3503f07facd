import { z } from 'zod'
import { ACTIONS } from './permissions.ts'
import { roleSchema } from './roles.ts'
import { emailSchema, nameSchema, passwordSchema, textSchema, totpCodeSchema } from './validation.ts'

/** Routes under /api/auth answer without a session. */

export const setupStatusSchema = z.object({
  /** True while no organisation exists and the link's token is still valid. */
  tokenValid: z.boolean(),
  setupDone: z.boolean(),
})

export const setupStatusRequestSchema = z.object({ token: textSchema().max(200).optional() })

export const setupBodySchema = z.object({
  token: textSchema().min(1).max(200),
  organisationName: nameSchema.describe("Nom de l'organisation (CCAS, CIAS)"),
  siteName: nameSchema.describe('Premier site'),
  adminName: nameSchema.describe("Nom de l'administrateur"),
  email: emailSchema,
  password: passwordSchema,
})

export const loginBodySchema = z.object({
  email: emailSchema,
  password: textSchema().min(1, { error: 'Saisissez votre mot de passe.' }).max(200),
})

/**
 * Where a session stands:
 * - `active`: fully signed in;
 * - `totp_pending`: password checked, the TOTP code is awaited;
 * - `totp_enrolment_required`: the user's role demands 2FA and none is set up yet.
 */
export const sessionStateSchema = z.enum(['active', 'totp_pending', 'totp_enrolment_required'])
export type SessionState = z.infer<typeof sessionStateSchema>

export const loginResponseSchema = z.object({ state: sessionStateSchema })

export const totpLoginBodySchema = z.object({ code: totpCodeSchema })

export const meSchema = z.object({
  state: sessionStateSchema,
  csrfToken: z.string(),
  user: z.object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    roles: z.array(roleSchema),
    teamIds: z.array(z.uuid()),
    totpEnabled: z.boolean(),
    totpRequired: z.boolean(),
  }),
  organisation: z.object({ id: z.uuid(), name: z.string() }),
  /** Actions the user's roles allow (the UI hides the rest; the API refuses them anyway). */
  permissions: z.array(z.enum(ACTIONS)),
})
export type Me = z.infer<typeof meSchema>

export const passwordResetRequestSchema = z.object({ email: emailSchema })
export const passwordResetCompleteSchema = z.object({
  token: textSchema().min(1).max(200),
  password: passwordSchema,
})

export const invitationInfoSchema = z.object({
  email: z.string(),
  name: z.string(),
  organisationName: z.string(),
})
export const invitationAcceptSchema = z.object({
  token: textSchema().min(1).max(200),
  name: nameSchema,
  password: passwordSchema,
})
export const tokenBodySchema = z.object({ token: textSchema().min(1).max(200) })

// ----- /api/account (signed in) -----
export const changePasswordSchema = z.object({
  currentPassword: textSchema().min(1, { error: 'Saisissez votre mot de passe actuel.' }).max(200),
  newPassword: passwordSchema,
})
/**
 * Preparing 2FA gives the same pending secret until it is confirmed: a code scanned before the page
 * was reloaded still works. `renew` asks for a new one (the phone lost, the key shown to someone).
 */
export const totpSetupBodySchema = z
  .object({ renew: z.boolean().default(false).describe('Remplacer la clé en attente par une nouvelle') })
  .optional()
export const totpSetupResponseSchema = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  /** PNG data URL of the QR code to scan. */
  qrCodeDataUrl: z.string(),
})
export const totpConfirmSchema = z.object({ code: totpCodeSchema })
export const totpDisableSchema = z.object({ password: textSchema().min(1).max(200), code: totpCodeSchema })

export const accountSessionSchema = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime({ offset: true }),
  lastSeenAt: z.iso.datetime({ offset: true }),
  userAgent: z.string().nullable(),
  current: z.boolean(),
})
export const accountSessionsSchema = z.object({ items: z.array(accountSessionSchema) })
