import { queryOptions, useQuery } from '@tanstack/react-query'
import type { Home } from '../../../../shared/home.ts'
import { get } from '../../../lib/api-client.ts'

export const homeQuery = queryOptions({
  queryKey: ['home'],
  queryFn: () => get<Home>('/api/home'),
  // What waits changes as colleagues work: read again when the page is shown, and every minute.
  refetchInterval: 60_000,
})

export function useHome() {
  return useQuery(homeQuery)
}
