import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  caseloadSchema,
  Followup,
  followupCloseSchema,
  stageChangeSchema,
} from '../../../../shared/outreach.ts'
import { get, post } from '../../../lib/api-client.ts'
import { OUTREACH_KEY } from './pickers.ts'

type Caseload = z.infer<typeof caseloadSchema>
const FOLLOWUPS_KEY = [...OUTREACH_KEY, 'followups'] as const

export const caseloadQuery = (teamId: string, page = 1) =>
  queryOptions({
    queryKey: [...FOLLOWUPS_KEY, 'caseload', teamId, page],
    queryFn: () => get<Caseload>(`/api/outreach/caseload?page=${page}${teamId ? `&teamId=${teamId}` : ''}`),
  })
export const useCaseload = (teamId: string, page: number) => useQuery(caseloadQuery(teamId, page))

export const followupQuery = (id: string) =>
  queryOptions({
    queryKey: [...FOLLOWUPS_KEY, 'detail', id],
    queryFn: () => get<Followup>(`/api/outreach/followups/${id}`),
  })
export const useFollowup = (id: string | null) =>
  useQuery({ ...followupQuery(id ?? ''), enabled: Boolean(id) })

function useFollowupMutation<Input>(send: (input: Input) => Promise<Followup>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: send,
    onSuccess: (followup) => {
      queryClient.setQueryData(followupQuery(followup.id).queryKey, followup)
      return queryClient.invalidateQueries({ queryKey: FOLLOWUPS_KEY })
    },
  })
}

/** A dated stage change: "accepted the outstretched hand" is measured from it. */
export const useChangeStage = (id: string) =>
  useFollowupMutation((input: z.input<typeof stageChangeSchema>) =>
    post<Followup>(`/api/outreach/followups/${id}/stage`, input),
  )
export const useCloseFollowup = (id: string) =>
  useFollowupMutation((input: z.input<typeof followupCloseSchema>) =>
    post<Followup>(`/api/outreach/followups/${id}/close`, input),
  )
