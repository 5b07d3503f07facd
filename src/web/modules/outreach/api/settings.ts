import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type { ListEntry, outreachSettingsSchema } from '../../../../shared/outreach.ts'
import { get, put } from '../../../lib/api-client.ts'
import { entriesQuery, OUTREACH_KEY } from './pickers.ts'

type Settings = z.infer<typeof outreachSettingsSchema>

export const settingsQuery = queryOptions({
  queryKey: [...OUTREACH_KEY, 'settings'],
  queryFn: () => get<Settings>('/api/outreach/settings'),
  staleTime: 5 * 60_000,
})
export const useOutreachSettings = () => useQuery(settingsQuery)

/** A new delay changes which caseload lines are in alert: every outreach query is fetched again. */
export function useSaveSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { caseloadAlertDays: number }) => put<Settings>('/api/outreach/settings', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: OUTREACH_KEY }),
  })
}

/** Replaces the zones or the handout items: left-out entries are retired, never deleted. */
export function useSaveEntries(kind: 'zones' | 'handout-items') {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (items: { id?: string; label: string; active: boolean }[]) =>
      put<{ items: ListEntry[] }>(`/api/outreach/${kind}`, { items }),
    onSuccess: (saved) => queryClient.setQueryData(entriesQuery(kind).queryKey, saved.items),
  })
}
