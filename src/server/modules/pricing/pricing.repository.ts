import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.ts'

export interface BracketValues {
  /** Kept when the bracket already belonged to the organisation, else a new one is generated. */
  id: string | undefined
  label: string
  min_quotient_cents: number
  max_quotient_cents: number | null
  price_cents: number | null
  percent: number | null
  note: string | null
}

/** All SQL of social pricing. */
export class PricingRepository {
  constructor(readonly db: Kysely<Database>) {}

  settings(organisationId: string, db = this.db) {
    return db
      .selectFrom('pricing_settings')
      .select(['shares_rule', 'updated_at'])
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst()
  }

  brackets(organisationId: string, db = this.db) {
    return db
      .selectFrom('pricing_brackets')
      .select(['id', 'label', 'min_quotient_cents', 'max_quotient_cents', 'price_cents', 'percent', 'note'])
      .where('organisation_id', '=', organisationId)
      .orderBy('position')
      .execute()
  }

  saveRule(db: Kysely<Database>, organisationId: string, userId: string, rule: object) {
    const shares_rule = JSON.stringify(rule)
    return db
      .insertInto('pricing_settings')
      .values({ organisation_id: organisationId, shares_rule, updated_by: userId })
      .onConflict((oc) =>
        oc.column('organisation_id').doUpdateSet({
          shares_rule,
          updated_by: userId,
          updated_at: new Date(),
        }),
      )
      .execute()
  }

  /** Replaces the organisation's brackets by `brackets`, in this order. */
  async replaceBrackets(db: Kysely<Database>, organisationId: string, brackets: BracketValues[]) {
    const existing = await db
      .deleteFrom('pricing_brackets')
      .where('organisation_id', '=', organisationId)
      .returning('id')
      .execute()
    if (brackets.length === 0) return
    const kept = new Set(existing.map((b) => b.id))
    await db
      .insertInto('pricing_brackets')
      .values(
        brackets.map(({ id, ...bracket }, position) => ({
          ...bracket,
          ...(id && kept.has(id) ? { id } : {}),
          organisation_id: organisationId,
          position,
        })),
      )
      .execute()
  }

  async bracketCount(organisationId: string) {
    const row = await this.db
      .selectFrom('pricing_brackets')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }
}
