import { z } from 'zod'
import { aidFundCodeSchema, centsSchema } from './aid.funds.ts'
import { VOUCHER_STATUS } from './aid.ts'
import {
  nameSchema,
  optionalText,
  pageOf,
  pageQuerySchema,
  pastDaySchema,
  textSchema,
  uuidSchema,
} from './validation.ts'

// Numbered vouchers (food tickets, shower tickets): kinds, batches received as number ranges, each
// voucher issued to a person by its number (for a granted request: a payment of its face value),
// returned unused or cancelled; stock levels and what each person received.

/** The most vouchers one batch holds (the table refuses larger ranges). */
export const MAX_BATCH_SIZE = 100_000
/** The most vouchers handed out, returned or cancelled in one go. */
export const MAX_VOUCHERS_AT_ONCE = 1_000

export const voucherKindInputSchema = z.object({
  code: aidFundCodeSchema,
  label: nameSchema,
  faceValueCents: centsSchema,
  /** The fund whose aids are paid with these vouchers, if any. */
  fundId: uuidSchema.nullable().optional(),
})
export const voucherKindUpdateSchema = z.object({
  label: nameSchema.optional(),
  faceValueCents: centsSchema.optional(),
  fundId: uuidSchema.nullable().optional(),
  active: z.boolean().optional(),
})

export const voucherRangeSchema = z.object({ first: z.number().int(), last: z.number().int() })
export const voucherKindSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  label: z.string(),
  faceValueCents: z.number().int(),
  fundId: z.uuid().nullable(),
  active: z.boolean(),
  stock: z.object({
    inStock: z.number().int(),
    issued: z.number().int(),
    returned: z.number().int(),
    cancelled: z.number().int(),
  }),
  /** The numbers in stock, as ranges (the first 20). */
  inStockRanges: z.array(voucherRangeSchema),
})
export type VoucherKind = z.infer<typeof voucherKindSchema>
export const voucherKindPageSchema = pageOf(voucherKindSchema)

const voucherNumberSchema = z
  .number({ error: 'Numéro invalide.' })
  .int({ error: 'Numéro invalide.' })
  .min(0, { error: 'Numéro invalide.' })
  .max(2_000_000_000, { error: 'Numéro trop grand.' })

export const voucherBatchInputSchema = z
  .object({
    kindId: uuidSchema,
    firstNumber: voucherNumberSchema,
    lastNumber: voucherNumberSchema,
    receivedOn: pastDaySchema,
    note: optionalText(500),
  })
  .refine((b) => b.lastNumber >= b.firstNumber, {
    error: 'Le dernier numéro doit suivre le premier.',
    path: ['lastNumber'],
  })
  .refine((b) => b.lastNumber - b.firstNumber < MAX_BATCH_SIZE, {
    error: `Un lot compte ${MAX_BATCH_SIZE.toLocaleString('fr-FR')} bons au plus.`,
    path: ['lastNumber'],
  })

export const voucherBatchSchema = z.object({
  id: z.uuid(),
  kindId: z.uuid(),
  firstNumber: z.number().int(),
  lastNumber: z.number().int(),
  count: z.number().int(),
  receivedOn: z.iso.date(),
  note: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
})
export const voucherBatchQuerySchema = pageQuerySchema.extend({ kindId: uuidSchema })
export const voucherBatchPageSchema = pageOf(voucherBatchSchema)

const numbersSchema = z
  .array(voucherNumberSchema, { error: 'Indiquez les numéros des bons.' })
  .min(1, { error: 'Indiquez les numéros des bons.' })
  .max(MAX_VOUCHERS_AT_ONCE, { error: `${MAX_VOUCHERS_AT_ONCE} bons au plus à la fois.` })

export const voucherIssueInputSchema = z.object({
  kindId: uuidSchema,
  numbers: numbersSchema,
  personId: uuidSchema,
  /** A granted request paid in vouchers: their face value counts as a payment of it. */
  requestId: uuidSchema.nullable().optional(),
  issuedOn: pastDaySchema,
  /** When the payment falls on a closed year of the fund: why. */
  closedYearNote: optionalText(500),
})
export const voucherReturnInputSchema = z.object({
  kindId: uuidSchema,
  numbers: numbersSchema,
  returnedOn: pastDaySchema,
})
export const voucherCancelInputSchema = z.object({
  kindId: uuidSchema,
  numbers: numbersSchema,
  reason: textSchema('Indiquez pourquoi les bons sont annulés.')
    .trim()
    .min(1, { error: 'Indiquez pourquoi les bons sont annulés.' })
    .max(500, { error: '500 caractères au plus.' }),
})

export const voucherSchema = z.object({
  id: z.uuid(),
  kindId: z.uuid(),
  kindLabel: z.string(),
  number: z.number().int(),
  faceValueCents: z.number().int(),
  status: VOUCHER_STATUS.schema,
  personId: z.uuid().nullable(),
  requestId: z.uuid().nullable(),
  paymentId: z.uuid().nullable(),
  issuedOn: z.iso.date().nullable(),
  returnedOn: z.iso.date().nullable(),
  cancelReason: z.string().nullable(),
})
export type Voucher = z.infer<typeof voucherSchema>
export const voucherListSchema = z.object({ items: z.array(voucherSchema) })
export const voucherPersonQuerySchema = pageQuerySchema.extend({ personId: uuidSchema })
export const voucherPageSchema = pageOf(voucherSchema)

/**
 * "101-105, 110 112" → [101, 102, 103, 104, 105, 110, 112], in order, without repeats; a French
 * message when the text is not a list of numbers and ranges, or too long.
 */
export function parseVoucherNumbers(text: string): { numbers: number[] } | { error: string } {
  const parts = text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter(Boolean)
  if (parts.length === 0) return { error: 'Indiquez les numéros des bons.' }
  const numbers = new Set<number>()
  for (const part of parts) {
    const match = /^(\d{1,10})(?:[-–à]+(\d{1,10}))?$/.exec(part)
    if (!match) return { error: `« ${part} » n’est ni un numéro ni une plage (par exemple 101-105).` }
    const first = Number(match[1])
    const last = match[2] === undefined ? first : Number(match[2])
    if (last < first) return { error: `La plage « ${part} » est à l’envers.` }
    if (last - first + numbers.size >= MAX_VOUCHERS_AT_ONCE) {
      return { error: `${MAX_VOUCHERS_AT_ONCE} bons au plus à la fois.` }
    }
    for (let n = first; n <= last; n++) numbers.add(n)
  }
  return { numbers: [...numbers].sort((a, b) => a - b) }
}

/** [101, 102, 103, 110] → "101 à 103, 110". */
export function formatVoucherNumbers(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b)
  const ranges: string[] = []
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++
    ranges.push(j === i ? String(sorted[i]) : `${sorted[i]} à ${sorted[j]}`)
    i = j + 1
  }
  return ranges.join(', ')
}
