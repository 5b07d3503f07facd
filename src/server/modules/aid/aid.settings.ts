import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { DEFAULT_BUDGET_WARNING_PERCENT } from '../../../shared/aid.funds.ts'
import {
  type AidSettings,
  type aidSettingsInputSchema,
  DEFAULT_APPEAL_TEXT,
} from '../../../shared/aid-commission.ts'
import type { Action } from '../../../shared/permissions.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { forbidden } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { AidSettingsRepository } from './aid.settings.repository.ts'

/** Whoever works with aid reads the settings: the quorum, whether names are shown, the budget warning. */
const READERS: Action[] = ['aid.read', 'aid.sessions', 'aid.commission', 'aid.pay', 'aid.configure']

/**
 * The organisation's aid settings: the quorum of its commission, whether members see applicants'
 * names (pseudonymised by default), the share of a fund's budget at which a warning shows (80 % by
 * default), and the means of appeal printed on decision letters.
 */
export class AidSettingsService {
  constructor(private readonly repo: AidSettingsRepository) {}

  /** The settings in force, defaults included; for the other aid services too (budget warning share). */
  async of(organisationId: string, db: Kysely<Database> = this.repo.db): Promise<AidSettings> {
    const row = await this.repo.find(organisationId, db)
    return {
      quorum: row?.quorum ?? 3,
      showNamesToCommission: row?.show_names_to_commission ?? false,
      budgetWarningPercent: row?.budget_warning_percent ?? DEFAULT_BUDGET_WARNING_PERCENT,
      appealText: row?.appeal_text ?? null,
      defaultAppealText: DEFAULT_APPEAL_TEXT,
    }
  }

  /** The text printed on letters: the organisation's own, or Trame's. */
  static appealTextOf(settings: AidSettings) {
    return settings.appealText ?? settings.defaultAppealText
  }

  async get(actor: Actor) {
    if (!READERS.some((action) => roleAllows(actor.roles, action))) throw forbidden()
    return this.of(actor.organisationId)
  }

  async save(actor: Actor, input: z.infer<typeof aidSettingsInputSchema>) {
    assertAllowed(actor, 'aid.configure')
    return this.repo.db.transaction().execute(async (trx) => {
      await this.repo.save(trx, actor.organisationId, {
        quorum: input.quorum,
        show_names_to_commission: input.showNamesToCommission,
        budget_warning_percent: input.budgetWarningPercent,
        appeal_text: input.appealText ?? null,
        updated_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'aid.settings_update',
        entityType: 'aid_settings',
        details: {
          quorum: input.quorum,
          showNamesToCommission: input.showNamesToCommission,
          budgetWarningPercent: input.budgetWarningPercent,
        },
      })
      return this.of(actor.organisationId, trx)
    })
  }
}
