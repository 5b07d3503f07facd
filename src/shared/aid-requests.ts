import { z } from 'zod'

// Aid requests: what the server says about a request against the règlement. Warnings, never blocks:
// the commission (or the urgent decider) may go beyond a rule, and granting so records a derogation.

export const AID_WARNING_CODES = [
  'AID_CEILING_PER_REQUEST',
  'AID_CEILING_HOUSEHOLD_12M',
  'AID_AGE_RANGE',
  'AID_AGE_UNKNOWN',
  'AID_RESIDENCE',
  'AID_QUOTIENT_CEILING',
  'AID_QUOTIENT_UNKNOWN',
  'AID_DOCUMENTS_MISSING',
  'AID_URGENT_CEILING',
] as const
export type AidWarningCode = (typeof AID_WARNING_CODES)[number]

export const aidWarningSchema = z.object({ code: z.enum(AID_WARNING_CODES), message: z.string() })
export type AidWarning = z.infer<typeof aidWarningSchema>
