import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type { DocumentInfo, documentTypeListSchema } from '../../../shared/documents.ts'
import { api, get } from '../../lib/api-client.ts'

type DocumentType = z.infer<typeof documentTypeListSchema>['items'][number]
export interface DocumentPage {
  items: DocumentInfo[]
  total: number
  page: number
  pageSize: number
}

export const documentKeys = {
  all: ['documents'] as const,
  types: ['documents', 'types'] as const,
  ofPerson: (personId: string, page: number) => ['documents', 'person', personId, page] as const,
}

export const useDocumentTypes = (enabled = true) =>
  useQuery({
    queryKey: documentKeys.types,
    queryFn: async () => (await get<{ items: DocumentType[] }>('/api/document-types')).items,
    staleTime: 5 * 60_000,
    enabled,
  })

export const usePersonDocuments = (personId: string, page: number) =>
  useQuery({
    queryKey: documentKeys.ofPerson(personId, page),
    queryFn: () => get<DocumentPage>(`/api/documents?personId=${personId}&page=${page}&pageSize=20`),
    placeholderData: keepPreviousData,
  })

/** The file's address: a plain link downloads it with the session cookie (the server says attachment). */
export const documentFileUrl = (id: string) => `/api/documents/${id}/file`

/** The person's timeline lists documents: its key, as the people module names it (by value, not import). */
const personTimelineKey = (personId: string) => ['people', 'timeline', personId]

export function useUploadDocument() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { personId: string; typeId: string; expiresOn?: string; file: File }) => {
      // Fields first: the server checks them before it receives the file.
      const form = new FormData()
      form.append('personId', input.personId)
      form.append('typeId', input.typeId)
      if (input.expiresOn) form.append('expiresOn', input.expiresOn)
      form.append('file', input.file, input.file.name)
      return api<DocumentInfo>('POST', '/api/documents', form)
    },
    onSuccess: (document) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: documentKeys.all }),
        queryClient.invalidateQueries({ queryKey: personTimelineKey(document.personId) }),
      ]),
  })
}

export function useDeleteDocument() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (document: { id: string; personId: string }) =>
      api<{ ok: true }>('DELETE', `/api/documents/${document.id}`),
    onSuccess: (_answer, document) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: documentKeys.all }),
        queryClient.invalidateQueries({ queryKey: personTimelineKey(document.personId) }),
      ]),
  })
}

/** Replaces the organisation's list of document types; the ones left out are retired. */
export function useSaveDocumentTypes() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (items: { id?: string; label: string; active: boolean }[]) =>
      api<{ items: DocumentType[] }>('PUT', '/api/document-types', { items }),
    onSuccess: (answer) => queryClient.setQueryData(documentKeys.types, answer.items),
  })
}
