import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  Paged,
  portalSchema,
  VolunteerMe,
  VolunteerNeed,
  VolunteerNeedSection,
  VolunteerSignup,
} from '../../../../shared/network.ts'
import { ApiError, api, get } from '../../../lib/api-client.ts'

type Portal = z.infer<typeof portalSchema>
export const PORTAL_KEY = ['network', 'portal'] as const

/** The volunteer's CSRF token: the portal has its own session, apart from staff sessions. */
let volunteerCsrf: string | undefined

/** A write to the portal with the volunteer's CSRF token, not the staff one. */
const portalPost = <T>(url: string, body: unknown = {}) =>
  api<T>('POST', url, body, { csrfToken: volunteerCsrf })

export const portalQuery = (organisationId: string | undefined) =>
  queryOptions({
    queryKey: [...PORTAL_KEY, 'organisation', organisationId ?? ''],
    queryFn: () =>
      get<Portal>(
        `/api/public/network/portal${organisationId ? `?organisation=${encodeURIComponent(organisationId)}` : ''}`,
      ),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  })
export const usePortal = (organisationId: string | undefined) => useQuery(portalQuery(organisationId))

/** The signed-in volunteer, or null when no one is. */
export const volunteerMeQuery = queryOptions({
  queryKey: [...PORTAL_KEY, 'me'],
  queryFn: async () => {
    try {
      const me = await get<VolunteerMe>('/api/public/network/me')
      volunteerCsrf = me.csrfToken
      return me
    } catch (error) {
      if (error instanceof ApiError && error.problem.status === 401) return null
      throw error
    }
  },
  retry: false,
})
export const useVolunteerMe = () => useQuery(volunteerMeQuery)

/** One part of the volunteer's list of needs, one page at a time with its total. */
export const volunteerNeedsQuery = (section: VolunteerNeedSection, page: number) =>
  queryOptions({
    queryKey: [...PORTAL_KEY, 'needs', section, page],
    queryFn: () => get<Paged<VolunteerNeed>>(`/api/public/network/needs?section=${section}&page=${page}`),
    retry: false,
    placeholderData: keepPreviousData,
  })
export const useVolunteerNeeds = (section: VolunteerNeedSection, page: number) =>
  useQuery(volunteerNeedsQuery(section, page))

function usePortalMutation<I, T>(fn: (input: I) => Promise<T>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PORTAL_KEY }),
  })
}

export const useSignup = () =>
  useMutation({
    mutationFn: ({ organisationId, ...input }: VolunteerSignup & { organisationId: string }) =>
      portalPost<{ ok: true }>(`/api/public/network/${organisationId}/volunteers`, input),
  })

export const useVolunteerLogin = () =>
  usePortalMutation(async (input: { organisationId: string; email: string; password: string }) => {
    const me = await portalPost<VolunteerMe>('/api/public/network/login', input)
    volunteerCsrf = me.csrfToken
    return me
  })
export const useVolunteerLogout = () =>
  usePortalMutation(() => portalPost<{ ok: true }>('/api/public/network/logout'))
export const useAcceptCharter = () =>
  usePortalMutation((version: string) => portalPost<VolunteerMe>('/api/public/network/charter', { version }))
export const useAcceptNeed = () =>
  usePortalMutation((id: string) => portalPost<VolunteerNeed>(`/api/public/network/needs/${id}/accept`))
export const useNeedDone = () =>
  usePortalMutation(({ id, report }: { id: string; report: string }) =>
    portalPost<VolunteerNeed>(`/api/public/network/needs/${id}/done`, { report }),
  )
/** The volunteer gives back a need they can no longer take on: it is offered to the others again. */
export const useReleaseNeed = () =>
  usePortalMutation((id: string) => portalPost<VolunteerNeed>(`/api/public/network/needs/${id}/release`))
export const useMemberReport = () =>
  usePortalMutation((input: { about: string; location?: string }) =>
    portalPost<{ ok: true }>('/api/public/network/reports', input),
  )
