import { clearingEraser } from '../../platform/retention.ts'

/** A senior's needs: their details and the contact's go; the need, its kind and dates stay. */
export const networkEraser = clearingEraser('network', [
  {
    table: 'network_needs',
    set: {
      description: null,
      senior_name: null,
      senior_address: null,
      senior_phone: null,
      contact_name: null,
      contact_phone: null,
      report: null,
    },
  },
])
