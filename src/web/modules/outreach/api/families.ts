import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  Family,
  familyCreateSchema,
  familyListSchema,
  familyUpdateSchema,
  referralInputSchema,
  referralUpdateSchema,
} from '../../../../shared/outreach.ts'
import type { Person } from '../../../../shared/people.ts'
import { get, patch, post } from '../../../lib/api-client.ts'
import { OUTREACH_KEY } from './pickers.ts'

const FAMILIES_KEY = [...OUTREACH_KEY, 'families'] as const

type FamilyFilters = { teamId: string; includeUnflagged: boolean; page: number }

export const familyListQuery = (filters: FamilyFilters) => {
  const params = new URLSearchParams({ page: String(filters.page), pageSize: '50' })
  if (filters.teamId) params.set('teamId', filters.teamId)
  if (filters.includeUnflagged) params.set('includeUnflagged', 'true')
  return queryOptions({
    queryKey: [...FAMILIES_KEY, 'list', params.toString()],
    queryFn: () => get<z.infer<typeof familyListSchema>>(`/api/outreach/families?${params}`),
  })
}
export const useFamilies = (filters: FamilyFilters) => useQuery(familyListQuery(filters))

export const familyQuery = (id: string) =>
  queryOptions({
    queryKey: [...FAMILIES_KEY, 'detail', id],
    queryFn: () => get<Family>(`/api/outreach/families/${id}`),
  })
export const useFamily = (id: string) => useQuery(familyQuery(id))

function useFamilyMutation<Input>(send: (input: Input) => Promise<Family>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: send,
    onSuccess: (family) => {
      queryClient.setQueryData(familyQuery(family.id).queryKey, family)
      return queryClient.invalidateQueries({ queryKey: [...FAMILIES_KEY, 'list'] })
    },
  })
}

export const useCreateFamily = () =>
  useFamilyMutation((input: z.input<typeof familyCreateSchema>) =>
    post<Family>('/api/outreach/families', input),
  )
export const useUpdateFamily = (id: string) =>
  useFamilyMutation((input: z.input<typeof familyUpdateSchema>) =>
    patch<Family>(`/api/outreach/families/${id}`, input),
  )
export const useAddReferral = (id: string) =>
  useFamilyMutation((input: z.input<typeof referralInputSchema>) =>
    post<Family>(`/api/outreach/families/${id}/referrals`, input),
  )
export const useUpdateReferral = (id: string) =>
  useFamilyMutation(
    ({ referralId, ...input }: z.input<typeof referralUpdateSchema> & { referralId: string }) =>
      patch<Family>(`/api/outreach/families/${id}/referrals/${referralId}`, input),
  )

/** The person's file, to find the household to flag. */
export const usePerson = (id: string | null) =>
  useQuery({
    queryKey: [...OUTREACH_KEY, 'person', id],
    queryFn: () => get<Person>(`/api/people/${id}`),
    enabled: Boolean(id),
  })
