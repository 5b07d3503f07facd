import { clearingEraser } from '../../platform/retention.ts'

/** Aid amounts stay for the accounts (ten years), without the person's name or the assessment. */
export const aidEraser = clearingEraser('aid', [
  {
    table: 'aid_requests',
    set: { creditor_name: null, assessment: null, derogation_note: null, adjournment_reason: null },
  },
  { table: 'aid_campaign_registrations', set: { note: null } },
])
