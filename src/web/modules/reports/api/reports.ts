import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  ReportDetail,
  ReportList,
  ReportSource,
  reportTransitionSchema,
  reportUpdateSchema,
} from '../../../../shared/reports.ts'
import { get, patch, post } from '../../../lib/api-client.ts'
import type { ReportFieldValues } from '../ReportFields.tsx'

/** The staff entry form's values: the fields of both kinds of report, and where the report came from. */
export type ReportEntryValues = ReportFieldValues & {
  source: Exclude<ReportSource, 'public_form'>
  receivedAt?: string
  partnerServiceId?: string | null
  frontdeskContactId?: string | null
  personId?: string | null
  zoneId?: string | null
}

/** Every reports query starts with this key: a change to a report invalidates them all. */
export const REPORTS_KEY = ['reports'] as const

export interface ReportFilters {
  status: string
  zoneId: string
  assignedToMe: boolean
  overdue: boolean
}

export const reportListQuery = (filters: ReportFilters) => {
  const params = new URLSearchParams({ status: filters.status })
  if (filters.zoneId) params.set('zoneId', filters.zoneId)
  if (filters.assignedToMe) params.set('assignedToMe', 'true')
  if (filters.overdue) params.set('overdue', 'true')
  return queryOptions({
    queryKey: [...REPORTS_KEY, 'list', params.toString()],
    queryFn: () => get<ReportList>(`/api/reports?${params}`),
  })
}
export const useReportList = (filters: ReportFilters) => useQuery(reportListQuery(filters))

export const reportQuery = (id: string) =>
  queryOptions({
    queryKey: [...REPORTS_KEY, 'detail', id],
    queryFn: () => get<ReportDetail>(`/api/reports/${id}`),
  })
export const useReport = (id: string) => useQuery(reportQuery(id))

function useReportMutation<Input>(send: (input: Input) => Promise<ReportDetail>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: send,
    onSuccess: (report) => {
      queryClient.setQueryData(reportQuery(report.id).queryKey, report)
      return queryClient.invalidateQueries({ queryKey: [...REPORTS_KEY, 'list'] })
    },
  })
}

export const useCreateReport = () =>
  useReportMutation((input: ReportEntryValues) => post<ReportDetail>('/api/reports', input))

export const useUpdateReport = (id: string) =>
  useReportMutation((input: z.input<typeof reportUpdateSchema>) =>
    patch<ReportDetail>(`/api/reports/${id}`, input),
  )

/** Assign, mark visited, close: one status change at a time. */
export const useReportTransition = (id: string) =>
  useReportMutation((input: z.input<typeof reportTransitionSchema>) =>
    post<ReportDetail>(`/api/reports/${id}/status`, input),
  )
