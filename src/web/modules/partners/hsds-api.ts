import { type QueryClient, queryOptions } from '@tanstack/react-query'
import type { HsdsMapping, HsdsPreview } from '../../../shared/partners-hsds.ts'
import { get, post, put } from '../../lib/api-client.ts'

// Open Referral HSDS 3 datasets in the browser: preview, import, export links, the taxonomy mapping.
export const HSDS_EXPORT_ZIP_URL = '/api/partners/hsds/export.zip'
export const HSDS_EXPORT_JSON_URL = '/api/partners/hsds/export.json'

const form = (file: File) => {
  const body = new FormData()
  body.append('file', file)
  return body
}

export const previewHsds = (file: File) => post<HsdsPreview>('/api/partners/hsds/preview', form(file))

export async function importHsds(queryClient: QueryClient, file: File) {
  const result = await post<HsdsPreview>('/api/partners/hsds/import', form(file))
  await queryClient.invalidateQueries({ queryKey: ['partners'] })
  return result
}

export const hsdsMappingsQuery = queryOptions({
  queryKey: ['partners', 'hsds-mappings'],
  queryFn: () => get<{ items: HsdsMapping[] }>('/api/partners/hsds/taxonomy-mappings'),
})

export async function saveHsdsMappings(queryClient: QueryClient, items: HsdsMapping[]) {
  const saved = await put<{ items: HsdsMapping[] }>('/api/partners/hsds/taxonomy-mappings', { items })
  await queryClient.invalidateQueries({ queryKey: ['partners', 'hsds-mappings'] })
  return saved
}
