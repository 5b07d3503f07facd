import type { Kysely } from 'kysely'
import type { z } from 'zod'
import type { settingsInputSchema } from '../../../shared/domiciliation-workflow.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import { ROLES, type Role } from '../../../shared/roles.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { forbidden, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { DomiciliationRepository } from './domiciliation.repository.ts'

/** Roles that may be given decisions: those who read domiciliations (a decision needs the file). */
export const DECISION_ROLE_CHOICES: Role[] = ROLES.filter((role) => roleAllows([role], 'domiciliation.read'))

export interface DomiciliationSettings {
  decisionRoles: Role[]
  noContactMonths: number
  renewalReminderDays: number
  postalAddress: string | null
  approvedScope: string | null
}

const DEFAULTS: DomiciliationSettings = {
  decisionRoles: ['director'],
  noContactMonths: 3,
  renewalReminderDays: 61,
  postalAddress: null,
  approvedScope: null,
}

/**
 * The organisation's domiciliation settings: who decides (the director by default), after how many
 * months without contact a person is a radiation candidate, when renewals are brought up, and the
 * postal address printed on certificates.
 */
export class DomiciliationSettingsService {
  constructor(private readonly repo: DomiciliationRepository) {}

  private get db(): Db {
    return this.repo.db as Db
  }

  async of(organisationId: string, db: Kysely<Database> = this.db): Promise<DomiciliationSettings> {
    const row = await this.repo.settings(organisationId, db)
    if (!row) return DEFAULTS
    return {
      decisionRoles: row.decision_roles as Role[],
      noContactMonths: row.no_contact_months,
      renewalReminderDays: row.renewal_reminder_days,
      postalAddress: row.postal_address,
      approvedScope: row.approved_scope,
    }
  }

  /** The server's one rule for decisions: reading domiciliations, with a role the organisation allows. */
  mayDecide(actor: Actor, settings: DomiciliationSettings) {
    return (
      roleAllows(actor.roles, 'domiciliation.read') &&
      actor.roles.some((role) => settings.decisionRoles.includes(role))
    )
  }

  async assertMayDecide(actor: Actor, db: Kysely<Database>) {
    const settings = await this.of(actor.organisationId, db)
    if (!this.mayDecide(actor, settings)) throw forbidden()
    return settings
  }

  async get(actor: Actor) {
    if (
      !roleAllows(actor.roles, 'domiciliation.read') &&
      !roleAllows(actor.roles, 'domiciliation.configure')
    ) {
      throw forbidden()
    }
    return { ...(await this.of(actor.organisationId)), decisionRoleChoices: DECISION_ROLE_CHOICES }
  }

  async save(actor: Actor, input: z.infer<typeof settingsInputSchema>) {
    assertAllowed(actor, 'domiciliation.configure')
    const refused = input.decisionRoles.findIndex((role) => !DECISION_ROLE_CHOICES.includes(role))
    if (refused >= 0) {
      throw validationError(
        `decisionRoles.${refused}`,
        'Ce rôle ne consulte pas les domiciliations : il ne peut pas décider.',
      )
    }
    return this.db.transaction().execute(async (trx) => {
      await this.repo.saveSettings(trx, actor.organisationId, {
        decision_roles: [...new Set(input.decisionRoles)],
        no_contact_months: input.noContactMonths,
        renewal_reminder_days: input.renewalReminderDays,
        postal_address: input.postalAddress ?? null,
        approved_scope: input.approvedScope ?? null,
        updated_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'domiciliation.settings_update',
        entityType: 'domiciliation_settings',
        details: { decisionRoles: input.decisionRoles, noContactMonths: input.noContactMonths },
      })
      return { ...(await this.of(actor.organisationId, trx)), decisionRoleChoices: DECISION_ROLE_CHOICES }
    })
  }
}
