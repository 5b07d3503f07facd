import { clearingEraser } from '../../platform/retention.ts'

/** Front desk contacts stay (dates, channels, reasons feed the counts); what was said goes. */
export const frontdeskEraser = clearingEraser('frontdesk', [
  { table: 'contacts', set: { note: null, follow_up_note: null, anonymous_description: null } },
])
