import { z } from 'zod'
import { ageOn, todayInFrance } from './dates.ts'
import { textSchema } from './validation.ts'

/**
 * Social pricing (tarification sociale): the household's family quotient — monthly resources divided
 * by a number of shares — and the tariff bracket it falls in. Both the shares rule and the brackets
 * are set by each organisation. Money is integer cents throughout; the quotient is rounded down.
 */

// Shares rule --------------------------------------------------------------------------------------

/** Shares are counted in quarters, so that every computation stays in integers. */
const SHARE_STEP = 0.25

const sharesField = (min = 0) =>
  z
    .number({ error: 'Nombre de parts invalide.' })
    .min(min, {
      error: min > 0 ? `Au moins ${formatShares(min)} part.` : 'Le nombre de parts ne peut pas être négatif.',
    })
    .max(10, { error: '10 parts au plus.' })
    .refine((value) => Number.isInteger(value / SHARE_STEP), {
      error: 'Nombre de parts par quart de part (0,25 ; 0,5 ; 1…).',
    })

export const sharesRuleSchema = z.object({
  /** The household's first adult (its head). */
  firstAdultShares: sharesField(0.25),
  /** A spouse or partner. */
  secondAdultShares: sharesField(),
  /** Each of the first two dependent children. */
  firstChildrenShares: sharesField(),
  /** Each dependent child from the third on. */
  thirdChildOnwardShares: sharesField(),
  /** Any other member counted as an adult: a grandparent, a child no longer dependent… */
  otherAdultShares: sharesField(),
  /** Added once when the household has dependent children and no spouse. */
  singleParentShares: sharesField(),
  /** Added for each member recorded as disabled. */
  disabledMemberShares: sharesField(),
  /** A child is dependent while younger than this (in whole years, at the date of the computation). */
  dependentChildAgeLimit: z
    .number({ error: 'Âge invalide.' })
    .int({ error: 'Âge en années entières.' })
    .min(1, { error: 'Âge invalide.' })
    .max(30, { error: '30 ans au plus.' }),
})
export type SharesRule = z.infer<typeof sharesRuleSchema>

/** CAF-like defaults: 1 share per adult, ½ for each of the first two children, 1 from the third… */
export const DEFAULT_SHARES_RULE: SharesRule = {
  firstAdultShares: 1,
  secondAdultShares: 1,
  firstChildrenShares: 0.5,
  thirdChildOnwardShares: 1,
  otherAdultShares: 0.5,
  singleParentShares: 0.5,
  disabledMemberShares: 0.5,
  dependentChildAgeLimit: 20,
}

/** French labels of the rule's settings, for the settings page and its messages. */
export const SHARES_RULE_LABELS: Record<keyof SharesRule, { label: string; hint: string }> = {
  firstAdultShares: { label: 'Premier adulte', hint: 'Parts du ou de la référent·e du foyer.' },
  secondAdultShares: { label: 'Conjoint·e', hint: 'Parts du second adulte du couple.' },
  firstChildrenShares: {
    label: '1er et 2e enfant à charge',
    hint: 'Parts pour chacun des deux premiers enfants à charge.',
  },
  thirdChildOnwardShares: {
    label: 'À partir du 3e enfant',
    hint: 'Parts pour chaque enfant à charge à partir du troisième.',
  },
  otherAdultShares: {
    label: 'Autre adulte du foyer',
    hint: 'Parts pour chaque autre adulte : ascendant·e, enfant qui n’est plus à charge…',
  },
  singleParentShares: {
    label: 'Majoration parent isolé',
    hint: 'Parts ajoutées une fois quand le foyer a des enfants à charge et pas de conjoint·e.',
  },
  disabledMemberShares: {
    label: 'Majoration par personne handicapée',
    hint: 'Parts ajoutées pour chaque membre du foyer en situation de handicap.',
  },
  dependentChildAgeLimit: {
    label: 'Âge limite des enfants à charge',
    hint: 'Un enfant est à charge tant qu’il a moins de cet âge (selon sa date de naissance si elle est connue).',
  },
}

