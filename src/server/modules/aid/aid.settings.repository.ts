import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'

/** SQL of the aid settings: one row per organisation, absent until first saved. */
export class AidSettingsRepository {
  constructor(readonly db: Kysely<Database>) {}

  find(organisationId: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('aid_settings')
      .select(['quorum', 'show_names_to_commission', 'budget_warning_percent', 'appeal_text'])
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst()
  }

  async save(
    db: Kysely<Database>,
    organisationId: string,
    values: {
      quorum: number
      show_names_to_commission: boolean
      budget_warning_percent: number
      appeal_text: string | null
      updated_by: string
    },
  ) {
    await db
      .insertInto('aid_settings')
      .values({ organisation_id: organisationId, ...values })
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ ...values, updated_at: sql`now()` }))
      .execute()
  }
}
