import { describe, expect, it } from 'vitest'
import { ageOn } from './dates.ts'
import {
  bracketProblems,
  completeSharesRule,
  computeQuotient,
  DEFAULT_SHARES_RULE,
  findBracket,
  formatEuros,
  parseEurosToCents,
  pricingSettingsInputSchema,
  type QuotientHousehold,
} from './pricing.ts'

const ON = '2026-11-25'
let n = 0
const member = (
  relationship: string,
  options: { birthDate?: string | null; monthlyCents?: number; disabled?: boolean } = {},
) => ({
  personId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  relationship,
  disabled: options.disabled ?? false,
  birthDate: options.birthDate ?? null,
  monthlyResourcesCents: options.monthlyCents ?? 0,
})
const household = (members: QuotientHousehold['members'], extra: Partial<QuotientHousehold> = {}) => ({
  sharesOverride: null,
  otherResources: [],
  members,
  ...extra,
})
const quotient = (h: QuotientHousehold, rule = DEFAULT_SHARES_RULE) => computeQuotient(h, rule, { on: ON })

describe('computeQuotient', () => {
  it('counts a couple with three children: 1 + 1 + ½ + ½ + 1 = 4 shares', () => {
    const result = quotient(
      household(
        [
          member('head', { birthDate: '1985-03-01', monthlyCents: 2000_00 }),
          member('spouse', { birthDate: '1987-06-10', monthlyCents: 1200_00 }),
          member('child', { birthDate: '2014-01-05' }),
          member('child', { birthDate: '2018-09-30' }),
          member('child', { birthDate: '2023-02-14' }),
        ],
        { otherResources: [{ monthlyCents: 300_00 }] },
      ),
    )
    expect(result).toMatchObject({
      membersResourcesCents: 3200_00,
      otherResourcesCents: 300_00,
      monthlyResourcesCents: 3500_00,
      shares: 4,
      sharesOverridden: false,
      quotientCents: 875_00,
    })
    expect(result.sharesDetail.map((l) => [l.kind, l.label, l.shares])).toEqual([
      ['first_adult', 'Premier adulte', 1],
      ['second_adult', 'Conjoint·e', 1],
      ['child', '1er enfant à charge (12 ans)', 0.5],
      ['child', '2e enfant à charge (8 ans)', 0.5],
      ['child', '3e enfant à charge (3 ans)', 1],
    ])
  })

  it('adds half a share for a single parent', () => {
    const result = quotient(
      household([
        member('head', { monthlyCents: 1500_00 }),
        member('child', { birthDate: '2016-04-01' }),
        member('child', { birthDate: '2019-04-01' }),
      ]),
    )
    expect(result.shares).toBe(2.5)
    expect(result.quotientCents).toBe(600_00)
    expect(result.sharesDetail.at(-1)).toEqual({
      kind: 'single_parent',
      label: 'Majoration parent isolé',
      personId: null,
      shares: 0.5,
    })
  })

  it('adds half a share per disabled member, and rounds the quotient down to the cent', () => {
    const child = member('child', { birthDate: '2012-01-01', disabled: true })
    const spouse = member('spouse', { disabled: true })
    const result = quotient(household([member('head', { monthlyCents: 2000_00 }), spouse, child]))
    // 1 + 1 + ½ (child) + ½ + ½ (disabled) = 3.5; 2 000 € / 3.5 = 571.428… €
    expect(result.shares).toBe(3.5)
    expect(result.quotientCents).toBe(571_42)
    expect(result.sharesDetail.filter((l) => l.kind === 'disabled').map((l) => l.personId)).toEqual([
      spouse.personId,
      child.personId,
    ])
  })

  it('uses the household’s override instead of the rule', () => {
    const result = quotient(
      household([member('head', { monthlyCents: 1000_00 }), member('child'), member('child')], {
        sharesOverride: 3.5,
      }),
    )
    expect(result).toMatchObject({ shares: 3.5, sharesOverridden: true, quotientCents: 285_71 })
    expect(result.sharesDetail).toEqual([
      { kind: 'override', label: 'Nombre de parts fixé pour ce foyer', personId: null, shares: 3.5 },
    ])
  })

  it('stops counting a child as dependent on the birthday the rule sets', () => {
    const nineteen = quotient(household([member('head'), member('child', { birthDate: '2006-11-26' })]))
    expect(nineteen.sharesDetail.map((l) => l.label)).toEqual([
      'Premier adulte',
      '1er enfant à charge (19 ans)',
      'Majoration parent isolé',
    ])
    expect(nineteen.shares).toBe(2)
    const twenty = quotient(household([member('head'), member('child', { birthDate: '2006-11-25' })]))
    expect(twenty.sharesDetail.map((l) => [l.label, l.shares])).toEqual([
      ['Premier adulte', 1],
      ['Enfant qui n’est plus à charge (20 ans)', 0.5],
    ])
    const olderLimit = quotient(household([member('head'), member('child', { birthDate: '2006-11-25' })]), {
      ...DEFAULT_SHARES_RULE,
      dependentChildAgeLimit: 21,
    })
    expect(olderLimit.shares).toBe(2)
  })

  it('counts a child of unknown age as dependent, and a young member by age whatever the relationship', () => {
    const result = quotient(
      household([
        member('head'),
        member('spouse'),
        member('child'),
        member('other', { birthDate: '2015-05-05' }),
        member('parent', { birthDate: '1950-05-05' }),
      ]),
    )
    expect(result.sharesDetail.map((l) => [l.kind, l.label, l.shares])).toEqual([
      ['first_adult', 'Premier adulte', 1],
      ['second_adult', 'Conjoint·e', 1],
      ['other_adult', 'Autre adulte (76 ans)', 0.5],
      ['child', '1er enfant à charge (âge inconnu)', 0.5],
      ['child', '2e enfant à charge (11 ans)', 0.5],
    ])
    expect(result.shares).toBe(3.5)
  })

  it('applies the organisation’s own rule, down to quarters of a share', () => {
    const rule = {
      ...DEFAULT_SHARES_RULE,
      firstAdultShares: 2,
      firstChildrenShares: 0.75,
      singleParentShares: 0,
    }
    const result = quotient(household([member('head', { monthlyCents: 1000_00 }), member('child')]), rule)
    expect(result.shares).toBe(2.75)
    expect(result.quotientCents).toBe(363_63)
    expect(result.sharesDetail.map((l) => l.kind)).toEqual(['first_adult', 'child'])
  })

  it('takes the head as first adult whatever the order, and a young person alone as their own first adult', () => {
    const head = member('head')
    const result = quotient(household([member('spouse'), head]))
    expect(result.sharesDetail[0]?.personId).toBe(head.personId)
    const alone = quotient(household([member('child', { birthDate: '2010-01-01', monthlyCents: 300_00 })]))
    expect(alone).toMatchObject({ shares: 1, quotientCents: 300_00 })
  })

  it('gives a quotient of 0 to a household without resources', () => {
    expect(quotient(household([member('head')])).quotientCents).toBe(0)
  })
})

