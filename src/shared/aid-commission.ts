import { z } from 'zod'
import {
  AID_DECISION,
  AID_REFUSAL_MOTIF,
  AID_REQUEST_STATUS,
  COMMISSION_SESSION_STATUS,
  PAYMENT_FORM,
} from './aid.ts'
import { dayBetween, optionalText, pageOf, pageQuerySchema, textSchema, uuidSchema } from './validation.ts'

// The aid commission: its settings, its sessions (members, attendance, agenda), the decisions taken
// there, and what a member is shown of each request (pseudonymised unless the organisation chooses).

/** What Trame prints on decision letters when the organisation has not written its own text. */
export const DEFAULT_APPEAL_TEXT =
  'Vous pouvez contester cette décision dans un délai de deux mois à compter de sa notification, ' +
  'par un recours gracieux adressé au président du conseil d’administration du CCAS, ou par un ' +
  'recours contentieux devant le tribunal administratif.'

export const aidSettingsSchema = z.object({
  quorum: z.number().int(),
  showNamesToCommission: z.boolean(),
  budgetWarningPercent: z.number().int(),
  /** The organisation's own text, null when it prints Trame's default. */
  appealText: z.string().nullable(),
  defaultAppealText: z.string(),
})
export type AidSettings = z.infer<typeof aidSettingsSchema>

export const aidSettingsInputSchema = z.object({
  quorum: z.coerce
    .number({ error: 'Indiquez un nombre de membres.' })
    .int({ error: 'Un nombre entier de membres.' })
    .min(1, { error: 'Au moins un membre présent.' })
    .max(50, { error: '50 membres au plus.' }),
  showNamesToCommission: z.boolean(),
  budgetWarningPercent: z.coerce
    .number({ error: 'Indiquez un pourcentage.' })
    .int({ error: 'Un pourcentage entier.' })
    .min(1, { error: 'Entre 1 et 100 %.' })
    .max(100, { error: 'Entre 1 et 100 %.' }),
  appealText: optionalText(2000),
})

/** A session may be recorded after the fact (the last one held on paper) or planned up to a year ahead. */
export const sessionDaySchema = dayBetween('2000-01-01', 366, 'Date trop lointaine : un an à venir au plus.')
const timeSchema = textSchema()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Heure invalide (format attendu : HH:MM).' })

export const sessionInputSchema = z.object({
  heldOn: sessionDaySchema,
  startsAt: timeSchema.nullable().optional(),
  place: optionalText(200),
})

export const sessionListQuerySchema = pageQuerySchema.extend({
  status: z.enum(COMMISSION_SESSION_STATUS.values).optional(),
})

export const sessionSummarySchema = z.object({
  id: uuidSchema,
  heldOn: z.string(),
  startsAt: z.string().nullable(),
  place: z.string().nullable(),
  status: z.enum(COMMISSION_SESSION_STATUS.values),
  memberCount: z.number().int(),
  presentCount: z.number().int(),
  agendaCount: z.number().int(),
  decidedCount: z.number().int(),
})
export const sessionListSchema = pageOf(sessionSummarySchema)

export const membersInputSchema = z.object({
  userIds: z.array(uuidSchema).max(50, { error: '50 membres au plus.' }),
})
export const attendanceInputSchema = z.object({
  presentUserIds: z.array(uuidSchema).max(50, { error: '50 membres au plus.' }),
})
export const agendaInputSchema = z.object({
  requestIds: z
    .array(uuidSchema)
    .min(1, { error: 'Choisissez au moins une demande.' })
    .max(500, { error: '500 demandes au plus à la fois.' }),
})
export const agendaItemParamsSchema = z.object({ id: uuidSchema, requestId: uuidSchema })
export const closeInputSchema = z.object({ minutesNote: optionalText(4000) })

export const commissionDecisionInputSchema = z
  .object({
    requestId: uuidSchema,
    decision: z.enum(AID_DECISION.values, { error: 'Choisissez une décision.' }),
    grantedCents: z.number().int().min(1, { error: 'Indiquez le montant accordé.' }).optional(),
    paymentForm: z.enum(PAYMENT_FORM.values, { error: 'Choisissez une forme de versement.' }).optional(),
    refusalMotif: z.enum(AID_REFUSAL_MOTIF.values, { error: 'Choisissez un motif de refus.' }).optional(),
    adjournmentReason: optionalText(1000),
    note: optionalText(2000),
    /** Why the commission goes beyond the règlement, when the grant does (see the warnings). */
    derogationNote: optionalText(1000),
  })
  .superRefine((input, ctx) => {
    const missing = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (input.decision === 'granted') {
      if (input.grantedCents === undefined) missing('grantedCents', 'Indiquez le montant accordé.')
      if (!input.paymentForm) missing('paymentForm', 'Choisissez une forme de versement.')
    }
    if (input.decision === 'refused' && !input.refusalMotif)
      missing('refusalMotif', 'Choisissez un motif de refus.')
    if (input.decision === 'adjourned' && !input.adjournmentReason) {
      missing('adjournmentReason', 'Dites ce qui manque pour décider.')
    }
  })