/**
 * A stored rule made whole: settings missing from an older row take their default, so that adding a
 * setting needs no migration; a stored value that is no longer valid falls back to its default too.
 */
export function completeSharesRule(stored: unknown): SharesRule {
  const source = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {}
  const rule = { ...DEFAULT_SHARES_RULE }
  for (const key of Object.keys(DEFAULT_SHARES_RULE) as (keyof SharesRule)[]) {
    const parsed = sharesRuleSchema.shape[key].safeParse(source[key])
    if (parsed.success) rule[key] = parsed.data
  }
  return rule
}

// Brackets -----------------------------------------------------------------------------------------

const centsField = (what: string) =>
  z
    .number({ error: `${what} invalide.` })
    .int({ error: `${what} en centimes entiers.` })
    .min(0, { error: `${what} ne peut pas être négatif.` })
    .max(1_000_000_00, { error: `${what} trop élevé.` })

export const bracketInputSchema = z
  .object({
    /** Kept when the bracket already exists, so that other records may point at it. */
    id: z.uuid({ error: 'Identifiant invalide.' }).optional(),
    label: textSchema('Indiquez un libellé.')
      .trim()
      .min(1, { error: 'Indiquez un libellé.' })
      .max(100, { error: '100 caractères au plus.' }),
    /** Inclusive. */
    minQuotientCents: centsField('Le quotient minimum'),
    /** Exclusive; null for the last bracket, which has no ceiling. */
    maxQuotientCents: centsField('Le quotient maximum').nullable(),
    /** What the bracket gives: a price… */
    priceCents: centsField('Le prix').nullable().default(null),
    /** …or a percentage of the full price. */
    percent: z
      .number({ error: 'Pourcentage invalide.' })
      .min(0, { error: 'Le pourcentage ne peut pas être négatif.' })
      .max(100, { error: '100 % au plus.' })
      .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, {
        error: 'Pourcentage à deux décimales au plus.',
      })
      .nullable()
      .default(null),
    note: textSchema()
      .trim()
      .max(500, { error: '500 caractères au plus.' })
      .transform((value) => value || null)
      .nullable()
      .default(null),
  })
  .superRefine((bracket, ctx) => {
    if ((bracket.priceCents === null) === (bracket.percent === null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['priceCents'],
        message: 'Indiquez soit un prix, soit un pourcentage du plein tarif (l’un des deux).',
      })
    }
    if (bracket.maxQuotientCents !== null && bracket.maxQuotientCents <= bracket.minQuotientCents) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxQuotientCents'],
        message: `Le quotient maximum doit être supérieur au minimum (${formatEuros(bracket.minQuotientCents)}).`,
      })
    }
  })
export type BracketInput = z.input<typeof bracketInputSchema>

export interface BracketProblem {
  /** Index of the bracket in the list, and the field at fault. */
  index: number
  field: 'minQuotientCents' | 'maxQuotientCents'
  message: string
}

/**
 * Checks that the brackets, in their order, cover every quotient exactly once: the first starts at
 * 0 €, each starts where the previous one ends, and only the last has no ceiling. Messages in French.
 */
