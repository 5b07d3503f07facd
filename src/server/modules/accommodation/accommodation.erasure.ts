import { clearingEraser, ERASED_TEXT, rowsAbout } from '../../platform/retention.ts'

/**
 * Admission requests, stays and their renewals stay for the statistics; their social and medical
 * texts go (a renewal's justification is required: « [effacé] »).
 */
export const accommodationEraser = clearingEraser('accommodation', [
  {
    table: 'accommodation_requests',
    set: { social_part: null, orienting_contact: null, refusal_note: null },
  },
  {
    table: 'accommodation_medical_parts',
    set: { content: '' },
    person: { column: 'request_id', ids: rowsAbout('accommodation_requests') },
  },
  {
    table: 'accommodation_medical_opinions',
    set: { medical_note: null },
    person: { column: 'request_id', ids: rowsAbout('accommodation_requests') },
  },
  {
    table: 'accommodation_medical_opinions',
    set: { medical_note: null },
    person: { column: 'stay_id', ids: rowsAbout('accommodation_stays') },
  },
  { table: 'accommodation_stays', set: { exit_note: null } },
  {
    table: 'accommodation_stay_renewals',
    set: { justification: ERASED_TEXT },
    person: { column: 'stay_id', ids: rowsAbout('accommodation_stays') },
  },
])
