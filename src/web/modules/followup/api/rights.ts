import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  PersonRights,
  rightInputSchema,
  rightKindListSchema,
  rightsEndingSchema,
  rightsSettingsSchema,
} from '../../../../shared/rights.ts'
import { get, patch, post, put } from '../../../lib/api-client.ts'

export const RIGHTS_KEY = ['rights'] as const
type Kinds = z.infer<typeof rightKindListSchema>
type Ending = z.infer<typeof rightsEndingSchema>
type Settings = z.infer<typeof rightsSettingsSchema>
export type RightInput = z.input<typeof rightInputSchema>

export const personRightsQuery = (personId: string) =>
  queryOptions({
    queryKey: [...RIGHTS_KEY, 'person', personId],
    queryFn: () => get<PersonRights>(`/api/rights/people/${personId}`),
  })
export const rightKindsQuery = queryOptions({
  queryKey: [...RIGHTS_KEY, 'kinds'],
  queryFn: () => get<Kinds>('/api/rights/kinds'),
  staleTime: 5 * 60_000,
})
export const rightsSettingsQuery = queryOptions({
  queryKey: [...RIGHTS_KEY, 'settings'],
  queryFn: () => get<Settings>('/api/rights/settings'),
})
export const rightsEndingQuery = (page: number) =>
  queryOptions({
    queryKey: [...RIGHTS_KEY, 'ending', page],
    queryFn: () => get<Ending>(`/api/rights/ending?page=${page}`),
  })

export const usePersonRights = (personId: string) => useQuery(personRightsQuery(personId))
export const useRightKinds = () => useQuery(rightKindsQuery)

/** Saves one right of the person or of their household; the file's rights come back whole. */
export function useSaveRight(personId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (args: {
      holder: 'person' | 'household'
      holderId: string
      kind: string
      input: RightInput
    }) =>
      args.holder === 'person'
        ? put<PersonRights>(`/api/rights/people/${args.holderId}/${args.kind}`, args.input)
        : put(`/api/rights/households/${args.holderId}/${args.kind}`, args.input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...RIGHTS_KEY, 'person', personId] }),
  })
}

export function useSaveRightsSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: Settings) => put<Settings>('/api/rights/settings', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: RIGHTS_KEY }),
  })
}

export function useSaveRightKind() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (args: { id?: string; label: string; active?: boolean }) =>
      args.id
        ? patch(`/api/rights/kinds/${args.id}`, { label: args.label, active: args.active })
        : post('/api/rights/kinds', { label: args.label }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: RIGHTS_KEY }),
  })
}
