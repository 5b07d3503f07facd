import { createContext, type ReactNode } from 'react'

/**
 * What other modules show under a household (the social pricing's quotient), given by the router so
 * that this module does not import theirs. Apart from the household section so that the router reads
 * it without loading the person pages.
 */
export const HouseholdExtraContext = createContext<((householdId: string) => ReactNode) | null>(null)
