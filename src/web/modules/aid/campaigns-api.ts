import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { AidCampaign, AidCampaignInput, CampaignRegistration } from '../../../shared/aid.campaigns.ts'
import { api, get } from '../../lib/api-client.ts'

// Seasonal campaigns in the browser: the campaigns, one campaign's distribution list, its changes.

type Page<T> = { items: T[]; total: number; page: number; pageSize: number }

export const campaignKeys = {
  all: ['aid-campaigns'] as const,
  one: (id: string) => ['aid-campaigns', id] as const,
  registrations: (id: string, page: number) => ['aid-campaigns', id, 'registrations', page] as const,
}

export const REGISTRATIONS_PAGE_SIZE = 50

export const useCampaigns = () =>
  useQuery({
    queryKey: campaignKeys.all,
    queryFn: () => get<Page<AidCampaign>>('/api/aid-campaigns?pageSize=100'),
  })

export const useCampaign = (id: string) =>
  useQuery({ queryKey: campaignKeys.one(id), queryFn: () => get<AidCampaign>(`/api/aid-campaigns/${id}`) })

export const useRegistrations = (id: string, page: number) =>
  useQuery({
    queryKey: campaignKeys.registrations(id, page),
    queryFn: () =>
      get<Page<CampaignRegistration>>(
        `/api/aid-campaigns/${id}/registrations?page=${page}&pageSize=${REGISTRATIONS_PAGE_SIZE}`,
      ),
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

export const createCampaign = (input: AidCampaignInput) =>
  api<AidCampaign>('POST', '/api/aid-campaigns', input)
