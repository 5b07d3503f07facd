import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type {
  DashboardItem,
  IndicatorCatalogue,
  IndicatorDashboard,
  IndicatorQuery,
  IndicatorTable,
} from '../../../../shared/indicators.ts'
import { get, put } from '../../../lib/api-client.ts'

/** The query string of an indicator's filters, empty ones left out. */
export function indicatorSearch(query: Partial<IndicatorQuery>) {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, String(value))
  return params.toString()
}

export const catalogueOptions = queryOptions({
  queryKey: ['indicators', 'catalogue'],
  queryFn: () => get<IndicatorCatalogue>('/api/indicators'),
  staleTime: 5 * 60_000,
})
export const useCatalogue = () => useQuery(catalogueOptions)

export const useIndicator = (id: string | undefined, query: IndicatorQuery) =>
  useQuery({
    queryKey: ['indicators', 'table', id, query],
    queryFn: () => get<IndicatorTable>(`/api/indicators/${id}?${indicatorSearch(query)}`),
    enabled: Boolean(id),
    placeholderData: keepPreviousData,
  })

export const indicatorFileUrl = (id: string, query: IndicatorQuery, format: 'csv' | 'xlsx') =>
  `/api/indicators/${id}/file?${indicatorSearch(query)}&format=${format}`

const dashboardKey = ['indicators', 'dashboard']
export const useDashboard = () =>
  useQuery({ queryKey: dashboardKey, queryFn: () => get<IndicatorDashboard>('/api/indicators/dashboard') })

export const useSaveDashboard = () => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (items: DashboardItem[]) => put<IndicatorDashboard>('/api/indicators/dashboard', { items }),
    onSuccess: (saved) => client.setQueryData(dashboardKey, saved),
  })
}