export const sessionMemberSchema = z.object({
  userId: uuidSchema,
  name: z.string(),
  present: z.boolean(),
  commissionMember: z.boolean(),
})

/** One request as the commission sees it: pseudonymised unless the organisation shows names. */
export const agendaItemSchema = z.object({
  requestId: uuidSchema,
  position: z.number().int(),
  outcome: z.enum(AID_DECISION.values).nullable(),
  /** Adjourned at an earlier session, with what was missing then. */
  carried: z.boolean(),
  previousAdjournmentReason: z.string().nullable(),
  applicant: z.object({
    initials: z.string(),
    /** Only for the secretary, or for members when the organisation shows names. */
    name: z.string().nullable(),
    age: z.number().int().nullable(),
    householdType: z.string(),
  }),
  aidTypeLabel: z.string(),
  requestedOn: z.string(),
  amountAskedCents: z.number().int(),
  purpose: z.string(),
  budget: z.object({
    resourcesCents: z.number().int().nullable(),
    chargesCents: z.number().int().nullable(),
    householdSize: z.number().int().nullable(),
    consumptionUnits: z.number().nullable(),
    remainingPerDayCents: z.number().int().nullable(),
    remainingPerUnitDayCents: z.number().int().nullable(),
    quotientCents: z.number().int().nullable(),
    resources: z.array(z.object({ kind: z.string(), monthlyCents: z.number().int() })),
    charges: z.array(z.object({ kind: z.string(), monthlyCents: z.number().int() })),
  }),
  assessment: z.string().nullable(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  decision: z
    .object({
      decision: z.enum(AID_DECISION.values),
      grantedCents: z.number().int().nullable(),
      paymentForm: z.string().nullable(),
      motif: z.string().nullable(),
      adjournmentReason: z.string().nullable(),
      derogation: z.boolean(),
    })
    .nullable(),
})
export type AgendaItem = z.infer<typeof agendaItemSchema>

export const sessionSchema = sessionSummarySchema.extend({
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  minutesNote: z.string().nullable(),
  quorum: z.number().int(),
  quorumMet: z.boolean(),
  namesShown: z.boolean(),
  members: z.array(sessionMemberSchema),
  /** Empty for a member until the session opens, and again once it is closed. */
  agendaVisible: z.boolean(),
  agenda: z.array(agendaItemSchema),
  totals: z.object({ grantedCents: z.number().int(), granted: z.number().int(), refused: z.number().int() }),
  may: z.object({ manage: z.boolean(), decide: z.boolean() }),
})
export type CommissionSession = z.infer<typeof sessionSchema>

export const agendaCandidateSchema = z.object({
  requestId: uuidSchema,
  status: z.enum(AID_REQUEST_STATUS.values),
  name: z.string(),
  aidTypeLabel: z.string(),
  requestedOn: z.string(),
  amountAskedCents: z.number().int(),
  /** Adjourned at an earlier session: proposed for this one. */
  proposed: z.boolean(),
  adjournmentReason: z.string().nullable(),
})
export const agendaCandidatesSchema = z.object({ items: z.array(agendaCandidateSchema) })

export const invitableUserSchema = z.object({
  userId: uuidSchema,
  name: z.string(),
  commissionMember: z.boolean(),
})
export const invitableUsersSchema = z.object({ items: z.array(invitableUserSchema) })

/** Initials of a name, as the commission reads it: « J. D. ». */
export function initialsOf(firstNames: string | null, lastName: string | null): string {
  const initial = (word: string | null) => {
    const letter = word?.trim().match(/\p{L}/u)?.[0]
    return letter ? `${letter.toUpperCase()}.` : null
  }
  return [initial(firstNames), initial(lastName)].filter(Boolean).join(' ') || '—'
}

/** The household's make-up in words, from the budget's adults and children. */
export function householdType(adults: number | null, children: number | null, size: number | null): string {
  if (adults === null || children === null) return size ? `Foyer de ${size} personne(s)` : 'Non renseignée'
  const kids = children === 0 ? '' : children === 1 ? '1 enfant' : `${children} enfants`
  if (adults <= 1) return children === 0 ? 'Personne seule' : `Famille monoparentale, ${kids}`
  if (adults === 2) return children === 0 ? 'Couple sans enfant' : `Couple, ${kids}`
  return `${adults} adultes${kids ? `, ${kids}` : ''}`
}
