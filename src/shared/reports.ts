import { z } from 'zod'
import { labelled } from './labelled.ts'
import { optionalText, pastDateTimeSchema, queryFlagSchema, textSchema, uuidSchema } from './validation.ts'

/** Where a report (signalement) came from. The public form is the only source without an account. */
export const REPORT_SOURCE = labelled({
  public_form: 'Formulaire en ligne',
  partner: 'Partenaire',
  municipal_police: 'Police municipale',
  front_desk: 'Accueil (guichet unique)',
  citizen_phone: 'Habitant·e, par téléphone',
  other: 'Autre',
})
export type ReportSource = keyof typeof REPORT_SOURCE.labels
/** What staff pick when they enter a report themselves. */
export const STAFF_REPORT_SOURCES = REPORT_SOURCE.values.filter(
  (source): source is Exclude<ReportSource, 'public_form'> => source !== 'public_form',
)
const staffSourceSchema = z.enum(STAFF_REPORT_SOURCES as [Exclude<ReportSource, 'public_form'>], {
  error: 'Choisissez une valeur de la liste.',
})

export const REPORT_STATUS = labelled({
  new: 'Nouveau',
  assigned: 'Attribué',
  visited: 'Visité',
  closed: 'Clos',
})
export type ReportStatus = keyof typeof REPORT_STATUS.labels

export const REPORT_OUTCOME = labelled({
  person_met: 'Personne rencontrée',
  not_found: 'Personne non trouvée',
  already_known: 'Situation déjà connue',
  not_for_us: 'Ne relève pas de l’aller-vers',
})
export type ReportOutcome = keyof typeof REPORT_OUTCOME.labels

export const CHILDREN_PRESENT = labelled({ unknown: 'Je ne sais pas', yes: 'Oui', no: 'Non' })
export const REPORT_URGENCY = labelled({
  unknown: 'Je ne sais pas',
  not_urgent: 'Pas d’urgence apparente',
  urgent: 'La situation me semble urgente',
})

/** The organisation's delay before an untouched report is flagged, unless it changed it. */
export const DEFAULT_TRIAGE_DELAY_DAYS = 7

/**
 * What a report is about, asked first: it decides who receives it. A person in difficulty in the
 * street goes to the outreach team's triage queue; an older or fragile person who seems isolated at
 * home goes to the neighbour network's coordinator.
 */
export const REPORT_CONCERN = labelled({
  street: 'Une personne en difficulté dans la rue (sans abri, campement, squat…)',
  isolated_at_home: 'Une personne âgée ou fragile qui semble isolée à son domicile',
})
export type ReportConcern = keyof typeof REPORT_CONCERN.labels
/** What each choice leads to, shown under it on the forms. */
export const REPORT_CONCERN_HINTS: Record<ReportConcern, string> = {
  street: 'L’équipe d’aller-vers du CCAS ira à sa rencontre.',
  isolated_at_home: 'La coordination du réseau de voisins solidaires du CCAS prendra de ses nouvelles.',
}
/** The question of the forms, and its message when no answer is given. */
export const REPORT_CONCERN_LEGEND = 'Ce signalement concerne :'
const CONCERN_MISSING = 'Choisissez ce que concerne le signalement.'

/** Whether the person reported as isolated knows that someone reports them. */
export const PERSON_AWARE = labelled({
  yes: 'Oui, elle est au courant',
  no: 'Non, elle n’est pas au courant',
  unknown: 'Je ne sais pas',
})
export type PersonAware = keyof typeof PERSON_AWARE.labels
const PERSON_AWARE_SENTENCE: Record<PersonAware, string> = {
  yes: 'La personne sait qu’elle est signalée.',
  no: 'La personne ne sait pas qu’elle est signalée.',
  unknown: 'On ignore si la personne sait qu’elle est signalée.',
}

/**
 * What the neighbour network's coordinator reads of a report about someone isolated at home: who,
 * what worries the reporter, whether the person knows; and how to call the reporter back, only if
 * they accepted it.
 */
export function isolatedAtHomeSummary(report: {
  personDescription: string
  situation: string
  personAware: PersonAware
  reporterName?: string | null
  reporterPhone?: string | null
  reporterEmail?: string | null
  callbackAccepted: boolean
}): string {
  const contact = [report.reporterName, report.reporterPhone, report.reporterEmail].filter(Boolean).join(', ')
  // One line each, each a sentence: it reads well even where the lines are run together.
  const sentence = (text: string) => (/[.!?…]$/.test(text) ? text : `${text}.`)
  return [
    sentence(`Personne : ${report.personDescription}`),
    sentence(`Ce qui inquiète : ${report.situation}`),
    PERSON_AWARE_SENTENCE[report.personAware],
    report.callbackAccepted && contact
      ? `La personne qui signale accepte d’être rappelée : ${contact}.`
      : 'La personne qui signale n’a pas demandé à être rappelée.',
  ].join('\n')
}

