import { clearingEraser, rowsAbout } from '../../platform/retention.ts'

/**
 * Domiciliation periods and mail stay for the yearly activity report; notes, the DomiFa reference
 * and senders go, and the notes of the decisions. Proxies are third parties: their names go too.
 */
export const domiciliationEraser = clearingEraser('domiciliation', [
  {
    table: 'domiciliations',
    set: {
      refusal_note: null,
      refusal_reorientation: null,
      radiation_note: null,
      comments: null,
      external_ref: null,
    },
  },
  {
    table: 'domiciliation_decisions',
    set: { note: null, undo_reason: null },
    person: { column: 'domiciliation_id', ids: rowsAbout('domiciliations') },
  },
  { table: 'mail_items', set: { sender: null, forwarded_to: null } },
  {
    table: 'domiciliation_proxies',
    set: { last_name: 'Anonymisé', first_name: null, identity_document: null },
  },
])
