import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Activity, DistinctParticipants, Session, SessionDetail } from '../../../shared/activities.ts'
import { get } from '../../lib/api-client.ts'

// Group activities in the browser: kinds, activities, sessions, one session's participants, the figures.

type Page<T> = { items: T[]; total: number; page: number; pageSize: number }
export type ActivityKind = { id: string; label: string; active: boolean }
export type ActivityFilter = { kindId?: string; audience?: string; q?: string }

export const activityKeys = {
  all: ['activities'] as const,
  kinds: ['activities', 'kinds'] as const,
  list: (page: number, filter: ActivityFilter) => ['activities', 'list', page, filter] as const,
  one: (id: string) => ['activities', 'one', id] as const,
  sessions: (id: string, page: number) => ['activities', 'sessions', id, page] as const,
  session: (id: string) => ['activities', 'session', id] as const,
  figures: (query: string) => ['activities', 'figures', query] as const,
}

export const ACTIVITIES_PAGE_SIZE = 20
export const SESSIONS_PAGE_SIZE = 20

/** Only the present entries of a filter, as a query string. */
export const queryOf = (filter: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])))

export const useActivityKinds = () =>
  useQuery({
    queryKey: activityKeys.kinds,
    queryFn: async () => (await get<{ items: ActivityKind[] }>('/api/activity-kinds')).items,
  })

export const useActivities = (page: number, filter: ActivityFilter) =>
  useQuery({
    queryKey: activityKeys.list(page, filter),
    queryFn: () => {
      const query = queryOf(filter)
      query.set('page', String(page))
      query.set('pageSize', String(ACTIVITIES_PAGE_SIZE))
      return get<Page<Activity>>(`/api/activities?${query}`)
    },
    placeholderData: keepPreviousData,
  })

export const useActivity = (id: string) =>
  useQuery({ queryKey: activityKeys.one(id), queryFn: () => get<Activity>(`/api/activities/${id}`) })

export const useSessions = (id: string, page: number) =>
  useQuery({
    queryKey: activityKeys.sessions(id, page),
    queryFn: () =>
      get<Page<Session>>(`/api/activities/${id}/sessions?page=${page}&pageSize=${SESSIONS_PAGE_SIZE}`),
    placeholderData: keepPreviousData,
  })

export const useSession = (id: string) =>
  useQuery({
    queryKey: activityKeys.session(id),
    queryFn: () => get<SessionDetail>(`/api/activity-sessions/${id}`),
  })

export const useDistinctParticipants = (query: string | null) =>
  useQuery({
    queryKey: activityKeys.figures(query ?? ''),
    queryFn: () => get<DistinctParticipants>(`/api/activity-statistics/participants?${query}`),
    enabled: query !== null,
  })

/** Any change to activities: every list, session and figure of the module is read again. */
export function useActivitiesChange<I, R>(send: (input: I) => Promise<R>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: send,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: activityKeys.all }),
  })
}
