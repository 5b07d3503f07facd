import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  AidBudget,
  AidRequest,
  AidTypeInput,
  aidRequestCreateSchema,
  aidRequestListSchema,
  aidRequestUpdateSchema,
  aidTypeSchema,
  aidTypesSchema,
  aidUrgentDecisionSchema,
} from '../../../shared/aid-requests.ts'
import { api, get } from '../../lib/api-client.ts'

export type AidTypes = z.infer<typeof aidTypesSchema>
export type AidRequestList = z.infer<typeof aidRequestListSchema>
type AidTypeView = z.infer<typeof aidTypeSchema>

export const aidRequestKeys = {
  all: ['aid-requests'] as const,
  types: ['aid-requests', 'types'] as const,
  list: (query: string) => ['aid-requests', 'list', query] as const,
  one: (id: string) => ['aid-requests', 'one', id] as const,
  documents: (personId: string) => ['aid-requests', 'documents', personId] as const,
}

export const useAidTypes = () =>
  useQuery({ queryKey: aidRequestKeys.types, queryFn: () => get<AidTypes>('/api/aid-types') })

export function useSaveAidType() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: AidTypeInput }) =>
      id
        ? api<AidTypeView>('PUT', `/api/aid-types/${id}`, input)
        : api<AidTypeView>('POST', '/api/aid-types', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: aidRequestKeys.types }),
  })
}

export const useAidRequests = (query: string) =>
  useQuery({
    queryKey: aidRequestKeys.list(query),
    queryFn: () => get<AidRequestList>(`/api/aid-requests?${query}`),
    placeholderData: keepPreviousData,
  })

export const useAidRequest = (id: string) =>
  useQuery({ queryKey: aidRequestKeys.one(id), queryFn: () => get<AidRequest>(`/api/aid-requests/${id}`) })

/** The person's documents (GED), to attach as supporting documents. */
export const usePersonDocuments = (personId: string | undefined) =>
  useQuery({
    queryKey: aidRequestKeys.documents(personId ?? ''),
    queryFn: () =>
      get<{ items: { id: string; fileName: string; typeLabel: string }[] }>(
        `/api/documents?personId=${personId}&pageSize=200`,
      ),
    enabled: Boolean(personId),
  })

export function useCreateAidRequest() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof aidRequestCreateSchema>) =>
      api<AidRequest>('POST', '/api/aid-requests', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: aidRequestKeys.all }),
  })
}

/** Every change of a request answers the request as it now is. */
export function useAidRequestAction(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (
      action:
        | { kind: 'update'; input: z.input<typeof aidRequestUpdateSchema> }
        | { kind: 'budget'; input: AidBudget }
        | { kind: 'documents'; documentIds: string[] }
        | { kind: 'submit' }
        | { kind: 'urgent'; input: z.input<typeof aidUrgentDecisionSchema> }
        | { kind: 'withdraw' | 'dismiss'; reason: string },
    ) => {
      const base = `/api/aid-requests/${id}`
      switch (action.kind) {
        case 'update':
          return api<AidRequest>('PUT', base, action.input)
        case 'budget':
          return api<AidRequest>('PUT', `${base}/budget`, action.input)
        case 'documents':
          return api<AidRequest>('PUT', `${base}/documents`, { documentIds: action.documentIds })
        case 'submit':
          return api<AidRequest>('POST', `${base}/submit`)
        case 'urgent':
          return api<AidRequest>('POST', `${base}/urgent-decision`, action.input)
        default:
          return api<AidRequest>('POST', `${base}/${action.kind}`, { reason: action.reason })
      }
    },
    onSuccess: (request) => {
      queryClient.setQueryData(aidRequestKeys.one(id), request)
      void queryClient.invalidateQueries({ queryKey: aidRequestKeys.all })
    },
  })
}
