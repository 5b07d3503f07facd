import { z } from 'zod'
import { LANDLORD_KIND } from './accommodation.ts'
import {
  isoDateSchema,
  pageOf,
  pageQuerySchema,
  pastDaySchema,
  textSchema,
  uuidSchema,
} from './validation.ts'

// Leases the organisation holds on dwellings (sliding leases, PLATS, private sublets, PST), the
// sublease to the occupant of a stay, the monthly rents and their arrears, and the slide of the lease
// to the occupant. Money is integer cents. A month is due from the sublease's first month to the
// current one (or its last): rent share + charges − housing benefit; arrears = due − paid.

const cents = (label: string) =>
  z
    .number({ error: `${label} : un montant en centimes est attendu.` })
    .int({ error: `${label} : un montant en centimes est attendu.` })
    .min(0, { error: `${label} : le montant ne peut pas être négatif.` })
    .max(100_000_00, { error: `${label} : 100 000 € au plus.` })
const optionalNote = textSchema().max(2000, { error: '2 000 caractères au plus.' }).nullish()
export const monthSchema = textSchema('Mois attendu (AAAA-MM).').regex(/^\d{4}-(0[1-9]|1[0-2])$/, {
  error: 'Mois attendu (AAAA-MM).',
})

export const leaseInputSchema = z
  .object({
    unitId: uuidSchema,
    landlordKind: LANDLORD_KIND.schema,
    landlordPartnerId: uuidSchema.nullish(),
    landlordName: textSchema().max(200, { error: '200 caractères au plus.' }).nullish(),
    startsOn: isoDateSchema,
    endsOn: isoDateSchema.nullish(),
    rentCents: cents('Loyer'),
    chargesCents: cents('Charges').default(0),
    note: optionalNote,
  })
  .refine((l) => Boolean(l.landlordPartnerId || l.landlordName), {
    error: 'Indiquez le bailleur : un partenaire de l’annuaire ou un nom.',
    path: ['landlordName'],
  })
  .refine((l) => !l.endsOn || l.endsOn >= l.startsOn, {
    error: 'La fin du bail ne peut pas précéder son début.',
    path: ['endsOn'],
  })
export type LeaseInput = z.infer<typeof leaseInputSchema>

export const leaseListQuerySchema = pageQuerySchema.extend({ structureId: uuidSchema.optional() })

export const subleaseInputSchema = z.object({
  stayId: uuidSchema,
  startsOn: isoDateSchema,
  rentShareCents: cents('Part de loyer'),
  chargesCents: cents('Charges').default(0),
  housingBenefitCents: cents('Aide au logement').default(0),
})
export type SubleaseInput = z.infer<typeof subleaseInputSchema>

export const rentPaymentInputSchema = z.object({
  month: monthSchema,
  amountCents: cents('Paiement').refine((v) => v > 0, {
    error: 'Paiement : un montant positif est attendu.',
  }),
  paidOn: pastDaySchema,
  note: optionalNote,
})
export type RentPaymentInput = z.infer<typeof rentPaymentInputSchema>

export const leaseSlideInputSchema = z.object({ slidOn: pastDaySchema, note: optionalNote })
export type LeaseSlideInput = z.infer<typeof leaseSlideInputSchema>

export const rentMonthSchema = z.object({
  month: z.string(),
  dueCents: z.number().int(),
  paidCents: z.number().int(),
  arrearsCents: z.number().int(),
  paidOn: z.string().nullable(),
  note: z.string().nullable(),
})
export type RentMonth = z.infer<typeof rentMonthSchema>

export const subleaseSchema = z.object({
  id: z.string(),
  stayId: z.string(),
  personId: z.string(),
  /** Null when the reader may not see this person's file. */
  displayName: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  slidOn: z.string().nullable(),
  rentShareCents: z.number().int(),
  chargesCents: z.number().int(),
  housingBenefitCents: z.number().int(),
  /** What the occupant owes each month: rent share + charges − housing benefit. */
  monthlyDueCents: z.number().int(),
  dueCents: z.number().int(),
  paidCents: z.number().int(),
  arrearsCents: z.number().int(),
  months: z.array(rentMonthSchema),
})
export type Sublease = z.infer<typeof subleaseSchema>

export const leaseSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitLabel: z.string(),
  structureId: z.string(),
  structureName: z.string(),
  structureKind: z.string(),
  landlordKind: z.string(),
  landlordPartnerId: z.string().nullable(),
  /** The partner's name, or the name typed. */
  landlord: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  rentCents: z.number().int(),
  chargesCents: z.number().int(),
  note: z.string().nullable(),
  arrearsCents: z.number().int(),
  /** The occupant of the sublease running today, when any (name null when not visible). */
  occupant: z.object({ personId: z.string(), displayName: z.string().nullable() }).nullable(),
})
export type Lease = z.infer<typeof leaseSchema>
export const leasePageSchema = pageOf(leaseSchema)

export const leaseDetailSchema = leaseSchema.extend({
  subleases: z.array(subleaseSchema),
  /** Open stays of the structure in no sublease: those a sublease can be made to. */
  openStays: z.array(
    z.object({
      stayId: z.string(),
      personId: z.string(),
      displayName: z.string(),
      startedOn: z.string(),
    }),
  ),
})
export type LeaseDetail = z.infer<typeof leaseDetailSchema>

export const leasedDwellingsSchema = z.object({
  items: z.array(
    z.object({
      unitId: z.string(),
      unitLabel: z.string(),
      structureId: z.string(),
      structureName: z.string(),
      structureKind: z.string(),
    }),
  ),
})

export const leaseArrearsSchema = z.object({
  items: z.array(
    z.object({
      structureId: z.string(),
      structureName: z.string(),
      structureKind: z.string(),
      subleases: z.number().int(),
      inArrears: z.number().int(),
      dueCents: z.number().int(),
      paidCents: z.number().int(),
      arrearsCents: z.number().int(),
    }),
  ),
})
