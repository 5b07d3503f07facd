import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { get, put } from '../../../lib/api-client.ts'
import { REPORTS_KEY } from './reports.ts'

type Settings = { triageDelayDays: number }

export const reportSettingsQuery = queryOptions({
  queryKey: [...REPORTS_KEY, 'settings'],
  queryFn: () => get<Settings>('/api/report-settings'),
})
export const useReportSettings = () => useQuery(reportSettingsQuery)

/** A new delay changes which reports are overdue: every reports query is fetched again. */
export function useSaveReportSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: Settings) => put<Settings>('/api/report-settings', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: REPORTS_KEY }),
  })
}
