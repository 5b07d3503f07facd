import { sql } from 'kysely'
import { clearingEraser } from '../../platform/retention.ts'

/** Reports about the person: who reported and what was noted go; the report and its dates stay. */
export const reportsEraser = clearingEraser('reports', [
  {
    table: 'reports',
    set: {
      person_description: null,
      closing_note: null,
      reporter_name: null,
      reporter_phone: null,
      reporter_email: null,
    },
  },
  {
    table: 'report_events',
    set: { note: null },
    person: {
      column: 'report_id',
      ids: (personIds) =>
        sql`select id from reports where person_id in (${sql.join(personIds.map((id) => sql`${id}::uuid`))})`,
    },
  },
])
