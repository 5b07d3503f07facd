import { createContext, type ReactNode } from 'react'

/**
 * Sections other modules add to a person's file (the follow-up's rights…), given by the router so
 * that this module does not import theirs. `merged`: the file is read-only (merged into another, or
 * archived by the retention sweeper until reactivated).
 */
export const PersonFileExtraContext = createContext<
  ((personId: string, options: { merged: boolean }) => ReactNode) | null
>(null)
