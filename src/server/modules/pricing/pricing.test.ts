import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { DEFAULT_SHARES_RULE } from '../../../shared/pricing.ts'
import type { Actor } from '../../platform/permissions.ts'
import { PricingRepository } from './pricing.repository.ts'
import { PricingService } from './pricing.service.ts'
import { insertHousehold, insertPerson, settingsBody } from './pricing.test-factories.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let director: ApiClient
let directorId: string
let worker: ApiClient
let administrator: ApiClient

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  const directorUser = await createUser(ctx, org.id, { roles: ['director'], totp: true })
  directorId = directorUser.id
  director = await signedIn(ctx, directorUser)
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  administrator = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['administrator'], totp: true }))
})
afterAll(() => ctx.close())

const person = (options: Parameters<typeof insertPerson>[2]) =>
  insertPerson(ctx.db, org.id, { teamId: org.teamId, ...options })
const pricingOf = async (householdId: string) => {
  const response = await worker.get(`/api/households/${householdId}/pricing`)
  expect(response.statusCode, response.body).toBe(200)
  return response.json()
}

describe('pricing settings', () => {
  it('starts from the CAF-like defaults and no bracket', async () => {
    const response = await worker.get('/api/pricing/settings')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ rule: DEFAULT_SHARES_RULE, brackets: [], updatedAt: null })
  })

  it('saves the rule and the brackets, keeps bracket ids across saves, and audits the change', async () => {
    const saved = await administrator.put(
      '/api/pricing/settings',
      settingsBody({ rule: { thirdChildOnwardShares: 1.5 } }),
    )
    expect(saved.statusCode, saved.body).toBe(200)
    const body = saved.json()
    expect(body.rule.thirdChildOnwardShares).toBe(1.5)
    expect(body.brackets).toEqual([
      {
        id: expect.any(String),
        label: 'Tranche A',
        minQuotientCents: 0,
        maxQuotientCents: 500_00,
        priceCents: 150,
        percent: null,
        note: 'Gratuit le mercredi',
      },
      {
        id: expect.any(String),
        label: 'Tranche B',
        minQuotientCents: 500_00,
        maxQuotientCents: 1000_00,
        priceCents: null,
        percent: 50,
        note: null,
      },
      {
        id: expect.any(String),
        label: 'Tranche C',
        minQuotientCents: 1000_00,
        maxQuotientCents: null,
        priceCents: null,
        percent: 100,
        note: null,
      },
    ])
    expect(body.updatedAt).not.toBeNull()
    expect((await worker.get('/api/pricing/settings')).json()).toEqual(body)

    // The second save keeps the ids it is sent back, and renames a bracket; an id of nothing new is replaced.
    const [a, b, c] = body.brackets
    const again = await director.put('/api/pricing/settings', {
      rule: body.rule,
      brackets: [{ ...a, label: 'Tranche 1' }, { ...b, id: randomUUID() }, c],
    })
    expect(again.statusCode, again.body).toBe(200)
    const ids = again.json().brackets.map((x: { id: string }) => x.id)
    expect(ids[0]).toBe(a.id)
    expect(ids[1]).not.toBe(b.id)
    expect(ids[2]).toBe(c.id)
    expect(again.json().brackets[0].label).toBe('Tranche 1')

    const trail = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type'])
      .where('organisation_id', '=', org.id)
      .where('action', '=', 'pricing.settings_update')
      .execute()
    expect(trail).toEqual([
      { action: 'pricing.settings_update', entity_type: 'pricing_settings' },
      { action: 'pricing.settings_update', entity_type: 'pricing_settings' },
    ])
  })

  it('refuses overlapping or gapped brackets with French messages on the fields, and saves nothing', async () => {
    const before = (await worker.get('/api/pricing/settings')).json()
    const refused = await director.put(
      '/api/pricing/settings',
      settingsBody({
        rule: { firstAdultShares: 3 },
        brackets: [
          { label: 'Basse', minQuotientCents: 0, maxQuotientCents: 500_00, priceCents: 100 },
          { label: 'Moyenne', minQuotientCents: 400_00, maxQuotientCents: 900_00, priceCents: 200 },
          { label: 'Haute', minQuotientCents: 1000_00, maxQuotientCents: null, percent: 100 },
        ],
      }),
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.json().code).toBe('VALIDATION_FAILED')
    expect(refused.json().errors).toEqual([
      {
        path: 'brackets.1.minQuotientCents',
        message:
          'La tranche « Moyenne » chevauche la tranche « Basse » : elle commence à 400,00 € alors que la précédente va jusqu’à 500,00 €.',
      },
      {
        path: 'brackets.2.minQuotientCents',
        message:
          'Trou entre les tranches « Moyenne » et « Haute » : aucun tarif pour les quotients de 900,00 € à 1 000,00 €.',
      },
    ])
    const both = await director.put(
      '/api/pricing/settings',
      settingsBody({
        brackets: [
          { label: 'Unique', minQuotientCents: 0, maxQuotientCents: null, priceCents: 100, percent: 20 },
        ],
      }),
    )
    expect(both.json().errors).toEqual([
      {
        path: 'brackets.0.priceCents',
        message: 'Indiquez soit un prix, soit un pourcentage du plein tarif (l’un des deux).',
      },
    ])
    expect((await worker.get('/api/pricing/settings')).json()).toEqual(before)
  })

  it('saves the rule and the brackets atomically: a failure half-way leaves the previous settings', async () => {
    const before = (await worker.get('/api/pricing/settings')).json()
    const auditCount = async () =>
      (
        await ctx.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('action', '=', 'pricing.settings_update')
          .executeTakeFirstOrThrow()
      ).n
    const auditsBefore = await auditCount()
    class FailingRepository extends PricingRepository {
      override async replaceBrackets(...args: Parameters<PricingRepository['replaceBrackets']>) {
        await super.replaceBrackets(...args)
        throw new Error('disk full')
      }
    }
    const actor: Actor = {
      userId: directorId,
      organisationId: org.id,
      sessionId: randomUUID(),
      roles: ['director'],
      teamIds: [],
      ip: null,
    }
    // The settings update never reads a household: no people service needed.
    const service = new PricingService(new FailingRepository(ctx.db), undefined as never)
    await expect(
      service.updateSettings(actor, {
        rule: { ...DEFAULT_SHARES_RULE, firstAdultShares: 4 },
        brackets: [
          {
            label: 'Seule',
            minQuotientCents: 0,
            maxQuotientCents: null,
            priceCents: 1,
            percent: null,
            note: null,
          },
        ],
      }),
    ).rejects.toThrow('disk full')
    expect((await worker.get('/api/pricing/settings')).json()).toEqual(before)
    expect(await auditCount()).toBe(auditsBefore)
  })

  it('is read by those who price households and by administrators, changed only with pricing.manage', async () => {
    expect((await worker.put('/api/pricing/settings', settingsBody())).statusCode).toBe(403)
    expect((await administrator.get('/api/pricing/settings')).statusCode).toBe(200)
  })
})

