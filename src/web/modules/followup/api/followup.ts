import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  goalInputSchema,
  goalUpdateSchema,
  Interview,
  InterviewInput,
  RecordSummary,
  recordInputSchema,
  recordTransitionSchema,
  SupportRecord,
  supportTypeSchema,
  worklistSchema,
} from '../../../../shared/followup.ts'
import type { teamSchema } from '../../../../shared/organisation.ts'
import { get, patch, post, put } from '../../../lib/api-client.ts'

type Page<T> = { items: T[]; total: number; page: number; pageSize: number }
type SupportType = z.infer<typeof supportTypeSchema>
type Team = z.infer<typeof teamSchema>

const keys = {
  all: ['followup'] as const,
  record: (id: string) => ['followup', 'record', id] as const,
}

export const useSupportTypes = () =>
  useQuery({
    queryKey: ['followup', 'types'],
    queryFn: async () => (await get<{ items: SupportType[] }>('/api/followup/types')).items,
    staleTime: 5 * 60_000,
  })

export const useFollowupTeams = () =>
  useQuery({
    queryKey: ['followup', 'teams'],
    queryFn: async () => (await get<{ items: Team[] }>('/api/teams')).items.filter((t) => t.active),
    staleTime: 5 * 60_000,
  })

export const useFollowupColleagues = () =>
  useQuery({
    queryKey: ['followup', 'colleagues'],
    queryFn: async () => (await get<{ items: { id: string; name: string }[] }>('/api/colleagues')).items,
    staleTime: 5 * 60_000,
  })

/** The records of a person or of a household. */
export const personRecordsQuery = (subject: { personId: string } | { householdId: string }, page: number) =>
  queryOptions({
    queryKey: ['followup', 'records', { ...subject, page }],
    queryFn: () =>
      get<Page<RecordSummary>>(
        `/api/followup/records?${new URLSearchParams({ ...subject, page: String(page), pageSize: '20' })}`,
      ),
  })

export const recordQuery = (id: string) =>
  queryOptions({
    queryKey: keys.record(id),
    queryFn: () => get<SupportRecord>(`/api/followup/records/${id}`),
  })

export const interviewsQuery = (recordId: string, page: number) =>
  queryOptions({
    queryKey: ['followup', 'record', recordId, 'interviews', page],
    queryFn: () => get<Page<Interview>>(`/api/followup/records/${recordId}/interviews?page=${page}`),
  })

export const useWorklist = () =>
  useQuery({
    queryKey: ['followup', 'worklist'],
    queryFn: () => get<z.infer<typeof worklistSchema>>('/api/followup/worklist'),
  })

/** Every change answers the record as it now is: the record's queries and lists are refreshed. */
function useRecordMutation<Input>(request: (input: Input) => Promise<SupportRecord>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: request,
    onSuccess: (record) => {
      queryClient.setQueryData(keys.record(record.id), record)
      return queryClient.invalidateQueries({ queryKey: keys.all })
    },
  })
}

export const useOpenRecord = () =>
  useRecordMutation((input: z.input<typeof recordInputSchema>) =>
    post<SupportRecord>('/api/followup/records', input),
  )

export const useRecordTransition = (id: string) =>
  useRecordMutation((input: z.input<typeof recordTransitionSchema>) =>
    post<SupportRecord>(`/api/followup/records/${id}/status`, input),
  )

export const useAddGoal = (id: string) =>
  useRecordMutation((input: z.input<typeof goalInputSchema>) =>
    post<SupportRecord>(`/api/followup/records/${id}/goals`, input),
  )

export const useUpdateGoal = (id: string) =>
  useRecordMutation(({ goalId, ...input }: z.input<typeof goalUpdateSchema> & { goalId: string }) =>
    patch<SupportRecord>(`/api/followup/records/${id}/goals/${goalId}`, input),
  )

export const useSetReferents = (id: string) =>
  useRecordMutation((userIds: string[]) =>
    put<SupportRecord>(`/api/followup/records/${id}/referents`, { userIds }),
  )

export function useRecordInterview(recordId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: Partial<InterviewInput>) =>
      post<Interview>(`/api/followup/records/${recordId}/interviews`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  })
}

/** Replaces the organisation's list of support types; the ones left out are retired. */
export function useSaveSupportTypes() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (items: { id?: string; label: string; legal: boolean; active: boolean }[]) =>
      put<{ items: SupportType[] }>('/api/followup/types', { items }),
    onSuccess: (answer) => queryClient.setQueryData(['followup', 'types'], answer.items),
  })
}

/** Its author corrects an interview (the server refuses anyone else). */
export function useCorrectInterview(recordId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...input }: Partial<InterviewInput> & { id: string }) =>
      put<Interview>(`/api/followup/records/${recordId}/interviews/${id}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  })
}