export function bracketProblems(
  brackets: readonly Pick<
    z.output<typeof bracketInputSchema>,
    'label' | 'minQuotientCents' | 'maxQuotientCents'
  >[],
): BracketProblem[] {
  const problems: BracketProblem[] = []
  brackets.forEach((bracket, index) => {
    const name = `La tranche « ${bracket.label} »`
    const previous = brackets[index - 1]
    if (!previous) {
      if (bracket.minQuotientCents !== 0) {
        problems.push({
          index,
          field: 'minQuotientCents',
          message: `${name} doit commencer à 0 € : aucun tarif ne couvrirait les quotients de 0 € à ${formatEuros(bracket.minQuotientCents)}.`,
        })
      }
    } else if (previous.maxQuotientCents === null) {
      problems.push({
        index: index - 1,
        field: 'maxQuotientCents',
        message: `La tranche « ${previous.label} » n’a pas de plafond : seule la dernière tranche peut en être dépourvue.`,
      })
    } else if (bracket.minQuotientCents < previous.maxQuotientCents) {
      problems.push({
        index,
        field: 'minQuotientCents',
        message: `${name} chevauche la tranche « ${previous.label} » : elle commence à ${formatEuros(bracket.minQuotientCents)} alors que la précédente va jusqu’à ${formatEuros(previous.maxQuotientCents)}.`,
      })
    } else if (bracket.minQuotientCents > previous.maxQuotientCents) {
      problems.push({
        index,
        field: 'minQuotientCents',
        message: `Trou entre les tranches « ${previous.label} » et « ${bracket.label} » : aucun tarif pour les quotients de ${formatEuros(previous.maxQuotientCents)} à ${formatEuros(bracket.minQuotientCents)}.`,
      })
    }
    if (index === brackets.length - 1 && bracket.maxQuotientCents !== null) {
      problems.push({
        index,
        field: 'maxQuotientCents',
        message: `${name} est la dernière : laissez son plafond vide, sinon aucun tarif ne couvrirait les quotients à partir de ${formatEuros(bracket.maxQuotientCents)}.`,
      })
    }
  })
  return problems
}

export const pricingSettingsInputSchema = z
  .object({
    rule: sharesRuleSchema,
    /** In order, from the lowest quotient. An empty list means no bracket is set yet. */
    brackets: z.array(bracketInputSchema).max(50, { error: '50 tranches au plus.' }),
  })
  .superRefine((settings, ctx) => {
    for (const problem of bracketProblems(settings.brackets)) {
      ctx.addIssue({
        code: 'custom',
        path: ['brackets', problem.index, problem.field],
        message: problem.message,
      })
    }
    const ids = settings.brackets.map((b) => b.id).filter(Boolean)
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: 'custom', path: ['brackets'], message: 'Une tranche figure deux fois.' })
    }
  })
export type PricingSettingsInput = z.input<typeof pricingSettingsInputSchema>

export const bracketSchema = z.object({
  id: z.uuid(),
  label: z.string(),
  minQuotientCents: z.number().int(),
  maxQuotientCents: z.number().int().nullable(),
  priceCents: z.number().int().nullable(),
  percent: z.number().nullable(),
  note: z.string().nullable(),
})
export type Bracket = z.infer<typeof bracketSchema>

export const pricingSettingsSchema = z.object({
  rule: sharesRuleSchema,
  brackets: z.array(bracketSchema),
  /** Null while the organisation still uses the defaults. */
  updatedAt: z.iso.datetime({ offset: true }).nullable(),
})
export type PricingSettings = z.infer<typeof pricingSettingsSchema>

/** The bracket a quotient falls in: minimum inclusive, maximum exclusive. */
export function findBracket<B extends Pick<Bracket, 'minQuotientCents' | 'maxQuotientCents'>>(
  brackets: readonly B[],
  quotientCents: number,
): B | null {
  return (
    brackets.find(
      (b) =>
        quotientCents >= b.minQuotientCents &&
        (b.maxQuotientCents === null || quotientCents < b.maxQuotientCents),
    ) ?? null
  )
}

/** What a bracket gives, in French: "12,50 €" or "50 % du plein tarif". */
export function bracketRateLabel(bracket: Pick<Bracket, 'priceCents' | 'percent'>): string {
  if (bracket.priceCents !== null) return formatEuros(bracket.priceCents)
  if (bracket.percent !== null) return `${formatNumber(bracket.percent)} % du plein tarif`
  return '—'
}

// Quotient -----------------------------------------------------------------------------------------

