import type { Db } from '../../db/database.ts'
import { recordAudit } from '../../platform/audit.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { AuditFilter, AuditRepository } from './audit.repository.ts'

const PAGE_SIZE = 50

/** Administrators (and the director) search who did what, on whom, when. */
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  async search(actor: Actor, filter: AuditFilter, page: number) {
    assertAllowed(actor, 'audit.read')
    const result = await this.repo.search(actor.organisationId, filter, page, PAGE_SIZE)
    // Reading the trail is itself traced.
    await recordAudit(this.repo.db as Db, actor, {
      action: 'audit.search',
      entityType: 'audit_log',
      personId: filter.personId,
      details: filter.fileNumber ? { fileNumber: filter.fileNumber } : undefined,
    })
    return {
      items: result.rows.map((row) => ({
        id: row.id,
        at: new Date(row.at).toISOString(),
        userId: row.user_id,
        userName: row.user_name,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        personId: row.person_id,
        personFileNumber: row.person_file_number,
        personIds: row.person_ids ?? [],
        ip: row.ip,
      })),
      total: result.total,
      page,
      pageSize: PAGE_SIZE,
    }
  }

  /**
   * The accounts the journal can be filtered by, for the director too, who manages no account:
   * names only, no e-mail or role.
   */
  async accounts(actor: Actor) {
    assertAllowed(actor, 'audit.read')
    return (this.repo.db as Db).transaction().execute(async (trx) => {
      const rows = await this.repo.accounts(actor.organisationId, trx)
      // Who looked at the list of accounts is traced too, in the same transaction as the reading.
      await recordAudit(trx, actor, { action: 'audit.accounts', entityType: 'user' })
      return { items: rows.map((row) => ({ id: row.id, name: row.name, active: row.status === 'active' })) }
    })
  }
}