/** What the citizen reads once the report is sent: the same words whatever was reported. */
export const REPORT_ACKNOWLEDGEMENT =
  'Merci. Votre signalement a bien été transmis au CCAS : l’équipe chargée de ce type de situation l’examinera. ' +
  'Pour protéger les personnes concernées, aucune information sur la suite donnée ne peut vous être communiquée. ' +
  'Conservez ce numéro si vous souhaitez compléter votre signalement par téléphone.'

/** The processing notice shown beside the public form (RGPD art. 13). */
export const REPORT_PROCESSING_NOTICE =
  'Les informations saisies sont traitées par le CCAS pour venir en aide aux personnes signalées : son équipe ' +
  'd’aller-vers pour une personne en difficulté dans la rue, la coordination de son réseau de voisins solidaires ' +
  'pour une personne isolée à son domicile (mission d’intérêt public, article L123-5 du code de l’action sociale et des familles). ' +
  'Seuls les agents de l’équipe concernée y ont accès. Elles sont conservées le temps nécessaire au traitement ' +
  'du signalement, selon les règles de conservation du CCAS. Vos coordonnées sont facultatives : elles ne servent qu’à vous rappeler si vous l’acceptez. ' +
  'Vous pouvez exercer vos droits d’accès, de rectification et d’effacement auprès du CCAS ou de son délégué à la protection des données.'

const datetime = z.iso.datetime({ offset: true })

const phoneSchema = optionalText(30).refine((phone) => !phone || /^\+?[\d\s.()-]{6,}$/.test(phone), {
  error: 'Numéro de téléphone invalide.',
})
const optionalEmailSchema = optionalText(254)
  .transform((email) => email?.toLowerCase() ?? null)
  .refine((email) => !email || z.email().safeParse(email).success, { error: 'Adresse e-mail invalide.' })
const requiredText = (max: number, missing: string) =>
  textSchema(missing)
    .trim()
    .min(1, { error: missing })
    .max(max, { error: `${max} caractères au plus.` })

/** What a report about someone in the street says, whoever enters it. */
const streetFields = {
  /** Address, street corner, landmark: where the person(s) were seen. */
  locationText: requiredText(500, 'Indiquez le lieu : une adresse, un carrefour, un repère.'),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  /** When the person(s) were seen; the server refuses a time ahead of its clock. */
  seenAt: pastDateTimeSchema.nullable().optional(),
  situation: requiredText(4000, 'Décrivez la situation et la ou les personnes.'),
  childrenPresent: CHILDREN_PRESENT.schema.default('unknown'),
  urgency: REPORT_URGENCY.schema.default('unknown'),
}

/** What a report about someone who seems isolated at home says: who, where, what worries, whether they know. */
const isolatedAtHomeFields = {
  personDescription: requiredText(
    1000,
    'Indiquez qui est la personne : par exemple, une dame d’environ 80 ans qui vit seule.',
  ),
  /** The person's address, or at least their street. */
  locationText: requiredText(500, 'Indiquez l’adresse de la personne, ou au moins sa rue.'),
  /** What worries the reporter. */
  situation: requiredText(4000, 'Décrivez ce qui inquiète au sujet de la personne.'),
  personAware: PERSON_AWARE.schema.default('unknown'),
}

/** Who reports, if they say so, and whether they may be called back. */
const reporterFields = {
  reporterName: optionalText(200),
  reporterPhone: phoneSchema,
  reporterEmail: optionalEmailSchema,
  callbackAccepted: z.boolean().default(false),
}

type ReportFields = {
  latitude?: number | null
  longitude?: number | null
  callbackAccepted: boolean
  reporterPhone?: string | null
  reporterEmail?: string | null
}
const pointComplete = (r: ReportFields) => (r.latitude == null) === (r.longitude == null)
const pointError = { error: 'Indiquez la latitude et la longitude, ou aucune des deux.', path: ['latitude'] }
const reachable = (r: ReportFields) => !r.callbackAccepted || Boolean(r.reporterPhone || r.reporterEmail)
const reachableError = {
  error: 'Pour être rappelé·e, indiquez un numéro de téléphone ou une adresse e-mail.',
  path: ['reporterPhone'],
}
/** Without a concern, a report is about someone in the street (as every report was at first). */
const streetConcern = z.literal('street').default('street')
const isolatedAtHomeConcern = z.literal('isolated_at_home')