describe('ageOn', () => {
  it('counts whole years and knows nothing of an unknown birth date', () => {
    expect(ageOn('2000-02-29', '2026-02-28')).toBe(25)
    expect(ageOn('2000-02-29', '2026-03-01')).toBe(26)
    expect(ageOn(null, ON)).toBeNull()
    expect(ageOn('2030-01-01', ON)).toBeNull()
  })
})

describe('brackets', () => {
  const brackets = [
    { label: 'A', minQuotientCents: 0, maxQuotientCents: 500_00 },
    { label: 'B', minQuotientCents: 500_00, maxQuotientCents: 1000_00 },
    { label: 'C', minQuotientCents: 1000_00, maxQuotientCents: null },
  ]

  it('finds the bracket: minimum included, maximum excluded', () => {
    expect(findBracket(brackets, 0)?.label).toBe('A')
    expect(findBracket(brackets, 499_99)?.label).toBe('A')
    expect(findBracket(brackets, 500_00)?.label).toBe('B')
    expect(findBracket(brackets, 999_99)?.label).toBe('B')
    expect(findBracket(brackets, 1000_00)?.label).toBe('C')
    expect(findBracket(brackets, 50_000_00)?.label).toBe('C')
    expect(findBracket([], 100)).toBeNull()
  })

  it('accepts brackets that cover every quotient once', () => {
    expect(bracketProblems(brackets)).toEqual([])
    expect(bracketProblems([])).toEqual([])
  })

  it('reports gaps, overlaps and missing ends in French', () => {
    expect(
      bracketProblems([
        { label: 'A', minQuotientCents: 100_00, maxQuotientCents: 500_00 },
        { label: 'B', minQuotientCents: 450_00, maxQuotientCents: 1000_00 },
        { label: 'C', minQuotientCents: 1200_00, maxQuotientCents: 1500_00 },
      ]),
    ).toEqual([
      {
        index: 0,
        field: 'minQuotientCents',
        message:
          'La tranche « A » doit commencer à 0 € : aucun tarif ne couvrirait les quotients de 0 € à 100,00 €.',
      },
      {
        index: 1,
        field: 'minQuotientCents',
        message:
          'La tranche « B » chevauche la tranche « A » : elle commence à 450,00 € alors que la précédente va jusqu’à 500,00 €.',
      },
      {
        index: 2,
        field: 'minQuotientCents',
        message:
          'Trou entre les tranches « B » et « C » : aucun tarif pour les quotients de 1 000,00 € à 1 200,00 €.',
      },
      {
        index: 2,
        field: 'maxQuotientCents',
        message:
          'La tranche « C » est la dernière : laissez son plafond vide, sinon aucun tarif ne couvrirait les quotients à partir de 1 500,00 €.',
      },
    ])
    expect(
      bracketProblems([
        { label: 'A', minQuotientCents: 0, maxQuotientCents: null },
        { label: 'B', minQuotientCents: 500_00, maxQuotientCents: null },
      ]),
    ).toEqual([
      {
        index: 0,
        field: 'maxQuotientCents',
        message: 'La tranche « A » n’a pas de plafond : seule la dernière tranche peut en être dépourvue.',
      },
    ])
  })

  it('puts each problem on its field in the settings schema, and wants a price or a percentage', () => {
    const result = pricingSettingsInputSchema.safeParse({
      rule: DEFAULT_SHARES_RULE,
      brackets: [
        { label: 'A', minQuotientCents: 0, maxQuotientCents: 500_00, priceCents: 100, percent: 10 },
        { label: 'B', minQuotientCents: 600_00, maxQuotientCents: null },
      ],
    })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['brackets.0.priceCents', 'Indiquez soit un prix, soit un pourcentage du plein tarif (l’un des deux).'],
      ['brackets.1.priceCents', 'Indiquez soit un prix, soit un pourcentage du plein tarif (l’un des deux).'],
      // Every problem at once, so that the form shows them all.
      [
        'brackets.1.minQuotientCents',
        'Trou entre les tranches « A » et « B » : aucun tarif pour les quotients de 500,00 € à 600,00 €.',
      ],
    ])
    const gap = pricingSettingsInputSchema.safeParse({
      rule: DEFAULT_SHARES_RULE,
      brackets: [
        { label: 'A', minQuotientCents: 0, maxQuotientCents: 500_00, priceCents: 100 },
        { label: 'B', minQuotientCents: 600_00, maxQuotientCents: null, percent: 100 },
      ],
    })
    expect(gap.error?.issues.map((i) => i.path.join('.'))).toEqual(['brackets.1.minQuotientCents'])
  })

  it('refuses shares that are not quarters, and a first adult without shares', () => {
    const result = pricingSettingsInputSchema.safeParse({
      rule: { ...DEFAULT_SHARES_RULE, firstAdultShares: 0, secondAdultShares: 0.3 },
      brackets: [],
    })
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['rule.firstAdultShares', 'Au moins 0,25 part.'],
      ['rule.secondAdultShares', 'Nombre de parts par quart de part (0,25 ; 0,5 ; 1…).'],
    ])
  })
})

describe('helpers', () => {
  it('completes a stored rule with the defaults', () => {
    expect(completeSharesRule({ firstAdultShares: 2, secondAdultShares: 'x' })).toEqual({
      ...DEFAULT_SHARES_RULE,
      firstAdultShares: 2,
    })
    expect(completeSharesRule(null)).toEqual(DEFAULT_SHARES_RULE)
  })

  it('writes and reads amounts the French way', () => {
    expect(formatEuros(123456)).toBe('1 234,56 €')
    expect(formatEuros(5)).toBe('0,05 €')
    expect(formatEuros(100_000_000)).toBe('1 000 000,00 €')
    expect(parseEurosToCents('1 234,5')).toBe(123450)
    expect(parseEurosToCents('12')).toBe(1200)
    expect(parseEurosToCents('12.05 €')).toBe(1205)
    expect(parseEurosToCents('12,345')).toBeNull()
    expect(parseEurosToCents('abc')).toBeNull()
  })
})
