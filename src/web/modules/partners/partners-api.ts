import { type QueryClient, queryOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import type { Agreement, AgreementPage } from '../../../shared/accommodation-structures.ts'
import { ERROR_MESSAGES, type ErrorCode, type ProblemDetails } from '../../../shared/errors.ts'
import type {
  Partner,
  PartnerImportResult,
  PartnerService,
  partnerCreateSchema,
  partnerListSchema,
  serviceCreateSchema,
} from '../../../shared/partners.ts'
import { ApiError, get, patch, post } from '../../lib/api-client.ts'
import { meQuery } from '../../lib/session.ts'

export const PARTNERS_EXPORT_URL = '/api/partners/export.csv'

export const partnersQuery = (q: string) =>
  queryOptions({
    queryKey: ['partners', 'list', q],
    queryFn: () => get<z.infer<typeof partnerListSchema>>(`/api/partners?q=${encodeURIComponent(q)}`),
    placeholderData: (previous) => previous,
  })

/** Every change to the directory refreshes every list of it. */
const invalidate = (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: ['partners'] })

/** The shared client has no DELETE: send it here, with the session's CSRF token. */
async function remove(queryClient: QueryClient, url: string) {
  const me = await queryClient.ensureQueryData(meQuery)
  const response = await fetch(url, {
    method: 'DELETE',
    credentials: 'same-origin',
    headers: me ? { 'x-csrf-token': me.csrfToken } : {},
  }).catch(() => undefined)
  if (response?.ok) return
  const problem = ((await response?.json().catch(() => undefined)) ?? {}) as Partial<ProblemDetails>
  const code = (problem.code ?? 'INTERNAL_ERROR') as ErrorCode
  throw new ApiError({
    type: problem.type ?? 'about:blank',
    title: problem.title ?? 'Erreur',
    status: response?.status ?? 0,
    code,
    detail: problem.detail ?? ERROR_MESSAGES[code] ?? ERROR_MESSAGES.INTERNAL_ERROR,
  })
}

type PartnerValues = z.output<typeof partnerCreateSchema>
type ServiceValues = z.output<typeof serviceCreateSchema>

export async function savePartner(queryClient: QueryClient, id: string | undefined, values: PartnerValues) {
  const saved = id
    ? await patch<Partner>(`/api/partners/${id}`, values)
    : await post<Partner>('/api/partners', values)
  await invalidate(queryClient)
  return saved
}

export async function deletePartner(queryClient: QueryClient, id: string) {
  await remove(queryClient, `/api/partners/${id}`)
  await invalidate(queryClient)
}

export async function saveService(
  queryClient: QueryClient,
  target: { partnerId: string } | { serviceId: string },
  values: ServiceValues,
) {
  const saved =
    'serviceId' in target
      ? await patch<PartnerService>(`/api/partner-services/${target.serviceId}`, values)
      : await post<PartnerService>(`/api/partners/${target.partnerId}/services`, values)
  await invalidate(queryClient)
  return saved
}

export async function deleteService(queryClient: QueryClient, id: string) {
  await remove(queryClient, `/api/partner-services/${id}`)
  await invalidate(queryClient)
}

export async function importPartners(queryClient: QueryClient, file: File) {
  const result = await post<PartnerImportResult>('/api/partners/import', { csv: await file.text() })
  await invalidate(queryClient)
  return result
}

/**
 * The agreements of the partners shown, in as few requests as the API's limits allow (100 partners and
 * 200 agreements a request), rather than one request per partner.
 */
export const agreementsOfPartnersQuery = (partnerIds: string[]) =>
  queryOptions({
    queryKey: ['partner-agreements', 'partners', partnerIds],
    enabled: partnerIds.length > 0,
    queryFn: async () => {
      const byPartner = new Map<string, Agreement[]>()
      for (let start = 0; start < partnerIds.length; start += 100) {
        const ids = partnerIds.slice(start, start + 100).map((id) => `partnerId=${id}`)
        for (let page = 1; ; page++) {
          const list = await get<AgreementPage>(
            `/api/partner-agreements?pageSize=200&page=${page}&${ids.join('&')}`,
          )
          for (const agreement of list.items)
            byPartner.set(agreement.partnerId, [...(byPartner.get(agreement.partnerId) ?? []), agreement])
          if (page * list.pageSize >= list.total) break
        }
      }
      return byPartner
    },
  })