/** The public form (no account): consent to the processing notice, and a field only bots fill in. */
const publicFields = {
  consent: z.literal(true, { error: 'Cochez cette case pour envoyer le signalement.' }),
  /** Honeypot: hidden from people, filled in by bots; a report that fills it is dropped silently. */
  website: textSchema().max(2000).optional(),
}
export const publicReportInputSchema = z.discriminatedUnion(
  'concern',
  [
    z
      .object({ concern: streetConcern, ...streetFields, ...reporterFields, ...publicFields })
      .refine(pointComplete, pointError)
      .refine(reachable, reachableError),
    z
      .object({ concern: isolatedAtHomeConcern, ...isolatedAtHomeFields, ...reporterFields, ...publicFields })
      .refine(reachable, reachableError),
  ],
  { error: CONCERN_MISSING },
)
export type PublicReportInput = z.infer<typeof publicReportInputSchema>

/** The same answer whatever was reported: a reference and generic words, never anything about a person. */
export const publicReportAnswerSchema = z.object({ reference: z.string(), acknowledgement: z.string() })

/** Which organisation the public form writes to (its name, for the processing notice). */
export const publicReportFormSchema = z.object({ organisationId: z.uuid(), organisationName: z.string() })
export const publicReportFormQuerySchema = z.object({ organisation: uuidSchema.optional() })
export const publicReportParamsSchema = z.object({ organisationId: uuidSchema })

/** How a report reached staff: from a partner, the municipal police, the front desk, a phone call… */
const staffFields = {
  source: staffSourceSchema,
  /** When the report reached the CCAS; defaults to now. */
  receivedAt: pastDateTimeSchema.optional(),
  /** The partner's service that reported (source `partner`). */
  partnerServiceId: uuidSchema.nullable().optional(),
  /** The front-desk contact the report was taken at (source `front_desk`). */
  frontdeskContactId: uuidSchema.nullable().optional(),
}
/**
 * A report entered by staff. One about someone isolated at home goes to the neighbour network: it
 * takes no zone and no person's file, which belong to the outreach team's triage.
 */
export const reportInputSchema = z.discriminatedUnion(
  'concern',
  [
    z
      .object({
        concern: streetConcern,
        ...streetFields,
        ...reporterFields,
        ...staffFields,
        /** A person the organisation already knows. */
        personId: uuidSchema.nullable().optional(),
        zoneId: uuidSchema.nullable().optional(),
      })
      .refine(pointComplete, pointError)
      .refine(reachable, reachableError),
    z
      .object({ concern: isolatedAtHomeConcern, ...isolatedAtHomeFields, ...reporterFields, ...staffFields })
      .refine(reachable, reachableError),
  ],
  { error: CONCERN_MISSING },
)
export type ReportInput = z.infer<typeof reportInputSchema>

/** What triage may complete on a report without changing its status. */
export const reportUpdateSchema = z.object({
  zoneId: uuidSchema.nullable().optional(),
  personId: uuidSchema.nullable().optional(),
  encounterId: uuidSchema.nullable().optional(),
  urgency: REPORT_URGENCY.schema.optional(),
})

/**
 * A status change: new → assigned (to an agent and/or a round) → visited → closed with an outcome.
 * A report may be reassigned while assigned, and closed from any open status.
 */
export const reportTransitionSchema = z.discriminatedUnion(
  'status',
  [
    z
      .object({
        status: z.literal('assigned'),
        assignedTo: uuidSchema.nullable().optional(),
        roundId: uuidSchema.nullable().optional(),
        note: optionalText(2000),
      })
      .refine((t) => t.assignedTo || t.roundId, {
        error: 'Choisissez un agent ou une tournée.',
        path: ['assignedTo'],
      }),
    z.object({
      status: z.literal('visited'),
      visitedAt: pastDateTimeSchema.optional(),
      encounterId: uuidSchema.nullable().optional(),
      note: optionalText(2000),
    }),
    z.object({
      status: z.literal('closed'),
      outcome: REPORT_OUTCOME.schema,
      closingNote: optionalText(2000),
      encounterId: uuidSchema.nullable().optional(),
      personId: uuidSchema.nullable().optional(),
    }),
  ],
  { error: 'Choisissez le nouveau statut : attribué, visité ou clos.' },
)
export type ReportTransition = z.infer<typeof reportTransitionSchema>

