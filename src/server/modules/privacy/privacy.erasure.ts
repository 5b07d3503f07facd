import { clearingEraser, ERASED_TEXT } from '../../platform/retention.ts'

/**
 * The requests register at the end of a person's retention: the request, its dates and its outcome
 * stay (the DPO's proof that the law was followed); who asked and the reasons written go.
 */
export const privacyEraser = clearingEraser('privacy', [
  { table: 'privacy_requests', set: { requester: ERASED_TEXT, note: null, extension_reason: null } },
])
