import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  PartnerContact,
  PartnerMe,
  PartnerPortalAnswer,
  PartnerPortalReferral,
  partnerInvitationInfoSchema,
  partnerPortalReferralPageSchema,
  partnerPortalSchema,
} from '../../../shared/partner-portal.ts'
import { ApiError, api, get, post } from '../../lib/api-client.ts'

// The partner page has its own session, apart from staff sessions: its writes carry its own CSRF token.
const PORTAL_KEY = ['partner-portal'] as const
let partnerCsrf: string | undefined
const portalPost = <T>(url: string, body: unknown = {}) =>
  api<T>('POST', url, body, { csrfToken: partnerCsrf })

export const usePartnerPortal = (organisationId: string | undefined) =>
  useQuery({
    queryKey: [...PORTAL_KEY, 'organisation', organisationId ?? ''],
    queryFn: () =>
      get<z.infer<typeof partnerPortalSchema>>(
        `/api/public/partners/portal${organisationId ? `?organisation=${encodeURIComponent(organisationId)}` : ''}`,
      ),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  })

/** The signed-in contact, or null when no one is. */
const partnerMeQuery = queryOptions({
  queryKey: [...PORTAL_KEY, 'me'],
  queryFn: async () => {
    try {
      const me = await get<PartnerMe>('/api/public/partners/me')
      partnerCsrf = me.csrfToken
      return me
    } catch (error) {
      if (error instanceof ApiError && error.problem.status === 401) return null
      throw error
    }
  },
  retry: false,
})
export const usePartnerMe = () => useQuery(partnerMeQuery)

export const usePartnerReferrals = (page: number) =>
  useQuery({
    queryKey: [...PORTAL_KEY, 'referrals', page],
    queryFn: () =>
      get<z.infer<typeof partnerPortalReferralPageSchema>>(
        `/api/public/partners/referrals?page=${page}&pageSize=20`,
      ),
    placeholderData: (previous) => previous,
    retry: false,
  })

function usePortalMutation<I, T>(fn: (input: I) => Promise<T>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PORTAL_KEY }),
  })
}

export const usePartnerLogin = () =>
  usePortalMutation(async (input: { organisationId: string; email: string; password: string }) => {
    const me = await portalPost<PartnerMe>('/api/public/partners/login', input)
    partnerCsrf = me.csrfToken
    return me
  })
export const usePartnerLogout = () =>
  usePortalMutation(() => portalPost<{ ok: true }>('/api/public/partners/logout'))
export const useAnswerReferral = () =>
  usePortalMutation(({ id, ...input }: { id: string; answer: PartnerPortalAnswer; note: string | null }) =>
    portalPost<PartnerPortalReferral>(`/api/public/partners/referrals/${id}/answer`, input),
  )

/** The invitation's token goes in a body, never in a URL the server logs. */
export const useInvitationInfo = (token: string) =>
  useQuery({
    queryKey: [...PORTAL_KEY, 'invitation', token],
    queryFn: () =>
      portalPost<z.infer<typeof partnerInvitationInfoSchema>>('/api/public/partners/invitation', { token }),
    enabled: token !== '',
    retry: false,
  })
export const useSetPartnerPassword = () =>
  useMutation({
    mutationFn: (input: { token: string; password: string }) =>
      portalPost<{ organisationId: string; email: string }>('/api/public/partners/password', input),
  })

/** « Mot de passe oublié »: the answer is the same whether the address has an account or not. */
export const useRequestPartnerPasswordReset = () =>
  useMutation({
    mutationFn: (input: { organisationId: string; email: string }) =>
      portalPost<null>('/api/public/partners/password-reset', input),
  })

// Staff side: the contacts of a partner in the directory.
export const useContacts = (partnerId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['partners', 'contacts', partnerId],
    queryFn: () => get<{ items: PartnerContact[] }>(`/api/partners/${partnerId}/contacts`),
    enabled,
  })
export function useInviteContact(partnerId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { name: string; email: string }) =>
      post<PartnerContact>(`/api/partners/${partnerId}/contacts`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['partners', 'contacts', partnerId] }),
  })
}
export function useDisableContact(partnerId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (contactId: string) =>
      post<PartnerContact>(`/api/partners/${partnerId}/contacts/${contactId}/disable`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['partners', 'contacts', partnerId] }),
  })
}
export function useResendInvitation(partnerId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (contactId: string) =>
      post<PartnerContact>(`/api/partners/${partnerId}/contacts/${contactId}/invitation`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['partners', 'contacts', partnerId] }),
  })
}
