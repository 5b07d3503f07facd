import { clearingEraser, ERASED_TEXT, rowsAbout } from '../../platform/retention.ts'

const records = rowsAbout('support_records')

/**
 * Support records, goals, interviews, rights, RSA, referrals, appointments: their free texts go (a
 * goal's label is required and may say anything of the person: « [effacé] »; its domain stays).
 */
export const followupEraser = clearingEraser('followup', [
  { table: 'support_records', set: { exit_note: null, exit_plan: null } },
  { table: 'support_goals', set: { label: ERASED_TEXT }, person: { column: 'record_id', ids: records } },
  {
    table: 'support_interviews',
    set: { note: null, private_synthesis: null },
    person: { column: 'record_id', ids: records },
  },
  { table: 'rights', set: { note: null } },
  { table: 'rsa_applications', set: { contract_note: null } },
  { table: 'partner_referrals', set: { note: null, partner_note: null, worker_reply: null } },
  { table: 'appointments', set: { purpose: null, status_note: null } },
])