/** Which changes each status allows, and what a refused one says. */
export const NEXT_STATUSES: Record<ReportStatus, readonly ReportStatus[]> = {
  new: ['assigned', 'visited', 'closed'],
  assigned: ['assigned', 'visited', 'closed'],
  visited: ['closed'],
  closed: [],
}
export const REFUSED_TRANSITION: Record<ReportStatus, string> = {
  new: 'Ce changement de statut n’est pas possible.',
  assigned: 'Ce changement de statut n’est pas possible.',
  visited: 'Ce signalement a déjà été visité : il ne reste qu’à le clore.',
  closed: 'Ce signalement est clos : son statut ne peut plus changer.',
}

export const REPORT_LIST_STATUS = labelled({
  open: 'À traiter (non clos)',
  new: REPORT_STATUS.labels.new,
  assigned: REPORT_STATUS.labels.assigned,
  visited: REPORT_STATUS.labels.visited,
  closed: REPORT_STATUS.labels.closed,
  all: 'Tous',
})

export const reportListQuerySchema = z.object({
  status: REPORT_LIST_STATUS.schema.default('open'),
  zoneId: uuidSchema.optional(),
  assignedToMe: queryFlagSchema,
  overdue: queryFlagSchema,
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

export const reportSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  concern: REPORT_CONCERN.schema,
  source: REPORT_SOURCE.schema,
  status: REPORT_STATUS.schema,
  receivedAt: datetime,
  seenAt: datetime.nullable(),
  locationText: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  situation: z.string(),
  childrenPresent: CHILDREN_PRESENT.schema,
  urgency: REPORT_URGENCY.schema,
  /** Who the person seems to be (a report about someone isolated at home). */
  personDescription: z.string().nullable(),
  personAware: PERSON_AWARE.schema.nullable(),
  reporterName: z.string().nullable(),
  reporterPhone: z.string().nullable(),
  reporterEmail: z.string().nullable(),
  callbackAccepted: z.boolean(),
  partnerServiceId: z.uuid().nullable(),
  partnerServiceName: z.string().nullable(),
  frontdeskContactId: z.uuid().nullable(),
  /** Null when the person's file is out of the reader's reach (confidential team). */
  personId: z.uuid().nullable(),
  personName: z.string().nullable(),
  zoneId: z.uuid().nullable(),
  zoneName: z.string().nullable(),
  assignedTo: z.uuid().nullable(),
  assignedToName: z.string().nullable(),
  roundId: z.uuid().nullable(),
  /** "Tournée du 2026-11-30 — Centre-ville" */
  roundLabel: z.string().nullable(),
  encounterId: z.uuid().nullable(),
  visitedAt: datetime.nullable(),
  outcome: REPORT_OUTCOME.schema.nullable(),
  closingNote: z.string().nullable(),
  closedAt: datetime.nullable(),
  /** The last triage action: an open report untouched for longer than the delay is overdue. */
  statusChangedAt: datetime,
  overdue: z.boolean(),
  /** Who entered it; null for the public form. */
  createdByName: z.string().nullable(),
  createdAt: datetime,
})
export type Report = z.infer<typeof reportSchema>

export const reportEventSchema = z.object({
  status: REPORT_STATUS.schema,
  at: datetime,
  /** Null for the public form. */
  byName: z.string().nullable(),
  assignedToName: z.string().nullable(),
  roundLabel: z.string().nullable(),
  outcome: REPORT_OUTCOME.schema.nullable(),
  note: z.string().nullable(),
})
export const reportDetailSchema = reportSchema.extend({ history: z.array(reportEventSchema) })
export type ReportDetail = z.infer<typeof reportDetailSchema>

export const reportListSchema = z.object({
  items: z.array(reportSchema),
  /** Open reports of the organisation past the delay, whatever the filters. */
  overdueCount: z.number().int(),
  triageDelayDays: z.number().int(),
})
export type ReportList = z.infer<typeof reportListSchema>

export const reportSettingsSchema = z.object({ triageDelayDays: z.number().int() })
export const reportSettingsInputSchema = z.object({
  triageDelayDays: z
    .number({ error: 'Indiquez un nombre de jours.' })
    .int({ error: 'Indiquez un nombre entier de jours.' })
    .min(1, { error: 'Au moins 1 jour.' })
    .max(365, { error: '365 jours au plus.' }),
})

/** "Tournée du 30/11/2026 — Centre-ville", from the round's date (YYYY-MM-DD) and zone. */
export function roundLabel(date: string | null, zoneName: string | null): string | null {
  if (!date) return null
  const [year, month, day] = date.split('-')
  return [`Tournée du ${day}/${month}/${year}`, zoneName].filter(Boolean).join(' — ')
}