describe('household quotient', () => {
  beforeAll(async () => {
    const saved = await director.put('/api/pricing/settings', settingsBody())
    expect(saved.statusCode, saved.body).toBe(200)
  })

  it('prices a couple with three children: resources, shares detail, quotient and bracket', async () => {
    const head = await person({ lastName: 'Martin', firstNames: 'Paul', monthlyCents: [1500_00, 200_00] })
    const spouse = await person({ lastName: 'Martin', firstNames: 'Julie', monthlyCents: [800_00] })
    const children = [
      await person({ lastName: 'Martin', firstNames: 'Léa', birthDate: '2015-03-01' }),
      await person({ lastName: 'Martin', firstNames: 'Hugo', birthDate: '2018-03-01' }),
      await person({ lastName: 'Martin', firstNames: 'Zoé', birthDate: '2022-03-01' }),
    ]
    const householdId = await insertHousehold(ctx.db, org.id, {
      otherMonthlyCents: [300_00],
      members: [
        { personId: head, relationship: 'head' },
        { personId: spouse, relationship: 'spouse' },
        ...children.map((personId) => ({ personId, relationship: 'child' })),
      ],
    })
    const pricing = await pricingOf(householdId)
    expect(pricing).toMatchObject({
      householdId,
      membersResourcesCents: 2500_00,
      otherResourcesCents: 300_00,
      monthlyResourcesCents: 2800_00,
      shares: 4,
      sharesOverridden: false,
      quotientCents: 700_00,
      bracket: { label: 'Tranche B', percent: 50 },
    })
    expect(pricing.computedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(
      pricing.sharesDetail.map((l: { kind: string; displayName: string; shares: number }) => [
        l.kind,
        l.displayName,
        l.shares,
      ]),
    ).toEqual([
      ['first_adult', 'MARTIN Paul', 1],
      ['second_adult', 'MARTIN Julie', 1],
      ['child', 'MARTIN Léa', 0.5],
      ['child', 'MARTIN Hugo', 0.5],
      ['child', 'MARTIN Zoé', 1],
    ])
    // Each member's trail records that their resources were read.
    const trail = await ctx.db
      .selectFrom('audit_log')
      .select('person_id')
      .where('action', '=', 'pricing.household_quotient')
      .where('entity_id', '=', householdId)
      .execute()
    expect(trail.map((r) => r.person_id).sort()).toEqual([head, spouse, ...children].sort())
  })

  it('adds the single-parent and disability shares', async () => {
    const mother = await person({ lastName: 'Roux', monthlyCents: [1400_00] })
    const child = await person({ lastName: 'Roux', birthDate: '2016-06-01' })
    const householdId = await insertHousehold(ctx.db, org.id, {
      members: [
        { personId: mother, relationship: 'head' },
        { personId: child, relationship: 'child', disabled: true },
      ],
    })
    const pricing = await pricingOf(householdId)
    // 1 + ½ (child) + ½ (single parent) + ½ (disabled) = 2.5; 1 400 € / 2.5 = 560 €
    expect(pricing).toMatchObject({ shares: 2.5, quotientCents: 560_00, bracket: { label: 'Tranche B' } })
    expect(pricing.sharesDetail.map((l: { kind: string }) => l.kind)).toEqual([
      'first_adult',
      'child',
      'single_parent',
      'disabled',
    ])
  })

  it('uses the household’s shares override', async () => {
    const alone = await person({ lastName: 'Blanc', monthlyCents: [1000_00] })
    const householdId = await insertHousehold(ctx.db, org.id, {
      sharesOverride: 3,
      members: [{ personId: alone, relationship: 'head' }],
    })
    const pricing = await pricingOf(householdId)
    expect(pricing).toMatchObject({
      shares: 3,
      sharesOverridden: true,
      quotientCents: 333_33,
      bracket: { label: 'Tranche A', priceCents: 150, note: 'Gratuit le mercredi' },
    })
  })

  it('puts a quotient on a boundary in the upper bracket (minimum included, maximum excluded)', async () => {
    const at = async (monthlyCents: number) => {
      const id = await person({ lastName: 'Limite', monthlyCents: [monthlyCents] })
      return (
        await pricingOf(
          await insertHousehold(ctx.db, org.id, { members: [{ personId: id, relationship: 'head' }] }),
        )
      ).bracket?.label
    }
    expect(await at(499_99)).toBe('Tranche A')
    expect(await at(500_00)).toBe('Tranche B')
    expect(await at(999_99)).toBe('Tranche B')
    expect(await at(1000_00)).toBe('Tranche C')
  })

  it('answers without a bracket when the organisation has none', async () => {
    const other = await createOrganisation(ctx, 'CCAS sans tranches')
    const reader = await signedIn(ctx, await createUser(ctx, other.id, { roles: ['social_worker'] }))
    const id = await insertPerson(ctx.db, other.id, { lastName: 'Sans', monthlyCents: [900_00] })
    const householdId = await insertHousehold(ctx.db, other.id, {
      members: [{ personId: id, relationship: 'head' }],
    })
    const response = await reader.get(`/api/households/${householdId}/pricing`)
    expect(response.json()).toMatchObject({ shares: 1, quotientCents: 900_00, bracket: null })
  })

  it('answers "not found" for a household of another organisation, an unknown one, or one holding a hidden file', async () => {
    const other = await createOrganisation(ctx, 'Autre CCAS')
    const foreignPerson = await insertPerson(ctx.db, other.id, { lastName: 'Ailleurs' })
    const foreign = await insertHousehold(ctx.db, other.id, {
      members: [{ personId: foreignPerson, relationship: 'head' }],
    })
    expect((await worker.get(`/api/households/${foreign}/pricing`)).statusCode).toBe(404)
    expect((await worker.get(`/api/households/${randomUUID()}/pricing`)).statusCode).toBe(404)

    const young = await person({
      lastName: 'Confidentiel',
      teamId: org.confidentialTeamId,
      monthlyCents: [100_00],
    })
    const parent = await person({ lastName: 'Visible' })
    const mixed = await insertHousehold(ctx.db, org.id, {
      members: [
        { personId: parent, relationship: 'head' },
        { personId: young, relationship: 'child' },
      ],
    })
    const hidden = await worker.get(`/api/households/${mixed}/pricing`)
    expect(hidden.statusCode).toBe(404)
    expect(hidden.body).not.toContain('Confidentiel')
    expect(hidden.body).not.toContain(young)
    // The director sees every team's files, so the whole household.
    const seen = await director.get(`/api/households/${mixed}/pricing`)
    expect(seen.statusCode).toBe(200)
    expect(seen.json().monthlyResourcesCents).toBe(100_00)
  })
})