/** What the computation needs of a household: the people module's `Household` fits. */
export interface QuotientHousehold {
  sharesOverride: number | null
  otherResources: readonly { monthlyCents: number }[]
  members: readonly {
    personId: string
    relationship: string
    disabled: boolean
    birthDate: string | null
    monthlyResourcesCents: number
  }[]
}

export const SHARE_LINE_KIND = {
  first_adult: 'Premier adulte',
  second_adult: 'Conjoint·e',
  child: 'Enfant à charge',
  other_adult: 'Autre adulte',
  single_parent: 'Majoration parent isolé',
  disabled: 'Majoration handicap',
  override: 'Nombre de parts fixé pour ce foyer',
} as const
export type ShareLineKind = keyof typeof SHARE_LINE_KIND

export interface ShareLine {
  kind: ShareLineKind
  /** French, e.g. "3e enfant à charge (12 ans)". */
  label: string
  /** The member the line is about, when it is about one. */
  personId: string | null
  shares: number
}

export interface QuotientResult {
  monthlyResourcesCents: number
  membersResourcesCents: number
  otherResourcesCents: number
  shares: number
  sharesOverridden: boolean
  sharesDetail: ShareLine[]
  /** Monthly resources ÷ shares, in cents, rounded down. */
  quotientCents: number
}

const ADULT_ORDER: Record<string, number> = { head: 0, spouse: 1 }
const ordinal = (n: number) => (n === 1 ? '1er' : `${n}e`)

/**
 * The household's family quotient under `rule`, with the detail of how the shares were counted.
 * A member is a dependent child when younger than the rule's age limit — whatever their recorded
 * relationship, when the birth date is known — or recorded as a child with no known birth date.
 * The head is the first adult (failing a head, the first adult listed), the spouse the second; the
 * other adults count as "other adult". An override set on the household replaces the rule entirely.
 */
export function computeQuotient(
  household: QuotientHousehold,
  rule: SharesRule,
  options: { on?: string } = {},
): QuotientResult {
  const on = options.on ?? todayInFrance()
  const membersResourcesCents = household.members.reduce((sum, m) => sum + m.monthlyResourcesCents, 0)
  const otherResourcesCents = household.otherResources.reduce((sum, r) => sum + r.monthlyCents, 0)
  const monthlyResourcesCents = membersResourcesCents + otherResourcesCents

  const lines: ShareLine[] = []
  const sharesOverridden = household.sharesOverride !== null
  if (household.sharesOverride !== null) {
    lines.push({
      kind: 'override',
      label: SHARE_LINE_KIND.override,
      personId: null,
      shares: household.sharesOverride,
    })
  } else {
    const members = household.members.map((m) => ({ ...m, age: ageOn(m.birthDate, on) }))
    const isChild = (m: (typeof members)[number]) =>
      m.relationship !== 'head' &&
      m.relationship !== 'spouse' &&
      (m.age !== null ? m.age < rule.dependentChildAgeLimit : m.relationship === 'child')
    const children = members.filter(isChild)
    const adults = members
      .filter((m) => !isChild(m))
      .sort((a, b) => (ADULT_ORDER[a.relationship] ?? 2) - (ADULT_ORDER[b.relationship] ?? 2))
    // A household of minors only (a young person alone): its first member stands as first adult.
    if (adults.length === 0 && children.length > 0) adults.push(children.shift()!)
    const ageText = (age: number | null) => (age === null ? '' : ` (${age} an${age > 1 ? 's' : ''})`)

    let hasSpouse = false
    adults.forEach((m, index) => {
      if (index === 0) {
        lines.push({
          kind: 'first_adult',
          label: SHARE_LINE_KIND.first_adult,
          personId: m.personId,
          shares: rule.firstAdultShares,
        })
      } else if (m.relationship === 'spouse' && !hasSpouse) {
        hasSpouse = true
        lines.push({
          kind: 'second_adult',
          label: SHARE_LINE_KIND.second_adult,
          personId: m.personId,
          shares: rule.secondAdultShares,
        })
      } else {
        lines.push({
          kind: 'other_adult',
          label:
            m.relationship === 'child'
              ? `Enfant qui n’est plus à charge${ageText(m.age)}`
              : `${SHARE_LINE_KIND.other_adult}${ageText(m.age)}`,
          personId: m.personId,
          shares: rule.otherAdultShares,
        })
      }
    })
    children.forEach((m, index) => {
      const rank = index + 1
      lines.push({
        kind: 'child',
        label: `${ordinal(rank)} enfant à charge${m.age === null ? ' (âge inconnu)' : ageText(m.age)}`,
        personId: m.personId,
        shares: rank <= 2 ? rule.firstChildrenShares : rule.thirdChildOnwardShares,
      })
    })
    if (children.length > 0 && !hasSpouse && rule.singleParentShares > 0) {
      lines.push({
        kind: 'single_parent',
        label: SHARE_LINE_KIND.single_parent,
        personId: null,
        shares: rule.singleParentShares,
      })
    }
    if (rule.disabledMemberShares > 0) {
      for (const m of members.filter((member) => member.disabled)) {
        lines.push({
          kind: 'disabled',
          label: SHARE_LINE_KIND.disabled,
          personId: m.personId,
          shares: rule.disabledMemberShares,
        })
      }
    }
  }

  // In quarters of a share, so that the division is exact integer arithmetic.
  const quarters = lines.reduce((sum, line) => sum + Math.round(line.shares / SHARE_STEP), 0)
  const shares = quarters * SHARE_STEP
  const quotientCents = quarters > 0 ? Math.floor((monthlyResourcesCents * 4) / quarters) : 0
  return {
    monthlyResourcesCents,
    membersResourcesCents,
    otherResourcesCents,
    shares,
    sharesOverridden,
    sharesDetail: lines,
    quotientCents,
  }
}

