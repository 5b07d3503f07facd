import { sql } from 'kysely'
import { clearingEraser } from '../../platform/retention.ts'

/** Admission requests and stays stay for the statistics; their social and medical texts go. */
export const accommodationEraser = clearingEraser('accommodation', [
  {
    table: 'accommodation_requests',
    set: { social_part: null, orienting_contact: null, refusal_note: null },
  },
  {
    table: 'accommodation_medical_parts',
    set: { content: '' },
    person: {
      column: 'request_id',
      ids: (personIds) =>
        sql`select id from accommodation_requests where person_id in (${sql.join(personIds.map((id) => sql`${id}::uuid`))})`,
    },
  },
  { table: 'accommodation_stays', set: { exit_note: null } },
])
