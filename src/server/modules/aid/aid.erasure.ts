import { clearingEraser, ERASED_TEXT, rowsAbout } from '../../platform/retention.ts'

/**
 * Aid amounts stay for the accounts (ten years), without the person's name, the purpose (a required
 * text: « [effacé] »), the assessment or any note of the decisions, payments and vouchers.
 */
export const aidEraser = clearingEraser('aid', [
  {
    table: 'aid_requests',
    set: {
      purpose: ERASED_TEXT,
      creditor_name: null,
      assessment: null,
      derogation_note: null,
      adjournment_reason: null,
      closed_reason: null,
    },
  },
  {
    table: 'aid_decisions',
    set: { note: null },
    person: { column: 'request_id', ids: rowsAbout('aid_requests') },
  },
  {
    table: 'aid_payments',
    set: { payee: null, cancel_reason: null },
    person: { column: 'request_id', ids: rowsAbout('aid_requests') },
  },
  { table: 'aid_vouchers', set: { cancel_reason: null } },
  { table: 'aid_campaign_registrations', set: { note: null } },
])
