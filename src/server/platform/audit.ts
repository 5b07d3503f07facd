import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { Actor } from './permissions.ts'

export interface AuditEntry {
  action: string
  entityType: string
  entityId?: string | null
  personId?: string | null
  /**
   * Every person a list, search, duplicate check, household read or export showed: "who saw my file?"
   * finds them too. One row per request, whatever the number.
   */
  personIds?: readonly string[]
}

/**
 * Appends one row to the audit trail. Call it with the transaction that reads or writes the data,
 * so the trace and the change commit or fail together. The table refuses updates and deletes.
 */
export async function recordAudit(
  db: Kysely<Database>,
  who: Pick<Actor, 'organisationId' | 'ip'> & { userId: string | null },
  entry: AuditEntry,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      organisation_id: who.organisationId,
      user_id: who.userId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId ?? null,
      person_id: entry.personId ?? null,
      person_ids: entry.personIds?.length ? [...new Set(entry.personIds)] : null,
      ip: who.ip,
    })
    .execute()
}
