import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { AidCampaign, CampaignRegistration } from '../../../shared/aid.campaigns.ts'
import type { CampaignChannel, CampaignRegistrationStatus } from '../../../shared/aid.ts'
import { get } from '../../lib/api-client.ts'

// Seasonal campaigns in the browser: the campaigns, one campaign's distribution list, its changes.

type Page<T> = { items: T[]; total: number; page: number; pageSize: number }

export const campaignKeys = {
  all: ['aid-campaigns'] as const,
  one: (id: string) => ['aid-campaigns', id] as const,
  registrations: (id: string, page: number, filter: RegistrationFilter) =>
    ['aid-campaigns', id, 'registrations', page, filter] as const,
}

export const REGISTRATIONS_PAGE_SIZE = 50

/** The distribution list's filters, as the list, its CSV and its PDF take them. */
export type RegistrationFilter = { status?: CampaignRegistrationStatus; channel?: CampaignChannel }
export const registrationFilterQuery = (filter: RegistrationFilter) =>
  new URLSearchParams(
    Object.entries(filter as Record<string, string | undefined>).filter((entry): entry is [string, string] =>
      Boolean(entry[1]),
    ),
  )

export const useCampaigns = () =>
  useQuery({
    queryKey: campaignKeys.all,
    queryFn: () => get<Page<AidCampaign>>('/api/aid-campaigns?pageSize=100'),
  })

export const useCampaign = (id: string) =>
  useQuery({ queryKey: campaignKeys.one(id), queryFn: () => get<AidCampaign>(`/api/aid-campaigns/${id}`) })

export const useRegistrations = (id: string, page: number, filter: RegistrationFilter) =>
  useQuery({
    queryKey: campaignKeys.registrations(id, page, filter),
    queryFn: () => {
      const query = registrationFilterQuery(filter)
      query.set('page', String(page))
      query.set('pageSize', String(REGISTRATIONS_PAGE_SIZE))
      return get<Page<CampaignRegistration>>(`/api/aid-campaigns/${id}/registrations?${query}`)
    },
    placeholderData: keepPreviousData,
  })

/** Any change to a campaign or its registrations: its counts and list are read again. */
export function useCampaignChange<I, R>(send: (input: I) => Promise<R>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: send,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: campaignKeys.all }),
  })
}
