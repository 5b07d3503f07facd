import { z } from 'zod'
import { addDays, todayInFrance } from './dates.ts'

// French messages for every Zod error, on the server and in the browser.
z.config(z.locales.fr())

export const MIN_PASSWORD_LENGTH = 12

export const NUL_REFUSED = 'Ce texte contient un caractère invisible non autorisé (NUL) : retirez-le.'

/**
 * The one text schema: every string a person or a client sends starts from it. It refuses NUL, which
 * no keyboard types and PostgreSQL cannot store (it would fail the request as a server error).
 * `missing` is the message for an absent field (or one that is not a text).
 */
export const textSchema = (missing?: string) =>
  z.string(missing ? { error: missing } : undefined).regex(/^[^\0]*$/, { error: NUL_REFUSED })

export const emailSchema = textSchema()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Adresse e-mail invalide.' }))
  .describe('Adresse e-mail')

export const passwordSchema = textSchema()
  .min(MIN_PASSWORD_LENGTH, {
    error: `Le mot de passe doit contenir au moins ${MIN_PASSWORD_LENGTH} caractères.`,
  })
  .max(200, { error: 'Le mot de passe est trop long (200 caractères au plus).' })

export const totpCodeSchema = textSchema()
  .trim()
  .regex(/^\d{6}$/, { error: 'Le code comporte 6 chiffres.' })

export const nameSchema = textSchema()
  .trim()
  .min(1, { error: 'Ce champ est obligatoire.' })
  .max(200, { error: '200 caractères au plus.' })

export const uuidSchema = z.uuid({ error: 'Identifiant invalide.' })

/** ISO calendar date (YYYY-MM-DD), within years a database and a human both accept. */
export const isoDateSchema = z.iso
  .date({ error: 'Date invalide (format attendu : AAAA-MM-JJ).', abort: true })
  .refine((date) => date >= '1800-01-01' && date <= '2199-12-31', { error: 'Date invalide.', abort: true })

/**
 * A day within what makes sense for the field: not before `earliest`, not after today in France plus
 * `daysAhead` (read when the request is, so the bound moves with the calendar).
 */
export const dayBetween = (earliest: string, daysAhead: number, tooLate: string) =>
  isoDateSchema
    .refine((date) => date >= earliest, {
      error: `Date trop ancienne : le ${earliest.split('-').reverse().join('/')} au plus tôt.`,
      abort: true,
    })
    .refine((date) => date <= addDays(todayInFrance(), daysAhead), { error: tooLate })

/** The day something happened and is recorded in a file (a consent, a referral, its outcome). */
export const pastDaySchema = dayBetween('1950-01-01', 0, 'La date ne peut pas être dans le futur.')

/** The day something is planned for (an alert plan, a round): this century, two years ahead at most. */
export const plannedDaySchema = dayBetween(
  '2000-01-01',
  731,
  'Date trop lointaine : deux ans à venir au plus.',
)

/** A free-text field: trimmed, at most `max` characters, blank meaning "none" (null). */
export const optionalText = (max = 200) =>
  textSchema()
    .trim()
    .max(max, { error: `${max} caractères au plus.` })
    .transform((value) => value || null)
    .nullable()
    .optional()

/** A moment with its offset (ISO 8601), since 2000: when something happened; the server refuses the future. */
export const pastDateTimeSchema = z.iso
  .datetime({ offset: true, error: 'Date et heure invalides.', abort: true })
  .refine((at) => at >= '2000', { error: 'Date et heure invalides.' })

/** A yes/no filter of a query string (`?overdue=true`), absent meaning "no filter". */
export const queryFlagSchema = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional()

export const idParamsSchema = z.object({ id: uuidSchema })

/**
 * The one pagination shape: a list answers one page of its items with the total, so nothing stops
 * silently at N rows. `page` starts at 1.
 */
export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1, { error: 'Page invalide.' }).default(1),
  pageSize: z.coerce.number().int().min(1).max(200, { error: '200 lignes par page au plus.' }).default(50),
})
export const pageOf = <Item extends z.ZodType>(item: Item) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
/** One page of a list held in memory, in the shape above. */
export function pageFrom<T>(all: T[], query: { page: number; pageSize: number }) {
  const start = (query.page - 1) * query.pageSize
  return {
    items: all.slice(start, start + query.pageSize),
    total: all.length,
    page: query.page,
    pageSize: query.pageSize,
  }
}

export const okSchema = z.object({ ok: z.literal(true) })
