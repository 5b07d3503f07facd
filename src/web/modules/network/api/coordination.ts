import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  Dashboard,
  matchSchema,
  memberReportSchema,
  Need,
  NeedInput,
  Volunteer,
} from '../../../../shared/network.ts'
import type { PersonSummary } from '../../../../shared/people.ts'
import { get, patch, post } from '../../../lib/api-client.ts'

export const NETWORK_KEY = ['network', 'staff'] as const
type Match = z.infer<typeof matchSchema>
type MemberReport = z.infer<typeof memberReportSchema>

export const volunteersQuery = (status: string) =>
  queryOptions({
    queryKey: [...NETWORK_KEY, 'volunteers', status],
    queryFn: () => get<Volunteer[]>(`/api/network/volunteers${status ? `?status=${status}` : ''}`),
  })
export const useVolunteers = (status: string) => useQuery(volunteersQuery(status))

export const needsQuery = (status: string) =>
  queryOptions({
    queryKey: [...NETWORK_KEY, 'needs', status],
    queryFn: () => get<Need[]>(`/api/network/needs${status ? `?status=${status}` : ''}`),
  })
export const useNeeds = (status: string) => useQuery(needsQuery(status))

export const useMatches = (needId: string | undefined) =>
  useQuery({
    queryKey: [...NETWORK_KEY, 'matches', needId],
    queryFn: () => get<Match[]>(`/api/network/needs/${needId}/matches`),
    enabled: Boolean(needId),
  })

export const useMemberReports = () =>
  useQuery({
    queryKey: [...NETWORK_KEY, 'member-reports'],
    queryFn: () => get<MemberReport[]>('/api/network/member-reports'),
  })

export const useDashboard = (from: string, to: string) =>
  useQuery({
    queryKey: [...NETWORK_KEY, 'dashboard', from, to],
    queryFn: () => get<Dashboard>(`/api/network/dashboard?from=${from}&to=${to}`),
  })

/** Files the actor may see, to choose the senior of a need. */
export const usePersonSearch = (q: string) =>
  useQuery({
    queryKey: [...NETWORK_KEY, 'person-search', q],
    queryFn: async () =>
      (await get<{ items: PersonSummary[] }>(`/api/people?q=${encodeURIComponent(q)}`)).items,
    enabled: q.trim().length >= 2,
  })

function useStaffMutation<I, T>(fn: (input: I) => Promise<T>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NETWORK_KEY }),
  })
}

export const useSetVolunteerStatus = () =>
  useStaffMutation(({ id, ...body }: { id: string; status: string; reason?: string }) =>
    post<Volunteer>(`/api/network/volunteers/${id}/status`, body),
  )
export const useUpdateVolunteer = () =>
  useStaffMutation(({ id, ...body }: { id: string; professionalSkill: string | null }) =>
    patch<Volunteer>(`/api/network/volunteers/${id}`, body),
  )
export const useCreateNeed = () =>
  useStaffMutation((input: NeedInput) => post<Need>('/api/network/needs', input))
export const useOfferNeed = () =>
  useStaffMutation(({ id, count }: { id: string; count: number }) =>
    post<Need>(`/api/network/needs/${id}/offer`, { count }),
  )
export const useCancelNeed = () =>
  useStaffMutation((id: string) => post<Need>(`/api/network/needs/${id}/cancel`))
export const useEscalateNeed = () =>
  useStaffMutation(({ id, ...body }: { id: string; to: string; partnerName: string; outcome?: string }) =>
    post<Need>(`/api/network/needs/${id}/escalate`, body),
  )
export const useCloseMemberReport = () =>
  useStaffMutation(({ id, closingNote }: { id: string; closingNote?: string }) =>
    post<MemberReport>(`/api/network/member-reports/${id}/close`, { closingNote }),
  )
