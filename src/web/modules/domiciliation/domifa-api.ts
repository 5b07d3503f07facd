import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { DomiciliationImport, DomiciliationReport } from '../../../shared/domiciliation-domifa.ts'
import { api, get } from '../../lib/api-client.ts'

// Moving between Trame and DomiFa: the import of a DomiFa file, the export of the domiciled people and
// the yearly report for the prefecture.

export type ImportList = { items: DomiciliationImport[]; total: number; page: number; pageSize: number }

export const domifaKeys = {
  imports: ['domiciliation-imports'] as const,
  importLists: ['domiciliation-imports', 'list'] as const,
  importList: (page: number) => ['domiciliation-imports', 'list', page] as const,
  import: (id: string) => ['domiciliation-imports', id] as const,
  report: (year: number) => ['domiciliation-report', year] as const,
}

/** How often the screen reads the progress of an import being written. */
const PROGRESS_EVERY_MS = 1000

/** The states in which the server is still working on the file. */
export const isImportRunning = (status: DomiciliationImport['status'] | undefined) =>
  status === 'checking' || status === 'importing'

export const useDomifaImports = (page: number) =>
  useQuery({
    queryKey: domifaKeys.importList(page),
    queryFn: () => get<ImportList>(`/api/domiciliation-imports?page=${page}&pageSize=10`),
    placeholderData: keepPreviousData,
  })

/** One import, read again every second while the server writes it (the batches go on in the background). */
export const useDomifaImport = (id: string | undefined) =>
  useQuery({
    queryKey: domifaKeys.import(id ?? ''),
    queryFn: () => get<DomiciliationImport>(`/api/domiciliation-imports/${id}`),
    enabled: Boolean(id),
    refetchInterval: (query) => (isImportRunning(query.state.data?.status) ? PROGRESS_EVERY_MS : false),
  })

/** Sends the file: the server checks it whole and answers the preview, writing nothing else. */
export function useUploadDomifaFile() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData()
      form.append('file', file, file.name)
      return api<DomiciliationImport>('POST', '/api/domiciliation-imports', form)
    },
    onSuccess: (view) => {
      queryClient.setQueryData(domifaKeys.import(view.id), view)
      return queryClient.invalidateQueries({ queryKey: domifaKeys.imports })
    },
  })
}

/** Starts writing a checked file; the import's query then follows its progress. */
export function useStartDomifaImport() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api<undefined>('POST', `/api/domiciliation-imports/${id}/start`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: domifaKeys.imports }),
  })
}

export const useDomiciliationReport = (year: number) =>
  useQuery({
    queryKey: domifaKeys.report(year),
    queryFn: () => get<DomiciliationReport>(`/api/domiciliation-report?year=${year}`),
    placeholderData: keepPreviousData,
  })

/** Files the server writes: plain links download them with the session cookie (it says attachment). */
export const domiciliationExportUrl = (status: string, format: 'csv' | 'xlsx') =>
  `/api/domiciliation-export?status=${encodeURIComponent(status)}&format=${format}`
export const domiciliationReportFileUrl = (year: number, format: 'csv' | 'xlsx') =>
  `/api/domiciliation-report/file?year=${year}&format=${format}`
