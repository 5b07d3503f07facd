import { sql } from 'kysely'
import { clearingEraser } from '../../platform/retention.ts'

const recordsOf = (personIds: readonly string[]) =>
  sql`select id from support_records where person_id in (${sql.join(personIds.map((id) => sql`${id}::uuid`))})`

/** Support records, interviews, rights, RSA, referrals, appointments: their free texts go. */
export const followupEraser = clearingEraser('followup', [
  { table: 'support_records', set: { exit_note: null, exit_plan: null } },
  {
    table: 'support_interviews',
    set: { note: null, private_synthesis: null },
    person: { column: 'record_id', ids: recordsOf },
  },
  { table: 'rights', set: { note: null } },
  { table: 'rsa_applications', set: { contract_note: null } },
  { table: 'partner_referrals', set: { note: null } },
  { table: 'appointments', set: { purpose: null, status_note: null } },
])
