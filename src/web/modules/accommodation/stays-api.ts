import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  personStaysSchema,
  StayDetail,
  StayEntryInput,
  StayEntryOptions,
  StayExitInput,
  StayMoveInput,
  StayOpinionInput,
  StayRenewalInput,
  stayPageSchema,
} from '../../../shared/accommodation-stays.ts'
import { api, get } from '../../lib/api-client.ts'

export type StayPage = z.infer<typeof stayPageSchema>
export type PersonStays = z.infer<typeof personStaysSchema>

export const stayKeys = {
  all: ['accommodation-stays'] as const,
  list: (query: string) => ['accommodation-stays', 'list', query] as const,
  one: (id: string) => ['accommodation-stays', 'one', id] as const,
  person: (personId: string) => ['accommodation-stays', 'person', personId] as const,
  options: ['accommodation-stays', 'options'] as const,
}

export const useStays = (query: string, enabled = true) =>
  useQuery({
    queryKey: stayKeys.list(query),
    queryFn: () => get<StayPage>(`/api/accommodation-stays?${query}`),
    placeholderData: keepPreviousData,
    enabled,
  })

export const useStay = (id: string) =>
  useQuery({ queryKey: stayKeys.one(id), queryFn: () => get<StayDetail>(`/api/accommodation-stays/${id}`) })

export const usePersonStays = (personId: string) =>
  useQuery({
    queryKey: stayKeys.person(personId),
    queryFn: () => get<PersonStays>(`/api/accommodation-stays/of-person/${personId}`),
  })

export const useEntryOptions = (enabled = true) =>
  useQuery({
    queryKey: stayKeys.options,
    queryFn: () => get<StayEntryOptions>('/api/accommodation-stays/entry-options'),
    enabled,
  })

export function useEnterStay() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: StayEntryInput) => api<StayDetail>('POST', '/api/accommodation-stays', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: stayKeys.all }),
  })
}

type StayChange =
  | { kind: 'renewals'; body: StayRenewalInput }
  | { kind: 'medical-opinions'; body: StayOpinionInput }
  | { kind: 'moves'; body: StayMoveInput }
  | { kind: 'exit'; body: StayExitInput }
  | { kind: 'support-record'; body: { supportRecordId: string | null } }

/** Every change of a stay answers the stay's page as it now is. */
export function useChangeStay(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (change: StayChange) =>
      api<StayDetail>(
        change.kind === 'support-record' ? 'PUT' : 'POST',
        `/api/accommodation-stays/${id}/${change.kind}`,
        change.body,
      ),
    onSuccess: (stay) => {
      queryClient.setQueryData(stayKeys.one(id), stay)
      return queryClient.invalidateQueries({ queryKey: stayKeys.all })
    },
  })
}
