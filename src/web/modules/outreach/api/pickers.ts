import { queryOptions, useQuery } from '@tanstack/react-query'
import type { ListEntry } from '../../../../shared/outreach.ts'
import type { ServiceSearchItem } from '../../../../shared/partners.ts'
import type { PersonSummary } from '../../../../shared/people.ts'
import { get } from '../../../lib/api-client.ts'

/** Every outreach query starts with this key: a change invalidates what depends on it. */
export const OUTREACH_KEY = ['outreach'] as const

type Team = { id: string; name: string; confidential: boolean; active: boolean }

export const teamsQuery = queryOptions({
  queryKey: [...OUTREACH_KEY, 'teams'],
  queryFn: async () => (await get<{ items: Team[] }>('/api/teams')).items,
  staleTime: 5 * 60_000,
})
export const useTeams = () => useQuery(teamsQuery)

export const useColleagues = () =>
  useQuery({
    queryKey: [...OUTREACH_KEY, 'colleagues'],
    queryFn: async () => (await get<{ items: { id: string; name: string }[] }>('/api/colleagues')).items,
    staleTime: 5 * 60_000,
  })

/** The organisation's lists: zones and handout items (retired entries included, for old labels). */
export const entriesQuery = (kind: 'zones' | 'handout-items' | 'contact-reasons') =>
  queryOptions({
    queryKey: [...OUTREACH_KEY, 'entries', kind],
    queryFn: async () => (await get<{ items: ListEntry[] }>(`/api/outreach/${kind}`)).items,
    staleTime: 5 * 60_000,
  })
export const useZones = () => useQuery(entriesQuery('zones'))
export const useHandoutItems = () => useQuery(entriesQuery('handout-items'))
/** The front desk's contact reasons, offered as needs expressed in the street. */
export const useContactReasons = () => useQuery(entriesQuery('contact-reasons'))

/** Files the agent may see, to say who was met. */
export const usePersonSearch = (q: string) =>
  useQuery({
    queryKey: [...OUTREACH_KEY, 'person-search', q],
    queryFn: async () =>
      (await get<{ items: PersonSummary[] }>(`/api/people?q=${encodeURIComponent(q)}`)).items,
    enabled: q.trim().length >= 2,
    staleTime: 10_000,
  })

/** Partner services (the département's PMI, the 115, a day centre…), for an orientation or a referral. */
export const useServiceSearch = (q: string) =>
  useQuery({
    queryKey: [...OUTREACH_KEY, 'service-search', q],
    queryFn: async () =>
      (await get<{ items: ServiceSearchItem[] }>(`/api/partner-services?q=${encodeURIComponent(q)}`)).items,
    enabled: q.trim().length >= 2,
    staleTime: 30_000,
  })
