import { clearingEraser } from '../../platform/retention.ts'

/**
 * Group activities at the end of a person's retention: their named attendance stays, tied to the
 * anonymised file, so the distinct participants of past years keep their figures. An attendance
 * holds no text about the person (a session's note is the session's, shared by all who came: it is
 * not erased for one of them). Registered so that the erasure of a file names every module.
 */
export const activitiesEraser = clearingEraser('activities', [])
