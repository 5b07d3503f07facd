import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  AdmissionRequest,
  admissionAdmitSchema,
  admissionRefusalSchema,
  admissionRequestInputSchema,
  admissionRequestListSchema,
  admissionRequestUpdateSchema,
  admissionValidationSchema,
  freePlacesSchema,
  MedicalPart,
  medicalOpinionInputSchema,
} from '../../../shared/accommodation-admissions.ts'
import { api, get } from '../../lib/api-client.ts'

export type AdmissionRequestList = z.infer<typeof admissionRequestListSchema>
type FreePlaces = z.infer<typeof freePlacesSchema>
/** What the admission pages need of a structure (the structures' own API answers more). */
export type StructureOption = { id: string; name: string; kind: string; active?: boolean }

export const admissionKeys = {
  all: ['accommodation-requests'] as const,
  list: (query: string) => ['accommodation-requests', 'list', query] as const,
  one: (id: string) => ['accommodation-requests', 'one', id] as const,
  medical: (id: string) => ['accommodation-requests', 'medical', id] as const,
  freePlaces: (id: string, on: string) => ['accommodation-requests', 'free-places', id, on] as const,
  structures: ['accommodation-structures', 'options'] as const,
}

export const useAdmissionRequests = (query: string, enabled = true) =>
  useQuery({
    queryKey: admissionKeys.list(query),
    queryFn: () => get<AdmissionRequestList>(`/api/accommodation-requests?${query}`),
    placeholderData: keepPreviousData,
    enabled,
  })

export const useAdmissionRequest = (id: string) =>
  useQuery({
    queryKey: admissionKeys.one(id),
    queryFn: () => get<AdmissionRequest>(`/api/accommodation-requests/${id}`),
  })

/** Read only when the user opens it: each reading is recorded in the audit trail. */
export const useMedicalPart = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: admissionKeys.medical(id),
    queryFn: () => get<MedicalPart>(`/api/accommodation-requests/${id}/medical-part`),
    enabled,
  })

export const useFreePlaces = (id: string, on: string, enabled: boolean) =>
  useQuery({
    queryKey: admissionKeys.freePlaces(id, on),
    queryFn: () => get<FreePlaces>(`/api/accommodation-requests/${id}/free-places?on=${on}`),
    enabled: enabled && /^\d{4}-\d{2}-\d{2}$/.test(on),
  })

export const useStructureOptions = () =>
  useQuery({
    queryKey: admissionKeys.structures,
    queryFn: () => get<{ items: StructureOption[] }>('/api/accommodation-structures'),
  })

export function useCreateAdmissionRequest() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof admissionRequestInputSchema>) =>
      api<AdmissionRequest>('POST', '/api/accommodation-requests', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: admissionKeys.all }),
  })
}

/** Correct a request while it waits: the page shows the request as it now is. */
export function useUpdateAdmissionRequest(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof admissionRequestUpdateSchema>) =>
      api<AdmissionRequest>('PUT', `/api/accommodation-requests/${id}`, input),
    onSuccess: (request) => {
      queryClient.setQueryData(admissionKeys.one(id), request)
      void queryClient.invalidateQueries({ queryKey: admissionKeys.all })
    },
  })
}

export function useSaveMedicalPart(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (content: string) =>
      api<MedicalPart>('PUT', `/api/accommodation-requests/${id}/medical-part`, { content }),
    onSuccess: (part) => {
      queryClient.setQueryData(admissionKeys.medical(id), part)
      void queryClient.invalidateQueries({ queryKey: admissionKeys.one(id) })
    },
  })
}

/** Every step of a request answers the request as it now is. */
export function useAdmissionAction(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (
      action:
        | { kind: 'opinion'; input: z.input<typeof medicalOpinionInputSchema> }
        | { kind: 'validate'; input: z.input<typeof admissionValidationSchema> }
        | { kind: 'refuse'; input: z.input<typeof admissionRefusalSchema> }
        | { kind: 'admit'; input: z.input<typeof admissionAdmitSchema> }
        | { kind: 'withdraw'; note: string },
    ) => {
      const base = `/api/accommodation-requests/${id}`
      switch (action.kind) {
        case 'opinion':
          return api<AdmissionRequest>('POST', `${base}/medical-opinions`, action.input)
        case 'validate':
          return api<AdmissionRequest>('POST', `${base}/validate`, action.input)
        case 'refuse':
          return api<AdmissionRequest>('POST', `${base}/refuse`, action.input)
        case 'admit':
          return api<AdmissionRequest>('POST', `${base}/admit`, action.input)
        default:
          return api<AdmissionRequest>('POST', `${base}/withdraw`, { note: action.note })
      }
    },
    onSuccess: (request) => {
      queryClient.setQueryData(admissionKeys.one(id), request)
      void queryClient.invalidateQueries({ queryKey: admissionKeys.all })
      void queryClient.invalidateQueries({ queryKey: ['accommodation-board'] })
    },
  })
}
