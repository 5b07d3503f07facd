import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type { Encounter, encounterUpdateSchema } from '../../../../shared/outreach.ts'
import { get, patch } from '../../../lib/api-client.ts'
import { OUTREACH_KEY } from './pickers.ts'
import { searchParams } from './rounds.ts'

const ENCOUNTERS_KEY = [...OUTREACH_KEY, 'encounters'] as const

export const encounterListQuery = (filters: Record<string, string | undefined>) =>
  queryOptions({
    queryKey: [...ENCOUNTERS_KEY, 'list', filters],
    queryFn: async () =>
      (await get<{ items: Encounter[] }>(`/api/outreach/encounters?${searchParams(filters)}`)).items,
  })
export const useEncounters = (filters: Record<string, string | undefined>) =>
  useQuery(encounterListQuery(filters))

export const encounterQuery = (id: string) =>
  queryOptions({
    queryKey: [...ENCOUNTERS_KEY, 'detail', id],
    queryFn: () => get<Encounter>(`/api/outreach/encounters/${id}`),
  })
export const useEncounter = (id: string) => useQuery(encounterQuery(id))

/** Completing an encounter may open a follow-up: every outreach query is fetched again. */
export function useUpdateEncounter(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof encounterUpdateSchema>) =>
      patch<Encounter>(`/api/outreach/encounters/${id}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: OUTREACH_KEY }),
  })
}
