import { clearingEraser } from '../../platform/retention.ts'

/** A register entry left behind: how to reach the person and whom to call go. */
export const registerEraser = clearingEraser('register', [
  {
    table: 'register_entries',
    set: {
      address: null,
      phone: null,
      emergency_contacts: '[]',
      requester_name: null,
      best_call_times: null,
      disability_proof: null,
    },
  },
])
