import { z } from 'zod'
import { MAIL_KIND, MAIL_STATUS } from './domiciliation.ts'
import { contactInputSchema } from './frontdesk.ts'
import {
  nameSchema,
  optionalText,
  pageOf,
  pageQuerySchema,
  plannedDaySchema,
  textSchema,
  uuidSchema,
} from './validation.ts'

// The mail of domiciled people: logged as it arrives, handed over to them or to a proxy, forwarded or
// returned to its sender. The front desk sees only what mail handling needs: name, file number, the
// period in force and the waiting items.

/** One item as it arrives: whose it is and what it is; the sender only when the agent notes it. */
export const mailItemInputSchema = z.object({
  personId: uuidSchema,
  kind: MAIL_KIND.schema,
  sender: optionalText(200),
})
export type MailItemInput = z.infer<typeof mailItemInputSchema>

/** A pile of mail typed in one go: all logged, or none if one is refused. */
export const mailBatchInputSchema = z.object({
  items: z
    .array(mailItemInputSchema)
    .min(1, { error: 'Saisissez au moins un courrier.' })
    .max(200, { error: '200 courriers au plus par envoi.' }),
})

export const MAIL_HANDED_TO = { person: 'La personne', proxy: 'Son mandataire' } as const

export const mailItemSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  kind: MAIL_KIND.schema,
  sender: z.string().nullable(),
  receivedAt: z.iso.datetime({ offset: true }),
  status: MAIL_STATUS.schema,
  closedAt: z.iso.datetime({ offset: true }).nullable(),
  handedTo: z.enum(['person', 'proxy']).nullable(),
  proxyName: z.string().nullable(),
  forwardedTo: z.string().nullable(),
  /** The front desk visit in which it was handed over. */
  contactId: z.uuid().nullable(),
  /** When the person was told by e-mail that mail waits. */
  notifiedAt: z.iso.datetime({ offset: true }).nullable(),
})
export type MailItem = z.infer<typeof mailItemSchema>
export const mailItemListSchema = z.object({ items: z.array(mailItemSchema) })

export const mailItemPageQuerySchema = pageQuerySchema.extend({
  personId: uuidSchema,
  /** Waiting mail by default; `all` for the person's whole mail history. */
  status: z.enum([...MAIL_STATUS.values, 'all']).default('waiting'),
})
export const mailItemPageSchema = pageOf(mailItemSchema)

/** A domiciled person as the mail desk sees them. */
export const mailRecipientSchema = z.object({
  personId: z.uuid(),
  displayName: z.string(),
  fileNumber: z.string(),
  /** The period in force today; null when the person has none (their mail can no longer be logged). */
  period: z.object({ startOn: z.iso.date(), endOn: z.iso.date() }).nullable(),
  waitingCount: z.number().int(),
})
export type MailRecipient = z.infer<typeof mailRecipientSchema>
export const mailRecipientListSchema = z.object({ items: z.array(mailRecipientSchema) })

export const mailRecipientQuerySchema = z.object({
  q: textSchema('Saisissez un nom ou un numéro de dossier.')
    .trim()
    .min(1, { error: 'Saisissez un nom ou un numéro de dossier.' })
    .max(100, { error: '100 caractères au plus.' }),
})

const itemIdsSchema = z
  .array(uuidSchema)
  .min(1, { error: 'Choisissez au moins un courrier.' })
  .max(200, { error: '200 courriers au plus.' })

/**
 * Handing waiting mail over, to the person or to one of their proxies. With `contact`, the visit is
 * logged at the front desk in the same transaction, and the items carry it.
 */
export const mailHandoverInputSchema = z
  .object({
    personId: uuidSchema,
    itemIds: itemIdsSchema,
    recipient: z.enum(['person', 'proxy'], { error: 'Indiquez à qui le courrier est remis.' }),
    proxyId: uuidSchema.nullable().optional(),
    contact: contactInputSchema.optional(),
  })
  .refine((input) => input.recipient !== 'proxy' || input.proxyId, {
    error: 'Choisissez le mandataire qui retire le courrier.',
    path: ['proxyId'],
  })
export type MailHandoverInput = z.infer<typeof mailHandoverInputSchema>

export const mailForwardInputSchema = z.object({
  personId: uuidSchema,
  itemIds: itemIdsSchema,
  address: textSchema('Indiquez l’adresse de réexpédition.')
    .trim()
    .min(1, { error: 'Indiquez l’adresse de réexpédition.' })
    .max(500, { error: '500 caractères au plus.' }),
})

/** Returned to sender: « n’habite pas à l’adresse indiquée » (NPAI). */
export const mailReturnInputSchema = z.object({ personId: uuidSchema, itemIds: itemIdsSchema })

export const mailClosedSchema = z.object({ items: z.array(mailItemSchema), contactId: z.uuid().nullable() })

// Proxies (procurations) -------------------------------------------------------------------------

export const mailProxyInputSchema = z
  .object({
    personId: uuidSchema,
    lastName: nameSchema,
    firstName: optionalText(200),
    /** « CNI n° … » : what the agent checks when the proxy comes. */
    identityDocument: optionalText(200),
    validFrom: plannedDaySchema,
    validUntil: plannedDaySchema.nullable().optional(),
  })
  .refine((p) => !p.validUntil || p.validUntil >= p.validFrom, {
    error: 'La fin de validité ne peut pas précéder son début.',
    path: ['validUntil'],
  })

export const mailProxySchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  lastName: z.string(),
  firstName: z.string().nullable(),
  identityDocument: z.string().nullable(),
  validFrom: z.iso.date(),
  validUntil: z.iso.date().nullable(),
  revokedAt: z.iso.datetime({ offset: true }).nullable(),
  /** Valid today: not revoked, today within its dates. */
  valid: z.boolean(),
})
export type MailProxy = z.infer<typeof mailProxySchema>
export const mailProxyListSchema = z.object({ items: z.array(mailProxySchema) })
export const mailProxyListQuerySchema = z.object({ personId: uuidSchema })

export const proxyDisplayName = (p: { lastName: string; firstName: string | null }) =>
  [p.lastName.toUpperCase(), p.firstName].filter(Boolean).join(' ')
