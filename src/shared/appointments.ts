import { z } from 'zod'
import { labelled } from './labelled.ts'
import { isoDateSchema, optionalText, pageOf, pageQuerySchema, textSchema, uuidSchema } from './validation.ts'

// Appointments (rendez-vous) of a person with a professional, booked from the front desk or the file,
// the professional's slots and week, reminders, and the professional's calendar feed.

export const APPOINTMENT_STATUS = labelled({
  planned: 'Prévu',
  honoured: 'Honoré',
  missed: 'Non venu·e',
  excused: 'Excusé·e',
  cancelled: 'Annulé',
})
export type AppointmentStatus = keyof typeof APPOINTMENT_STATUS.labels
/** An appointment leaves "planned" once, for one of these; it never comes back. */
export const CLOSING_STATUSES = ['honoured', 'missed', 'excused', 'cancelled'] as const
/** These say what happened at the appointment: not before its day. */
export const OUTCOME_STATUSES: readonly AppointmentStatus[] = ['honoured', 'missed']

export const BOOKED_FROM = labelled({ front_desk: 'Accueil', file: 'Dossier de la personne' })

/** The longest appointment or slot, and how far ahead and back one is booked. */
export const MAX_APPOINTMENT_MINUTES = 8 * 60
export const BOOKING_DAYS_AHEAD = 2 * 365
export const BOOKING_DAYS_BACK = 31

const moment = z.iso.datetime({ offset: true, error: 'Date et heure invalides.' })

export const appointmentInputSchema = z.object({
  personId: uuidSchema,
  /** A free slot of the professional: its times, place, professional and team are taken. */
  slotId: uuidSchema.optional(),
  professionalId: uuidSchema.optional(),
  teamId: uuidSchema.nullable().optional(),
  startsAt: moment.optional(),
  endsAt: moment.optional(),
  place: optionalText(200),
  purpose: optionalText(500),
  bookedFrom: BOOKED_FROM.schema.default('file'),
})
export const appointmentStatusInputSchema = z.object({
  status: z.enum(CLOSING_STATUSES, { error: 'Choisissez une valeur de la liste.' }),
  note: optionalText(500),
})

export const appointmentSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  displayName: z.string(),
  professionalId: z.uuid(),
  professionalName: z.string(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  place: z.string().nullable(),
  purpose: z.string().nullable(),
  status: APPOINTMENT_STATUS.schema,
  statusNote: z.string().nullable(),
  bookedFrom: BOOKED_FROM.schema,
  reminderSentAt: z.iso.datetime({ offset: true }).nullable(),
})
export type Appointment = z.infer<typeof appointmentSchema>
export const appointmentListQuerySchema = pageQuerySchema.extend({ personId: uuidSchema })
export const appointmentPageSchema = pageOf(appointmentSchema)

export const slotInputSchema = z.object({
  /** Oneself when absent; the director may open slots for a colleague. */
  professionalId: uuidSchema.optional(),
  teamId: uuidSchema.nullable().optional(),
  startsAt: moment,
  endsAt: moment,
  place: optionalText(200),
})
export const slotSchema = z.object({
  id: z.uuid(),
  professionalId: z.uuid(),
  teamId: z.uuid().nullable(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  place: z.string().nullable(),
  booked: z.boolean(),
})

export const weekQuerySchema = z.object({
  professionalId: uuidSchema.optional(),
  /** Any day of the week wanted (its Monday is taken); this week when absent. */
  day: isoDateSchema.optional(),
})
/** An appointment of a confidential team the reader is not in: only the time it takes. */
export const busySchema = z.object({
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
})
export const weekSchema = z.object({
  professionalId: z.uuid(),
  professionalName: z.string(),
  from: z.string(),
  to: z.string(),
  appointments: z.array(appointmentSchema),
  busy: z.array(busySchema),
  slots: z.array(slotSchema),
})
export type Week = z.infer<typeof weekSchema>

export const professionalListSchema = z.object({
  items: z.array(z.object({ id: z.uuid(), name: z.string(), teamIds: z.array(z.uuid()) })),
})

export const countsQuerySchema = z
  .object({ from: isoDateSchema, to: isoDateSchema, teamId: uuidSchema.optional() })
  .refine((q) => q.from <= q.to, { error: 'La fin de la période précède son début.', path: ['to'] })
/** Counts only, no name: appointments by status over the period, per team. */
export const appointmentCountsSchema = z.object({
  from: z.string(),
  to: z.string(),
  total: z.object({
    planned: z.number(),
    honoured: z.number(),
    missed: z.number(),
    excused: z.number(),
    cancelled: z.number(),
  }),
  byTeam: z.array(
    z.object({
      teamId: z.uuid().nullable(),
      teamName: z.string().nullable(),
      planned: z.number(),
      honoured: z.number(),
      missed: z.number(),
      excused: z.number(),
      cancelled: z.number(),
    }),
  ),
})

export const feedSchema = z.object({
  active: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }).nullable(),
  /** Given once, when the feed is created or regenerated: only its hash is kept. */
  url: z.string().nullable(),
})
export const feedQuerySchema = z.object({
  token: textSchema().regex(/^[A-Za-z0-9_-]{20,100}$/, { error: 'Lien invalide.' }),
})
