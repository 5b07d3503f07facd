import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  AidSettings,
  agendaCandidatesSchema,
  aidSettingsInputSchema,
  CommissionSession,
  commissionDecisionInputSchema,
  invitableUsersSchema,
  sessionInputSchema,
  sessionListSchema,
} from '../../../shared/aid-commission.ts'
import { api, get } from '../../lib/api-client.ts'

export type SessionList = z.infer<typeof sessionListSchema>
export type Candidates = z.infer<typeof agendaCandidatesSchema>
export type InvitableUsers = z.infer<typeof invitableUsersSchema>
export type DecisionInput = z.input<typeof commissionDecisionInputSchema>

export const commissionKeys = {
  all: ['aid-commission'] as const,
  settings: ['aid-commission', 'settings'] as const,
  sessions: (status: string, page: number) => ['aid-commission', 'sessions', status, page] as const,
  session: (id: string) => ['aid-commission', 'session', id] as const,
  candidates: (id: string) => ['aid-commission', 'candidates', id] as const,
  invitable: ['aid-commission', 'invitable'] as const,
}

export const useAidSettings = () =>
  useQuery({ queryKey: commissionKeys.settings, queryFn: () => get<AidSettings>('/api/aid-settings') })

export function useSaveAidSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof aidSettingsInputSchema>) =>
      api<AidSettings>('PUT', '/api/aid-settings', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: commissionKeys.all }),
  })
}

export const useSessions = (status: '' | 'planned' | 'open' | 'closed', page: number) =>
  useQuery({
    queryKey: commissionKeys.sessions(status, page),
    queryFn: () => get<SessionList>(`/api/aid-sessions?page=${page}${status ? `&status=${status}` : ''}`),
    placeholderData: keepPreviousData,
  })

export const useSession = (id: string) =>
  useQuery({
    queryKey: commissionKeys.session(id),
    queryFn: () => get<CommissionSession>(`/api/aid-sessions/${id}`),
  })

export const useCandidates = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: commissionKeys.candidates(id),
    queryFn: () => get<Candidates>(`/api/aid-sessions/${id}/candidates`),
    enabled,
  })

export const useInvitableUsers = (enabled: boolean) =>
  useQuery({
    queryKey: commissionKeys.invitable,
    queryFn: () => get<InvitableUsers>('/api/aid-sessions/invitable-users'),
    enabled,
  })

/** Every change of a session answers the session: the lists and the candidates are read again. */
function useSessionMutation<Input>(call: (input: Input) => Promise<CommissionSession>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: call,
    onSuccess: (session) => {
      queryClient.setQueryData(commissionKeys.session(session.id), session)
      return queryClient.invalidateQueries({ queryKey: commissionKeys.all })
    },
  })
}

export const usePlanSession = () =>
  useSessionMutation((input: z.input<typeof sessionInputSchema>) =>
    api<CommissionSession>('POST', '/api/aid-sessions', input),
  )
export const useSetMembers = (id: string) =>
  useSessionMutation((userIds: string[]) =>
    api<CommissionSession>('PUT', `/api/aid-sessions/${id}/members`, { userIds }),
  )
export const useSetAttendance = (id: string) =>
  useSessionMutation((presentUserIds: string[]) =>
    api<CommissionSession>('PUT', `/api/aid-sessions/${id}/attendance`, { presentUserIds }),
  )
export const useAddToAgenda = (id: string) =>
  useSessionMutation((requestIds: string[]) =>
    api<CommissionSession>('POST', `/api/aid-sessions/${id}/agenda`, { requestIds }),
  )
export const useRemoveFromAgenda = (id: string) =>
  useSessionMutation((requestId: string) =>
    api<CommissionSession>('DELETE', `/api/aid-sessions/${id}/agenda/${requestId}`),
  )
export const useOpenSession = (id: string) =>
  useSessionMutation(() => api<CommissionSession>('POST', `/api/aid-sessions/${id}/open`, {}))
export const useCloseSession = (id: string) =>
  useSessionMutation((minutesNote: string) =>
    api<CommissionSession>('POST', `/api/aid-sessions/${id}/close`, { minutesNote }),
  )
export const useDecide = (id: string) =>
  useSessionMutation((input: DecisionInput) =>
    api<CommissionSession>('POST', `/api/aid-sessions/${id}/decisions`, input),
  )

/** Printable documents: a plain link downloads them with the session cookie (the server says attachment). */
export const minutesUrl = (sessionId: string) => `/api/aid-letters/sessions/${sessionId}/minutes`
export const decisionLetterUrl = (requestId: string) => `/api/aid-letters/requests/${requestId}/decision`

export const frenchDay = (day: string) => day.split('-').reverse().join('/')
