import { queryOptions, useQuery } from '@tanstack/react-query'
import type { PricingSettings } from '../../../../shared/pricing.ts'
import { get } from '../../../lib/api-client.ts'

/** Every pricing query starts with this key: a change of settings invalidates them all. */
export const PRICING_KEY = ['pricing'] as const

export const pricingSettingsQuery = queryOptions({
  queryKey: [...PRICING_KEY, 'settings'],
  queryFn: () => get<PricingSettings>('/api/pricing/settings'),
})

export function usePricingSettings() {
  return useQuery(pricingSettingsQuery)
}
