import { clearingEraser } from '../../platform/retention.ts'

/**
 * Domiciliation periods and mail stay for the yearly activity report; notes, the DomiFa reference
 * and senders go. Proxies are third parties: their names go too.
 */
export const domiciliationEraser = clearingEraser('domiciliation', [
  {
    table: 'domiciliations',
    set: { refusal_note: null, radiation_note: null, comments: null, external_ref: null },
  },
  { table: 'mail_items', set: { sender: null, forwarded_to: null } },
  {
    table: 'domiciliation_proxies',
    set: { last_name: 'Anonymisé', first_name: null, identity_document: null },
  },
])
