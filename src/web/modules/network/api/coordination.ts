import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  Dashboard,
  escalateInputSchema,
  MemberReport,
  matchSchema,
  memberReportCloseSchema,
  Need,
  NeedInput,
  Paged,
  Volunteer,
  volunteerUpdateSchema,
} from '../../../../shared/network.ts'
import type { Person, PersonSummary } from '../../../../shared/people.ts'
import { get, patch, post } from '../../../lib/api-client.ts'

/** Every query of the coordination pages starts with this key: a change refreshes them all. */
export const NETWORK_KEY = ['network', 'staff'] as const
type Match = z.infer<typeof matchSchema>

/** A list's query string: its filter (when set) and its page. */
const listQuery = (filters: Record<string, string>, page: number) => {
  const params = new URLSearchParams({ page: String(page) })
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value)
  return params.toString()
}

export const volunteersQuery = (status: string, page = 1) =>
  queryOptions({
    queryKey: [...NETWORK_KEY, 'volunteers', status, page],
    queryFn: () => get<Paged<Volunteer>>(`/api/network/volunteers?${listQuery({ status }, page)}`),
  })
export const useVolunteers = (status: string, page: number) => useQuery(volunteersQuery(status, page))

export const needsQuery = (status: string, page = 1) =>
  queryOptions({
    queryKey: [...NETWORK_KEY, 'needs', status, page],
    queryFn: () => get<Paged<Need>>(`/api/network/needs?${listQuery({ status }, page)}`),
  })
export const useNeeds = (status: string, page: number) => useQuery(needsQuery(status, page))

export const useMatches = (needId: string | undefined) =>
  useQuery({
    queryKey: [...NETWORK_KEY, 'matches', needId],
    queryFn: () => get<Match[]>(`/api/network/needs/${needId}/matches`),
    enabled: Boolean(needId),
  })

export const useMemberReports = (status: string, page: number) =>
  useQuery({
    queryKey: [...NETWORK_KEY, 'member-reports', status, page],
    queryFn: () => get<Paged<MemberReport>>(`/api/network/member-reports?${listQuery({ status }, page)}`),
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

/** The senior named in the link from the seniors line (`?personne=`). */
export const usePerson = (id: string | null) =>
  useQuery({
    queryKey: [...NETWORK_KEY, 'person', id],
    queryFn: () => get<Person>(`/api/people/${id}`),
    enabled: Boolean(id),
    retry: false,
  })

export function useStaffMutation<I, T>(fn: (input: I) => Promise<T>) {
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
/** A professional skill, or a place: a point of the map or a neighbourhood centre. */
export const useUpdateVolunteer = () =>
  useStaffMutation(({ id, ...body }: z.input<typeof volunteerUpdateSchema> & { id: string }) =>
    patch<Volunteer>(`/api/network/volunteers/${id}`, body),
  )
export const useCreateNeed = () =>
  useStaffMutation((input: NeedInput) => post<Need>('/api/network/needs', input))
/** Without a count, the organisation's setting. */
export const useOfferNeed = () =>
  useStaffMutation((id: string) => post<Need>(`/api/network/needs/${id}/offer`, {}))
export const useCancelNeed = () =>
  useStaffMutation((id: string) => post<Need>(`/api/network/needs/${id}/cancel`))
export const useEscalateNeed = () =>
  useStaffMutation(({ id, ...body }: z.input<typeof escalateInputSchema> & { id: string }) =>
    post<Need>(`/api/network/needs/${id}/escalate`, body),
  )
export const useEscalationOutcome = () =>
  useStaffMutation(({ id, outcome }: { id: string; outcome: string }) =>
    post<Need>(`/api/network/needs/${id}/escalation-outcome`, { outcome }),
  )
export const useCloseMemberReport = () =>
  useStaffMutation(({ id, ...body }: z.input<typeof memberReportCloseSchema> & { id: string }) =>
    post<MemberReport>(`/api/network/member-reports/${id}/close`, body),
  )
