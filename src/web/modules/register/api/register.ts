import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type { PersonSummary } from '../../../../shared/people.ts'
import type {
  AlertCall,
  AlertCallLogEntry,
  AlertPlan,
  alertCallOutcomeSchema,
  alertPlanInputSchema,
  Referral,
  RegisterEntry,
  referralDismissSchema,
  registerEntryInputSchema,
} from '../../../../shared/register.ts'
import { api, get, post, put } from '../../../lib/api-client.ts'

export const REGISTER_KEY = ['register'] as const

export const registerEntriesQuery = (reviewDue: boolean) =>
  queryOptions({
    queryKey: [...REGISTER_KEY, 'entries', { reviewDue }],
    queryFn: () =>
      get<{ items: RegisterEntry[] }>(`/api/register/entries${reviewDue ? '?reviewDue=true' : ''}`),
  })
export const useRegisterEntries = (reviewDue = false) => useQuery(registerEntriesQuery(reviewDue))

export const useRegisterCounts = () =>
  useQuery({
    queryKey: [...REGISTER_KEY, 'counts'],
    queryFn: () =>
      get<{ current: number; months: { month: string; registered: number }[] }>('/api/register/counts'),
  })

/** People to register: the file search of the people API. */
export const usePersonSearch = (q: string) =>
  useQuery({
    queryKey: [...REGISTER_KEY, 'person-search', q],
    queryFn: () => get<{ items: PersonSummary[] }>(`/api/people?q=${encodeURIComponent(q)}`),
    enabled: q.trim().length >= 2,
  })

/** Every register write changes the lists, the counts and the campaigns: all are fetched again. */
function useRegisterMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: REGISTER_KEY }),
  })
}

export const useCreateEntry = () =>
  useRegisterMutation((input: z.input<typeof registerEntryInputSchema>) =>
    post<RegisterEntry>('/api/register/entries', input),
  )
export const useEntryAction = () =>
  useRegisterMutation(
    ({ id, action }: { id: string; action: 'confirm' | 'objection' | 'review' | 'delete' }) =>
      action === 'delete'
        ? api<{ ok: true }>('DELETE', `/api/register/entries/${id}`)
        : post<unknown>(`/api/register/entries/${id}/${action}`),
  )

/** The queue of reports the network's coordinator sent on to the register team. */
export const useReferrals = () =>
  useQuery({
    queryKey: [...REGISTER_KEY, 'referrals'],
    queryFn: () => get<{ items: Referral[] }>('/api/register/referrals'),
  })
export const useDismissReferral = () =>
  useRegisterMutation(({ id, ...body }: { id: string } & z.input<typeof referralDismissSchema>) =>
    post<Referral>(`/api/register/referrals/${id}/dismiss`, body),
  )

export const useAlertPlans = () =>
  useQuery({
    queryKey: [...REGISTER_KEY, 'plans'],
    queryFn: () => get<{ items: AlertPlan[] }>('/api/register/plans'),
  })
/** The live board: fetched again every 15 seconds while callers work. */
export const useAlertPlan = (id: string) =>
  useQuery({
    queryKey: [...REGISTER_KEY, 'plans', id],
    queryFn: () => get<AlertPlan>(`/api/register/plans/${id}`),
    refetchInterval: 15_000,
  })
export const useAlertCalls = (id: string, filters: { mine: boolean; due: boolean }) =>
  useQuery({
    queryKey: [...REGISTER_KEY, 'plans', id, 'calls', filters],
    queryFn: () =>
      get<{ items: AlertCall[] }>(`/api/register/plans/${id}/calls?mine=${filters.mine}&due=${filters.due}`),
    refetchInterval: 15_000,
  })
/** The log of every call made: for a plan or a period, of one outcome, a page at a time with the total. */
export type CallLogFilters = { planId: string; from: string; to: string; outcome: string; page: number }
export const useCallLog = (filters: CallLogFilters) =>
  useQuery({
    queryKey: [...REGISTER_KEY, 'call-log', filters],
    queryFn: () => {
      const query = new URLSearchParams({ page: String(filters.page), pageSize: '50' })
      for (const key of ['planId', 'from', 'to', 'outcome'] as const) {
        if (filters[key]) query.set(key, filters[key])
      }
      return get<{ items: AlertCallLogEntry[]; total: number; page: number; pageSize: number }>(
        `/api/register/call-log?${query}`,
      )
    },
  })
export const useActivatePlan = () =>
  useRegisterMutation((input: z.input<typeof alertPlanInputSchema>) =>
    post<AlertPlan>('/api/register/plans', input),
  )
export const useClosePlan = () =>
  useRegisterMutation((id: string) => post<AlertPlan>(`/api/register/plans/${id}/close`))
export const useRecordOutcome = () =>
  useRegisterMutation(({ id, ...body }: { id: string } & z.input<typeof alertCallOutcomeSchema>) =>
    post<AlertCall>(`/api/register/calls/${id}/outcome`, body),
  )

type Settings = { teamId: string | null; retryDelayMinutes: number; maxAttempts: number }
export const useRegisterSettings = () =>
  useQuery({
    queryKey: [...REGISTER_KEY, 'settings'],
    queryFn: () => get<Settings>('/api/register/settings'),
  })
export const useSaveRegisterSettings = () =>
  useRegisterMutation((input: Settings) => put<Settings>('/api/register/settings', input))
export const useTeams = () =>
  useQuery({
    queryKey: [...REGISTER_KEY, 'teams'],
    queryFn: () => get<{ items: { id: string; name: string; active: boolean }[] }>('/api/teams'),
  })
