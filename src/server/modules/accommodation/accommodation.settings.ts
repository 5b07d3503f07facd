import { type Kysely, sql } from 'kysely'
import type { z } from 'zod'
import { MEDICAL_ROLES } from '../../../shared/accommodation.ts'
import type { accommodationSettingsInputSchema } from '../../../shared/accommodation-structures.ts'
import type { Role } from '../../../shared/roles.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'

type Db = Kysely<Database>

/**
 * The organisation's accommodation settings: which roles, besides nurses and doctors, read and write
 * medical parts (none by default, the director included). Set by `accommodation.configure`, audited.
 */
export class AccommodationSettingsService {
  constructor(private readonly db: Db) {}

  /** The roles the organisation added to the medical ones. */
  async medicalExtraRoles(organisationId: string, db: Db = this.db): Promise<Role[]> {
    const row = await db
      .selectFrom('accommodation_settings')
      .select('medical_extra_roles')
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst()
    return row?.medical_extra_roles ?? []
  }

  /** Whether the actor reads medical parts: a medical role, or one the organisation granted. */
  async readsMedical(actor: Actor, db: Db = this.db) {
    if (actor.roles.some((role) => MEDICAL_ROLES.includes(role))) return true
    const extra = await this.medicalExtraRoles(actor.organisationId, db)
    return actor.roles.some((role) => extra.includes(role))
  }

  async get(actor: Actor) {
    assertAllowed(actor, 'accommodation.configure')
    return { medicalExtraRoles: await this.medicalExtraRoles(actor.organisationId) }
  }

  async save(actor: Actor, input: z.infer<typeof accommodationSettingsInputSchema>) {
    assertAllowed(actor, 'accommodation.configure')
    return this.db.transaction().execute(async (trx) => {
      const previous = await this.medicalExtraRoles(actor.organisationId, trx)
      const values = { medical_extra_roles: input.medicalExtraRoles, updated_by: actor.userId }
      await trx
        .insertInto('accommodation_settings')
        .values({ organisation_id: actor.organisationId, ...values })
        .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ ...values, updated_at: sql`now()` }))
        .execute()
      await recordAudit(trx, actor, {
        action: 'accommodation.settings_update',
        entityType: 'accommodation_settings',
        details: { medicalExtraRoles: input.medicalExtraRoles, previous },
      })
      return { medicalExtraRoles: await this.medicalExtraRoles(actor.organisationId, trx) }
    })
  }
}
