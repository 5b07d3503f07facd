import type { z } from 'zod'
import { todayInFrance } from '../../../shared/dates.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import {
  type Bracket,
  completeSharesRule,
  computeQuotient,
  DEFAULT_SHARES_RULE,
  findBracket,
  type HouseholdPricing,
  type PricingSettings,
  type pricingSettingsInputSchema,
} from '../../../shared/pricing.ts'
import type { Db } from '../../db/database.ts'
import { recordAudit } from '../../platform/audit.ts'
import { forbidden, notFound } from '../../platform/errors.ts'
import type { HomeSource } from '../../platform/home.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { PricingRepository } from './pricing.repository.ts'

type BracketRow = Awaited<ReturnType<PricingRepository['brackets']>>[number]

function toBracket(row: BracketRow): Bracket {
  return {
    id: row.id,
    label: row.label,
    minQuotientCents: row.min_quotient_cents,
    maxQuotientCents: row.max_quotient_cents,
    priceCents: row.price_cents,
    percent: row.percent === null ? null : Number(row.percent),
    note: row.note,
  }
}

/** Social pricing: the organisation's shares rule and brackets, and a household's quotient. */
export class PricingService {
  constructor(
    private readonly repo: PricingRepository,
    private readonly people: PeopleService,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  private async read(organisationId: string, db: Db = this.db): Promise<PricingSettings> {
    const [settings, brackets] = await Promise.all([
      this.repo.settings(organisationId, db),
      this.repo.brackets(organisationId, db),
    ])
    return {
      rule: settings ? completeSharesRule(settings.shares_rule) : { ...DEFAULT_SHARES_RULE },
      brackets: brackets.map(toBracket),
      updatedAt: settings ? new Date(settings.updated_at).toISOString() : null,
    }
  }

  /** Those who price households read the settings; those who manage them do too. */
  async settings(actor: Actor) {
    if (!roleAllows(actor.roles, 'person.read') && !roleAllows(actor.roles, 'pricing.manage')) {
      throw forbidden()
    }
    return this.read(actor.organisationId)
  }

  /** Replaces the rule and all the brackets at once: either everything is saved, or nothing. */
  async updateSettings(actor: Actor, input: z.output<typeof pricingSettingsInputSchema>) {
    assertAllowed(actor, 'pricing.manage')
    return this.db.transaction().execute(async (trx) => {
      // The settings row is written first: its lock makes two simultaneous saves run one after the other.
      await this.repo.saveRule(trx, actor.organisationId, actor.userId, input.rule)
      await this.repo.replaceBrackets(
        trx,
        actor.organisationId,
        input.brackets.map((b) => ({
          id: b.id,
          label: b.label,
          min_quotient_cents: b.minQuotientCents,
          max_quotient_cents: b.maxQuotientCents,
          price_cents: b.priceCents,
          percent: b.percent,
          note: b.note,
        })),
      )
      await recordAudit(trx, actor, { action: 'pricing.settings_update', entityType: 'pricing_settings' })
      return this.read(actor.organisationId, trx)
    })
  }

  /**
   * The household's resources, shares (with how they were counted), quotient and bracket. A household
   * of another organisation, or holding a file of a confidential team the actor cannot see, is "not
   * found": its quotient would reveal that member's resources.
   */
  async householdPricing(actor: Actor, householdId: string): Promise<HouseholdPricing> {
    assertAllowed(actor, 'person.read')
    return this.db.transaction().execute(async (trx) => {
      const priced = await this.priced(actor, householdId, trx)
      if (!priced) throw notFound()
      const { members, settings, computedOn, result } = priced
      const names = new Map(members.map((m) => [m.personId, m.displayName]))
      return {
        householdId,
        computedOn,
        monthlyResourcesCents: result.monthlyResourcesCents,
        membersResourcesCents: result.membersResourcesCents,
        otherResourcesCents: result.otherResourcesCents,
        shares: result.shares,
        sharesOverridden: result.sharesOverridden,
        sharesDetail: result.sharesDetail.map((line) => ({
          kind: line.kind,
          label: line.label,
          personId: line.personId,
          displayName: line.personId ? (names.get(line.personId) ?? null) : null,
          shares: line.shares,
        })),
        quotientCents: result.quotientCents,
        bracket: findBracket(settings.brackets, result.quotientCents),
      }
    })
  }

  /**
   * For a module checking a quotient ceiling (a seasonal campaign), inside its transaction: the
   * household's quotient in cents, audited on each member as above; null for a household out of reach.
   */
  async householdQuotientWithin(actor: Actor, householdId: string, db: Db) {
    return (await this.priced(actor, householdId, db))?.result.quotientCents ?? null
  }

  private async priced(actor: Actor, householdId: string, trx: Db) {
    const household = await this.people.householdComposition(actor, householdId, trx)
    if (!household) return null
    const members = household.members
    const settings = await this.read(actor.organisationId, trx)
    const computedOn = todayInFrance()
    const result = computeQuotient(
      {
        sharesOverride: household.sharesOverride,
        otherResources: [{ monthlyCents: household.otherResourcesCents }],
        members,
      },
      settings.rule,
      { on: computedOn },
    )
    // Every member's resources were read: each one's trail shows it.
    for (const m of members) {
      await recordAudit(trx, actor, {
        action: 'pricing.household_quotient',
        entityType: 'household',
        entityId: householdId,
        personId: m.personId,
      })
    }
    return { members, settings, computedOn, result }
  }

  /** Among the first steps: the tariff brackets. */
  homeSource(): HomeSource {
    return {
      module: 'pricing',
      setup: async (actor) => {
        if (!roleAllows(actor.roles, 'organisation.manage')) return []
        const count = await this.repo.bracketCount(actor.organisationId)
        return [{ key: 'pricing.brackets', done: count > 0, count }]
      },
    }
  }
}
