import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import type { teamListSchema } from '../../../shared/organisation.ts'
import type {
  consentInputSchema,
  consentListSchema,
  DuplicateDismissal,
  DuplicatePair,
  duplicateDismissalListSchema,
  Household,
  HouseholdInput,
  mergeListSchema,
  Person,
  PersonInput,
  personListSchema,
  personSearchSchema,
  timelineSchema,
} from '../../../shared/people.ts'
import { get, patch, post, put } from '../../lib/api-client.ts'

/** Fetchers, query keys and mutations of the people module. Every key starts with 'people'. */

type PersonList = z.infer<typeof personListSchema>
type PersonSearch = z.infer<typeof personSearchSchema>
type ConsentList = z.infer<typeof consentListSchema>
type MergeList = z.infer<typeof mergeListSchema>
type Timeline = z.infer<typeof timelineSchema>

export const peopleKeys = {
  all: ['people'] as const,
  search: (q: string, includeArchived = false) => ['people', 'search', q, includeArchived] as const,
  likelyDuplicates: (params: string) => ['people', 'likely-duplicates', params] as const,
  person: (id: string) => ['people', 'one', id] as const,
  household: (id: string) => ['people', 'household', id] as const,
  consents: (id: string) => ['people', 'consents', id] as const,
  timeline: (id: string) => ['people', 'timeline', id] as const,
  merges: (id: string) => ['people', 'merges', id] as const,
  duplicatePairs: (page: number) => ['people', 'duplicate-pairs', page] as const,
  duplicateDismissals: (page: number) => ['people', 'duplicate-dismissals', page] as const,
}

export const peopleSearchQuery = (q: string, includeArchived = false) =>
  queryOptions({
    queryKey: peopleKeys.search(q, includeArchived),
    // The answer carries its query, so a page showing previous results while typing can say which.
    queryFn: async () => ({
      ...(await get<PersonSearch>(
        `/api/people?${new URLSearchParams({ q, ...(includeArchived ? { includeArchived: 'true' } : {}) })}`,
      )),
      q,
    }),
    placeholderData: (previous) => previous,
  })

export const likelyDuplicatesQuery = (params: string) =>
  queryOptions({
    queryKey: peopleKeys.likelyDuplicates(params),
    queryFn: () => get<PersonList>(`/api/people/likely-duplicates?${params}`),
    enabled: params.length > 0,
  })

/** The base-wide list of likely duplicates, for those who merge files. */
export const duplicatePairsQuery = (page: number) =>
  queryOptions({
    queryKey: peopleKeys.duplicatePairs(page),
    queryFn: () =>
      get<{ items: DuplicatePair[]; total: number; page: number; pageSize: number }>(
        `/api/people/duplicates?page=${page}&pageSize=50`,
      ),
  })

/** The pairs set aside as « not the same people », the latest first. */
export const duplicateDismissalsQuery = (page: number) =>
  queryOptions({
    queryKey: peopleKeys.duplicateDismissals(page),
    queryFn: () =>
      get<z.infer<typeof duplicateDismissalListSchema>>(
        `/api/people/duplicates/dismissals?page=${page}&pageSize=20`,
      ),
    placeholderData: keepPreviousData,
  })
export const dismissDuplicatePair = (personIds: [string, string]) =>
  post<DuplicateDismissal>('/api/people/duplicates/dismissals', { personIds })
export const restoreDuplicatePair = (id: string) =>
  post<{ ok: true }>(`/api/people/duplicates/dismissals/${id}/undo`)

/** A file; an archived one opens with the reason of the reading (its page asks for it). */
export const personQuery = (id: string, reason?: string) =>
  queryOptions({
    queryKey: reason ? [...peopleKeys.person(id), reason] : peopleKeys.person(id),
    queryFn: () => get<Person>(`/api/people/${id}${reason ? `?reason=${encodeURIComponent(reason)}` : ''}`),
  })

export const householdQuery = (id: string) =>
  queryOptions({ queryKey: peopleKeys.household(id), queryFn: () => get<Household>(`/api/households/${id}`) })

export const consentsQuery = (personId: string) =>
  queryOptions({
    queryKey: peopleKeys.consents(personId),
    queryFn: () => get<ConsentList>(`/api/people/${personId}/consents`),
  })

export const timelineQuery = (personId: string, filter: { page: number; kind?: string } = { page: 1 }) =>
  queryOptions({
    queryKey: [...peopleKeys.timeline(personId), filter] as const,
    queryFn: () =>
      get<Timeline>(
        `/api/people/${personId}/timeline?${new URLSearchParams({ page: String(filter.page), ...(filter.kind ? { kind: filter.kind } : {}) })}`,
      ),
    placeholderData: keepPreviousData,
  })

export const mergesQuery = (personId: string) =>
  queryOptions({
    queryKey: peopleKeys.merges(personId),
    queryFn: () => get<MergeList>(`/api/people/${personId}/merges`),
  })

/** The organisation's teams (readable by every signed-in user), to file a person under one. */
export const teamsQuery = queryOptions({
  queryKey: ['people', 'teams'],
  queryFn: () => get<z.infer<typeof teamListSchema>>('/api/teams'),
  staleTime: 5 * 60_000,
})

/** Active colleagues, to name a file's referents. */
export const colleaguesQuery = queryOptions({
  queryKey: ['people', 'colleagues'],
  queryFn: () => get<{ items: { id: string; name: string; teamIds: string[] }[] }>('/api/colleagues'),
  staleTime: 5 * 60_000,
})

export const createPerson = (input: PersonInput) => post<Person>('/api/people', input)
export const updatePerson = (id: string, input: PersonInput) => patch<Person>(`/api/people/${id}`, input)

export function saveHousehold(id: string | undefined, input: HouseholdInput) {
  if (!id) return post<Household>('/api/households', input)
  return put<Household>(`/api/households/${id}`, input)
}

export const recordConsent = (personId: string, input: z.input<typeof consentInputSchema>) =>
  post<ConsentList>(`/api/people/${personId}/consents`, input)

export const mergePeople = (keptId: string, mergedPersonId: string, takeFields: string[]) =>
  post<MergeList>(`/api/people/${keptId}/merge`, { mergedPersonId, takeFields })

/** Brings an archived file back to the active base (the person came back). */
export const reactivatePerson = (id: string) => post<Person>(`/api/people/${id}/reactivate`)

export const undoMerge = (mergeId: string) => post<MergeList>(`/api/people/merges/${mergeId}/undo`)