// The household's pricing, as the API answers it -----------------------------------------------------

export const householdPricingSchema = z.object({
  householdId: z.uuid(),
  /** The day ages were counted on. */
  computedOn: z.iso.date(),
  monthlyResourcesCents: z.number().int(),
  membersResourcesCents: z.number().int(),
  otherResourcesCents: z.number().int(),
  shares: z.number(),
  sharesOverridden: z.boolean(),
  sharesDetail: z.array(
    z.object({
      kind: z.enum(Object.keys(SHARE_LINE_KIND) as [ShareLineKind, ...ShareLineKind[]]),
      label: z.string(),
      personId: z.uuid().nullable(),
      /** The member's name as shown in their file, when the line is about a member. */
      displayName: z.string().nullable(),
      shares: z.number(),
    }),
  ),
  quotientCents: z.number().int(),
  /** Null when the organisation has no bracket for this quotient (or no bracket at all). */
  bracket: bracketSchema.nullable(),
})
export type HouseholdPricing = z.infer<typeof householdPricingSchema>

// Money and numbers in French --------------------------------------------------------------------------

function groupThousands(digits: string) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')
}

/** 123456 → "1 234,56 €" (an amount in cents, written the French way). */
export function formatEuros(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(cents))
  const euros = Math.floor(abs / 100)
  const rest = abs % 100
  return `${sign}${groupThousands(String(euros))},${String(rest).padStart(2, '0')} €`
}

/** 1.5 → "1,5"; 2 → "2". */
export function formatNumber(value: number): string {
  return String(value).replace('.', ',')
}

/** Shares written in French: 2.5 → "2,5". */
export function formatShares(shares: number): string {
  return formatNumber(shares)
}

/** "1 234,5" / "1234.50" / "12" → cents; null when it is not an amount. */
export function parseEurosToCents(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.')
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null
  const [euros = '0', cents = ''] = cleaned.split('.')
  return Number(euros) * 100 + Number(cents.padEnd(2, '0'))
}

/** Cents → the text of an amount field ("1234,5" → "1234,50"), without the currency sign. */
export function centsToEurosText(cents: number | null): string {
  if (cents === null) return ''
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`
}
