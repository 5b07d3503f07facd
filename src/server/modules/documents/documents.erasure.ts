import type { PersonEraser } from '../../platform/retention.ts'
import type { DocumentStorage } from './documents.storage.ts'

/**
 * A person's documents at the end of retention: rows and contents go (an aid request citing one
 * loses the citation, not its amounts). Contents leave the disk once the deletion is committed.
 */
export function documentsEraser(storage: DocumentStorage): PersonEraser {
  return {
    kind: 'documents',
    async anonymise(db, organisationId, personIds) {
      const rows = await db
        .selectFrom('documents')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .where('person_id', 'in', personIds)
        .execute()
      if (rows.length === 0) return undefined
      const ids = rows.map((row) => row.id)
      await db.deleteFrom('aid_request_documents').where('document_id', 'in', ids).execute()
      await db
        .deleteFrom('documents')
        .where('organisation_id', '=', organisationId)
        .where('id', 'in', ids)
        .execute()
      return async () => {
        for (const id of ids) await storage.discard(storage.pathOf(organisationId, id))
      }
    },
  }
}
