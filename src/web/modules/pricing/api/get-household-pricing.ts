import { queryOptions, useQuery } from '@tanstack/react-query'
import type { HouseholdPricing } from '../../../../shared/pricing.ts'
import { get } from '../../../lib/api-client.ts'
import { PRICING_KEY } from './get-pricing-settings.ts'

/**
 * Key `['pricing', 'household', id]`: a page that changes the household's members or resources
 * invalidates `['pricing']` (or this key) so that the quotient is computed again.
 */
export const householdPricingQuery = (householdId: string) =>
  queryOptions({
    queryKey: [...PRICING_KEY, 'household', householdId],
    queryFn: () => get<HouseholdPricing>(`/api/households/${householdId}/pricing`),
  })

export function useHouseholdPricing(householdId: string) {
  return useQuery(householdPricingQuery(householdId))
}
