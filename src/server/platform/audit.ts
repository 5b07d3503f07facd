import type { Kysely } from 'kysely'
import type { AuditAction, AuditEntityType } from '../../shared/audit.ts'
import type { Database } from '../db/schema.ts'
import type { Actor } from './permissions.ts'

export interface AuditEntry {
  action: AuditAction
  entityType: AuditEntityType
  entityId?: string | null
  personId?: string | null
  /**
   * Every person a list, search, duplicate check, household read or export showed: "who saw my file?"
   * finds them too. One row per request, whatever the number.
   */
  personIds?: readonly string[]
  /** What the action revealed or decided, never personal data itself (field names, counts). */
  details?: Record<string, unknown>
}

/**
 * Who acts: a staff user, a volunteer of the network's portal or a partner's contact on the partner page
 * (neither has a user account), or Trame itself (none of them).
 */
export type AuditActor = Pick<Actor, 'organisationId' | 'ip'> & {
  userId: string | null
  volunteerId?: string
  partnerContactId?: string
}

const actorKind = (who: AuditActor) =>
  who.volunteerId
    ? ('volunteer' as const)
    : who.partnerContactId
      ? ('partner_contact' as const)
      : who.userId
        ? ('staff' as const)
        : ('system' as const)

/**
 * Appends one row to the audit trail. Call it with the transaction that reads or writes the data,
 * so the trace and the change commit or fail together. The table refuses updates and deletes.
 */
export async function recordAudit(db: Kysely<Database>, who: AuditActor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      organisation_id: who.organisationId,
      user_id: who.userId,
      actor_kind: actorKind(who),
      volunteer_id: who.volunteerId ?? null,
      partner_contact_id: who.partnerContactId ?? null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId ?? null,
      person_id: entry.personId ?? null,
      person_ids: entry.personIds?.length ? [...new Set(entry.personIds)] : null,
      details: entry.details ? JSON.stringify(entry.details) : null,
      ip: who.ip,
    })
    .execute()
}
