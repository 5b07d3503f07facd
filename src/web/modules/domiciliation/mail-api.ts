import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { MailItem, MailItemInput, MailProxy, MailRecipient } from '../../../shared/domiciliation.mail.ts'
import type { MailStatus } from '../../../shared/domiciliation.ts'
import { get, post } from '../../lib/api-client.ts'

export interface MailPage {
  items: MailItem[]
  total: number
  page: number
  pageSize: number
}

export const mailKeys = {
  all: ['mail'] as const,
  recipients: (q: string) => ['mail', 'recipients', q] as const,
  recipient: (personId: string) => ['mail', 'recipient', personId] as const,
  items: (personId: string, status: MailStatus | 'all', page: number) =>
    ['mail', 'items', personId, status, page] as const,
  proxies: (personId: string) => ['mail', 'proxies', personId] as const,
}

/** The person's timeline lists handovers: its key, as the people module names it (by value, not import). */
const personTimelineKey = (personId: string) => ['people', 'timeline', personId]

export const useMailRecipients = (q: string) =>
  useQuery({
    queryKey: mailKeys.recipients(q),
    queryFn: async () =>
      (await get<{ items: MailRecipient[] }>(`/api/mail-items/recipients?q=${encodeURIComponent(q)}`)).items,
    enabled: q.trim().length >= 2,
    placeholderData: keepPreviousData,
  })

export const useMailRecipient = (personId: string) =>
  useQuery({
    queryKey: mailKeys.recipient(personId),
    queryFn: () => get<MailRecipient>(`/api/mail-items/recipients/${personId}`),
  })

export const useMailItems = (personId: string, status: MailStatus | 'all', page: number) =>
  useQuery({
    queryKey: mailKeys.items(personId, status, page),
    queryFn: () =>
      get<MailPage>(`/api/mail-items?personId=${personId}&status=${status}&page=${page}&pageSize=50`),
    placeholderData: keepPreviousData,
  })

export const useMailProxies = (personId: string) =>
  useQuery({
    queryKey: mailKeys.proxies(personId),
    queryFn: async () => (await get<{ items: MailProxy[] }>(`/api/mail-proxies?personId=${personId}`)).items,
  })

export function useLogMail() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: MailItemInput) => post<MailItem>('/api/mail-items', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailKeys.all }),
  })
}

type Closed = { items: MailItem[]; contactId: string | null }

/** Handing over, forwarding, returning: the person's lists and timeline change. */
function useCloseMail<Input extends { personId: string }>(path: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: Input) => post<Closed>(path, input),
    onSuccess: (_answer, input) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: mailKeys.all }),
        queryClient.invalidateQueries({ queryKey: personTimelineKey(input.personId) }),
      ]),
  })
}

export const useHandOverMail = () =>
  useCloseMail<{ personId: string; itemIds: string[]; recipient: 'person' | 'proxy'; proxyId?: string }>(
    '/api/mail-items/handover',
  )
export const useForwardMail = () =>
  useCloseMail<{ personId: string; itemIds: string[]; address: string }>('/api/mail-items/forward')
export const useReturnMail = () =>
  useCloseMail<{ personId: string; itemIds: string[] }>('/api/mail-items/return')

export function useCreateProxy() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: {
      personId: string
      lastName: string
      firstName: string | null
      identityDocument: string | null
      validFrom: string
      validUntil: string | null
    }) => post<MailProxy>('/api/mail-proxies', input),
    onSuccess: (proxy) => queryClient.invalidateQueries({ queryKey: mailKeys.proxies(proxy.personId) }),
  })
}

export function useRevokeProxy() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => post<MailProxy>(`/api/mail-proxies/${id}/revoke`),
    onSuccess: (proxy) => queryClient.invalidateQueries({ queryKey: mailKeys.proxies(proxy.personId) }),
  })
}
