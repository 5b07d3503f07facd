import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type { ServiceSearchItem } from '../../../../shared/partners.ts'
import type {
  partnerAnswerInputSchema,
  partnerReferralInputSchema,
  partnerReferralPageSchema,
  partnerReferralReplyInputSchema,
  partnerReferralSchema,
} from '../../../../shared/referrals.ts'
import { get, post } from '../../../lib/api-client.ts'

const REFERRALS_KEY = ['partner-referrals'] as const
type Referral = z.infer<typeof partnerReferralSchema>

export const personReferralsQuery = (personId: string, page: number) =>
  queryOptions({
    queryKey: [...REFERRALS_KEY, 'person', personId, page],
    queryFn: () =>
      get<z.infer<typeof partnerReferralPageSchema>>(
        `/api/partner-referrals?personId=${personId}&page=${page}&pageSize=10`,
      ),
    placeholderData: keepPreviousData,
  })

/** Active partner services matching what is typed (partner, service, category, city). */
export const usePartnerServiceSearch = (q: string) =>
  useQuery({
    queryKey: [...REFERRALS_KEY, 'services', q],
    queryFn: async () =>
      (await get<{ items: ServiceSearchItem[] }>(`/api/partner-services?q=${encodeURIComponent(q)}`)).items,
    enabled: q.trim().length >= 2,
    staleTime: 30_000,
  })

export function useCreateReferral() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof partnerReferralInputSchema>) =>
      post<Referral>('/api/partner-referrals', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: REFERRALS_KEY }),
  })
}

export function useAnswerReferral(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof partnerAnswerInputSchema>) =>
      post<Referral>(`/api/partner-referrals/${id}/answer`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: REFERRALS_KEY }),
  })
}

/** The worker's reply to a partner that asked for more information. */
export function useReplyToPartner(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof partnerReferralReplyInputSchema>) =>
      post<Referral>(`/api/partner-referrals/${id}/reply`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: REFERRALS_KEY }),
  })
}
