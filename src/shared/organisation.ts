import { z } from 'zod'
import { ACTIONS } from './permissions.ts'
import { roleSchema } from './roles.ts'
import { emailSchema, nameSchema, textSchema, uuidSchema } from './validation.ts'

const timestamp = z.iso.datetime({ offset: true })

export const organisationSchema = z.object({ id: z.uuid(), name: z.string() })
export const organisationUpdateSchema = z.object({ name: nameSchema })

export const siteSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  address: z.string().nullable(),
  active: z.boolean(),
})
export const siteCreateSchema = z.object({
  name: nameSchema,
  address: textSchema().trim().max(500).nullable().optional(),
})
export const siteUpdateSchema = siteCreateSchema.extend({ active: z.boolean() }).partial()
export const siteListSchema = z.object({ items: z.array(siteSchema) })

export const teamSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  siteId: z.uuid().nullable(),
  /** Records of a confidential team (like the PAEJ) are seen only by its members and the director. */
  confidential: z.boolean(),
  active: z.boolean(),
})
export const teamCreateSchema = z.object({
  name: nameSchema,
  siteId: uuidSchema.nullable().optional(),
  confidential: z.boolean().default(false),
})
export const teamUpdateSchema = z
  .object({ name: nameSchema, siteId: uuidSchema.nullable(), confidential: z.boolean(), active: z.boolean() })
  .partial()
export const teamListSchema = z.object({ items: z.array(teamSchema) })

export const userStatusSchema = z.enum(['invited', 'active', 'deactivated'])
export const USER_STATUS_LABELS: Record<z.infer<typeof userStatusSchema>, string> = {
  invited: 'Invité·e',
  active: 'Actif·ve',
  deactivated: 'Désactivé·e',
}

/** A grant of the director or administrator role, waiting for someone other than its requester. */
export const roleGrantSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  userName: z.string(),
  /** The whole role set the user will hold once confirmed. */
  roles: z.array(roleSchema),
  requestedBy: z.object({ id: z.uuid(), name: z.string() }),
  requestedAt: timestamp,
  /** Nobody active in the organisation but its requester and the account named could confirm it: the hosting operator must. */
  awaitsHost: z.boolean(),
})
export type RoleGrant = z.infer<typeof roleGrantSchema>
/** The command the hosting operator runs to confirm a grant nobody in the organisation can confirm. */
export const hostConfirmCommand = (grantId: string) => `npm run roles:confirm -- ${grantId}`
export const roleGrantListSchema = z.object({ items: z.array(roleGrantSchema) })

export const userSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  roles: z.array(roleSchema),
  teamIds: z.array(z.uuid()),
  status: userStatusSchema,
  totpEnabled: z.boolean(),
  lastLoginAt: timestamp.nullable(),
  createdAt: timestamp,
  /** Roles asked for and not yet confirmed (director or administrator given). */
  pendingRoleGrant: roleGrantSchema.nullable(),
})
export type User = z.infer<typeof userSchema>
export const userListSchema = z.object({ items: z.array(userSchema) })
/**
 * An invitation just sent, with its link for the administrator to copy (a message app, a sheet handed
 * over) when the e-mail is slow or lost. Only given at sending: the server keeps the token's hash alone.
 */
export const invitationSentSchema = userSchema.extend({ invitationLink: z.url() })

/** `?may=report.triage`: only the colleagues whose role allows that action (those a report can be given to). */
export const colleagueQuerySchema = z.object({ may: z.enum(ACTIONS).optional() })

/** Active colleagues, named for picking a referent or the agent a follow-up is given to (no e-mail, no roles). */
export const colleagueListSchema = z.object({
  items: z.array(z.object({ id: z.uuid(), name: z.string(), teamIds: z.array(z.uuid()) })),
})

const rolesField = z.array(roleSchema).min(1, { error: 'Choisissez au moins un rôle.' })
export const invitationCreateSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  roles: rolesField,
  teamIds: z.array(uuidSchema).default([]),
})
export const userUpdateSchema = z.object({ roles: rolesField, teamIds: z.array(uuidSchema) }).partial()
