import { clearingEraser } from '../../platform/retention.ts'

/** Encounters and follow-ups stay for the counts; where and what was noted goes. */
export const outreachEraser = clearingEraser('outreach', [
  { table: 'outreach_encounters', set: { address: null, note: null, anonymous_description: null } },
  { table: 'outreach_followups', set: { exit_note: null } },
])
