import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  Contact,
  ContactCounts,
  ContactInput,
  contactReasonSchema,
  contactUpdateSchema,
} from '../../../shared/frontdesk.ts'
import type { siteSchema, teamSchema } from '../../../shared/organisation.ts'
import type { PersonSummary } from '../../../shared/people.ts'
import { get, patch, post, put } from '../../lib/api-client.ts'

type Reason = z.infer<typeof contactReasonSchema>
type Team = z.infer<typeof teamSchema>
type Site = z.infer<typeof siteSchema>
export interface ServiceOption {
  id: string
  name: string
  partnerName: string
  category: string
  city: string | null
}

export const useReasons = () =>
  useQuery({
    queryKey: ['frontdesk', 'reasons'],
    queryFn: async () => (await get<{ items: Reason[] }>('/api/contact-reasons')).items,
    staleTime: 5 * 60_000,
  })

export const useTeams = () =>
  useQuery({
    queryKey: ['frontdesk', 'teams'],
    queryFn: async () => (await get<{ items: Team[] }>('/api/teams')).items.filter((t) => t.active),
    staleTime: 5 * 60_000,
  })

export const useSites = () =>
  useQuery({
    queryKey: ['frontdesk', 'sites'],
    queryFn: async () => (await get<{ items: Site[] }>('/api/sites')).items.filter((s) => s.active),
    staleTime: 5 * 60_000,
  })

/**
 * People matching what the agent types, for picking who the contact is about; with the archived files
 * for those who may reactivate one (the person is back: their passage brings the file back).
 */
export const usePersonSearch = (q: string, includeArchived = false) =>
  useQuery({
    queryKey: ['frontdesk', 'person-search', q, includeArchived],
    queryFn: async () =>
      (
        await get<{ items: PersonSummary[] }>(
          `/api/people?${new URLSearchParams({ q, ...(includeArchived ? { includeArchived: 'true' } : {}) })}`,
        )
      ).items,
    enabled: q.trim().length >= 2,
    staleTime: 10_000,
  })

/** Files that may be the person being created on the spot: the agent picks one instead of a duplicate. */
export const useLikelyDuplicates = (names: { lastName: string; firstNames: string } | null) => {
  const params = new URLSearchParams({
    lastName: names?.lastName.trim() ?? '',
    firstNames: names?.firstNames.trim() ?? '',
  })
  return useQuery({
    queryKey: ['frontdesk', 'likely-duplicates', params.toString()],
    queryFn: async () =>
      (await get<{ items: PersonSummary[] }>(`/api/people/likely-duplicates?${params}`)).items,
    enabled: Boolean(names) && `${names?.lastName}${names?.firstNames}`.trim().length >= 3,
    staleTime: 10_000,
  })
}

export const useServiceSearch = (q: string) =>
  useQuery({
    queryKey: ['frontdesk', 'service-search', q],
    queryFn: async () =>
      (await get<{ items: ServiceOption[] }>(`/api/partner-services?q=${encodeURIComponent(q)}`)).items,
    enabled: q.trim().length >= 2,
    staleTime: 30_000,
  })

export const useColleagues = () =>
  useQuery({
    queryKey: ['frontdesk', 'colleagues'],
    queryFn: async () => (await get<{ items: { id: string; name: string }[] }>('/api/colleagues')).items,
    staleTime: 5 * 60_000,
  })

export const useContacts = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams(
    Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])),
  )
  return useQuery({
    queryKey: ['frontdesk', 'contacts', params],
    queryFn: async () => (await get<{ items: Contact[] }>(`/api/contacts?${search}`)).items,
  })
}

export function useCreateContact() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: Partial<ContactInput>) => post<Contact>('/api/contacts', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['frontdesk', 'contacts'] }),
  })
}

export function useUpdateContact() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...input }: z.input<typeof contactUpdateSchema> & { id: string }) =>
      patch<Contact>(`/api/contacts/${id}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['frontdesk', 'contacts'] }),
  })
}

export function useCreatePerson() {
  return useMutation({
    mutationFn: (input: { lastName?: string; firstNames?: string }) =>
      post<{ id: string; lastName: string | null; firstNames: string | null }>('/api/people', input),
  })
}

export function useSaveReasons() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (items: { id?: string; label: string; active: boolean }[]) =>
      put<{ items: Reason[] }>('/api/contact-reasons', { items }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['frontdesk', 'reasons'] }),
  })
}

export const useContactCounts = (query: string, enabled: boolean) =>
  useQuery({
    queryKey: ['frontdesk', 'counts', query],
    queryFn: () => get<ContactCounts>(`/api/contact-counts?${query}`),
    enabled,
  })
