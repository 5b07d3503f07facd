import { clearingEraser, rowsAbout } from '../../platform/retention.ts'

/**
 * Encounters and follow-ups stay for the counts (an encounter's situation is one of a list, not a
 * text); where and what was noted goes, with the notes of each stage of the follow-up.
 */
export const outreachEraser = clearingEraser('outreach', [
  { table: 'outreach_encounters', set: { address: null, note: null, anonymous_description: null } },
  { table: 'outreach_followups', set: { exit_note: null } },
  {
    table: 'outreach_followup_stages',
    set: { note: null },
    person: { column: 'followup_id', ids: rowsAbout('outreach_followups') },
  },
])
