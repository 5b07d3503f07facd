import { clearingEraser, ERASED_TEXT, rowsAbout } from '../../platform/retention.ts'

/**
 * Reports about the person: who reported, where and what was seen go (the place and the situation are
 * required texts: they say « [effacé] »); the report, its source, urgency and dates stay.
 */
export const reportsEraser = clearingEraser('reports', [
  {
    table: 'reports',
    set: {
      location_text: ERASED_TEXT,
      situation: ERASED_TEXT,
      person_description: null,
      closing_note: null,
      reporter_name: null,
      reporter_phone: null,
      reporter_email: null,
    },
  },
  { table: 'report_events', set: { note: null }, person: { column: 'report_id', ids: rowsAbout('reports') } },
])
