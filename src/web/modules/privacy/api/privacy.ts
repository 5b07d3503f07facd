import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  LegalHold,
  LegalHoldInput,
  legalHoldPageSchema,
  ReadingAlertPage,
  ReadingAlertSettings,
  RetentionKind,
  RetentionRule,
  RetentionRuleInput,
  RightsRequest,
  RightsRequestAnswer,
  RightsRequestInput,
  rightsRequestPageSchema,
  sweepPreviewSchema,
  sweepRunPageSchema,
} from '../../../../shared/privacy.ts'
import { get, post, put } from '../../../lib/api-client.ts'

export const PRIVACY_KEY = ['privacy'] as const

export const retentionRulesQuery = queryOptions({
  queryKey: [...PRIVACY_KEY, 'rules'],
  queryFn: () => get<{ items: RetentionRule[] }>('/api/privacy/retention-rules'),
})
export const useRetentionRules = () => useQuery(retentionRulesQuery)

export function useSaveRetentionRule() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ kind, ...input }: RetentionRuleInput & { kind: RetentionKind }) =>
      put<{ items: RetentionRule[] }>(`/api/privacy/retention-rules/${kind}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PRIVACY_KEY }),
  })
}

/** The preview is computed on demand only: it walks every file of the organisation. */
export const usePreview = () =>
  useQuery({
    queryKey: [...PRIVACY_KEY, 'preview'],
    queryFn: () => get<z.infer<typeof sweepPreviewSchema>>('/api/privacy/preview'),
    enabled: false,
  })

export const useRuns = (page: number) =>
  useQuery({
    queryKey: [...PRIVACY_KEY, 'runs', page],
    queryFn: () => get<z.infer<typeof sweepRunPageSchema>>(`/api/privacy/runs?page=${page}&pageSize=10`),
  })

export const useHolds = (page: number) =>
  useQuery({
    queryKey: [...PRIVACY_KEY, 'holds', page],
    queryFn: () => get<z.infer<typeof legalHoldPageSchema>>(`/api/privacy/holds?page=${page}&pageSize=20`),
  })

export function usePlaceHold() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: LegalHoldInput) => post<LegalHold>('/api/privacy/holds', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...PRIVACY_KEY, 'holds'] }),
  })
}

export function useReleaseHold() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => post<LegalHold>(`/api/privacy/holds/${id}/release`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...PRIVACY_KEY, 'holds'] }),
  })
}

// The register of the persons' requests ------------------------------------------------------------

export const useRightsRequests = (page: number) =>
  useQuery({
    queryKey: [...PRIVACY_KEY, 'requests', page],
    queryFn: () =>
      get<z.infer<typeof rightsRequestPageSchema>>(`/api/privacy/requests?page=${page}&pageSize=20`),
  })

export function useCreateRightsRequest() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: RightsRequestInput) => post<RightsRequest>('/api/privacy/requests', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...PRIVACY_KEY, 'requests'] }),
  })
}

export function useExtendRightsRequest() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      post<RightsRequest>(`/api/privacy/requests/${id}/extend`, { reason }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...PRIVACY_KEY, 'requests'] }),
  })
}

export function useAnswerRightsRequest() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...input }: RightsRequestAnswer & { id: string }) =>
      post<RightsRequest>(`/api/privacy/requests/${id}/answer`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...PRIVACY_KEY, 'requests'] }),
  })
}

export const useReadingAlerts = (page: number) =>
  useQuery({
    queryKey: [...PRIVACY_KEY, 'reading-alerts', page],
    queryFn: () => get<ReadingAlertPage>(`/api/privacy/reading-alerts?page=${page}&pageSize=20`),
  })

export function useSaveReadingAlertSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: ReadingAlertSettings) =>
      put<ReadingAlertSettings>('/api/privacy/reading-alerts/settings', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...PRIVACY_KEY, 'reading-alerts'] }),
  })
}
