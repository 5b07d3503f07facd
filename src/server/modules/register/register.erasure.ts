import { clearingEraser, rowsAbout } from '../../platform/retention.ts'

/** A register entry left behind: how to reach the person, whom to call, and the calls' notes go. */
export const registerEraser = clearingEraser('register', [
  {
    table: 'register_entries',
    set: {
      address: null,
      phone: null,
      emergency_contacts: '[]',
      requester_name: null,
      requester_relationship: null,
      best_call_times: null,
      disability_proof: null,
    },
  },
  {
    table: 'alert_call_attempts',
    set: { note: null },
    person: { column: 'call_id', ids: rowsAbout('alert_calls') },
  },
])
