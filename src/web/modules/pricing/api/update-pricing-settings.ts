import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { PricingSettings, PricingSettingsInput } from '../../../../shared/pricing.ts'
import { put } from '../../../lib/api-client.ts'
import { PRICING_KEY } from './get-pricing-settings.ts'

export function updatePricingSettings(input: PricingSettingsInput) {
  return put<PricingSettings>('/api/pricing/settings', input)
}

/** Saves the rule and the brackets; every quotient shown is computed again afterwards. */
export function useUpdatePricingSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: updatePricingSettings,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PRICING_KEY }),
  })
}
